//! The client's Certificate (if asked), ClientKeyExchange and CertificateVerify (if asked) in.

use super::finish::ExpectCcs;
use super::{ClientAuth, ServerContext, ServerState};
use crate::client::hello::Randoms;
use crate::codec::Codec;
use crate::conn::{derived, unexpected, Incoming};
use crate::error::Error;
use crate::keys::Secrets;
use crate::kx::ephemeral::{Params, Side};
use crate::kx::Ephemeral;
use crate::math;
use crate::msg::{Hex, HsMsg, Msg, SigAlg};
use crate::msgs::{ClientKeyExchange, EcClientKeyExchange, HandshakePayload, HandshakeType};
use crate::transcript::{Check, Derived};
use crate::vocab::{CheckId, StepKey, ValueId};
use crate::{pki, sigalg};
use rand_core::RngCore;
use rsa::RsaPublicKey;

/// Waiting for the client's Certificate.
#[derive(Debug)]
pub struct ExpectClientCertificate {
    pub(crate) randoms: Randoms,
    pub(crate) client_version: u16,
    pub(crate) auth: ClientAuth,
    pub(crate) ephemeral: Option<Ephemeral>,
}

impl ExpectClientCertificate {
    pub(crate) fn handle(self, cx: &mut ServerContext, m: Incoming) -> Result<ServerState, Error> {
        let (p, raw) = m.handshake(&[HandshakeType::Certificate])?;
        let HandshakePayload::Certificate(cert) = p else {
            return Err(unexpected("certificate", &p.typ().name()));
        };
        cx.common.transcript.extend_from_slice(&raw);
        // 1. This server requires a certificate (RFC 5246 §7.4.6 lets it refuse with handshake_failure).
        if cert.chain.is_empty() {
            cx.common.event(
                StepKey::VerifyClientCert,
                Vec::new(),
                Vec::new(),
                vec![HsMsg::ClientCertMissing {}.into()],
            );
            return Err(Error::HandshakeFailure(HsMsg::ClientCertMissing {}.into()));
        }
        // 2. Chain, signature, validity (no host name for a client).
        let v = pki::verify_chain(&cert.chain, &self.auth.trust_store, cx.now, None);
        let note = match &v.result {
            Ok(_) => HsMsg::ClientCertAccepted {},
            Err(e) => HsMsg::ClientCertRejected {
                reason: Box::new(e.reason()),
            },
        };
        cx.common.event(
            StepKey::VerifyClientCert,
            Vec::new(),
            v.checks,
            vec![note.into()],
        );
        let key = v.result?;
        Ok(ServerState::ExpectClientKeyExchange(
            ExpectClientKeyExchange {
                randoms: self.randoms,
                client_version: self.client_version,
                client_key: Some(key),
                ephemeral: self.ephemeral,
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
    pub(crate) ephemeral: Option<Ephemeral>,
}

impl ExpectClientKeyExchange {
    pub(crate) fn handle(self, cx: &mut ServerContext, m: Incoming) -> Result<ServerState, Error> {
        let (p, raw) = m.handshake(&[HandshakeType::ClientKeyExchange])?;
        cx.common.transcript.extend_from_slice(&raw);
        let (pre_master, substituted) = match (&self.ephemeral, p) {
            (Some(e), _) => (agree(cx, e, &raw)?, false),
            (None, HandshakePayload::ClientKeyExchange(cke)) => {
                decrypt_pre_master(cx, self.client_version, &cke.encrypted_pre_master)
            }
            (None, _) => return Err(Error::Decode(HsMsg::CkeWrongForm {}.into())),
        };

        // 4. Master secret and keys.
        let kx = self
            .ephemeral
            .as_ref()
            .map_or(crate::kx::KxAlg::Rsa, |e| e.params.kx());
        let (secrets, d) = Secrets::derive_for(
            kx,
            &pre_master,
            &self.randoms.client,
            &self.randoms.server,
            cx.ems,
            &cx.common.transcript,
        );
        cx.master_secret = Some(secrets.master);
        let mut notes: Vec<Msg> = vec![if cx.ems {
            HsMsg::KeysDerivedServerEms {}.into()
        } else {
            HsMsg::KeysDerivedServer {}.into()
        }];
        if substituted {
            notes.push(HsMsg::KeysDiffer {}.into());
        }
        cx.common
            .event(StepKey::DeriveKeysServer, d, Vec::new(), notes);
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

/// RSA key exchange: the pre-master from the client's ciphertext, never revealing a bad padding;
/// also whether it was substituted.
fn decrypt_pre_master(
    cx: &mut ServerContext,
    client_version: u16,
    encrypted: &[u8],
) -> (Vec<u8>, bool) {
    // RFC 5246 §7.4.7.1, the Bleichenbacher countermeasure. A server that answered a bad
    // padding differently (another alert, another timing) would be a padding oracle: an
    // attacker could decrypt a recorded pre-master secret with many probes (Bleichenbacher
    // 1998, ROBOT 2017). So the server never reveals the failure: it
    // 1. generates 46 random bytes R first, whatever happens next;
    // 2. decrypts the PKCS#1 v1.5 ciphertext to M;
    // 3. if the padding is wrong or M is not 48 bytes, uses client_version || R,
    //    else client_version || M[2..48] (bytes 2 to 47, the RFC's M[2..47]; so a wrong
    //    version in M also gives a different secret from the client's);
    // and carries on. Its keys then differ from the client's, so the client's Finished, the
    // first record the client encrypts, fails the AES-GCM tag check (bad_record_mac), the
    // same way a wrong key would.
    let mut r = [0u8; 46];
    cx.rng.fill_bytes(&mut r);
    //    (EM = c^d mod n by the `rsa` crate's raw primitive, unpadded here: the block shown is
    //    the block read.)
    let (decrypted, dec_math) = math::decrypt(&cx.config.key, encrypted);
    let version = client_version.to_be_bytes();
    let offered = Hex(version.to_vec());
    let mut checks = Vec::new();
    let padding = |ok: bool, detail: HsMsg| Check {
        name: CheckId::Padding,
        ok,
        detail: detail.into(),
    };
    let from_m = |pre_master: &[u8]| -> Derived {
        derived(
                ValueId::PreMasterSecret,
                "client_version || M[2..48], M = RSAES-PKCS1-v1_5-DECRYPT(server_private_key, encrypted_pre_master)",
                &[(ValueId::EncryptedPreMaster, encrypted)],
                pre_master,
            )
            .aside(HsMsg::PreMasterDecryptAside {})
        .math(dec_math.clone())
    };
    let from_r = |pre_master: &[u8]| -> Derived {
        derived(
            ValueId::PreMasterSecret,
            "client_version || R",
            &[(ValueId::EncryptedPreMaster, encrypted)],
            pre_master,
        )
        .aside(HsMsg::PreMasterSubstituteAside {})
        .math(dec_math.clone())
    };
    // What this run did, said as it happened: a well-formed secret, a wrong version (kept
    // M[2..48], new first two bytes) or a bad padding or length (R instead of M).
    let (pre_master, d, notes): (Vec<u8>, Derived, Vec<Msg>) = match &decrypted {
        Some(m) if m.len() == 48 => {
            checks.push(padding(true, HsMsg::PaddingOk {}));
            let vok = m[..2] == version;
            checks.push(Check {
                name: CheckId::PreMasterVersion,
                ok: vok,
                detail: HsMsg::PreMasterVersionDetail {
                    got: Hex(m[..2].to_vec()),
                    offered: offered.clone(),
                }
                .into(),
            });
            let pm = [&version[..], &m[2..]].concat();
            let notes: Vec<Msg> = if vok {
                vec![HsMsg::PreMasterDecrypted {}.into()]
            } else {
                vec![HsMsg::PreMasterVersionSubstituted { offered }.into()]
            };
            (pm.clone(), from_m(&pm), notes)
        }
        Some(m) => {
            checks.push(padding(false, HsMsg::PreMasterLength { len: m.len() }));
            let pm = [&version[..], &r[..]].concat();
            (
                pm.clone(),
                from_r(&pm),
                vec![HsMsg::PreMasterRandomSubstituted {}.into()],
            )
        }
        None => {
            checks.push(padding(false, HsMsg::PaddingBad {}));
            let pm = [&version[..], &r[..]].concat();
            (
                pm.clone(),
                from_r(&pm),
                vec![HsMsg::PreMasterRandomSubstituted {}.into()],
            )
        }
    };
    let substituted = !checks.iter().all(|c| c.ok);
    cx.common
        .event(StepKey::DecryptPreMaster, vec![d], checks, notes);
    (pre_master, substituted)
}

/// DHE / ECDHE: the client's public value from ClientKeyExchange (read in the negotiated
/// group's form), checked, and the shared secret with the server's ephemeral secret b.
fn agree(cx: &mut ServerContext, e: &Ephemeral, raw: &[u8]) -> Result<Vec<u8>, Error> {
    let body = raw.get(4..).unwrap_or_default();
    let peer = match e.params {
        Params::Dh(_) => ClientKeyExchange::from_bytes(body)?.encrypted_pre_master,
        _ => EcClientKeyExchange::from_bytes(body)?.point,
    };
    let checked = e.agree(&peer);
    let check = Check {
        name: CheckId::PeerPublic,
        ok: checked.is_ok(),
        detail: match &checked {
            Ok(_) => HsMsg::PeerPublicOk {
                group: e.params.name(),
            }
            .into(),
            Err(err) => err.reason(),
        },
    };
    let mut d = vec![derived(ValueId::ClientEphemeralPublic, "", &[], &peer)];
    if let Ok(shared) = &checked {
        d.push(e.shared_derived(Side::Server, &peer, shared));
    }
    cx.common.event(
        StepKey::ComputeSharedServer,
        d,
        vec![check],
        vec![HsMsg::SharedSecretServer {}.into()],
    );
    checked
}

/// Waiting for the client's CertificateVerify.
#[derive(Debug)]
pub struct ExpectCertificateVerify {
    secrets: Secrets,
    client_key: RsaPublicKey,
}

impl ExpectCertificateVerify {
    pub(crate) fn handle(self, cx: &mut ServerContext, m: Incoming) -> Result<ServerState, Error> {
        let (p, raw) = m.handshake(&[HandshakeType::CertificateVerify])?;
        let HandshakePayload::CertificateVerify(cv) = p else {
            return Err(unexpected("certificate_verify", &p.typ().name()));
        };
        // 1. The algorithm must be one we listed in CertificateRequest (RFC 5246 §7.4.8): SHA-1
        //    and anything else is refused with illegal_parameter, as OpenSSL does.
        let Some((hash, scheme, formula)) = sigalg::digest(cv.algorithm, &cx.common.transcript)
        else {
            return Err(Error::IllegalParameter(
                HsMsg::CertVerifyNotOffered {
                    got: SigAlg(cv.algorithm),
                    offered: sigalg::ACCEPTED.iter().copied().map(SigAlg).collect(),
                }
                .into(),
            ));
        };
        // 2. The signature over every handshake message before this one.
        let ok = self.client_key.verify(scheme, &hash, &cv.signature).is_ok();
        //    Its math (issue 11): s^e mod n with the client's key next to the block the
        //    server's own hash makes (SHA-256, -384 or -512, as the scheme says).
        let hash_d = derived(ValueId::HandshakeHash, formula, &[], &hash)
            .aside(HsMsg::CertVerifyHashAside {});
        let mut d = Vec::new();
        if let Some(alg) = sigalg::hash_alg(cv.algorithm) {
            d.push(hash_d.math(math::transcript_hash(alg, &cx.common.transcript)));
            let m = math::verify(
                &self.client_key,
                math::Signed::HandshakeMessages,
                alg,
                &hash,
                &cv.signature,
            );
            let recovered = match &m {
                math::Math::RsaVerify { recovered, .. } => recovered.0.clone(),
                _ => Vec::new(),
            };
            d.push(
                derived(
                    ValueId::EncodedMessage,
                    "signature^e mod n  (e, n: the client's public key)",
                    &[(ValueId::CertificateVerifySignature, &cv.signature)],
                    &recovered,
                )
                .math(m),
            );
        } else {
            d.push(hash_d);
        }
        let hash = Hex(hash);
        let note = if ok {
            HsMsg::CertVerifyOk {}
        } else {
            HsMsg::CertVerifyBad {}
        };
        cx.common.event(
            StepKey::VerifyCertificateVerify,
            d,
            vec![Check {
                name: CheckId::CertificateVerify,
                ok,
                detail: HsMsg::CertVerifyDetail {
                    hash: hash.clone(),
                    alg: SigAlg(cv.algorithm),
                }
                .into(),
            }],
            vec![note.into()],
        );
        if !ok {
            return Err(Error::DecryptError(HsMsg::CertVerifyFailed { hash }.into()));
        }
        cx.common.transcript.extend_from_slice(&raw);
        Ok(ServerState::ExpectCcs(ExpectCcs {
            secrets: self.secrets,
        }))
    }
}
