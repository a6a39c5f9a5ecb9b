//! CertificateRequest and ServerHelloDone in; the client's flight out: Certificate (if asked),
//! ClientKeyExchange, CertificateVerify (if asked), ChangeCipherSpec, Finished.

use super::finish::ExpectCcs;
use super::hello::Randoms;
use super::{ClientContext, ClientState};
use crate::conn::{derived, Incoming};
use crate::error::Error;
use crate::keys::Secrets;
use crate::msgs::enums::RSA_PKCS1_SHA256;
use crate::msgs::{
    Certificate, CertificateRequest, CertificateVerify, ClientKeyExchange, Finished,
    HandshakePayload,
};
use rand_core::RngCore;
use rsa::{Pkcs1v15Encrypt, Pkcs1v15Sign, RsaPublicKey};
use sha2::{Digest, Sha256};

/// Waiting for CertificateRequest (optional) or ServerHelloDone.
#[derive(Debug)]
pub struct ExpectServerHelloDone {
    randoms: Randoms,
    server_key: RsaPublicKey,
    cert_request: Option<CertificateRequest>,
}

impl ExpectServerHelloDone {
    pub(crate) fn new(randoms: Randoms, server_key: RsaPublicKey) -> Self {
        Self {
            randoms,
            server_key,
            cert_request: None,
        }
    }

    pub(crate) fn handle(
        mut self,
        cx: &mut ClientContext,
        m: Incoming,
    ) -> Result<ClientState, Error> {
        let (p, raw) = m.handshake("certificate_request or server_hello_done")?;
        match p {
            HandshakePayload::CertificateRequest(req) if self.cert_request.is_none() => {
                cx.common.transcript.extend_from_slice(&raw);
                self.cert_request = Some(req);
                Ok(ClientState::ExpectServerHelloDone(self))
            }
            HandshakePayload::ServerHelloDone(_) => {
                cx.common.transcript.extend_from_slice(&raw);
                self.send_flight(cx)
            }
            p => Err(Error::UnexpectedMessage {
                expected: "certificate_request or server_hello_done".into(),
                got: p.typ().name(),
            }),
        }
    }

    fn send_flight(self, cx: &mut ClientContext) -> Result<ClientState, Error> {
        // 1. If asked, our Certificate (empty when we have none: RFC 5246 §7.4.6).
        let mut signing_key = None;
        if self.cert_request.is_some() {
            let (chain, note) = match &cx.config.identity {
                Some(id) => {
                    signing_key = Some(id.key.clone());
                    (id.chain.clone(), "The server asked for a certificate: the client sends the one its CA issued.".to_string())
                }
                None => (Vec::new(), "The server asked for a certificate; the client has none and sends an empty list.".to_string()),
            };
            cx.common.send_handshake(
                HandshakePayload::Certificate(Certificate { chain }),
                "client_certificate",
                "Certificate (client)",
                Vec::new(),
                note,
            )?;
        }

        // 2. The pre-master secret: client_version || 46 random bytes (RFC 5246 §7.4.7.1),
        //    encrypted with RSA PKCS#1 v1.5 to the key in the server's certificate.
        let mut pre_master = match &cx.config.pre_master {
            Some(p) => p.clone(),
            None => {
                let mut p = vec![0u8; 48];
                p[0] = 0x03;
                p[1] = 0x03;
                cx.rng.fill_bytes(&mut p[2..]);
                p
            }
        };
        if let Some(v) = cx.config.pre_master_version {
            pre_master[..2].copy_from_slice(&v.to_be_bytes());
        }
        let encrypted = self
            .server_key
            .encrypt(&mut cx.rng, Pkcs1v15Encrypt, &pre_master)
            .map_err(|e| {
                Error::Internal(format!("RSA encryption of the pre-master secret: {e}"))
            })?;
        let d = vec![
            derived(
                "pre_master_secret",
                "pre_master = 03 03 (client_version) || 46 random bytes",
                &[],
                &pre_master,
            ),
            derived(
                "encrypted_pre_master",
                "RSA-encrypt(server public key, PKCS#1 v1.5 pad(pre_master))",
                &[("pre_master_secret", &pre_master)],
                &encrypted,
            ),
        ];
        let note = format!(
            "The client picks the 48-byte pre-master secret (starting with the version it offered, \
             {:02x} {:02x}) and encrypts it with the server's RSA public key: only the holder of the \
             server's private key can read it. The ciphertext is {} bytes, the size of the key.",
            pre_master[0],
            pre_master[1],
            encrypted.len()
        );
        cx.common.send_handshake(
            HandshakePayload::ClientKeyExchange(ClientKeyExchange {
                encrypted_pre_master: encrypted,
            }),
            "client_key_exchange",
            "ClientKeyExchange",
            d,
            note,
        )?;

        // 3. Master secret and keys (the EMS session hash covers everything up to this point).
        let (secrets, d) = Secrets::derive(
            &pre_master,
            &self.randoms.client,
            &self.randoms.server,
            cx.ems,
            &cx.common.transcript,
        );
        cx.master_secret = Some(secrets.master);
        let note = if cx.ems {
            "The client derives the extended master secret from the pre-master secret and the hash of \
             the handshake so far (RFC 7627), then the key block: one AES-128 key and a 4-byte IV per direction."
        } else {
            "The client derives the master secret from the pre-master secret and both randoms, then the \
             key block: one AES-128 key and a 4-byte IV per direction."
        };
        cx.common.event(
            "derive_keys_client",
            "Client derives keys",
            d,
            Vec::new(),
            note.into(),
        );

        // 4. CertificateVerify: a signature over every handshake message so far (RFC 5246 §7.4.8).
        if let Some(key) = signing_key {
            let hash = Sha256::digest(&cx.common.transcript);
            let signature = key
                .sign(Pkcs1v15Sign::new::<Sha256>(), &hash)
                .map_err(|e| Error::Internal(format!("RSA signature: {e}")))?;
            let d = vec![
                derived(
                    "handshake_hash",
                    "SHA-256(handshake_messages so far)",
                    &[],
                    &hash,
                ),
                derived(
                    "signature",
                    "RSA-sign(client private key, SHA-256(handshake_messages)) (PKCS#1 v1.5)",
                    &[("handshake_hash", &hash)],
                    &signature,
                ),
            ];
            cx.common.send_handshake(
                HandshakePayload::CertificateVerify(CertificateVerify { algorithm: RSA_PKCS1_SHA256, signature }),
                "certificate_verify",
                "CertificateVerify",
                d,
                "The client proves it holds the private key of its certificate by signing the hash of \
                 the handshake so far. This is a signature, not an encryption."
                    .into(),
            )?;
        }

        // 5. ChangeCipherSpec: from now on everything the client sends is encrypted.
        cx.common.pending_read = Some(secrets.server_cipher());
        cx.common.send_ccs(
            "change_cipher_spec_client",
            secrets.client_cipher(),
            "The client switches to the new keys: its next record (Finished) is encrypted.".into(),
        )?;

        // 6. Finished over the whole handshake.
        let (verify_data, d) = secrets.verify_data(true, &cx.common.transcript);
        cx.common.send_handshake(
            HandshakePayload::Finished(Finished { verify_data: verify_data.to_vec() }),
            "finished_client",
            "Finished (client)",
            d,
            format!(
                "client verify_data = {}: the server recomputes it; a match proves both saw the same \
                 handshake and hold the same master secret.",
                hex::encode(verify_data)
            ),
        )?;
        Ok(ClientState::ExpectCcs(ExpectCcs { secrets }))
    }
}
