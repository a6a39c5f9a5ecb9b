//! Public-key infrastructure: keys, certificate issuance by the CA, and certificate verification.
//!
//! OWNER NOTE (remove when done): this is the agreed interface; bodies are being filled in.

use crate::error::Error;
use crate::scenario::KeySource;
use crate::transcript::{Check, Field};
use rand_core::CryptoRngCore;
use rsa::{RsaPrivateKey, RsaPublicKey};

/// A certificate as issued: DER plus the parts the UI explains.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Issued {
    /// The whole certificate, DER.
    pub der: Vec<u8>,
    /// The DER of tbsCertificate (what the CA signed).
    pub tbs: Vec<u8>,
    /// SHA-256(tbsCertificate).
    pub tbs_hash: Vec<u8>,
    /// The signature value (RSA PKCS#1 v1.5 with SHA-256).
    pub signature: Vec<u8>,
    /// Named fields of `der` (version, serial, issuer, validity, subject, spki, extensions, signature).
    pub fields: Vec<Field>,
}

/// What the client learned from verifying the server's chain.
#[derive(Clone, Debug)]
pub struct Verified {
    /// Each check made, in order (`chain`, `signature`, `validity`, `host_name`), pass or fail.
    pub checks: Vec<Check>,
    /// The leaf's public key if every check passed, else the first failure.
    pub result: Result<RsaPublicKey, Error>,
}

/// Load or generate the key `src` describes. `what` names the input for error messages
/// (e.g. "server_key"). Generation draws from `rng` (deterministic for a seeded RNG).
/// Keys under 512 bits or over 4096 are an [`Error::InvalidInput`].
pub fn load_key(src: &KeySource, rng: &mut impl CryptoRngCore, what: &str) -> Result<RsaPrivateKey, Error> {
    let _ = (src, rng);
    Err(Error::input(what, "pki not implemented yet"))
}

/// The CA's self-signed root certificate (basicConstraints CA:TRUE, keyUsage keyCertSign+cRLSign).
pub fn issue_ca(
    name: &str,
    key: &RsaPrivateKey,
    not_before: i64,
    not_after: i64,
    serial: &[u8],
) -> Result<Issued, Error> {
    let _ = (name, key, not_before, not_after, serial);
    Err(Error::Internal("pki not implemented yet".into()))
}

/// An end-entity certificate signed by the CA: subject CN, DNS SANs, basicConstraints CA:FALSE,
/// keyUsage digitalSignature+keyEncipherment, extendedKeyUsage serverAuth (or clientAuth when
/// `client` is true). `forge` flips one byte of the signature after signing (the forged-signature fault).
#[allow(clippy::too_many_arguments)]
pub fn issue_leaf(
    subject_cn: &str,
    sans: &[String],
    subject_key: &RsaPublicKey,
    issuer_der: &[u8],
    issuer_key: &RsaPrivateKey,
    not_before: i64,
    not_after: i64,
    serial: &[u8],
    client: bool,
    forge: bool,
) -> Result<Issued, Error> {
    let _ = (subject_cn, sans, subject_key, issuer_der, issuer_key, not_before, not_after, serial, client, forge);
    Err(Error::Internal("pki not implemented yet".into()))
}

/// The client's verification of a server chain (leaf first) against its trust store (DER roots):
/// 1. chain: the leaf's issuer is a trusted root (else `UnknownCa`);
/// 2. signature: RSA PKCS#1 v1.5 SHA-256 of the leaf's tbsCertificate verifies under the root's key
///    (else `BadCertificate`; the detail shows the expected and recovered hashes);
/// 3. validity: notBefore <= now <= notAfter (else `CertificateExpired`);
/// 4. host name: `host` matches a DNS SAN (wildcard `*.` on one left label) (else `CertificateUnknown`).
///    Pass `None` to skip the host check (client certificates).
pub fn verify_chain(chain: &[Vec<u8>], trust_store: &[Vec<u8>], now: i64, host: Option<&str>) -> Verified {
    let _ = (chain, trust_store, now, host);
    Verified { checks: Vec::new(), result: Err(Error::Internal("pki not implemented yet".into())) }
}

/// Parse a certificate PEM into DER (clear error on a mangled PEM).
pub fn pem_to_der(pem: &str, what: &str) -> Result<Vec<u8>, Error> {
    let _ = pem;
    Err(Error::input(what, "pki not implemented yet"))
}

/// DER certificate to PEM ("CERTIFICATE").
pub fn cert_to_pem(der: &[u8]) -> String {
    let _ = der;
    String::new()
}

/// Private key to PKCS#8 PEM.
pub fn key_to_pem(key: &RsaPrivateKey) -> Result<String, Error> {
    let _ = key;
    Err(Error::Internal("pki not implemented yet".into()))
}

/// Private key from PKCS#8 or PKCS#1 PEM.
pub fn key_from_pem(pem: &str, what: &str) -> Result<RsaPrivateKey, Error> {
    let _ = pem;
    Err(Error::input(what, "pki not implemented yet"))
}
