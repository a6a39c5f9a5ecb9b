//! The CA at work (issue 12): the intermediate CAs, the server's CSR and the CA's check of it,
//! the server's certificate issued from the request, and the CRLs. Each failure of
//! [`CertFault`] is made here, with its why-note on the step that makes it.

use super::setup::CaArtifacts;
use crate::conn::derived;
use crate::error::Error;
use crate::keygen::purpose_rng;
use crate::msg::{Msg, SimMsg};
use crate::pki::{self, Issued, SigHash, Signer};
use crate::scenario::{CertFault, KeySource, Scenario};
use crate::transcript::{Actor, Step, StepKind};
use crate::vocab::{StepKey, ValueId};
use rand_core::RngCore;

/// The intermediate CA's name (chain depth 2).
pub const INTERMEDIATE_NAME: &str = "Teaching Intermediate CA";

/// The second CA's name, under the intermediate (the path-len failure).
pub const SUB_CA_NAME: &str = "Teaching Sub CA";

/// id-kp-clientAuth (the no-server-auth failure's only purpose).
const CLIENT_AUTH: der::oid::ObjectIdentifier =
    der::oid::ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.3.2");

/// What the CA works from.
pub(crate) struct CaInputs<'a> {
    pub s: &'a Scenario,
    pub seed: &'a [u8; 32],
    pub now: i64,
    pub root: &'a Issued,
    pub root_key: &'a rsa::RsaPrivateKey,
    pub server_key: &'a rsa::RsaPrivateKey,
    /// The CAs' own validity (wide around the leaf's).
    pub validity: (i64, i64),
    /// The forged-signature fault.
    pub forge: bool,
}

/// The server's certificate and what goes with it.
pub(crate) struct ServerIssuance {
    pub leaf: Issued,
    /// What the server sends: its certificate, then the CAs above it.
    pub server_chain: Vec<Vec<u8>>,
    /// The CRLs the client fetches (empty without revocation).
    pub crls: Vec<Vec<u8>>,
    pub artifacts: CaArtifacts,
}

/// Issued, or refused at the CSR.
pub(crate) enum Issuance {
    Issued(Box<ServerIssuance>),
    Refused { reason: Msg, artifacts: CaArtifacts },
}

pub(crate) fn serial(seed: &[u8; 32], what: &str) -> Vec<u8> {
    let mut s = vec![0u8; 8];
    purpose_rng(seed, &format!("serial/{what}")).fill_bytes(&mut s);
    s[0] = (s[0] & 0x7f) | 0x01; // positive, no leading zero byte
    s
}

pub(crate) fn issue_step(
    key: StepKey,
    from: Actor,
    to: Actor,
    issued: &Issued,
    notes: Vec<Msg>,
) -> Step {
    let h = issued.hash.name();
    Step {
        key,
        kind: StepKind::Issue,
        from,
        to,
        bytes: issued.der.clone(),
        fields: issued.fields.clone(),
        derived: vec![
            derived(
                ValueId::TbsHash,
                &format!("{h}(tbsCertificate)"),
                &[(ValueId::SignedData, &issued.tbs)],
                &issued.tbs_hash,
            ),
            derived(
                ValueId::Signature,
                &format!("RSASSA-PKCS1-v1_5-SIGN(ca_private_key, {h}(tbsCertificate))"),
                &[(ValueId::TbsHash, &issued.tbs_hash)],
                &issued.signature,
            )
            .aside(SimMsg::SignatureAside {})
            .math(issued.sign_math.clone()),
        ],
        checks: Vec::new(),
        notes,
        alert: None,
    }
}

/// The server's CSR on its way to the CA.
fn csr_step(csr: &pki::Csr, notes: Vec<Msg>) -> Step {
    Step {
        key: StepKey::ServerCsr,
        kind: StepKind::Issue,
        from: Actor::Server,
        to: Actor::Ca,
        bytes: csr.der.clone(),
        fields: csr.fields.clone(),
        derived: vec![
            derived(
                ValueId::CsrInfoHash,
                "SHA-256(certificationRequestInfo)",
                &[(ValueId::SignedData, &csr.info)],
                &csr.info_hash,
            ),
            derived(
                ValueId::Signature,
                "RSASSA-PKCS1-v1_5-SIGN(server_private_key, SHA-256(certificationRequestInfo))",
                &[(ValueId::CsrInfoHash, &csr.info_hash)],
                &csr.signature,
            )
            .math(csr.sign_math.clone()),
        ],
        checks: Vec::new(),
        notes,
        alert: None,
    }
}

/// A CA's CRL, published for the client.
fn crl_step(crl: &pki::Crl, notes: Vec<Msg>) -> Step {
    Step {
        key: StepKey::PublishCrl,
        kind: StepKind::Issue,
        from: Actor::Ca,
        to: Actor::Client,
        bytes: crl.der.clone(),
        fields: crl.fields.clone(),
        derived: vec![
            derived(
                ValueId::CrlHash,
                "SHA-256(tbsCertList)",
                &[(ValueId::SignedData, &crl.tbs)],
                &crl.tbs_hash,
            ),
            derived(
                ValueId::Signature,
                "RSASSA-PKCS1-v1_5-SIGN(ca_private_key, SHA-256(tbsCertList))",
                &[(ValueId::CrlHash, &crl.tbs_hash)],
                &crl.signature,
            )
            .math(crl.sign_math.clone()),
        ],
        checks: Vec::new(),
        notes,
        alert: None,
    }
}

/// What the failure is and why the rule exists (a note on the step that makes it).
fn why(f: CertFault) -> SimMsg {
    match f {
        CertFault::IncompleteChain => SimMsg::WhyIncompleteChain {},
        CertFault::IntermediateNotCa => SimMsg::WhyIntermediateNotCa {},
        CertFault::PathLen => SimMsg::WhyPathLen {},
        CertFault::SelfSigned => SimMsg::WhySelfSigned {},
        CertFault::Sha1Leaf => SimMsg::WhySha1Leaf {},
        CertFault::Sha1Intermediate => SimMsg::WhySha1Intermediate {},
        CertFault::WeakKey => SimMsg::WhyWeakKey {},
        CertFault::NoSan => SimMsg::WhyNoSan {},
        CertFault::NoServerAuth => SimMsg::WhyNoServerAuth {},
        CertFault::NoKeyEncipherment => SimMsg::WhyNoKeyEncipherment {},
        CertFault::NotYetValid => SimMsg::WhyNotYetValid {},
        CertFault::Revoked => SimMsg::WhyRevoked {},
        CertFault::BadCsr => SimMsg::WhyBadCsr {},
    }
}

/// A CSR, PEM ("CERTIFICATE REQUEST", as `openssl req` reads it).
fn csr_pem(der: &[u8]) -> String {
    der::pem::encode_string("CERTIFICATE REQUEST", der::pem::LineEnding::LF, der)
        .unwrap_or_default()
}

/// Steps 3 to 7 of the set-up: intermediates, CSR, its check, the leaf, the CRLs.
pub(crate) fn issue_server(inp: &CaInputs, steps: &mut Vec<Step>) -> Result<Issuance, Error> {
    let CaInputs {
        s,
        seed,
        now,
        root: ca,
        root_key: ca_key,
        server_key,
        validity: (ca_nb, ca_na),
        forge,
    } = *inp;
    // 3. Intermediate CAs (chain depth 2): the root signs an intermediate with pathLen 0;
    //    in the path-len failure that intermediate signs a second CA, which signs the leaf.
    let depth = s.chain_depth;
    if !(1..=2).contains(&depth) {
        return Err(Error::input(SimMsg::ChainDepth {
            depth: depth.into(),
        }));
    }
    let fault = |f: CertFault| s.has_cert_fault(f);
    let mut cas: Vec<(Issued, rsa::RsaPrivateKey)> = Vec::new();
    if depth == 2 {
        let mut names = vec![(INTERMEDIATE_NAME, "intermediate", Some(0u8))];
        if fault(CertFault::PathLen) {
            names.push((SUB_CA_NAME, "sub-ca", None));
        }
        for (i, (name, key_name, path_len)) in names.into_iter().enumerate() {
            let src = match &s.ca_key {
                KeySource::Generate(bits) => KeySource::Generate(*bits),
                _ => KeySource::Builtin(key_name.into()),
            };
            let key = pki::load_key(
                &src,
                &mut purpose_rng(seed, &format!("key/{key_name}")),
                key_name,
            )?;
            let (issuer_cert, issuer_key) = match cas.last() {
                Some((c, k)) => (c.der.clone(), k.clone()),
                None => (ca.der.clone(), ca_key.clone()),
            };
            let mut profile = pki::Profile::intermediate(path_len);
            if i == 0 && fault(CertFault::IntermediateNotCa) {
                profile.ca = None;
            }
            if i == 0 && fault(CertFault::Sha1Intermediate) {
                profile.hash = SigHash::Sha1;
            }
            let public = key.to_public_key();
            let req = pki::CertRequest {
                cn: name,
                sans: &[],
                key: &public,
                not_before: ca_nb,
                not_after: ca_na,
                serial: &serial(seed, key_name),
                profile,
            };
            let issued = pki::issue(
                &req,
                Signer::Ca {
                    cert: &issuer_cert,
                    key: &issuer_key,
                },
            )?;
            let issuer_name = if i == 0 {
                s.ca_name.clone()
            } else {
                INTERMEDIATE_NAME.into()
            };
            let mut notes: Vec<Msg> = vec![match path_len {
                Some(p) => SimMsg::IntermediateIssued {
                    issuer: issuer_name,
                    name: name.into(),
                    path_len: p.into(),
                }
                .into(),
                None => SimMsg::CaIssuedNoLimit {
                    issuer: issuer_name,
                    name: name.into(),
                }
                .into(),
            }];
            if i == 0 {
                notes.push(SimMsg::IntermediateWhy {}.into());
                for f in [CertFault::IntermediateNotCa, CertFault::Sha1Intermediate] {
                    if fault(f) {
                        notes.push(why(f).into());
                    }
                }
            } else {
                notes.push(why(CertFault::PathLen).into());
            }
            steps.push(issue_step(
                StepKey::IssueIntermediateCert,
                Actor::Ca,
                Actor::Ca,
                &issued,
                notes,
            ));
            cas.push((issued, key));
        }
    }
    // 4. The server's CSR: its name, the names it wants, its public key, signed with its key.
    let csr = pki::build_csr(
        &s.server_name,
        &s.server_sans,
        server_key,
        fault(CertFault::BadCsr),
    )?;
    let mut notes: Vec<Msg> = vec![SimMsg::CsrBuilt {
        name: s.server_name.clone(),
        sans: s.server_sans.clone(),
    }
    .into()];
    for f in [CertFault::BadCsr, CertFault::WeakKey, CertFault::NoSan] {
        if fault(f) {
            notes.push(why(f).into());
        }
    }
    steps.push(csr_step(&csr, notes));
    let mut artifacts = CaArtifacts {
        server_csr_pem: csr_pem(&csr.der),
        intermediate_pems: cas
            .iter()
            .rev()
            .map(|(c, _)| pki::cert_to_pem(&c.der))
            .collect(),
        ..CaArtifacts::default()
    };
    // 5. The CA checks it: proof of possession, then its policy.
    let (checks, request) = pki::check_csr(&csr.der);
    steps.push(Step {
        key: StepKey::VerifyCsr,
        kind: StepKind::Compute,
        from: Actor::Ca,
        to: Actor::Ca,
        bytes: Vec::new(),
        fields: Vec::new(),
        derived: Vec::new(),
        checks,
        notes: if request.is_err() {
            vec![SimMsg::CsrRefused {}.into()]
        } else {
            Vec::new()
        },
        alert: None,
    });
    let request = match request {
        Ok(r) => r,
        Err(e) => {
            return Ok(Issuance::Refused {
                reason: e.reason(),
                artifacts,
            })
        }
    };
    // 6. The server's certificate, from the request, by the lowest CA (or by itself).
    let (issuer_cert, issuer_key, issuer_name) = match cas.last() {
        Some((c, k)) => (
            c.der.clone(),
            k.clone(),
            if cas.len() == 2 {
                SUB_CA_NAME
            } else {
                INTERMEDIATE_NAME
            }
            .to_string(),
        ),
        None => (ca.der.clone(), ca_key.clone(), s.ca_name.clone()),
    };
    let mut profile = pki::Profile::server();
    profile.forge = forge;
    if fault(CertFault::Sha1Leaf) {
        profile.hash = SigHash::Sha1;
    }
    if fault(CertFault::NoServerAuth) {
        profile.ext_key_usage = vec![CLIENT_AUTH];
    }
    if fault(CertFault::NoKeyEncipherment) {
        profile.key_usage = x509_cert::ext::pkix::KeyUsage(
            x509_cert::ext::pkix::KeyUsages::DigitalSignature.into(),
        );
    }
    let req = pki::CertRequest {
        cn: &request.cn,
        sans: &request.sans,
        key: &request.key,
        not_before: s.not_before,
        not_after: s.not_after,
        serial: &serial(seed, "server"),
        profile,
    };
    let leaf = if fault(CertFault::SelfSigned) {
        pki::issue(&req, Signer::SelfSigned(server_key))?
    } else {
        pki::issue(
            &req,
            Signer::Ca {
                cert: &issuer_cert,
                key: &issuer_key,
            },
        )?
    };
    let mut notes: Vec<Msg> = vec![
        SimMsg::ServerCertIssued {
            name: s.server_name.clone(),
        }
        .into(),
        SimMsg::IssuedFromCsr {
            issuer: if fault(CertFault::SelfSigned) {
                request.cn.clone()
            } else {
                issuer_name
            },
        }
        .into(),
    ];
    if forge {
        notes.push(SimMsg::SignatureForged {}.into());
    }
    for f in [
        CertFault::SelfSigned,
        CertFault::Sha1Leaf,
        CertFault::NoServerAuth,
        CertFault::NoKeyEncipherment,
        CertFault::NotYetValid,
        CertFault::IncompleteChain,
    ] {
        if fault(f) {
            notes.push(why(f).into());
        }
    }
    steps.push(issue_step(
        StepKey::IssueServerCert,
        Actor::Ca,
        Actor::Server,
        &leaf,
        notes,
    ));
    // 7. Revocation: each CA publishes its CRL (the leaf's issuer lists the leaf in the
    //    revoked failure); the client fetches them.
    let mut crls = Vec::new();
    if s.check_revocation {
        let mut issuers: Vec<(&[u8], &rsa::RsaPrivateKey, String)> =
            vec![(&ca.der, ca_key, s.ca_name.clone())];
        for (i, (c, k)) in cas.iter().enumerate() {
            let name = if i == 0 {
                INTERMEDIATE_NAME
            } else {
                SUB_CA_NAME
            };
            issuers.push((&c.der, k, name.into()));
        }
        let leaf_issuer = issuers.len() - 1;
        let mut pem = String::new();
        for (i, (cert, key, name)) in issuers.into_iter().enumerate() {
            let revoked = if i == leaf_issuer && fault(CertFault::Revoked) {
                vec![(serial(seed, "server"), now.saturating_sub(3600))]
            } else {
                Vec::new()
            };
            let crl = pki::issue_crl(
                cert,
                key,
                now.saturating_sub(86_400),
                now.saturating_add(7 * 86_400),
                1,
                &revoked,
            )?;
            let mut notes: Vec<Msg> = vec![SimMsg::CrlPublished {
                issuer: name,
                count: revoked.len(),
            }
            .into()];
            if !revoked.is_empty() {
                notes.push(why(CertFault::Revoked).into());
            }
            steps.push(crl_step(&crl, notes));
            pem.push_str(&pki::crl_to_pem(&crl.der));
            crls.push(crl.der);
        }
        artifacts.crl_pem = Some(pem);
    }
    // The chain the server sends: its certificate, then the CAs above it (none in the
    // incomplete-chain failure).
    let mut server_chain = vec![leaf.der.clone()];
    if !fault(CertFault::IncompleteChain) {
        server_chain.extend(cas.iter().rev().map(|(c, _)| c.der.clone()));
    }
    artifacts.chain_pem = server_chain[1..]
        .iter()
        .map(|d| pki::cert_to_pem(d))
        .collect();
    Ok(Issuance::Issued(Box::new(ServerIssuance {
        leaf,
        server_chain,
        crls,
        artifacts,
    })))
}
