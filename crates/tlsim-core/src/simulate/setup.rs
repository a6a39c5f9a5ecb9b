//! Before the handshake: keys, the CA's certificates, the client's and server's configurations.

use crate::client::{Client, ClientConfig, ClientIdentity};
use crate::conn::derived;
use crate::error::Error;
use crate::keygen::purpose_rng;
use crate::msg::{Msg, SimMsg};
use crate::pki::{self, Issued};
use crate::pki::{SigHash, Signer};
use crate::scenario::{CertFault, Fault, KeySource, Scenario};
use crate::server::{ClientAuth, Server, ServerConfig};
use crate::transcript::{Actor, Step, StepKind};
use crate::vocab::{StepKey, ValueId};
use rand_core::RngCore;

/// The attacker's CA name (different from any real CA, so the client cannot mistake it).
pub const MITM_CA_NAME: &str = "Interception Root CA";

/// The intermediate CA's name (chain depth 2).
pub const INTERMEDIATE_NAME: &str = "Teaching Intermediate CA";

/// The second CA's name, under the intermediate (the path-len failure).
pub const SUB_CA_NAME: &str = "Teaching Sub CA";

/// id-kp-clientAuth (the no-server-auth failure's only purpose).
const CLIENT_AUTH: der::oid::ObjectIdentifier =
    der::oid::ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.3.2");

/// The client certificate's common name (mutual TLS).
pub const CLIENT_NAME: &str = "tlsim client";

/// What the network's attacker holds in the man-in-the-middle fault: two engines of this crate.
/// A server facing the client (his own certificate for the server's name, signed by his own CA,
/// and the real server's suites and EMS policy) and a client facing the real server (trusting
/// the real CA, asking for the same host, offering what the client offered).
pub(crate) struct MitmKit {
    /// His CA certificate, PEM (for the learner who wants to trust it).
    pub ca_pem: String,
    /// His server, facing the client.
    pub server: Server,
    /// His client, facing the real server.
    pub client: Client,
    /// His client's ClientHello, sent once the client's handshake with him is done.
    pub client_first: crate::conn::Output,
}

pub(crate) struct Setup {
    pub steps: Vec<Step>,
    pub client: Client,
    pub client_first: crate::conn::Output,
    pub server: Server,
    pub ca_pem: String,
    pub server_cert_pem: String,
    pub server_key_pem: String,
    pub client_cert_pem: Option<String>,
    pub mitm: Option<MitmKit>,
    pub artifacts: CaArtifacts,
}

/// What the CA side produced besides the root and the leaf (issue 12).
#[derive(Clone, Debug, Default)]
pub(crate) struct CaArtifacts {
    pub server_csr_pem: String,
    pub intermediate_pems: Vec<String>,
    pub chain_pem: String,
    pub crl_pem: Option<String>,
}

/// The CA refused the server's CSR: the steps so far, and why.
pub(crate) struct Refusal {
    pub steps: Vec<Step>,
    pub reason: Msg,
    pub ca_pem: String,
    pub server_key_pem: String,
    pub artifacts: CaArtifacts,
}

impl Refusal {
    /// The transcript of a session that ended at the CA.
    pub fn transcript(self) -> crate::transcript::Transcript {
        let step = self.steps.len().saturating_sub(1);
        crate::transcript::Transcript {
            steps: self.steps,
            outcome: crate::transcript::Outcome::Refused {
                by: Actor::Ca,
                reason: self.reason,
                step,
            },
            cipher_suite: None,
            extended_master_secret: false,
            ca_pem: self.ca_pem,
            server_cert_pem: String::new(),
            server_key_pem: self.server_key_pem,
            client_cert_pem: None,
            keylog: String::new(),
            wire: Vec::new(),
            server_leg: Vec::new(),
            server_csr_pem: self.artifacts.server_csr_pem,
            intermediate_pems: self.artifacts.intermediate_pems,
            chain_pem: self.artifacts.chain_pem,
            crl_pem: self.artifacts.crl_pem,
        }
    }
}

/// Ready for the handshake, or stopped at the CA.
pub(crate) enum Prepared {
    Ready(Box<Setup>),
    Refused(Refusal),
}

fn serial(seed: &[u8; 32], what: &str) -> Vec<u8> {
    let mut s = vec![0u8; 8];
    purpose_rng(seed, &format!("serial/{what}")).fill_bytes(&mut s);
    s[0] = (s[0] & 0x7f) | 0x01; // positive, no leading zero byte
    s
}

/// CA validity: wide enough around the leaf's so that only the leaf's dates matter.
fn ca_validity(s: &Scenario) -> (i64, i64) {
    const YEAR: i64 = 365 * 86_400;
    (
        // Saturating: dates come from users and links, and may be absurd (issuance then refuses
        // them with a clear InvalidInput; it must not overflow first).
        s.not_before
            .min(crate::scenario::DEFAULT_NOT_BEFORE)
            .saturating_sub(YEAR),
        s.not_after
            .max(crate::scenario::DEFAULT_NOT_AFTER)
            .saturating_add(10 * YEAR),
    )
}

fn issue_step(key: StepKey, from: Actor, to: Actor, issued: &Issued, notes: Vec<Msg>) -> Step {
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
            .aside(SimMsg::SignatureAside {}),
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
            ),
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
            ),
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
    der::pem::encode_string("CERTIFICATE REQUEST", der::pem::LineEnding::LF, der).unwrap_or_default()
}

/// The attacker's CA certificate, PEM (the same for every seed), for a user who wants to trust it.
pub fn mitm_ca_pem(scenario: &Scenario) -> Result<String, Error> {
    let key = pki::load_key(
        &KeySource::Builtin("mitm-ca".into()),
        &mut purpose_rng(&[0; 32], "mitm-ca"),
        "mitm-ca",
    )?;
    let (nb, na) = ca_validity(scenario);
    let ca = pki::issue_ca(MITM_CA_NAME, &key, nb, na, &[0x4d, 0x49, 0x54, 0x4d])?;
    Ok(pki::cert_to_pem(&ca.der))
}

impl Setup {
    pub fn new(s: &Scenario, seed: &[u8; 32], now: i64) -> Result<Prepared, Error> {
        if let Some(id) = &s.session_id {
            if id.len() > 32 {
                return Err(Error::input(SimMsg::SessionIdTooLong { len: id.len() }));
            }
        }
        if let Some(p) = &s.pre_master {
            if p.len() != 48 {
                return Err(Error::input(SimMsg::PreMasterLength { len: p.len() }));
            }
        }
        let forge = s.faults.contains(&Fault::ForgedSignature);
        // 1. Keys.
        let ca_key = pki::load_key(&s.ca_key, &mut purpose_rng(seed, "key/ca"), "ca_key")?;
        let server_key = pki::load_key(
            &s.server_key,
            &mut purpose_rng(seed, "key/server"),
            "server_key",
        )?;
        let mut steps = Vec::new();
        // 2. The CA's self-signed root.
        let (ca_nb, ca_na) = ca_validity(s);
        let ca = pki::issue_ca(&s.ca_name, &ca_key, ca_nb, ca_na, &serial(seed, "ca"))?;
        steps.push(issue_step(
            StepKey::IssueCaCert,
            Actor::Ca,
            Actor::Ca,
            &ca,
            vec![SimMsg::CaSelfSigned {
                ca: s.ca_name.clone(),
            }
            .into()],
        ));
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
                let issuer_name = if i == 0 { s.ca_name.clone() } else { INTERMEDIATE_NAME.into() };
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
            &server_key,
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
            intermediate_pems: cas.iter().rev().map(|(c, _)| pki::cert_to_pem(&c.der)).collect(),
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
                return Ok(Prepared::Refused(Refusal {
                    steps,
                    reason: e.reason(),
                    ca_pem: pki::cert_to_pem(&ca.der),
                    server_key_pem: pki::key_to_pem(&server_key)?,
                    artifacts,
                }))
            }
        };
        // 6. The server's certificate, from the request, by the lowest CA (or by itself).
        let (issuer_cert, issuer_key, issuer_name) = match cas.last() {
            Some((c, k)) => (
                c.der.clone(),
                k.clone(),
                if cas.len() == 2 { SUB_CA_NAME } else { INTERMEDIATE_NAME }.to_string(),
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
            profile.key_usage =
                x509_cert::ext::pkix::KeyUsage(x509_cert::ext::pkix::KeyUsages::DigitalSignature.into());
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
            pki::issue(&req, Signer::SelfSigned(&server_key))?
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
                vec![(&ca.der, &ca_key, s.ca_name.clone())];
            for (i, (c, k)) in cas.iter().enumerate() {
                let name = if i == 0 { INTERMEDIATE_NAME } else { SUB_CA_NAME };
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
        // 4. The client's certificate, for client authentication.
        let mut identity = None;
        let mut client_cert_pem = None;
        if s.client_auth {
            let client_key = pki::load_key(
                &s.client_key,
                &mut purpose_rng(seed, "key/client"),
                "client_key",
            )?;
            let c = pki::issue_leaf(
                CLIENT_NAME,
                &[],
                &client_key.to_public_key(),
                &ca.der,
                &ca_key,
                s.not_before,
                s.not_after,
                &serial(seed, "client"),
                true,
                false,
            )?;
            steps.push(issue_step(
                StepKey::IssueClientCert,
                Actor::Client,
                Actor::Ca,
                &c,
                vec![SimMsg::ClientCertIssued {
                    name: CLIENT_NAME.into(),
                }
                .into()],
            ));
            client_cert_pem = Some(pki::cert_to_pem(&c.der));
            identity = Some(ClientIdentity {
                chain: vec![c.der.clone()],
                key: client_key,
            });
        }
        // 5. The client's trust store.
        let mut trust = Vec::new();
        if s.trust_issuing_ca {
            trust.push(ca.der.clone());
        }
        for (i, p) in s.extra_trusted_pems.iter().enumerate() {
            trust.push(pki::pem_to_der(p, &format!("extra_trusted_pems[{i}]"))?);
        }
        // 6. The attacker's kit.
        let mitm = if s.faults.contains(&Fault::ManInTheMiddle) {
            let key = pki::load_key(
                &KeySource::Builtin("mitm".into()),
                &mut purpose_rng(seed, "key/mitm"),
                "mitm",
            )?;
            let mca_key = pki::load_key(
                &KeySource::Builtin("mitm-ca".into()),
                &mut purpose_rng(seed, "key/mitm-ca"),
                "mitm-ca",
            )?;
            let mca = pki::issue_ca(
                MITM_CA_NAME,
                &mca_key,
                ca_nb,
                ca_na,
                &[0x4d, 0x49, 0x54, 0x4d],
            )?;
            let mleaf = pki::issue_leaf(
                &s.server_name,
                &s.server_sans,
                &key.to_public_key(),
                &mca.der,
                &mca_key,
                s.not_before,
                s.not_after,
                &serial(seed, "mitm"),
                false,
                false,
            )?;
            let mut msc = ServerConfig::new(vec![mleaf.der.clone()], key);
            msc.accepted_suites = s.accepted_suites.clone();
            msc.ems = s.server_ems;
            let mut mcc = ClientConfig::new(&s.client_host, vec![ca.der.clone()]);
            mcc.offered_suites = s.offered_suites.clone();
            mcc.ems = s.client_ems;
            let server = Server::new(msc, purpose_rng(seed, "mitm/server"), now)?;
            let (client, client_first) = Client::new(mcc, purpose_rng(seed, "mitm/client"), now)?;
            Some(MitmKit {
                ca_pem: pki::cert_to_pem(&mca.der),
                server,
                client,
                client_first,
            })
        } else {
            None
        };
        // 7. Configurations.
        let mut cc = ClientConfig::new(&s.client_host, trust);
        cc.offered_suites = s.offered_suites.clone();
        cc.ems = s.client_ems;
        cc.client_random = s.client_random;
        cc.pre_master = s.pre_master.clone();
        if s.faults.contains(&Fault::WrongPremasterVersion) {
            cc.pre_master_version = Some(0x0301);
        }
        cc.identity = identity;
        cc.cert_policy = pki::CertPolicy {
            crls: s.check_revocation.then_some(crls),
            min_key_bits: s.min_key_bits,
        };
        let mut sc = ServerConfig::new(server_chain, server_key.clone());
        sc.accepted_suites = s.accepted_suites.clone();
        sc.ems = s.server_ems;
        sc.server_random = s.server_random;
        sc.session_id = s.session_id.clone();
        if s.client_auth {
            sc.client_auth = Some(ClientAuth::from_roots(vec![ca.der.clone()])?);
        }
        let server = Server::new(sc, purpose_rng(seed, "server"), now)?;
        let (client, client_first) = Client::new(cc, purpose_rng(seed, "client"), now)?;
        Ok(Prepared::Ready(Box::new(Self {
            steps,
            client,
            client_first,
            server,
            ca_pem: pki::cert_to_pem(&ca.der),
            server_cert_pem: pki::cert_to_pem(&leaf.der),
            server_key_pem: pki::key_to_pem(&server_key)?,
            client_cert_pem,
            mitm,
            artifacts,
        })))
    }
}
