//! Before the handshake: keys, the CA's certificates, the client's and server's configurations.

use super::ca::{self, issue_step, serial};
use crate::client::{Client, ClientConfig, ClientIdentity};
use crate::error::Error;
use crate::keygen::purpose_rng;
use crate::msg::{Msg, SimMsg};
use crate::pki;
use crate::resume::server::Resumption;
use crate::resume::{cache, TicketKey, DEFAULT_LIFETIME};
use crate::scenario::Resume;
use crate::scenario::{Fault, KeySource, KxFault, Scenario};
use crate::server::{ClientAuth, Server, ServerConfig};
use crate::transcript::{Actor, Step};
use crate::vocab::StepKey;
use rand_core::RngCore;

/// The attacker's CA name (different from any real CA, so the client cannot mistake it).
pub const MITM_CA_NAME: &str = "Interception Root CA";

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
    /// The second connection's configurations, when the scenario resumes (issue 14).
    pub again: Option<Again>,
}

/// What a second connection starts from: both sides' configurations as the first had them
/// (the server's cache and ticket key shared with it), the seed and the clock.
pub(crate) struct Again {
    pub client: ClientConfig,
    pub server: ServerConfig,
    pub seed: [u8; 32],
    pub now: i64,
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
            reconnect_at: None,
            resumed: false,
            server_csr_pem: self.artifacts.server_csr_pem,
            intermediate_pems: self.artifacts.intermediate_pems,
            chain_pem: self.artifacts.chain_pem,
            crl_pem: self.artifacts.crl_pem,
            version: crate::version::TlsVersion::Tls12,
            unused: Vec::new(),
        }
    }
}

/// Ready for the handshake, or stopped at the CA.
pub(crate) enum Prepared {
    Ready(Box<Setup>),
    Refused(Box<Refusal>),
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
    /// Keys, certificates and both engines for `s`, or the CA's refusal of the server's CSR.
    pub fn prepare(
        s: &Scenario,
        seed: &[u8; 32],
        now: i64,
        cache: &mut super::IssuanceCache,
    ) -> Result<Prepared, Error> {
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
        if let Some(k) = &s.ticket_key {
            if k.len() != 16 {
                return Err(Error::input(SimMsg::TicketKeyLength { len: k.len() }));
            }
        }
        let Pki {
            mut steps,
            ca,
            ca_key,
            server_key,
            leaf,
            server_chain,
            crls,
            artifacts,
            ca_validity: (ca_nb, ca_na),
        } = match cache.issue(s, seed, now)? {
            Ok(p) => *p,
            Err(r) => return Ok(Prepared::Refused(r)),
        };
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
            // The certificate goes from the CA to its holder (issue 11: the arrow tells the truth).
            steps.push(issue_step(
                StepKey::IssueClientCert,
                Actor::Ca,
                Actor::Client,
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
        cc.groups = s.client_groups.clone();
        cc.ephemeral_secret = s.client_ephemeral.clone();
        cc.public_override = bad_public(s);
        cc.cert_policy = pki::CertPolicy {
            crls: s.check_revocation.then_some(crls),
            min_key_bits: s.min_key_bits,
            leaf_signs: false,
        };
        let mut sc = ServerConfig::new(server_chain, server_key.clone());
        sc.accepted_suites = s.accepted_suites.clone();
        sc.ems = s.server_ems;
        sc.server_random = s.server_random;
        sc.session_id = s.session_id.clone();
        sc.groups = s
            .server_groups
            .iter()
            .filter_map(|v| crate::kx::Group::from_id(*v))
            .collect();
        sc.ephemeral_secret = s.server_ephemeral.clone();
        if s.has_kx_fault(KxFault::WeakPrime) {
            sc.dh_group = crate::kx::DhGroup::oakley2();
        }
        if s.has_kx_fault(KxFault::ReusedKey) {
            // One "ephemeral" secret for every session: fixed by the server's key, not the seed.
            sc.ephemeral_secret = Some(reused_secret(&server_key));
            sc.ephemeral_reused = true;
        }
        if s.client_auth {
            sc.client_auth = Some(ClientAuth::from_roots(vec![ca.der.clone()])?);
        }
        // Resumption (issue 14): by ID, a session cache; by ticket, a ticket key and no cache
        // (the server keeps nothing). The client keeps its session for the second connection.
        let again = (s.resume != Resume::Off).then(|| {
            sc.resumption = match s.resume {
                Resume::Ticket => Resumption {
                    cache: None,
                    ticket_keys: vec![ticket_key(s, seed)],
                    lifetime: DEFAULT_LIFETIME,
                },
                _ => Resumption::with(cache::DEFAULT_CAPACITY, None),
            };
            cc.keep_session = true;
            cc.ask_ticket = s.resume == Resume::Ticket;
            Again {
                client: cc.clone(),
                server: sc.clone(),
                seed: *seed,
                now,
            }
        });
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
            again,
        })))
    }
}

/// The CA's work before any TLS: keys, the root, the server's CSR, chain and certificate, the
/// CRLs; the same for TLS 1.2 and TLS 1.3.
#[derive(Clone)]
pub(crate) struct Pki {
    pub steps: Vec<Step>,
    pub ca: pki::Issued,
    pub ca_key: rsa::RsaPrivateKey,
    pub server_key: rsa::RsaPrivateKey,
    pub leaf: pki::Issued,
    pub server_chain: Vec<Vec<u8>>,
    pub crls: Vec<Vec<u8>>,
    pub artifacts: CaArtifacts,
    pub ca_validity: (i64, i64),
}

impl Pki {
    /// Issue everything `s` asks for, or the CA's refusal of the server's CSR.
    pub fn issue(
        s: &Scenario,
        seed: &[u8; 32],
        now: i64,
    ) -> Result<Result<Box<Pki>, Box<Refusal>>, Error> {
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
        // 3.-7. The CA at work (ca.rs): intermediates, the server's CSR and its check, the
        //    server's certificate, the CRLs.
        let issued = ca::issue_server(
            &ca::CaInputs {
                s,
                seed,
                now,
                root: &ca,
                root_key: &ca_key,
                server_key: &server_key,
                validity: (ca_nb, ca_na),
                forge,
            },
            &mut steps,
        )?;
        let ca::ServerIssuance {
            leaf,
            server_chain,
            crls,
            artifacts,
        } = match issued {
            ca::Issuance::Issued(i) => *i,
            ca::Issuance::Refused { reason, artifacts } => {
                return Ok(Err(Box::new(Refusal {
                    steps,
                    reason,
                    ca_pem: pki::cert_to_pem(&ca.der),
                    server_key_pem: pki::key_to_pem(&server_key)?,
                    artifacts,
                })))
            }
        };
        Ok(Ok(Box::new(Pki {
            steps,
            ca,
            ca_key,
            server_key,
            leaf,
            server_chain,
            crls,
            artifacts,
            ca_validity: (ca_nb, ca_na),
        })))
    }

    /// The client's trust store: the issuing CA if trusted, and the learner's extra roots.
    pub fn trust_store(&self, s: &Scenario) -> Result<Vec<Vec<u8>>, Error> {
        let mut trust = Vec::new();
        if s.trust_issuing_ca {
            trust.push(self.ca.der.clone());
        }
        for (i, p) in s.extra_trusted_pems.iter().enumerate() {
            trust.push(pki::pem_to_der(p, &format!("extra_trusted_pems[{i}]"))?);
        }
        Ok(trust)
    }
}

/// The server's ticket key: the learner's, or 16 bytes from the seed.
fn ticket_key(s: &Scenario, seed: &[u8; 32]) -> TicketKey {
    let mut k = [0u8; 16];
    match &s.ticket_key {
        Some(v) if v.len() == 16 => k.copy_from_slice(v),
        _ => purpose_rng(seed, "ticket_key").fill_bytes(&mut k),
    }
    TicketKey::new(k)
}

/// The client's public value for the bad-value failures, if one is on.
fn bad_public(s: &Scenario) -> Option<Vec<u8>> {
    use crate::kx::ffdhe;
    let p = ffdhe::ffdhe2048_p();
    let n = p.len();
    let dh = |last: u8| {
        let mut v = vec![0u8; n];
        v[n - 1] = last;
        v
    };
    if s.has_kx_fault(KxFault::DhZero) {
        Some(dh(0))
    } else if s.has_kx_fault(KxFault::DhOne) {
        Some(dh(1))
    } else if s.has_kx_fault(KxFault::DhPMinusOne) {
        let mut v = p;
        v[n - 1] -= 1;
        Some(v)
    } else if s.has_kx_fault(KxFault::OffCurve) {
        // 04 || x || y with x = y = 1: (1, 1) is not on P-256 (1 != 1 - 3 + b mod p).
        let mut v = vec![0u8; 65];
        v[0] = 4;
        v[32] = 1;
        v[64] = 1;
        Some(v)
    } else if s.has_kx_fault(KxFault::LowOrder) {
        Some(vec![0u8; 32])
    } else {
        None
    }
}

/// The reused-key failure's one secret: SHA-256 of the server's modulus (the same in every
/// session with this key, whatever the seed).
fn reused_secret(key: &rsa::RsaPrivateKey) -> Vec<u8> {
    use rsa::traits::PublicKeyParts;
    use sha2::Digest;
    sha2::Sha256::digest(key.n().to_bytes_be()).to_vec()
}
