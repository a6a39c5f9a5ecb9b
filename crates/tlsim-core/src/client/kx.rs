//! CertificateRequest and ServerHelloDone in; the client's flight out: Certificate (if asked),
//! ClientKeyExchange, CertificateVerify (if asked), ChangeCipherSpec, Finished.

use super::hello::Randoms;
use super::ske::Exchange;
use super::{ClientContext, ClientState};
use crate::conn::{derived, unexpected, Incoming};
use crate::error::Error;
use crate::keys::Secrets;
use crate::kx::ephemeral::{Params, Side};
use crate::math;
use crate::msg::{Hex, HsMsg, Msg};
use crate::msgs::enums::{RSA_PKCS1_SHA256, TLS12};
use crate::msgs::{
    Certificate, CertificateRequest, CertificateVerify, ClientKeyExchange, EcClientKeyExchange,
    HandshakePayload, HandshakeType,
};
use crate::sigalg;
use crate::vocab::{StepKey, ValueId};
use rand_core::RngCore;
use rsa::RsaPublicKey;

/// Waiting for CertificateRequest (optional) or ServerHelloDone.
#[derive(Debug)]
pub struct ExpectServerHelloDone {
    randoms: Randoms,
    server_key: RsaPublicKey,
    cert_request: Option<CertificateRequest>,
    exchange: Option<Exchange>,
}

impl ExpectServerHelloDone {
    pub(crate) fn new(randoms: Randoms, server_key: RsaPublicKey) -> Self {
        Self {
            randoms,
            server_key,
            cert_request: None,
            exchange: None,
        }
    }

    /// DHE / ECDHE: the checked ServerKeyExchange and the client's key pair.
    pub(crate) fn with_exchange(mut self, exchange: Exchange) -> Self {
        self.exchange = Some(exchange);
        self
    }

    pub(crate) fn handle(
        mut self,
        cx: &mut ClientContext,
        m: Incoming,
    ) -> Result<ClientState, Error> {
        let (p, raw) = m.handshake(&[
            HandshakeType::CertificateRequest,
            HandshakeType::ServerHelloDone,
        ])?;
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
            p => Err(unexpected(
                "certificate_request or server_hello_done",
                &p.typ().name(),
            )),
        }
    }

    fn send_flight(self, cx: &mut ClientContext) -> Result<ClientState, Error> {
        // 1. If asked, our Certificate (empty when we have none: RFC 5246 §7.4.6).
        let mut signing_key = None;
        if self.cert_request.is_some() {
            let (chain, note) = match &cx.config.identity {
                Some(id) => {
                    signing_key = Some(id.key.clone());
                    (id.chain.clone(), HsMsg::ClientCertSent {})
                }
                None => (Vec::new(), HsMsg::ClientCertEmpty {}),
            };
            cx.common.send_handshake(
                HandshakePayload::Certificate(Certificate { chain }),
                StepKey::ClientCertificate,
                Vec::new(),
                vec![note.into()],
            )?;
        }

        // 2. The pre-master secret and ClientKeyExchange: RSA-encrypted, or (DHE, ECDHE) computed
        //    on both sides from the exchanged public values.
        let pre_master = match &self.exchange {
            Some(x) => send_public(cx, x)?,
            None => send_encrypted_pre_master(cx, &self.server_key)?,
        };

        // 3. Master secret and keys (the EMS session hash covers everything up to this point).
        let kx = self
            .exchange
            .as_ref()
            .map_or(crate::kx::KxAlg::Rsa, |x| x.ours.params.kx());
        let (secrets, d) = Secrets::derive_for(
            kx,
            &pre_master,
            &self.randoms.client,
            &self.randoms.server,
            cx.ems,
            &cx.common.transcript,
        );
        cx.master_secret = Some(secrets.master);
        let note = if cx.ems {
            HsMsg::KeysDerivedClientEms {}
        } else {
            HsMsg::KeysDerivedClient {}
        };
        cx.common
            .event(StepKey::DeriveKeysClient, d, Vec::new(), vec![note.into()]);

        // 4. CertificateVerify: a signature over every handshake message so far (RFC 5246 §7.4.8).
        //    The scheme: the first of ours the server listed (SHA-256 if it listed none of them).
        if let Some(key) = signing_key {
            let offered = self
                .cert_request
                .as_ref()
                .map(|r| r.supported_signature_algorithms.clone())
                .unwrap_or_default();
            let algorithm = sigalg::choose(&offered).unwrap_or(RSA_PKCS1_SHA256);
            let failed = || Error::Internal(HsMsg::RsaSignFailed {}.into());
            let (hash, _, formula) =
                sigalg::digest(algorithm, &cx.common.transcript).ok_or_else(failed)?;
            let alg = sigalg::hash_alg(algorithm).ok_or_else(failed)?;
            //    EM = 00 01 || FF..FF || 00 || DigestInfo || H, s = EM^d mod n: padded by
            //    crate::math and raised by the `rsa` crate's raw primitive (the block shown is
            //    the block signed).
            let (signature, sign_math) =
                math::sign(&key, math::Signed::HandshakeMessages, alg, &hash)
                    .map_err(|_| failed())?;
            let d = vec![
                derived(ValueId::HandshakeHash, formula, &[], &hash)
                    .aside(HsMsg::CertVerifyHashAside {})
                    .math(math::transcript_hash(alg, &cx.common.transcript)),
                derived(
                    ValueId::CertificateVerifySignature,
                    "RSASSA-PKCS1-v1_5-SIGN(client_private_key, Hash(handshake_messages))",
                    &[(ValueId::HandshakeHash, &hash)],
                    &signature,
                )
                .math(sign_math),
            ];
            cx.common.send_handshake(
                HandshakePayload::CertificateVerify(CertificateVerify {
                    algorithm,
                    signature,
                }),
                StepKey::CertificateVerify,
                d,
                vec![HsMsg::CertificateVerifySent {}.into()],
            )?;
        }

        // 5. ChangeCipherSpec (from now on everything the client sends is encrypted), then
        //    Finished over the whole handshake.
        cx.common.pending_read = Some(secrets.server_cipher());
        super::finish::send_finished(cx, &secrets)?;
        Ok(super::finish::after_keys(cx, secrets))
    }
}

/// RSA key exchange: client_version || 46 random bytes (RFC 5246 §7.4.7.1), encrypted with RSA
/// PKCS#1 v1.5 to the key in the server's certificate; returns the pre-master secret.
fn send_encrypted_pre_master(
    cx: &mut ClientContext,
    server_key: &RsaPublicKey,
) -> Result<Vec<u8>, Error> {
    // 2. The pre-master secret: client_version || 46 random bytes (RFC 5246 §7.4.7.1),
    //    encrypted with RSA PKCS#1 v1.5 to the key in the server's certificate.
    let fixed = cx.config.pre_master.is_some();
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
    //    EM = 00 02 || PS || 00 || pre_master, c = EM^e mod n (RFC 8017 §7.2.1), padded here
    //    and raised by the `rsa` crate's raw primitive, so the math shown is the math done.
    let (encrypted, enc_math) = math::encrypt(&mut cx.rng, server_key, &pre_master)
        .map_err(|_| Error::Internal(HsMsg::RsaEncryptFailed {}.into()))?;
    // The formula says what this run did: the RFC's client_version || R, the learner's own
    // 48 bytes, or (the wrong-version fault) other first two bytes in front of R.
    let (formula, aside): (String, Msg) = match (fixed, cx.config.pre_master_version) {
        (true, _) => (String::new(), HsMsg::FixedByLearner {}.into()),
        (false, None) => (
            "client_version || R".into(),
            HsMsg::PreMasterRngAside {}.into(),
        ),
        (false, Some(v)) => {
            let [a, b] = v.to_be_bytes();
            (
                format!("{a:02x} {b:02x} || R"),
                HsMsg::PreMasterRAside {}.into(),
            )
        }
    };
    let d = vec![
        derived(ValueId::PreMasterSecret, &formula, &[], &pre_master).aside(aside),
        derived(
            ValueId::EncryptedPreMaster,
            "RSAES-PKCS1-v1_5-ENCRYPT(server_public_key, pre_master_secret)",
            &[(ValueId::PreMasterSecret, &pre_master)],
            &encrypted,
        )
        .aside(HsMsg::EncryptedPreMasterAside {})
        .math(enc_math),
    ];
    let mut notes: Vec<Msg> = vec![HsMsg::ClientKeyExchangeSent {
        first: Hex(pre_master[..2].to_vec()),
        len: encrypted.len(),
    }
    .into()];
    if pre_master[..2] != TLS12.to_be_bytes() {
        notes.push(
            HsMsg::PreMasterWrongVersion {
                version: Hex(pre_master[..2].to_vec()),
            }
            .into(),
        );
    }
    cx.common.send_handshake(
        HandshakePayload::ClientKeyExchange(ClientKeyExchange {
            encrypted_pre_master: encrypted,
        }),
        StepKey::ClientKeyExchange,
        d,
        notes,
    )?;
    Ok(pre_master)
}

/// DHE / ECDHE: send our public value (g^a mod p with a 2-byte length, or the curve point with a
/// 1-byte length) and compute the shared secret, the pre-master, from the server's.
fn send_public(cx: &mut ClientContext, x: &Exchange) -> Result<Vec<u8>, Error> {
    let shared = x.ours.agree(&x.theirs)?;
    let aside: Msg = match cx.config.ephemeral_secret {
        Some(_) => HsMsg::EphemeralSecretFixed {}.into(),
        None => HsMsg::EphemeralSecretAside {}.into(),
    };
    let mut d = x.ours.derived(Side::Client, aside);
    d.push(x.ours.shared_derived(Side::Client, &x.theirs, &shared));
    let public = cx
        .config
        .public_override
        .clone()
        .unwrap_or_else(|| x.ours.public.clone());
    let payload = match x.ours.params {
        Params::Dh(_) => HandshakePayload::ClientKeyExchange(ClientKeyExchange {
            encrypted_pre_master: public,
        }),
        _ => HandshakePayload::EcClientKeyExchange(EcClientKeyExchange { point: public }),
    };
    cx.common.send_handshake(
        payload,
        StepKey::ClientKeyExchange,
        d,
        vec![HsMsg::ClientKeyExchangeEphemeral {}.into()],
    )?;
    Ok(shared)
}
