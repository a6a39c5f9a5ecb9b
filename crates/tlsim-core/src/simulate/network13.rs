//! TLS 1.3 through the simulated network (issue 15): the CA's issuance as for TLS 1.2, then
//! [`Client13`] and [`Server13`] exchange records one at a time; faults act on them in flight;
//! every record, computation and check is a step. With the downgrade failure, a man in the
//! middle strips TLS 1.3 from the ClientHello and the server (which speaks both versions)
//! answers with this crate's TLS 1.2 engine, its random ending in the downgrade sentinel.

use super::network::{alert_ending, flip_record};
use crate::codec::Codec;
use crate::conn::{Event, Output};
use crate::error::Error;
use crate::keygen::purpose_rng;
use crate::kx::Group;
use crate::msg::{Msg, SimMsg};
use crate::msgs::{ContentType, Record};
use crate::scenario::{Fault, Resume, Scenario, Tls13Fault};
use crate::server::{Server, ServerConfig};
use crate::tls13::byte_map::record_fields13;
use crate::tls13::ext::Extension13;
use crate::tls13::handshake::{Handshake13, Payload13};
use crate::tls13::hello::TLS_AES_128_GCM_SHA256;
use crate::tls13::{Client13, Client13Config, Server13, Server13Config};
use crate::transcript::{Actor, Outcome, Step, StepKind, Transcript};
use crate::version::TlsVersion;
use crate::vocab::{ScenarioField, StepKey, ValueId};
use std::collections::{BTreeSet, VecDeque};

/// The offset the flipped-record failure changes in EncryptedExtensions' record: inside the
/// encrypted_record, past the 5-byte header.
const FLIP_OFFSET: usize = 8;

/// The server side: the TLS 1.3 engine, or (downgrade) the TLS 1.2 one.
enum ServerEnd {
    V13(Box<Server13>),
    V12(Box<Server>),
}

struct Sim13<'a> {
    sc: &'a Scenario,
    client: Client13,
    server: ServerEnd,
    steps: Vec<Step>,
    wire: Vec<(bool, Vec<u8>)>,
    queue: VecDeque<(bool, Option<Vec<u8>>, Event)>,
    sent_records: usize,
    seen_steps: BTreeSet<StepKey>,
    outcome: Option<Outcome>,
    server_got: Vec<u8>,
    client_closed: bool,
    server_closed: bool,
    saw_server_hello: bool,
}

fn actor(client: bool) -> Actor {
    if client {
        Actor::Client
    } else {
        Actor::Server
    }
}

fn step(event: Event, kind: StepKind, from: Actor, to: Actor, bytes: Vec<u8>) -> Step {
    let protected = event.derived.iter().any(|d| d.name == ValueId::Ciphertext);
    let fields = if kind == StepKind::Compute {
        Vec::new()
    } else {
        record_fields13(&bytes, protected)
    };
    Step {
        key: event.key,
        kind,
        from,
        to,
        bytes,
        fields,
        derived: event.derived,
        checks: event.checks,
        notes: event.notes,
        alert: None,
    }
}

impl Sim13<'_> {
    fn feed(&mut self, to_client: bool, bytes: &[u8]) -> Result<Output, Error> {
        match (to_client, &mut self.server) {
            (true, _) => self.client.feed(bytes),
            (false, ServerEnd::V13(s)) => s.feed(bytes),
            (false, ServerEnd::V12(s)) => s.feed(bytes),
        }
    }

    /// Queue what a side produced; with `now`, its computations before its first record are
    /// steps at once (it did them on receiving the record just delivered).
    fn enqueue(&mut self, client: bool, out: Output, now: bool) {
        let mut leading = now;
        for e in out.events {
            leading &= e.sent.is_none();
            if leading {
                self.steps.push(step(
                    e,
                    StepKind::Compute,
                    actor(client),
                    actor(client),
                    vec![],
                ));
                continue;
            }
            let bytes = e
                .sent
                .map(|i| out.records.get(i).cloned().unwrap_or_default());
            self.queue.push_back((client, bytes, e));
        }
    }

    fn run(&mut self) {
        while let Some((client, bytes, event)) = self.queue.pop_front() {
            if self.outcome.is_some() {
                break;
            }
            match bytes {
                None => {
                    let a = actor(client);
                    self.steps
                        .push(step(event, StepKind::Compute, a, a, vec![]));
                }
                Some(b) => self.deliver(client, b, event),
            }
        }
        self.queue.clear();
    }

    fn deliver(&mut self, from_client: bool, sent: Vec<u8>, event: Event) {
        let (from, to) = (actor(from_client), actor(!from_client));
        let index = self.sent_records;
        self.sent_records += 1;
        let key = event.key;
        if matches!(key, StepKey::ServerHello13 | StepKey::ServerHello) {
            self.saw_server_hello = true;
        }
        self.steps
            .push(step(event, StepKind::Message, from, to, sent.clone()));
        let mut bytes = sent;
        // 1. Faults in flight.
        let first_of_step = self.seen_steps.insert(key);
        for f in &self.sc.faults {
            let hit = match f {
                Fault::FlipByte { record, offset } => (*record == index).then_some(*offset),
                Fault::FlipInStep { step, offset } => {
                    (*step == key && first_of_step).then_some(*offset)
                }
                Fault::Tls13 {
                    tls13: Tls13Fault::FlippedRecord,
                } => (key == StepKey::EncryptedExtensions && first_of_step).then_some(FLIP_OFFSET),
                _ => None,
            };
            if let Some(offset) = hit {
                let (b, st) = flip_record(bytes, index, offset, to);
                bytes = b;
                self.steps.push(st);
            }
        }
        if key == StepKey::ClientHello13 && self.sc.has_tls13_fault(Tls13Fault::Downgrade) {
            bytes = self.strip_tls13(bytes);
        }
        self.wire.push((from_client, bytes.clone()));
        // The sender's own computations right after sending come before the receiver's.
        while let Some((c, None, _)) = self.queue.front() {
            if *c != from_client {
                break;
            }
            if let Some((c, _, e)) = self.queue.pop_front() {
                self.steps
                    .push(step(e, StepKind::Compute, actor(c), actor(c), vec![]));
            }
        }
        // 2. The receiver processes the record.
        match self.feed(!from_client, &bytes) {
            Ok(out) => {
                let data = out.app_data.concat();
                if !data.is_empty() {
                    if let Some(st) = self.steps.last_mut() {
                        st.notes.push(
                            SimMsg::Reads {
                                by: to,
                                text: String::from_utf8_lossy(&data).into_owned(),
                            }
                            .into(),
                        );
                    }
                }
                if from_client {
                    self.server_got.extend_from_slice(&data);
                    self.server_closed |= out.peer_closed;
                } else {
                    self.client_closed |= out.peer_closed;
                }
                self.enqueue(!from_client, out, true);
            }
            Err(e) => self.fail(!from_client, e),
        }
    }

    /// The downgrade: the man in the middle removes supported_versions and key_share from the
    /// ClientHello, leaving a TLS 1.2 ClientHello (a step of the network's).
    fn strip_tls13(&mut self, record: Vec<u8>) -> Vec<u8> {
        let Some(body) = record.get(5..) else {
            return record;
        };
        let Ok(mut hs) = Handshake13::from_bytes(body) else {
            return record;
        };
        if let Payload13::ClientHello(ch) = &mut hs.payload {
            ch.extensions.retain(|e| {
                !matches!(
                    e,
                    Extension13::SupportedVersions(_) | Extension13::KeyShare(_)
                )
            });
        }
        let bytes = Record {
            typ: ContentType::Handshake,
            version: 0x0303,
            fragment: hs.to_bytes(),
        }
        .to_bytes();
        self.steps.push(Step {
            key: StepKey::Tamper,
            kind: StepKind::Tamper,
            from: Actor::Network,
            to: Actor::Server,
            fields: record_fields13(&bytes, false),
            bytes: bytes.clone(),
            derived: Vec::new(),
            checks: Vec::new(),
            notes: vec![SimMsg::DowngradeStripped {}.into()],
            alert: None,
        });
        bytes
    }

    /// The side `client` (or the server) failed with `e`: its last computations, its alert
    /// (protected once its handshake write key is on), then stop.
    fn fail(&mut self, client: bool, e: Error) {
        let (by, to) = (actor(client), actor(!client));
        let (pre, protected, record) = match (client, &mut self.server) {
            (true, _) => {
                let pre = self.client.take_output();
                let p = self.client.is_write_protected();
                (pre, p, self.client.alert(&e))
            }
            (false, ServerEnd::V13(s)) => {
                let pre = s.take_output();
                let p = s.is_write_protected();
                (pre, p, s.alert(&e))
            }
            (false, ServerEnd::V12(s)) => {
                let pre = s.take_output();
                let p = s.is_write_protected();
                (pre, p, s.alert(&e))
            }
        };
        for ev in pre.events.into_iter().filter(|ev| ev.sent.is_none()) {
            self.steps
                .push(step(ev, StepKind::Compute, by, by, Vec::new()));
        }
        let alert = e.alert();
        let reason = e.reason();
        if !record.is_empty() {
            self.wire.push((client, record.clone()));
        }
        let fields = record_fields13(&record, protected);
        let (step, outcome) = alert_ending(
            (by, to),
            record,
            fields,
            protected,
            alert,
            reason,
            self.steps.len(),
        );
        self.steps.push(step);
        self.outcome = Some(outcome);
        self.queue.clear();
    }

    fn server_complete(&self) -> bool {
        match &self.server {
            ServerEnd::V13(s) => s.is_handshake_complete(),
            ServerEnd::V12(s) => s.is_handshake_complete(),
        }
    }

    fn stalled(&mut self, stage: SimMsg) {
        let e = Error::HandshakeFailure(
            SimMsg::Stalled {
                stage: Box::new(Msg::from(stage)),
            }
            .into(),
        );
        self.fail(false, e);
    }

    fn server_send(&mut self, data: &[u8]) -> Result<Output, Error> {
        match &mut self.server {
            ServerEnd::V13(s) => s.send_app_data(data),
            ServerEnd::V12(s) => s.send_app_data(data),
        }
    }

    fn server_close(&mut self) -> Result<Output, Error> {
        match &mut self.server {
            ServerEnd::V13(s) => s.close(),
            ServerEnd::V12(s) => s.close(),
        }
    }

    /// The handshake, application data both ways, close_notify both ways.
    fn connection(&mut self, first: Output) -> Result<(), Error> {
        self.enqueue(true, first, false);
        self.run();
        if self.outcome.is_none()
            && !(self.client.is_handshake_complete() && self.server_complete())
        {
            self.stalled(SimMsg::StageHandshake {});
        }
        if self.outcome.is_none() && !self.sc.app_message.is_empty() {
            let out = self.client.send_app_data(self.sc.app_message.as_bytes())?;
            self.enqueue(true, out, false);
            self.run();
            if self.outcome.is_none() && self.server_got != self.sc.app_message.as_bytes() {
                self.stalled(SimMsg::StageAppData {});
            }
        }
        if self.outcome.is_none() && !self.sc.server_reply.is_empty() {
            let out = self.server_send(self.sc.server_reply.as_bytes())?;
            self.enqueue(false, out, false);
            self.run();
        }
        if self.outcome.is_none() {
            let out = self.client.close()?;
            self.enqueue(true, out, false);
            self.run();
            if self.outcome.is_none() && self.server_closed {
                let out = self.server_close()?;
                self.enqueue(false, out, false);
                self.run();
            }
            if self.outcome.is_none() && !(self.server_closed && self.client_closed) {
                self.stalled(SimMsg::StageCloseNotify {});
            }
        }
        Ok(())
    }
}

/// The groups of `ids` TLS 1.3 takes here (x25519, secp256r1), in order.
fn groups13(ids: &[u16]) -> Vec<Group> {
    ids.iter()
        .filter_map(|v| Group::from_id(*v))
        .filter(|g| matches!(g, Group::X25519 | Group::Secp256r1))
        .collect()
}

/// The scenario's inputs a TLS 1.3 session ignores.
pub(crate) fn unused(s: &Scenario) -> Vec<ScenarioField> {
    let downgrade = s.has_tls13_fault(Tls13Fault::Downgrade);
    let tls12_fault = s.faults.iter().any(|f| {
        matches!(
            f,
            Fault::ManInTheMiddle
                | Fault::WrongPremasterVersion
                | Fault::Kx { .. }
                | Fault::Resume { .. }
        )
    });
    let ffdhe = Group::Ffdhe2048.id();
    [
        (ScenarioField::OfferedSuites, !downgrade),
        (ScenarioField::AcceptedSuites, !downgrade),
        (ScenarioField::PreMaster, s.pre_master.is_some()),
        (ScenarioField::Ems, !downgrade),
        (ScenarioField::SessionId, s.session_id.is_some()),
        (ScenarioField::ClientRandom, s.client_random.is_some()),
        (ScenarioField::ServerRandom, s.server_random.is_some()),
        (
            ScenarioField::Ephemeral,
            s.client_ephemeral.is_some() || s.server_ephemeral.is_some(),
        ),
        (ScenarioField::ClientAuth, s.client_auth),
        (
            ScenarioField::Resume,
            s.resume != Resume::Off || s.ticket_key.is_some(),
        ),
        (
            ScenarioField::Ffdhe,
            s.client_groups.contains(&ffdhe) || s.server_groups.contains(&ffdhe),
        ),
        (ScenarioField::Tls12Faults, tls12_fault),
    ]
    .into_iter()
    .filter_map(|(f, on)| on.then_some(f))
    .collect()
}

/// Run a TLS 1.3 scenario.
pub(crate) fn run(
    sc: &Scenario,
    seed: &[u8; 32],
    now: i64,
    cache: &mut super::IssuanceCache,
) -> Result<Transcript, Error> {
    // 1. The CA's work, as for TLS 1.2 (kept from the last run if its inputs are the same).
    let pki = match cache.issue(sc, seed, now)? {
        Ok(p) => p,
        Err(r) => {
            let mut t = r.transcript();
            t.version = TlsVersion::Tls13;
            t.unused = unused(sc);
            return Ok(t);
        }
    };
    let trust = pki.trust_store(sc)?;
    // 2. The client: its groups from the scenario, a key share for the first.
    let groups = groups13(&sc.client_groups);
    let mut cc = Client13Config::new(&sc.client_host, trust);
    cc.cert_policy = crate::pki::CertPolicy {
        crls: sc.check_revocation.then(|| pki.crls.clone()),
        min_key_bits: sc.min_key_bits,
        leaf_signs: true,
    };
    cc.key_shares = groups.first().copied().into_iter().collect();
    cc.groups = groups;
    let downgrade = sc.has_tls13_fault(Tls13Fault::Downgrade);
    if downgrade {
        // A client that also speaks TLS 1.2 lists its TLS 1.2 suites too.
        cc.also_tls12 = Some(crate::tls13::client::Also12 {
            suites: sc.offered_suites.clone(),
            ..Default::default()
        });
    }
    let (client, first) = Client13::new(cc, purpose_rng(seed, "client13"), now)?;
    // 3. The server: TLS 1.3, or for the downgrade the same server answering TLS 1.2 with the
    //    sentinel at the end of its random (RFC 8446 §4.1.3).
    let server = if downgrade {
        let mut c = ServerConfig::new(pki.server_chain.clone(), pki.server_key.clone());
        c.accepted_suites = sc.accepted_suites.clone();
        c.ems = sc.server_ems;
        c.groups = sc
            .server_groups
            .iter()
            .filter_map(|v| Group::from_id(*v))
            .collect();
        c.downgrade_sentinel = true;
        ServerEnd::V12(Box::new(Server::new(
            c,
            purpose_rng(seed, "server12"),
            now,
        )?))
    } else {
        let mut c = Server13Config::new(pki.server_chain.clone(), pki.server_key.clone());
        c.groups = groups13(&sc.server_groups);
        c.forge_certificate_verify = sc.has_tls13_fault(Tls13Fault::ForgedCertificateVerify);
        ServerEnd::V13(Box::new(Server13::new(
            c,
            purpose_rng(seed, "server13"),
            now,
        )?))
    };
    let mut sim = Sim13 {
        sc,
        client,
        server,
        steps: pki.steps.clone(),
        wire: Vec::new(),
        queue: VecDeque::new(),
        sent_records: 0,
        seen_steps: BTreeSet::new(),
        outcome: None,
        server_got: Vec::new(),
        client_closed: false,
        server_closed: false,
        saw_server_hello: false,
    };
    // 4. The session.
    sim.connection(first)?;
    let outcome = sim.outcome.take().unwrap_or(Outcome::Success);
    let cipher_suite = match &sim.server {
        _ if !sim.saw_server_hello => None,
        ServerEnd::V13(_) => Some(TLS_AES_128_GCM_SHA256),
        ServerEnd::V12(s) => s.negotiated_suite(),
    };
    let keylog = crate::export::keylog13(&sim.steps);
    Ok(Transcript {
        steps: sim.steps,
        outcome,
        cipher_suite,
        extended_master_secret: false,
        ca_pem: crate::pki::cert_to_pem(&pki.ca.der),
        server_cert_pem: crate::pki::cert_to_pem(&pki.leaf.der),
        server_key_pem: crate::pki::key_to_pem(&pki.server_key)?,
        client_cert_pem: None,
        keylog,
        wire: sim.wire,
        server_leg: Vec::new(),
        server_csr_pem: pki.artifacts.server_csr_pem.clone(),
        intermediate_pems: pki.artifacts.intermediate_pems.clone(),
        chain_pem: pki.artifacts.chain_pem.clone(),
        crl_pem: pki.artifacts.crl_pem.clone(),
        reconnect_at: None,
        resumed: false,
        version: TlsVersion::Tls13,
        unused: unused(sc),
    })
}
