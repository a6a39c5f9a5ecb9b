//! ClientHello in; ServerHello, Certificate, [CertificateRequest], ServerHelloDone out.

use super::kx::{ExpectClientCertificate, ExpectClientKeyExchange};
use super::{ServerContext, ServerState};
use crate::client::hello::Randoms;
use crate::conn::{derived, Incoming};
use crate::error::Error;
use crate::msgs::enums::{version_name, RSA_PKCS1_SHA256, TLS12};
use crate::msgs::{
    Certificate, CertificateRequest, CipherSuite, Extension, ExtensionType, HandshakePayload,
    ServerHello, ServerHelloDone,
};
use crate::suites;
use rand_core::RngCore;

/// Waiting for the ClientHello.
#[derive(Debug)]
pub struct ExpectClientHello;

impl ExpectClientHello {
    pub(crate) fn handle(self, cx: &mut ServerContext, m: Incoming) -> Result<ServerState, Error> {
        let (p, raw) = m.handshake("client_hello")?;
        // From now on the record version must be exactly 0x0303.
        cx.common.lenient_version = false;
        let HandshakePayload::ClientHello(ch) = p else {
            return Err(Error::UnexpectedMessage {
                expected: "client_hello".into(),
                got: p.typ().name(),
            });
        };
        // 1. Version: the client must support TLS 1.2 (a higher offer is answered with 1.2).
        if ch.client_version < TLS12 {
            return Err(Error::ProtocolVersion(format!(
                "client offers at most {}, this server needs TLS 1.2",
                version_name(ch.client_version)
            )));
        }
        // 2. Suite: the server's first preference that the client offered.
        let suite = suites::choose(&ch.cipher_suites, &cx.config.accepted_suites).ok_or_else(|| {
            Error::HandshakeFailure("no cipher suite in common (this engine implements only TLS_RSA_WITH_AES_128_GCM_SHA256)".into())
        })?;
        // 3. Compression: null must be offered.
        if !ch.compression_methods.contains(&0) {
            return Err(Error::IllegalParameter(
                "the client does not offer null compression".into(),
            ));
        }
        // 4. Secure renegotiation (RFC 5746 §3.6): an empty renegotiation_info or the SCSV means
        //    the client supports it; we must then answer with an empty renegotiation_info.
        let mut secure_reneg = ch
            .cipher_suites
            .contains(&CipherSuite::TlsEmptyRenegotiationInfoScsv);
        for e in &ch.extensions {
            if let Extension::RenegotiationInfo(v) = e {
                if !v.is_empty() {
                    return Err(Error::HandshakeFailure(
                        "non-empty renegotiation_info on a first handshake".into(),
                    ));
                }
                secure_reneg = true;
            }
        }
        // 5. Extended master secret iff both want it (RFC 7627 §5.2).
        cx.ems = cx.config.ems && ch.has(ExtensionType::ExtendedMasterSecret);
        cx.client_random = Some(ch.random);
        cx.common.transcript.extend_from_slice(&raw);

        // 6. ServerHello.
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
        let note = format!(
            "The server picks TLS 1.2 and {}, sends its own random and a session ID; extended master \
             secret {}.",
            suite.name(),
            if cx.ems { "on (both sides support it)" } else { "off" }
        );
        let sh = ServerHello {
            server_version: TLS12,
            random,
            session_id,
            cipher_suite: suite,
            compression_method: 0,
            extensions,
        };
        let d = vec![derived(
            "server_random",
            "32 bytes from the server's RNG (or fixed by the user)",
            &[],
            &random,
        )];
        cx.common.send_handshake(
            HandshakePayload::ServerHello(sh),
            "server_hello",
            "ServerHello",
            d,
            note,
        )?;

        // 7. Certificate: the chain the CA issued.
        let chain = cx.config.chain.clone();
        let note = format!(
            "The server sends its certificate chain ({} certificate(s), {} bytes for the leaf): the \
             client will check it and take the server's public key from it.",
            chain.len(),
            chain.first().map(|c| c.len()).unwrap_or(0)
        );
        cx.common.send_handshake(
            HandshakePayload::Certificate(Certificate { chain }),
            "certificate",
            "Certificate",
            Vec::new(),
            note,
        )?;

        // 8. CertificateRequest when client authentication is on.
        let auth = cx.config.client_auth.clone();
        if let Some(a) = &auth {
            let req = CertificateRequest {
                certificate_types: vec![1],
                supported_signature_algorithms: vec![RSA_PKCS1_SHA256],
                certificate_authorities: a.ca_names.clone(),
            };
            cx.common.send_handshake(
                HandshakePayload::CertificateRequest(req),
                "certificate_request",
                "CertificateRequest",
                Vec::new(),
                "The server asks the client for an RSA certificate from one of the CAs it names, signed \
                 with rsa_pkcs1_sha256."
                    .into(),
            )?;
        }

        // 9. ServerHelloDone.
        cx.common.send_handshake(
            HandshakePayload::ServerHelloDone(ServerHelloDone),
            "server_hello_done",
            "ServerHelloDone",
            Vec::new(),
            "The server is done; with RSA key exchange there is no ServerKeyExchange: the client \
             encrypts the pre-master secret to the certificate's key."
                .into(),
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
