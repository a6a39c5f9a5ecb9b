//! ServerHelloDone and ClientKeyExchange for RSA key exchange (RFC 5246 §7.4.5, §7.4.7.1).

use crate::codec::{put_vec_u16, Codec, Reader};
use crate::error::Error;
use crate::msg::FieldMsg;
use crate::vocab::FieldName;

/// The server's flight is complete.
///
/// ```text
/// struct { } ServerHelloDone;
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerHelloDone;

impl Codec for ServerHelloDone {
    fn encode(&self, _out: &mut Vec<u8>) {}
    fn read(_r: &mut Reader<'_>) -> Result<Self, Error> {
        Ok(Self)
    }
}

/// The pre-master secret, encrypted to the server's RSA key.
///
/// ```text
/// struct {
///     ProtocolVersion client_version;
///     opaque random[46];
/// } PreMasterSecret;
///
/// struct {
///     public-key-encrypted PreMasterSecret pre_master_secret;
/// } EncryptedPreMasterSecret;
///
/// struct {
///     select (KeyExchangeAlgorithm) {
///         case rsa: EncryptedPreMasterSecret;
///     } exchange_keys;
/// } ClientKeyExchange;
/// ```
/// In TLS 1.2 the encrypted value carries a two-byte length prefix (RFC 5246 §4.7).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientKeyExchange {
    /// RSA PKCS#1 v1.5 ciphertext of the 48-byte pre-master secret.
    pub encrypted_pre_master: Vec<u8>,
}

impl Codec for ClientKeyExchange {
    fn encode(&self, out: &mut Vec<u8>) {
        put_vec_u16(out, &self.encrypted_pre_master);
    }
    fn read(r: &mut Reader<'_>) -> Result<Self, Error> {
        let encrypted_pre_master = r.field(
            FieldName::EncryptedPreMaster,
            |r| r.vec_u16("ClientKeyExchange.exchange_keys"),
            |v| FieldMsg::EncryptedPreMaster { len: v.len() },
        )?;
        Ok(Self {
            encrypted_pre_master,
        })
    }
}
