//! ClientHello out; ServerHello and the server's Certificate in.

use super::kx::ExpectServerHelloDone;
use super::{ClientContext, ClientState};
use crate::conn::{derived, Incoming};
use crate::error::Error;
use crate::msgs::enums::{version_name, RSA_PKCS1_SHA256, TLS12};
use crate::msgs::{CipherSuite, ClientHello, Extension, ExtensionType, HandshakePayload};
use crate::pki;
use crate::suites;
use rand_core::RngCore;
use rsa::RsaPublicKey;

/// Both hello randoms.
#[derive(Clone, Copy, Debug)]
pub struct Randoms {
    /// ClientHello.random
    pub client: [u8; 32],
    /// ServerHello.random
    pub server: [u8; 32],
}

/// Build and send the ClientHello.
pub(crate) fn start(cx: &mut ClientContext) -> Result<ExpectServerHello, Error> {
    // 1. The random: fixed by the user or drawn from the seeded RNG.
    let random = match cx.config.client_random {
        Some(r) => r,
        None => {
            let mut r = [0u8; 32];
            cx.rng.fill_bytes(&mut r);
            r
        }
    };
    cx.client_random = random;
    // 2. Extensions: SNI, EMS (if configured), signature_algorithms, and an empty
    //    renegotiation_info (RFC 5746 §3.4: "this is a first handshake").
    let mut extensions = Vec::new();
    if !cx.config.host.is_empty() && cx.config.host.parse::<std::net::IpAddr>().is_err() {
        extensions.push(Extension::sni(&cx.config.host));
    }
    if cx.config.ems {
        extensions.push(Extension::ExtendedMasterSecret);
    }
    extensions.push(Extension::SignatureAlgorithms(vec![RSA_PKCS1_SHA256]));
    extensions.push(Extension::RenegotiationInfo(Vec::new()));
    let offered: Vec<CipherSuite> = cx
        .config
        .offered_suites
        .iter()
        .map(|v| CipherSuite::from_value(*v))
        .collect();
    let names: Vec<String> = offered.iter().map(|s| s.name()).collect();
    let hello = ClientHello {
        client_version: TLS12,
        random,
        session_id: Vec::new(),
        cipher_suites: offered.clone(),
        compression_methods: vec![0],
        extensions,
    };
    let note = format!(
        "The client offers TLS 1.2 and {} cipher suite(s) ({}), sends its random, asks for host \"{}\" \
         (SNI){}.",
        offered.len(),
        names.join(", "),
        cx.config.host,
        if cx.config.ems { " and offers the extended master secret (RFC 7627)" } else { "" }
    );
    let d = vec![derived(
        "client_random",
        "32 bytes from the client's RNG (or fixed by the user)",
        &[],
        &random,
    )];
    cx.common.send_handshake(
        HandshakePayload::ClientHello(hello),
        "client_hello",
        "ClientHello",
        d,
        note,
    )?;
    Ok(ExpectServerHello {
        client_random: random,
        offered,
    })
}

/// Waiting for ServerHello.
#[derive(Debug)]
pub struct ExpectServerHello {
    client_random: [u8; 32],
    offered: Vec<CipherSuite>,
}

impl ExpectServerHello {
    pub(crate) fn handle(self, cx: &mut ClientContext, m: Incoming) -> Result<ClientState, Error> {
        let (p, raw) = m.handshake("server_hello")?;
        let HandshakePayload::ServerHello(sh) = p else {
            return Err(Error::UnexpectedMessage {
                expected: "server_hello".into(),
                got: p.typ().name(),
            });
        };
        // 1. TLS 1.2 only.
        if sh.server_version != TLS12 {
            return Err(Error::ProtocolVersion(format!(
                "server chose {}, this client speaks only TLS 1.2",
                version_name(sh.server_version)
            )));
        }
        // 2. A suite we offered and implement, null compression.
        if !self.offered.contains(&sh.cipher_suite) {
            return Err(Error::IllegalParameter(format!(
                "server chose {}, which was not offered",
                sh.cipher_suite.name()
            )));
        }
        if !suites::is_implemented(sh.cipher_suite) {
            return Err(Error::HandshakeFailure(format!(
                "{} is not implemented here",
                sh.cipher_suite.name()
            )));
        }
        if sh.compression_method != 0 {
            return Err(Error::IllegalParameter(format!(
                "compression method {}",
                sh.compression_method
            )));
        }
        // 3. Extensions: EMS only if we offered it; renegotiation_info must be empty (RFC 5746 §3.4).
        if sh.has(ExtensionType::ExtendedMasterSecret) && !cx.config.ems {
            return Err(Error::IllegalParameter(
                "extended_master_secret was not offered".into(),
            ));
        }
        for e in &sh.extensions {
            if let Extension::RenegotiationInfo(v) = e {
                if !v.is_empty() {
                    return Err(Error::HandshakeFailure(
                        "non-empty renegotiation_info on a first handshake".into(),
                    ));
                }
            }
        }
        cx.ems = cx.config.ems && sh.has(ExtensionType::ExtendedMasterSecret);
        cx.common.transcript.extend_from_slice(&raw);
        Ok(ClientState::ExpectCertificate(ExpectCertificate {
            randoms: Randoms {
                client: self.client_random,
                server: sh.random,
            },
        }))
    }
}

/// Waiting for the server's Certificate.
#[derive(Debug)]
pub struct ExpectCertificate {
    randoms: Randoms,
}

impl ExpectCertificate {
    pub(crate) fn handle(self, cx: &mut ClientContext, m: Incoming) -> Result<ClientState, Error> {
        let (p, raw) = m.handshake("certificate")?;
        let HandshakePayload::Certificate(cert) = p else {
            return Err(Error::UnexpectedMessage {
                expected: "certificate".into(),
                got: p.typ().name(),
            });
        };
        cx.common.transcript.extend_from_slice(&raw);
        // 1. chain to a trusted root, 2. signature, 3. validity at `now`, 4. host name.
        let v = pki::verify_chain(
            &cert.chain,
            &cx.config.trust_store,
            cx.now,
            Some(&cx.config.host),
        );
        let note = match &v.result {
            Ok(_) => format!(
                "The client checks the server's certificate: issued by a CA in its trust store, the \
                 CA's signature verifies, valid now, and it names \"{}\". It takes the server's \
                 public key from it.",
                cx.config.host
            ),
            Err(e) => format!("The client rejects the server's certificate: {e}."),
        };
        cx.common.event(
            "verify_server_cert",
            "Verify server certificate",
            Vec::new(),
            v.checks,
            note,
        );
        let server_key: RsaPublicKey = v.result?;
        Ok(ClientState::ExpectServerHelloDone(
            ExpectServerHelloDone::new(self.randoms, server_key),
        ))
    }
}
