//! "Full handshake vs resumed" (issue 14): with a second connection in the transcript, the two
//! connections side by side: the handshake messages each sent, the public-key operations each
//! made, and the round trips before the client could send application data, all counted from the
//! steps (who sent what, when), then what resumption skipped, in words.

use crate::i18n::{t, tf, Lang};
use std::rc::Rc;
use tlsim_core::{Actor, StepKey, StepKind, Transcript};
use yew::prelude::*;

/// The steps that are a public-key operation (a signature made or checked, an RSA encryption or
/// decryption, a Diffie-Hellman key pair or shared secret), as opposed to hashes and the PRF.
pub const PK_OPS: [StepKey; 9] = [
    StepKey::VerifyServerCert,
    StepKey::ServerKeyExchange,
    StepKey::VerifyServerKeyExchange,
    StepKey::ClientKeyExchange,
    StepKey::DecryptPreMaster,
    StepKey::ComputeSharedServer,
    StepKey::VerifyClientCert,
    StepKey::CertificateVerify,
    StepKey::VerifyCertificateVerify,
];

/// One connection, as counted from its steps.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Leg {
    /// The handshake messages, in order, with their sender.
    pub messages: Vec<(StepKey, Actor)>,
    /// The steps that made a public-key operation, in order.
    pub pk_ops: Vec<StepKey>,
    /// Round trips before the client's first application data: how many times the client had to
    /// wait for a flight of the server's (`None`: no application data, the connection failed).
    pub round_trips: Option<usize>,
    /// Did this connection use an ephemeral key exchange (a ServerKeyExchange)?
    pub ephemeral: bool,
}

/// The two connections of a transcript with a second one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comparison {
    /// The first connection: always a full handshake.
    pub first: Leg,
    /// The second connection: abbreviated when resumed, full again when not.
    pub second: Leg,
    /// Did the second connection resume the session?
    pub resumed: bool,
}

impl Comparison {
    /// The messages of the first connection the second did without (by step key).
    pub fn skipped_messages(&self) -> Vec<StepKey> {
        let mut v: Vec<StepKey> = Vec::new();
        for (k, _) in &self.first.messages {
            if !self.second.messages.iter().any(|(s, _)| s == k) && !v.contains(k) {
                v.push(*k);
            }
        }
        v
    }

    /// The public-key operations of the first connection the second did without.
    pub fn skipped_ops(&self) -> Vec<StepKey> {
        self.first
            .pk_ops
            .iter()
            .copied()
            .filter(|k| !self.second.pk_ops.contains(k))
            .collect()
    }
}

fn is_app_or_close(k: StepKey) -> bool {
    matches!(
        k,
        StepKey::AppDataClient
            | StepKey::AppDataServer
            | StepKey::CloseNotifyClient
            | StepKey::CloseNotifyServer
    )
}

/// One connection's figures, counted from its steps (from its ClientHello on).
pub fn connection(steps: &[tlsim_core::Step]) -> Leg {
    let sent: Vec<&tlsim_core::Step> = steps
        .iter()
        .filter(|s| s.kind == StepKind::Message)
        .collect();
    let messages = sent
        .iter()
        .filter(|s| !is_app_or_close(s.key))
        .map(|s| (s.key, s.from))
        .collect();
    // A round trip: the client sends, then waits for the server's flight. Count the server's
    // flights (runs of records it sends) before the client's first application data.
    let mut round_trips = None;
    let mut flights = 0;
    let mut last: Option<Actor> = None;
    for s in &sent {
        if s.key == StepKey::AppDataClient {
            round_trips = Some(flights);
            break;
        }
        if s.from == Actor::Server && last != Some(Actor::Server) {
            flights += 1;
        }
        last = Some(s.from);
    }
    Leg {
        messages,
        pk_ops: steps
            .iter()
            .map(|s| s.key)
            .filter(|k| PK_OPS.contains(k))
            .collect(),
        round_trips,
        ephemeral: steps.iter().any(|s| s.key == StepKey::ServerKeyExchange),
    }
}

/// The comparison, if the transcript has a second connection. The first connection starts at its
/// ClientHello (the CA's work before it is not part of a connection).
pub fn compare(t: &Transcript) -> Option<Comparison> {
    let at = t.reconnect_at?;
    let (one, two) = t.steps.split_at(at.min(t.steps.len()));
    let start = one
        .iter()
        .position(|s| s.key == StepKey::ClientHello)
        .unwrap_or(0);
    Some(Comparison {
        first: connection(&one[start..]),
        second: connection(two),
        resumed: t.resumed,
    })
}

/// A handshake message's name on the wire (the RFC's, the same in every language).
pub fn message_name(k: StepKey) -> &'static str {
    match k {
        StepKey::ClientHello => "ClientHello",
        StepKey::ServerHello => "ServerHello",
        StepKey::Certificate | StepKey::ClientCertificate => "Certificate",
        StepKey::ServerKeyExchange => "ServerKeyExchange",
        StepKey::CertificateRequest => "CertificateRequest",
        StepKey::ServerHelloDone => "ServerHelloDone",
        StepKey::ClientKeyExchange => "ClientKeyExchange",
        StepKey::CertificateVerify => "CertificateVerify",
        StepKey::ChangeCipherSpecClient | StepKey::ChangeCipherSpecServer => "ChangeCipherSpec",
        StepKey::FinishedClient | StepKey::FinishedServer => "Finished",
        StepKey::NewSessionTicket => "NewSessionTicket",
        // issue 15: TLS 1.3's messages under their RFC 8446 names
        StepKey::ClientHello13 | StepKey::ClientHello13Retry => "ClientHello",
        StepKey::HelloRetryRequest => "HelloRetryRequest",
        StepKey::ServerHello13 => "ServerHello",
        StepKey::CompatCcsClient | StepKey::CompatCcsServer => "ChangeCipherSpec",
        StepKey::EncryptedExtensions => "EncryptedExtensions",
        StepKey::Certificate13 => "Certificate",
        StepKey::CertificateVerify13 => "CertificateVerify",
        StepKey::Finished13Server | StepKey::Finished13Client => "Finished",
        k => k.name(),
    }
}

/// The text key of a public-key operation (`rc.op.<step>`; the client's key exchange says which
/// kind it is).
pub fn op_key(k: StepKey, ephemeral: bool) -> String {
    match (k, ephemeral) {
        (StepKey::ClientKeyExchange, true) => "rc.op.client_key_exchange.ephemeral".into(),
        (StepKey::ClientKeyExchange, false) => "rc.op.client_key_exchange.rsa".into(),
        (k, _) => format!("rc.op.{}", k.name()),
    }
}

/// Every text key the panel can show for an operation (for the completeness test).
pub fn op_keys() -> Vec<String> {
    let mut v: Vec<String> = PK_OPS
        .iter()
        .filter(|k| **k != StepKey::ClientKeyExchange)
        .map(|k| op_key(*k, false))
        .collect();
    v.push(op_key(StepKey::ClientKeyExchange, false));
    v.push(op_key(StepKey::ClientKeyExchange, true));
    v
}

/// Props of [`ResumeCompare`].
#[derive(Properties, PartialEq)]
pub struct ResumeCompareProps {
    /// the transcript on screen (the panel shows only with a second connection)
    pub transcript: Rc<Transcript>,
    /// page language
    pub lang: Lang,
}

fn sender(lang: Lang, a: Actor) -> String {
    let (from, to) = match a {
        Actor::Server => ("lane.server", "lane.client"),
        _ => ("lane.client", "lane.server"),
    };
    format!("{} → {}", t(lang, from), t(lang, to))
}

fn column(lang: Lang, n: usize, title: &str, l: &Leg) -> Html {
    let rtt = match l.round_trips {
        Some(r) => tf(lang, "rc.rtt", &[("count", &r.to_string())]),
        None => t(lang, "rc.rtt_none").to_string(),
    };
    html! {
        <section class="fs-column rc-column" data-testid={format!("resume-leg-{n}")}>
            <h3>{ t(lang, title) }</h3>
            <h4>{ tf(lang, "rc.messages", &[("count", &l.messages.len().to_string())]) }</h4>
            <ol class="rc-messages" data-testid={format!("resume-messages-{n}")} data-count={l.messages.len().to_string()}>
                { for l.messages.iter().map(|(k, a)| html! {
                    <li data-key={k.name()}><code>{ message_name(*k) }</code>{ " " }<span class="hint">{ sender(lang, *a) }</span></li>
                }) }
            </ol>
            <h4>{ tf(lang, "rc.ops", &[("count", &l.pk_ops.len().to_string())]) }</h4>
            if l.pk_ops.is_empty() {
                <p data-testid={format!("resume-ops-{n}")} data-count="0">{ t(lang, "rc.ops_none") }</p>
            } else {
                <ul data-testid={format!("resume-ops-{n}")} data-count={l.pk_ops.len().to_string()}>
                    { for l.pk_ops.iter().map(|k| html! { <li data-key={k.name()}>{ t(lang, &op_key(*k, l.ephemeral)) }</li> }) }
                </ul>
            }
            <p class="rc-rtt" data-testid={format!("resume-rtt-{n}")}
                data-rtt={l.round_trips.map(|r| r.to_string()).unwrap_or_default()}>
                <strong>{ rtt }</strong>
            </p>
        </section>
    }
}

/// The panel, when the transcript has a second connection.
#[function_component]
pub fn ResumeCompare(p: &ResumeCompareProps) -> Html {
    let lang = p.lang;
    let Some(c) = compare(&p.transcript) else {
        return html! {};
    };
    let second_title = match (c.resumed, c.second.round_trips) {
        (true, _) => "rc.second_resumed",
        (false, Some(_)) => "rc.second_full",
        (false, None) => "rc.second_failed",
    };
    let skipped = c.skipped_messages();
    let ops = c.skipped_ops();
    let saved = match (c.first.round_trips, c.second.round_trips) {
        (Some(a), Some(b)) if a > b => Some(a - b),
        _ => None,
    };
    let summary = if c.resumed {
        html! {
            <>
            <p>{ t(lang, "rc.skipped_lead") }</p>
            <ul>
                <li data-testid="resume-skipped-messages">
                    { tf(lang, "rc.skipped_messages", &[("count", &skipped.len().to_string())]) }{ " " }
                    { for skipped.iter().enumerate().map(|(i, k)| html! { <>{ if i > 0 { ", " } else { "" } }<code>{ message_name(*k) }</code></> }) }
                </li>
                <li data-testid="resume-skipped-ops">
                    { tf(lang, "rc.skipped_ops", &[("count", &ops.len().to_string())]) }
                    <ul>{ for ops.iter().map(|k| html! { <li>{ t(lang, &op_key(*k, c.first.ephemeral)) }</li> }) }</ul>
                </li>
                if let Some(n) = saved {
                    <li data-testid="resume-saved-rtt">{ tf(lang, "rc.saved_rtt", &[("count", &n.to_string())]) }</li>
                }
            </ul>
            </>
        }
    } else if c.second.round_trips.is_some() {
        html! { <p>{ t(lang, "rc.not_resumed") }</p> }
    } else {
        html! { <p>{ t(lang, "rc.aborted") }</p> }
    };
    html! {
        <section class="forward-secrecy resume-compare" aria-labelledby="rc-title" data-testid="resume-compare"
            data-resumed={if c.resumed { "true" } else { "false" }}>
            <h2 id="rc-title">{ t(lang, "rc.title") }</h2>
            <p class="lead">{ t(lang, "rc.lead") }</p>
            <div class="fs-columns">
                { column(lang, 1, "rc.first", &c.first) }
                { column(lang, 2, second_title, &c.second) }
            </div>
            <div class="rc-summary" data-testid="resume-skipped">
                <h3>{ t(lang, if c.resumed { "rc.skipped" } else { "rc.nothing_skipped" }) }</h3>
                { summary }
            </div>
        </section>
    }
}
