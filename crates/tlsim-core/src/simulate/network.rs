//! The simulated network: records go from one side to the other in order, one at a time; faults
//! act on them in flight; each becomes a step. With a man in the middle, the network connects the
//! client to his server and his client to the real server (see [`super::mitm`]).

mod reconnect;

use super::mitm::{self, Role};
use super::setup::Setup;
use crate::client::Client;
use crate::conn::{Event, Output};
use crate::error::Error;
use crate::msg::{Hex, Msg, SimMsg};
use crate::msgs::byte_map::record_fields;
use crate::scenario::{Fault, Scenario};
use crate::server::Server;
use crate::transcript::{Actor, Field, Outcome, Step, StepKind, Transcript};
use crate::vocab::{FieldName, StepKey, ValueId};
use std::collections::VecDeque;

/// One end of a connection: the client and the server, and with a man in the middle his
/// server (facing the client) and his client (facing the server).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Ep {
    Client,
    Server,
    MitmServer,
    MitmClient,
}

impl Ep {
    /// Who the transcript says acts: the attacker's two engines are the network.
    fn actor(self) -> Actor {
        match self {
            Ep::Client => Actor::Client,
            Ep::Server => Actor::Server,
            Ep::MitmServer | Ep::MitmClient => Actor::Network,
        }
    }

    /// Does this end play the client on its connection (the flag of its records in `wire`)?
    fn client_role(self) -> bool {
        matches!(self, Ep::Client | Ep::MitmClient)
    }
}

/// One engine, whichever role it plays.
enum Engine<'a> {
    Client(&'a mut Client),
    Server(&'a mut Server),
}

impl Engine<'_> {
    fn feed(self, bytes: &[u8]) -> Result<Output, Error> {
        match self {
            Engine::Client(c) => c.feed(bytes),
            Engine::Server(s) => s.feed(bytes),
        }
    }
    fn take_output(self) -> Output {
        match self {
            Engine::Client(c) => c.take_output(),
            Engine::Server(s) => s.take_output(),
        }
    }
    fn alert(self, e: &Error) -> Vec<u8> {
        match self {
            Engine::Client(c) => c.alert(e),
            Engine::Server(s) => s.alert(e),
        }
    }
    fn is_write_protected(&self) -> bool {
        match self {
            Engine::Client(c) => c.is_write_protected(),
            Engine::Server(s) => s.is_write_protected(),
        }
    }
    fn pending_bytes(&self) -> usize {
        match self {
            Engine::Client(c) => c.pending_bytes(),
            Engine::Server(s) => s.pending_bytes(),
        }
    }
    fn is_handshake_complete(&self) -> bool {
        match self {
            Engine::Client(c) => c.is_handshake_complete(),
            Engine::Server(s) => s.is_handshake_complete(),
        }
    }
    fn send_app_data(self, data: &[u8]) -> Result<Output, Error> {
        match self {
            Engine::Client(c) => c.send_app_data(data),
            Engine::Server(s) => s.send_app_data(data),
        }
    }
    fn close(self) -> Result<Output, Error> {
        match self {
            Engine::Client(c) => c.close(),
            Engine::Server(s) => s.close(),
        }
    }
}

enum Item {
    Record {
        from: Ep,
        bytes: Vec<u8>,
        event: Event,
    },
    Compute {
        ep: Ep,
        event: Event,
    },
}

fn step_of(event: Event, kind: StepKind, from: Actor, to: Actor, bytes: Vec<u8>) -> Step {
    let protected = event.derived.iter().any(|d| d.name == ValueId::Ciphertext);
    let fields = if kind == StepKind::Message || kind == StepKind::Alert {
        record_fields(&bytes, protected)
    } else {
        Vec::new()
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

/// A local computation of `actor` as a step.
fn compute_step(event: Event, actor: Actor) -> Step {
    step_of(event, StepKind::Compute, actor, actor, Vec::new())
}

struct Sim<'a> {
    s: Setup,
    faults: &'a [Fault],
    steps: Vec<Step>,
    wire: Vec<(bool, Vec<u8>)>,
    server_leg: Vec<usize>,
    queue: VecDeque<Item>,
    sent_records: usize,
    outcome: Option<Outcome>,
    server_got: Vec<Vec<u8>>,
    client_closed: bool,
    server_closed: bool,
    saw_server_hello: bool,
    seen_steps: std::collections::BTreeSet<StepKey>,
    /// Is the second connection (issue 14) under way? Its records go in `server_leg`.
    second: bool,
    /// The first connection's client, kept for the key log once the second one runs.
    first_client: Option<Client>,
}

impl Sim<'_> {
    /// The engine at `ep` (the attacker's ends fall back to the honest engine of the same role
    /// when there is no attacker; `peer` never names them then).
    fn engine(&mut self, ep: Ep) -> Engine<'_> {
        match (ep, self.s.mitm.as_mut()) {
            (Ep::MitmServer, Some(m)) => Engine::Server(&mut m.server),
            (Ep::MitmClient, Some(m)) => Engine::Client(&mut m.client),
            (Ep::Client | Ep::MitmClient, _) => Engine::Client(&mut self.s.client),
            (Ep::Server | Ep::MitmServer, _) => Engine::Server(&mut self.s.server),
        }
    }

    /// Who receives what `ep` sends: with a man in the middle, the client talks to his server
    /// and his client to the real server.
    fn peer(&self, ep: Ep) -> Ep {
        let mitm = self.s.mitm.is_some();
        match ep {
            Ep::Client if mitm => Ep::MitmServer,
            Ep::Client => Ep::Server,
            Ep::Server if mitm => Ep::MitmClient,
            Ep::Server => Ep::Client,
            Ep::MitmServer => Ep::Client,
            Ep::MitmClient => Ep::Server,
        }
    }

    /// An output of `ep`'s engine, as the transcript shows it (the attacker's, relabelled).
    fn view(&self, ep: Ep, out: Output) -> Output {
        let role = match ep {
            Ep::MitmServer => Role::Server,
            Ep::MitmClient => Role::Client,
            _ => return out,
        };
        match &self.s.mitm {
            Some(m) => mitm::relabel(role, out, &m.ca_pem, m.client.client_random()),
            None => out,
        }
    }

    /// Queue what a side produced. With `now`, the computations before its first record are
    /// steps at once (the side did them on receiving the record just delivered).
    fn enqueue(&mut self, ep: Ep, out: Output, now: bool) {
        let out = self.view(ep, out);
        let actor = ep.actor();
        let mut leading = now;
        for e in out.events {
            leading &= e.sent.is_none();
            if leading {
                self.steps.push(compute_step(e, actor));
                continue;
            }
            match e.sent {
                Some(i) => {
                    let bytes = out.records.get(i).cloned().unwrap_or_default();
                    self.queue.push_back(Item::Record {
                        from: ep,
                        bytes,
                        event: e,
                    });
                }
                None => self.queue.push_back(Item::Compute { ep, event: e }),
            }
        }
    }

    /// Deliver everything queued (and what the deliveries produce) until quiet or failed.
    fn run(&mut self) -> Result<(), Error> {
        while let Some(item) = self.queue.pop_front() {
            if self.outcome.is_some() {
                break;
            }
            match item {
                Item::Compute { ep, event } => self.steps.push(compute_step(event, ep.actor())),
                Item::Record { from, bytes, event } => self.deliver(from, bytes, event)?,
            }
        }
        self.queue.clear();
        Ok(())
    }

    fn deliver(&mut self, from_ep: Ep, sent: Vec<u8>, event: Event) -> Result<(), Error> {
        let to_ep = self.peer(from_ep);
        let (from, to) = (from_ep.actor(), to_ep.actor());
        let index = self.sent_records;
        self.sent_records += 1;
        if event.key == StepKey::ServerHello {
            self.saw_server_hello = true;
        }
        let key = event.key;
        let mut step = step_of(event, StepKind::Message, from, to, sent.clone());
        // The attacker's acts on the wire are his, not an honest side's messages.
        if matches!(key, StepKey::Mitm | StepKey::MitmReencrypt) {
            step.kind = StepKind::Tamper;
        }
        self.steps.push(step);
        let mut bytes = sent;
        // 1. Faults in flight: flip one byte of the record with this index, or of this step's
        //    record (its first occurrence).
        let first_of_step = self.seen_steps.insert(key);
        for f in self.faults {
            let hit = match f {
                Fault::FlipByte { record, offset } => (*record == index).then_some(*offset),
                Fault::FlipInStep { step, offset } => {
                    (*step == key && first_of_step).then_some(*offset)
                }
                _ => None,
            };
            if let Some(offset) = hit {
                bytes = self.flip(bytes, index, offset, to);
            }
        }
        self.push_wire(from_ep, bytes.clone());
        // The sender's own computations right after sending come before the receiver's.
        while let Some(Item::Compute { ep, .. }) = self.queue.front() {
            if *ep != from_ep {
                break;
            }
            if let Some(Item::Compute { ep, event }) = self.queue.pop_front() {
                self.steps.push(compute_step(event, ep.actor()));
            }
        }
        // 2. The receiver processes the record.
        match self.engine(to_ep).feed(&bytes) {
            Ok(out) => {
                let app_data = out.app_data.concat();
                let peer_closed = out.peer_closed;
                let honest = matches!(to_ep, Ep::Client | Ep::Server);
                if !app_data.is_empty() && honest {
                    let text: Vec<String> = out
                        .app_data
                        .iter()
                        .map(|d| String::from_utf8_lossy(d).into_owned())
                        .collect();
                    if let Some(st) = self.steps.last_mut() {
                        st.notes.push(
                            SimMsg::Reads {
                                by: to,
                                text: text.concat(),
                            }
                            .into(),
                        );
                    }
                }
                match to_ep {
                    Ep::Server => {
                        self.server_got.extend(out.app_data.iter().cloned());
                        self.server_closed |= peer_closed;
                    }
                    Ep::Client => self.client_closed |= peer_closed,
                    _ => {}
                }
                self.enqueue(to_ep, out, true);
                // 3. The attacker passes on what one of his engines read through the other.
                if !honest {
                    self.pass_on(to_ep, &app_data, peer_closed)?;
                }
            }
            Err(e) => self.fail(to_ep, e),
        }
        Ok(())
    }

    /// What the attacker's engine `got_at` read goes out through his other engine, encrypted
    /// again; a close_notify he received he passes on too.
    fn pass_on(&mut self, got_at: Ep, data: &[u8], closed: bool) -> Result<(), Error> {
        let other = match got_at {
            Ep::MitmServer => Ep::MitmClient,
            _ => Ep::MitmServer,
        };
        if !data.is_empty() {
            let out = self.engine(other).send_app_data(data)?;
            let out = mitm::relay(out, data);
            self.enqueue(other, out, false);
        }
        if closed {
            let out = self.engine(other).close()?;
            self.enqueue(other, out, false);
        }
        Ok(())
    }

    /// A record on the wire, flagged by who sent it on its connection; with a man in the
    /// middle, the records of his connection to the server are listed in `server_leg`.
    fn push_wire(&mut self, from: Ep, bytes: Vec<u8>) {
        if self.second || (self.s.mitm.is_some() && matches!(from, Ep::Server | Ep::MitmClient)) {
            self.server_leg.push(self.wire.len());
        }
        self.wire.push((from.client_role(), bytes));
    }

    fn flip(&mut self, bytes: Vec<u8>, index: usize, offset: usize, to: Actor) -> Vec<u8> {
        let (bytes, step) = flip_record(bytes, index, offset, to);
        self.steps.push(step);
        bytes
    }

    /// The end `ep` failed with `e`: its last computations, then its alert, then stop.
    fn fail(&mut self, ep: Ep, e: Error) {
        let (by, to) = (ep.actor(), self.peer(ep).actor());
        let pre = self.engine(ep).take_output();
        let pre = self.view(ep, pre);
        for ev in pre.events.into_iter().filter(|ev| ev.sent.is_none()) {
            self.steps.push(compute_step(ev, by));
        }
        // 1. Ask the engine whether its alert goes out protected, before it sends it.
        let protected = self.engine(ep).is_write_protected();
        let record = self.engine(ep).alert(&e);
        let _ = self.engine(ep).take_output();
        let alert = e.alert();
        let reason = e.reason();
        let fields = record_fields(&record, protected);
        if !record.is_empty() {
            self.push_wire(ep, record.clone());
        }
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

    /// The ends in the session, in the order the stall check asks them.
    fn ends(&self) -> Vec<Ep> {
        if self.s.mitm.is_some() {
            vec![Ep::Client, Ep::MitmServer, Ep::MitmClient, Ep::Server]
        } else {
            vec![Ep::Client, Ep::Server]
        }
    }

    /// Nothing in flight but the session is not where it should be: someone waits forever
    /// (the first end holding an incomplete record or message, else the server).
    fn stalled(&mut self, stage: SimMsg) {
        let mut by = (Ep::Server, 0);
        for ep in self.ends() {
            let pending = self.engine(ep).pending_bytes();
            if pending > 0 {
                by = (ep, pending);
                break;
            }
        }
        let (ep, pending) = by;
        let stage = Box::new(Msg::from(stage));
        let e = if pending > 0 {
            Error::Decode(SimMsg::Incomplete { pending, stage }.into())
        } else {
            Error::HandshakeFailure(SimMsg::Stalled { stage }.into())
        };
        self.fail(ep, e);
    }

    /// Has every end finished its handshake?
    fn all_complete(&mut self) -> bool {
        self.ends()
            .into_iter()
            .all(|ep| self.engine(ep).is_handshake_complete())
    }
}

/// Flip (XOR 0x01) the byte at `offset` of the `index`-th record, on its way to `to`: the
/// record as changed, and the network's step that says so.
pub(super) fn flip_record(
    mut bytes: Vec<u8>,
    index: usize,
    offset: usize,
    to: Actor,
) -> (Vec<u8>, Step) {
    let len = bytes.len();
    let (note, fields): (Msg, _) = match bytes.get_mut(offset) {
        Some(b) => {
            let before = Hex(vec![*b]);
            *b ^= 0x01;
            let after = Hex(vec![*b]);
            (
                SimMsg::ByteFlipped {
                    record: index,
                    offset,
                    before: before.clone(),
                    after: after.clone(),
                }
                .into(),
                vec![Field {
                    name: FieldName::FlippedByte,
                    offset,
                    len: 1,
                    meaning: SimMsg::FlippedField { before, after }.into(),
                    depth: 0,
                }],
            )
        }
        None => (
            SimMsg::FlipOutside {
                record: index,
                offset,
                len,
            }
            .into(),
            Vec::new(),
        ),
    };
    let step = Step {
        key: StepKey::Tamper,
        kind: StepKind::Tamper,
        from: Actor::Network,
        to,
        bytes: bytes.clone(),
        fields,
        derived: Vec::new(),
        checks: Vec::new(),
        notes: vec![note],
        alert: None,
    };
    (bytes, step)
}

pub(crate) fn run(sc: &Scenario, s: Setup) -> Result<Transcript, Error> {
    let mut sim = Sim {
        steps: Vec::new(),
        faults: &sc.faults,
        wire: Vec::new(),
        server_leg: Vec::new(),
        queue: VecDeque::new(),
        sent_records: 0,
        outcome: None,
        server_got: Vec::new(),
        client_closed: false,
        server_closed: false,
        saw_server_hello: false,
        seen_steps: std::collections::BTreeSet::new(),
        second: false,
        first_client: None,
        s,
    };
    sim.steps = std::mem::take(&mut sim.s.steps);
    sim.connection(sc)?;
    // 4. Resumption (issue 14): a second connection offers the session the first one made.
    let mut reconnect_at = None;
    if sim.outcome.is_none() {
        if let Some(again) = sim.s.again.take() {
            reconnect_at = Some(sim.steps.len());
            sim.reconnect(sc, again)?;
        }
    }
    let resumed = reconnect_at.is_some() && sim.s.server.resumed();
    let outcome = sim.outcome.take().unwrap_or(Outcome::Success);
    // 5. An NSS key log for every session the client side of a connection derived keys for:
    //    the client's (both connections'), and with a man in the middle his client's (Wireshark
    //    then decrypts all of them).
    let mut keylog = String::new();
    let mut clients: Vec<&Client> = sim.first_client.iter().collect();
    clients.push(&sim.s.client);
    if let Some(m) = &sim.s.mitm {
        clients.push(&m.client);
    }
    for c in clients {
        if let Some(m) = c.master_secret() {
            keylog += &format!(
                "CLIENT_RANDOM {} {}\n",
                hex::encode(c.client_random()),
                hex::encode(m)
            );
        }
    }
    // The suite and EMS as the server facing the client chose them (the engine says; the
    // simulation does not re-decide).
    let facing = match &sim.s.mitm {
        Some(m) => &m.server,
        None => &sim.s.server,
    };
    let (cipher_suite, ems) = if sim.saw_server_hello {
        (facing.negotiated_suite(), facing.extended_master_secret())
    } else {
        (None, false)
    };
    Ok(Transcript {
        steps: sim.steps,
        outcome,
        cipher_suite,
        extended_master_secret: ems,
        ca_pem: sim.s.ca_pem.clone(),
        server_cert_pem: sim.s.server_cert_pem.clone(),
        server_key_pem: sim.s.server_key_pem.clone(),
        client_cert_pem: sim.s.client_cert_pem.clone(),
        keylog,
        wire: sim.wire,
        server_leg: sim.server_leg,
        server_csr_pem: sim.s.artifacts.server_csr_pem.clone(),
        intermediate_pems: sim.s.artifacts.intermediate_pems.clone(),
        chain_pem: sim.s.artifacts.chain_pem.clone(),
        crl_pem: sim.s.artifacts.crl_pem.clone(),
        reconnect_at,
        resumed,
        version: crate::version::TlsVersion::Tls12,
        unused: Vec::new(),
    })
}

impl Sim<'_> {
    /// One connection: the handshake (with a man in the middle, his two), application data both
    /// ways, close_notify both ways.
    fn connection(&mut self, sc: &Scenario) -> Result<(), Error> {
        // 1. The handshake. With a man in the middle, the client's handshake is with his server;
        //    once it is done, his client connects to the real server (a "lazy" interception proxy).
        let first = std::mem::take(&mut self.s.client_first);
        self.enqueue(Ep::Client, first, false);
        self.run()?;
        if self.outcome.is_none() {
            let upstream = self
                .s
                .mitm
                .as_mut()
                .filter(|m| m.server.is_handshake_complete())
                .map(|m| std::mem::take(&mut m.client_first));
            if let Some(first) = upstream {
                self.enqueue(Ep::MitmClient, first, false);
                self.run()?;
            }
        }
        if self.outcome.is_none() && !self.all_complete() {
            self.stalled(SimMsg::StageHandshake {});
        }
        // 2. Application data both ways.
        if self.outcome.is_none() && !sc.app_message.is_empty() {
            let out = self.s.client.send_app_data(sc.app_message.as_bytes())?;
            self.enqueue(Ep::Client, out, false);
            self.run()?;
            if self.outcome.is_none() && self.server_got.concat() != sc.app_message.as_bytes() {
                self.stalled(SimMsg::StageAppData {});
            }
        }
        if self.outcome.is_none() && !sc.server_reply.is_empty() {
            let out = self.s.server.send_app_data(sc.server_reply.as_bytes())?;
            self.enqueue(Ep::Server, out, false);
            self.run()?;
        }
        // 3. close_notify both ways (the man in the middle passes each on).
        if self.outcome.is_none() {
            let out = self.s.client.close()?;
            self.enqueue(Ep::Client, out, false);
            self.run()?;
            if self.outcome.is_none() && self.server_closed {
                let out = self.s.server.close()?;
                self.enqueue(Ep::Server, out, false);
                self.run()?;
            }
            if self.outcome.is_none() && !(self.server_closed && self.client_closed) {
                self.stalled(SimMsg::StageCloseNotify {});
            }
        }
        Ok(())
    }
}

/// The last step of a failed session and its outcome: `by` sends its `alert` record to `to`
/// (encrypted when `protected`), which becomes step number `index`. Shared by TLS 1.2 and 1.3.
pub(super) fn alert_ending(
    (by, to): (Actor, Actor),
    record: Vec<u8>,
    fields: Vec<Field>,
    protected: bool,
    alert: crate::error::AlertDescription,
    reason: Msg,
    index: usize,
) -> (Step, Outcome) {
    let why = Box::new(reason.clone());
    let note = if protected {
        SimMsg::AlertSentEncrypted {
            by,
            alert,
            reason: why,
        }
    } else {
        SimMsg::AlertSent {
            by,
            alert,
            reason: why,
        }
    };
    let step = Step {
        key: StepKey::Alert,
        kind: StepKind::Alert,
        from: by,
        to,
        bytes: record,
        fields,
        derived: Vec::new(),
        checks: Vec::new(),
        notes: vec![note.into()],
        alert: Some(alert),
    };
    let outcome = Outcome::Failed {
        by,
        alert,
        reason,
        step: index,
    };
    (step, outcome)
}
