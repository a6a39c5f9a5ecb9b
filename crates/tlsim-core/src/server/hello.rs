//! ClientHello in; ServerHello, Certificate, [CertificateRequest], ServerHelloDone out.

use super::kx::{ExpectClientCertificate, ExpectClientKeyExchange};
use super::{ServerContext, ServerState};
use crate::client::hello::Randoms;
use crate::conn::{derived, unexpected, Incoming};
use crate::error::Error;
use crate::msg::{HsMsg, Msg, SigAlg, Suite, Version};
use crate::msgs::enums::TLS12;
use crate::msgs::{
    Certificate, CertificateRequest, CipherSuite, Extension, ExtensionType, HandshakePayload,
    HandshakeType, ServerHello, ServerHelloDone,
};
use crate::vocab::{StepKey, ValueId};
use crate::{sigalg, suites};
use rand_core::RngCore;

/// Waiting for the ClientHello.
#[derive(Debug)]
pub struct ExpectClientHello;

impl ExpectClientHello {
    pub(crate) fn handle(self, cx: &mut ServerContext, m: Incoming) -> Result<ServerState, Error> {
        let (p, raw) = m.handshake(&[HandshakeType::ClientHello])?;
        // From now on the record version must be exactly 0x0303.
        cx.common.lenient_version = false;
        let HandshakePayload::ClientHello(ch) = p else {
            return Err(unexpected("client_hello", &p.typ().name()));
        };
        // 1. Version: the client must support TLS 1.2 (a higher offer is answered with 1.2).
        if ch.client_version < TLS12 {
            return Err(Error::ProtocolVersion(
                HsMsg::ClientVersionTooLow {
                    got: Version(ch.client_version),
                }
                .into(),
            ));
        }
        // 2. Suite: the server's first preference that the client offered (and this engine
        //    implements).
        let suite =
            suites::choose(&ch.cipher_suites, &cx.config.accepted_suites).ok_or_else(|| {
                Error::HandshakeFailure(
                    HsMsg::NoCommonSuite {
                        offered: ch.cipher_suites.iter().map(|s| Suite(s.get())).collect(),
                        accepted: cx
                            .config
                            .accepted_suites
                            .iter()
                            .map(|v| Suite(*v))
                            .collect(),
                    }
                    .into(),
                )
            })?;
        cx.suite = Some(suite.get());
        // 3. server_name (RFC 6066 §3): malformed lists were refused by the decoder; here at most
        //    one host_name, in printable ASCII. A name this server has no certificate for is not
        //    refused (the RFC lets a server go on): it sends its one certificate, and the client's
        //    host-name check decides.
        ch.checked_host_name()?;
        // 4. Compression: null must be offered.
        if !ch.compression_methods.contains(&0) {
            return Err(Error::IllegalParameter(HsMsg::NoNullCompression {}.into()));
        }
        // 5. Secure renegotiation (RFC 5746 §3.6): an empty renegotiation_info or the SCSV means
        //    the client supports it; we must then answer with an empty renegotiation_info.
        let mut secure_reneg = ch
            .cipher_suites
            .contains(&CipherSuite::TlsEmptyRenegotiationInfoScsv);
        for e in &ch.extensions {
            if let Extension::RenegotiationInfo(v) = e {
                if !v.is_empty() {
                    return Err(Error::HandshakeFailure(
                        HsMsg::RenegotiationInfoNotEmpty {}.into(),
                    ));
                }
                secure_reneg = true;
            }
        }
        // 6. Extended master secret iff both want it (RFC 7627 §5.2).
        let client_ems = ch.has(ExtensionType::ExtendedMasterSecret);
        cx.ems = cx.config.ems && client_ems;
        cx.client_random = Some(ch.random);
        cx.common.transcript.extend_from_slice(&raw);

        // 7. ServerHello.
        let random = match cx.config.server_random {
            Some(r) => r,
            None => {
                let mut r = [0u8; 32];
                cx.rng.fill_bytes(&mut r);
                r
            }
        };
        let session_id = match &cx.config.session_id {
            Some(id) => id.clone(),
            None => {
                let mut id = vec![0u8; 32];
                cx.rng.fill_bytes(&mut id);
                id
            }
        };
        let mut extensions = Vec::new();
        if secure_reneg {
            extensions.push(Extension::RenegotiationInfo(Vec::new()));
        }
        if cx.ems {
            extensions.push(Extension::ExtendedMasterSecret);
        }
        let notes: Vec<Msg> = vec![
            HsMsg::ServerHelloSent {
                version: Version(TLS12),
                suite: Suite(suite.get()),
                session_id_len: session_id.len(),
            }
            .into(),
            match (client_ems, cx.config.ems) {
                (true, true) => HsMsg::EmsOn {},
                (false, _) => HsMsg::EmsOffByClient {},
                (true, false) => HsMsg::EmsOffByServer {},
            }
            .into(),
        ];
        let sh = ServerHello {
            server_version: TLS12,
            random,
            session_id,
            cipher_suite: suite,
            compression_method: 0,
            extensions,
        };
        let aside: Msg = match cx.config.server_random {
            Some(_) => HsMsg::FixedByLearner {}.into(),
            None => HsMsg::ServerRandomAside {}.into(),
        };
        let d = vec![derived(ValueId::ServerRandom, "", &[], &random).aside(aside)];
        cx.common.send_handshake(
            HandshakePayload::ServerHello(sh),
            StepKey::ServerHello,
            d,
            notes,
        )?;

        // 8. Certificate: the chain the CA issued.
        let chain = cx.config.chain.clone();
        let note = HsMsg::CertificateSent {
            count: chain.len(),
            leaf_len: chain.first().map(|c| c.len()).unwrap_or(0),
        };
        cx.common.send_handshake(
            HandshakePayload::Certificate(Certificate { chain }),
            StepKey::Certificate,
            Vec::new(),
            vec![note.into()],
        )?;

        // 9. CertificateRequest when client authentication is on.
        let auth = cx.config.client_auth.clone();
        if let Some(a) = &auth {
            // What the server accepts in CertificateVerify, no more (SHA-1 is not listed).
            let req = CertificateRequest {
                certificate_types: vec![1],
                supported_signature_algorithms: sigalg::ACCEPTED.to_vec(),
                certificate_authorities: a.ca_names.clone(),
            };
            cx.common.send_handshake(
                HandshakePayload::CertificateRequest(req),
                StepKey::CertificateRequest,
                Vec::new(),
                vec![HsMsg::CertificateRequestSent {
                    sig_algs: sigalg::ACCEPTED.iter().copied().map(SigAlg).collect(),
                }
                .into()],
            )?;
        }

        // 10. ServerHelloDone.
        cx.common.send_handshake(
            HandshakePayload::ServerHelloDone(ServerHelloDone),
            StepKey::ServerHelloDone,
            Vec::new(),
            vec![HsMsg::ServerHelloDoneSent {}.into()],
        )?;
        let randoms = Randoms {
            client: ch.random,
            server: random,
        };
        Ok(match auth {
            Some(a) => ServerState::ExpectClientCertificate(ExpectClientCertificate {
                randoms,
                client_version: ch.client_version,
                auth: a,
            }),
            None => ServerState::ExpectClientKeyExchange(ExpectClientKeyExchange {
                randoms,
                client_version: ch.client_version,
                client_key: None,
            }),
        })
    }
}
