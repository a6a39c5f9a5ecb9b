//! The client's Certificate (if asked), ClientKeyExchange and CertificateVerify (if asked) in.

use super::finish::ExpectCcs;
use super::{ClientAuth, ServerContext, ServerState};
use crate::client::hello::Randoms;
use crate::conn::{derived, Incoming};
use crate::error::Error;
use crate::keys::Secrets;
use crate::msgs::enums::{sig_alg_name, RSA_PKCS1_SHA256};
use crate::msgs::HandshakePayload;
use crate::pki;
use crate::transcript::Check;
use rand_core::RngCore;
use rsa::{Pkcs1v15Encrypt, Pkcs1v15Sign, RsaPublicKey};
use sha2::{Digest, Sha256};

/// Waiting for the client's Certificate.
#[derive(Debug)]
pub struct ExpectClientCertificate {
    pub(crate) randoms: Randoms,
    pub(crate) client_version: u16,
    pub(crate) auth: ClientAuth,
}

impl ExpectClientCertificate {
    pub(crate) fn handle(self, cx: &mut ServerContext, m: Incoming) -> Result<ServerState, Error> {
        let (p, raw) = m.handshake("certificate")?;
        let HandshakePayload::Certificate(cert) = p else {
            return Err(Error::UnexpectedMessage {
                expected: "certificate".into(),
                got: p.typ().name(),
            });
        };
        cx.common.transcript.extend_from_slice(&raw);
        // 1. This server requires a certificate (RFC 5246 §7.4.6 lets it refuse with handshake_failure).
        if cert.chain.is_empty() {
            let e = Error::HandshakeFailure(
                "the client sent no certificate but this server requires one".into(),
            );
            cx.common.event(
                "verify_client_cert",
                "Verify client certificate",
                Vec::new(),
                Vec::new(),
                e.to_string(),
            );
            return Err(e);
        }
        // 2. Chain, signature, validity (no host name for a client).
        let v = pki::verify_chain(&cert.chain, &self.auth.trust_store, cx.now, None);
        let note = match &v.result {
            Ok(_) => {
                "The server checks the client's certificate: issued by a CA it trusts, signature \
                      verifies, valid now."
                    .to_string()
            }
            Err(e) => format!("The server rejects the client's certificate: {e}."),
        };
        cx.common.event(
            "verify_client_cert",
            "Verify client certificate",
            Vec::new(),
            v.checks,
            note,
        );
        let key = v.result?;
        Ok(ServerState::ExpectClientKeyExchange(
            ExpectClientKeyExchange {
                randoms: self.randoms,
                client_version: self.client_version,
                client_key: Some(key),
            },
        ))
    }
}

/// Waiting for ClientKeyExchange.
#[derive(Debug)]
pub struct ExpectClientKeyExchange {
    pub(crate) randoms: Randoms,
    pub(crate) client_version: u16,
    pub(crate) client_key: Option<RsaPublicKey>,
}

impl ExpectClientKeyExchange {
    pub(crate) fn handle(self, cx: &mut ServerContext, m: Incoming) -> Result<ServerState, Error> {
        let (p, raw) = m.handshake("client_key_exchange")?;
        let HandshakePayload::ClientKeyExchange(cke) = p else {
            return Err(Error::UnexpectedMessage {
                expected: "client_key_exchange".into(),
                got: p.typ().name(),
            });
        };
        cx.common.transcript.extend_from_slice(&raw);
        // RFC 5246 §7.4.7.1, the Bleichenbacher countermeasure. A server that answered a bad
        // padding differently (another alert, another timing) would be a padding oracle: an
        // attacker could decrypt a recorded pre-master secret with many probes (Bleichenbacher
        // 1998, ROBOT 2017). So the server never reveals the failure: it
        // 1. generates 46 random bytes R first, whatever happens next;
        // 2. decrypts the PKCS#1 v1.5 ciphertext to M;
        // 3. if the padding is wrong or M is not 48 bytes, uses client_version || R,
        //    else client_version || M[2..48] (so a wrong version in M also gives a different
        //    secret from the client's);
        // and carries on. The handshake then fails later at the Finished check, the same way a
        // wrong key would.
        let mut r = [0u8; 46];
        cx.rng.fill_bytes(&mut r);
        let decrypted = cx
            .config
            .key
            .decrypt(Pkcs1v15Encrypt, &cke.encrypted_pre_master);
        let version = self.client_version.to_be_bytes();
        let mut checks = Vec::new();
        let pre_master: Vec<u8> = match &decrypted {
            Ok(m) if m.len() == 48 => {
                checks.push(Check {
                    name: "padding".into(),
                    ok: true,
                    detail: "PKCS#1 v1.5 padding is correct and the secret is 48 bytes".into(),
                });
                let vok = m[..2] == version;
                checks.push(Check {
                    name: "version".into(),
                    ok: vok,
                    detail: format!(
                        "pre-master starts with {}, the ClientHello offered {}",
                        hex::encode(&m[..2]),
                        hex::encode(version)
                    ),
                });
                [&version[..], &m[2..]].concat()
            }
            Ok(m) => {
                checks.push(Check {
                    name: "padding".into(),
                    ok: false,
                    detail: format!("decrypted {} bytes, expected 48", m.len()),
                });
                [&version[..], &r[..]].concat()
            }
            Err(_) => {
                checks.push(Check {
                    name: "padding".into(),
                    ok: false,
                    detail: "PKCS#1 v1.5 padding is not correct".into(),
                });
                [&version[..], &r[..]].concat()
            }
        };
        let all_ok = checks.iter().all(|c| c.ok);
        let note = if all_ok {
            "The server decrypts the pre-master secret with its private key.".to_string()
        } else {
            "The decrypted pre-master secret is not well-formed. Following RFC 5246 §7.4.7.1 the server \
             does NOT send an alert now (that would make it a padding oracle for Bleichenbacher's \
             attack): it silently continues with client_version || M[2..48] (or a random secret if the \
             padding was bad). Its keys now differ from the client's, so the handshake fails at \
             Finished."
                .to_string()
        };
        let d = vec![derived(
            "pre_master_secret",
            "RSA-decrypt(server private key, encrypted_pre_master); then client_version || M[2..48] (RFC 5246 §7.4.7.1)",
            &[("encrypted_pre_master", &cke.encrypted_pre_master)],
            &pre_master,
        )];
        cx.common.event(
            "decrypt_pre_master",
            "Server decrypts the pre-master secret",
            d,
            checks,
            note,
        );

        // 4. Master secret and keys.
        let (secrets, d) = Secrets::derive(
            &pre_master,
            &self.randoms.client,
            &self.randoms.server,
            cx.ems,
            &cx.common.transcript,
        );
        cx.master_secret = Some(secrets.master);
        cx.common.event(
            "derive_keys_server",
            "Server derives keys",
            d,
            Vec::new(),
            "The server derives the same master secret and key block from the pre-master secret it decrypted.".into(),
        );
        cx.common.pending_read = Some(secrets.client_cipher());
        Ok(match self.client_key {
            Some(key) => ServerState::ExpectCertificateVerify(ExpectCertificateVerify {
                secrets,
                client_key: key,
            }),
            None => ServerState::ExpectCcs(ExpectCcs { secrets }),
        })
    }
}

/// Waiting for the client's CertificateVerify.
#[derive(Debug)]
pub struct ExpectCertificateVerify {
    secrets: Secrets,
    client_key: RsaPublicKey,
}

impl ExpectCertificateVerify {
    pub(crate) fn handle(self, cx: &mut ServerContext, m: Incoming) -> Result<ServerState, Error> {
        let (p, raw) = m.handshake("certificate_verify")?;
        let HandshakePayload::CertificateVerify(cv) = p else {
            return Err(Error::UnexpectedMessage {
                expected: "certificate_verify".into(),
                got: p.typ().name(),
            });
        };
        // 1. The algorithm must be the one we asked for.
        if cv.algorithm != RSA_PKCS1_SHA256 {
            return Err(Error::IllegalParameter(format!(
                "CertificateVerify uses {}, not rsa_pkcs1_sha256",
                sig_alg_name(cv.algorithm)
            )));
        }
        // 2. The signature over every handshake message before this one.
        let hash = Sha256::digest(&cx.common.transcript);
        let ok = self
            .client_key
            .verify(Pkcs1v15Sign::new::<Sha256>(), &hash, &cv.signature)
            .is_ok();
        let detail = format!(
            "RSA PKCS#1 v1.5 SHA-256 signature over handshake hash {}",
            hex::encode(hash)
        );
        cx.common.event(
            "verify_certificate_verify",
            "Server checks CertificateVerify",
            vec![derived("handshake_hash", "SHA-256(handshake_messages before CertificateVerify)", &[], &hash)],
            vec![Check { name: "signature".into(), ok, detail: detail.clone() }],
            if ok {
                "The client's signature verifies with the public key in its certificate: it holds the private key.".into()
            } else {
                "The client's signature does not verify: it does not prove possession of the key.".into()
            },
        );
        if !ok {
            return Err(Error::DecryptError(format!(
                "CertificateVerify: {detail} does not verify"
            )));
        }
        cx.common.transcript.extend_from_slice(&raw);
        Ok(ServerState::ExpectCcs(ExpectCcs {
            secrets: self.secrets,
        }))
    }
}
