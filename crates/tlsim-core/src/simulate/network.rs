//! The simulated network: records go from one side to the other in order, one at a time; faults
//! and the man in the middle act on them in flight; each becomes a step.

use super::mitm::Mitm;
use super::setup::Setup;
use crate::conn::{Event, Output};
use crate::error::{AlertDescription, Error};
use crate::keygen::purpose_rng;
use crate::msg::{Hex, Msg, SimMsg};
use crate::msgs::byte_map::record_fields;
use crate::scenario::{Fault, Scenario};
use crate::transcript::{Actor, Field, Outcome, Step, StepKind, Transcript};
use crate::vocab::{FieldName, StepKey, ValueId};
use std::collections::VecDeque;

enum Item {
    Record {
        from_client: bool,
        bytes: Vec<u8>,
        event: Event,
    },
    Compute {
        actor: Actor,
        event: Event,
    },
}

fn side(from_client: bool) -> (Actor, Actor) {
    if from_client {
        (Actor::Client, Actor::Server)
    } else {
        (Actor::Server, Actor::Client)
    }
}

pub(crate) fn step_of(
    event: Event,
    kind: StepKind,
    from: Actor,
    to: Actor,
    bytes: Vec<u8>,
) -> Step {
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

struct Sim<'a> {
    s: Setup,
    faults: &'a [Fault],
    steps: Vec<Step>,
    wire: Vec<(bool, Vec<u8>)>,
    queue: VecDeque<Item>,
    sent_records: usize,
    outcome: Option<Outcome>,
    mitm: Option<Mitm>,
    server_got: Vec<Vec<u8>>,
    client_closed: bool,
    server_closed: bool,
    saw_server_hello: bool,
    seen_steps: std::collections::BTreeSet<StepKey>,
}

impl Sim<'_> {
    /// Queue what a side produced. With `now`, the computations before its first record are
    /// steps at once (the side did them on receiving the record just delivered).
    fn enqueue(&mut self, from_client: bool, out: Output, now: bool) {
        let actor = if from_client {
            Actor::Client
        } else {
            Actor::Server
        };
        let mut leading = now;
        for e in out.events {
            leading &= e.sent.is_none();
            if leading {
                self.steps
                    .push(step_of(e, StepKind::Compute, actor, actor, Vec::new()));
                continue;
            }
            match e.sent {
                Some(i) => {
                    let bytes = out.records.get(i).cloned().unwrap_or_default();
                    self.queue.push_back(Item::Record {
                        from_client,
                        bytes,
                        event: e,
                    });
                }
                None => self.queue.push_back(Item::Compute { actor, event: e }),
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
                Item::Compute { actor, event } => {
                    self.steps
                        .push(step_of(event, StepKind::Compute, actor, actor, Vec::new()));
                }
                Item::Record {
                    from_client,
                    bytes,
                    event,
                } => self.deliver(from_client, bytes, event)?,
            }
        }
        self.queue.clear();
        Ok(())
    }

    fn deliver(&mut self, from_client: bool, sent: Vec<u8>, event: Event) -> Result<(), Error> {
        let (from, to) = side(from_client);
        let index = self.sent_records;
        self.sent_records += 1;
        if event.key == StepKey::ServerHello {
            self.saw_server_hello = true;
        }
        let key = event.key;
        self.steps
            .push(step_of(event, StepKind::Message, from, to, sent.clone()));
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
        // 2. The man in the middle.
        if let Some(m) = self.mitm.as_mut() {
            let (b, steps) = m.intercept(from_client, key, bytes)?;
            bytes = b;
            self.steps.extend(steps);
        }
        self.wire.push((from_client, bytes.clone()));
        // The sender's own computations right after sending come before the receiver's.
        while let Some(Item::Compute { actor, .. }) = self.queue.front() {
            if *actor != from {
                break;
            }
            if let Some(Item::Compute { actor, event }) = self.queue.pop_front() {
                self.steps
                    .push(step_of(event, StepKind::Compute, actor, actor, Vec::new()));
            }
        }
        // 3. The receiver processes the record.
        let res = if from_client {
            self.s.server.feed(&bytes)
        } else {
            self.s.client.feed(&bytes)
        };
        match res {
            Ok(out) => {
                if !out.app_data.is_empty() {
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
                if from_client {
                    self.server_got.extend(out.app_data.iter().cloned());
                    self.server_closed |= out.peer_closed;
                } else {
                    self.client_closed |= out.peer_closed;
                }
                self.enqueue(!from_client, out, true);
            }
            Err(e) => self.fail(!from_client, e),
        }
        Ok(())
    }

    fn flip(&mut self, mut bytes: Vec<u8>, index: usize, offset: usize, to: Actor) -> Vec<u8> {
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
        self.steps.push(Step {
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
        });
        bytes
    }

    /// The side `by_client` failed with `e`: its last computations, then its alert, then stop.
    fn fail(&mut self, by_client: bool, e: Error) {
        let (by, to) = side(by_client);
        let pre = if by_client {
            self.s.client.take_output()
        } else {
            self.s.server.take_output()
        };
        for ev in pre.events.into_iter().filter(|ev| ev.sent.is_none()) {
            self.steps
                .push(step_of(ev, StepKind::Compute, by, by, Vec::new()));
        }
        // 1. Ask the engine whether its alert goes out protected, before it sends it.
        let protected = if by_client {
            self.s.client.is_write_protected()
        } else {
            self.s.server.is_write_protected()
        };
        let record = if by_client {
            self.s.client.alert(&e)
        } else {
            self.s.server.alert(&e)
        };
        let _ = if by_client {
            self.s.client.take_output()
        } else {
            self.s.server.take_output()
        };
        let alert = e.alert();
        let reason = e.reason();
        let fields = record_fields(&record, protected);
        if !record.is_empty() {
            self.wire.push((by_client, record.clone()));
        }
        self.steps.push(Step {
            key: StepKey::Alert,
            kind: StepKind::Alert,
            from: by,
            to,
            bytes: record,
            fields,
            derived: Vec::new(),
            checks: Vec::new(),
            notes: vec![if protected {
                SimMsg::AlertSentEncrypted {
                    by,
                    alert,
                    reason: Box::new(reason.clone()),
                }
            } else {
                SimMsg::AlertSent {
                    by,
                    alert,
                    reason: Box::new(reason.clone()),
                }
            }
            .into()],
            alert: Some(alert),
        });
        self.outcome = Some(Outcome::Failed {
            by,
            alert,
            reason,
            step: self.steps.len() - 1,
        });
        self.queue.clear();
    }

    /// Nothing in flight but the session is not where it should be: someone waits forever.
    fn stalled(&mut self, stage: SimMsg) {
        let (by_client, pending) = if self.s.client.pending_bytes() > 0 {
            (true, self.s.client.pending_bytes())
        } else {
            (false, self.s.server.pending_bytes())
        };
        let stage = Box::new(Msg::from(stage));
        let e = if pending > 0 {
            Error::Decode(SimMsg::Incomplete { pending, stage }.into())
        } else {
            Error::HandshakeFailure(SimMsg::Stalled { stage }.into())
        };
        self.fail(by_client, e);
    }
}

pub(crate) fn run(
    sc: &Scenario,
    s: Setup,
    seed: &[u8; 32],
    _now: i64,
) -> Result<Transcript, Error> {
    let mitm = match &s.mitm {
        Some(kit) => Some(Mitm::new(kit, purpose_rng(seed, "mitm"))?),
        None => None,
    };
    let mut sim = Sim {
        steps: Vec::new(),
        faults: &sc.faults,
        wire: Vec::new(),
        queue: VecDeque::new(),
        sent_records: 0,
        outcome: None,
        mitm,
        server_got: Vec::new(),
        client_closed: false,
        server_closed: false,
        saw_server_hello: false,
        seen_steps: std::collections::BTreeSet::new(),
        s,
    };
    sim.steps = std::mem::take(&mut sim.s.steps);
    // 1. The handshake.
    let first = std::mem::take(&mut sim.s.client_first);
    sim.enqueue(true, first, false);
    sim.run()?;
    if sim.outcome.is_none()
        && !(sim.s.client.is_handshake_complete() && sim.s.server.is_handshake_complete())
    {
        sim.stalled(SimMsg::StageHandshake {});
    }
    // 2. Application data both ways.
    if sim.outcome.is_none() && !sc.app_message.is_empty() {
        let out = sim.s.client.send_app_data(sc.app_message.as_bytes())?;
        sim.enqueue(true, out, false);
        sim.run()?;
        if sim.outcome.is_none() && sim.server_got.concat() != sc.app_message.as_bytes() {
            sim.stalled(SimMsg::StageAppData {});
        }
    }
    if sim.outcome.is_none() && !sc.server_reply.is_empty() {
        let out = sim.s.server.send_app_data(sc.server_reply.as_bytes())?;
        sim.enqueue(false, out, false);
        sim.run()?;
    }
    // 3. close_notify both ways.
    if sim.outcome.is_none() {
        let out = sim.s.client.close()?;
        sim.enqueue(true, out, false);
        sim.run()?;
        if sim.outcome.is_none() && sim.server_closed {
            let out = sim.s.server.close()?;
            sim.enqueue(false, out, false);
            sim.run()?;
        }
        if sim.outcome.is_none() && !(sim.server_closed && sim.client_closed) {
            sim.stalled(SimMsg::StageCloseNotify {});
        }
    }
    let outcome = sim.outcome.take().unwrap_or(Outcome::Success);
    let client_random = sim.s.client.client_random();
    let keylog = match sim.s.client.master_secret() {
        Some(m) => format!(
            "CLIENT_RANDOM {} {}\n",
            hex::encode(client_random),
            hex::encode(m)
        ),
        None => String::new(),
    };
    // The suite, as the server chose it (the engine says; the simulation does not re-decide).
    let cipher_suite = if sim.saw_server_hello {
        sim.s.server.negotiated_suite()
    } else {
        None
    };
    let ems = if sim.saw_server_hello {
        sim.s.server.extended_master_secret()
    } else {
        false
    };
    let _ = AlertDescription::CloseNotify;
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
    })
}
