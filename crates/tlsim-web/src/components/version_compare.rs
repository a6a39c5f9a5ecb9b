//! "TLS 1.2 beside TLS 1.3" (issue 15): the inputs on screen played twice by the core, once in
//! TLS 1.2 (RSA or ECDHE, the learner's choice) and once in TLS 1.3, in two columns. Every figure
//! is counted from the two transcripts: the round trips before the client's request, which
//! handshake messages crossed the wire encrypted, where the client checked the certificate, which
//! messages carried the key exchange (and so where forward secrecy comes from, or why there is
//! none); then what TLS 1.3 removed, and why.

use super::resume_compare::{connection, message_name};
use crate::engine::{use_newest_answer, Engine};
use crate::engine_protocol::{Job, ReplyBody};
use crate::i18n::{t, tf, Lang};
use std::rc::Rc;
use tlsim_core::kx::KxAlg;
use tlsim_core::{
    Actor, FieldName, Outcome, Scenario, Step, StepKey, StepKind, TlsVersion, Transcript,
};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

/// Did this step cross the wire as a protected record (an AEAD ciphertext with its tag)? Read from
/// the record's named fields, as the core laid them out: a TLS 1.2 record after
/// ChangeCipherSpec, or any TLS 1.3 record under the handshake or application keys (an alert
/// too, once its sender's keys are on).
pub fn encrypted(s: &Step) -> bool {
    matches!(s.kind, StepKind::Message | StepKind::Alert)
        && s.fields
            .iter()
            .any(|f| matches!(f.name, FieldName::EncryptedContent | FieldName::Tag))
}

/// A padlock, drawn (an emoji would need a colour font the page cannot count on).
pub fn lock_icon() -> Html {
    html! {
        <svg class="lock-icon" viewBox="0 0 10 12" width="0.75em" height="0.9em" aria-hidden="true" focusable="false">
            <path d="M2.8 5.2V3.6a2.2 2.2 0 0 1 4.4 0v1.6" fill="none" stroke="currentColor" stroke-width="1.4" />
            <rect x="1" y="5" width="8" height="6.6" rx="1.2" fill="currentColor" />
        </svg>
    }
}

/// Application data and close_notify: records after the handshake.
fn after_handshake(k: StepKey) -> bool {
    matches!(
        k,
        StepKey::AppDataClient
            | StepKey::AppDataServer
            | StepKey::CloseNotifyClient
            | StepKey::CloseNotifyServer
    )
}

/// One handshake message of a run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sent {
    /// Its step's index in the transcript.
    pub step: usize,
    /// What it is.
    pub key: StepKey,
    /// Who sent it.
    pub from: Actor,
    /// Did it cross the wire encrypted?
    pub encrypted: bool,
}

/// Where a run's forward secrecy comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Secrecy {
    /// None: the pre-master secret is encrypted to the server's long-term RSA key.
    Rsa,
    /// TLS 1.2 (EC)DHE: ServerKeyExchange and ClientKeyExchange.
    Ephemeral12,
    /// TLS 1.3: the key shares of ClientHello and ServerHello.
    KeyShare13,
}

impl Secrecy {
    /// Its text key.
    pub fn text_key(self) -> &'static str {
        match self {
            Secrecy::Rsa => "vc.fs.rsa",
            Secrecy::Ephemeral12 => "vc.fs.ephemeral12",
            Secrecy::KeyShare13 => "vc.fs.tls13",
        }
    }
}

/// One run, as counted from its steps.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Column {
    /// The version the run spoke.
    pub version: TlsVersion,
    /// The handshake messages, in order (application data and close_notify left out).
    pub messages: Vec<Sent>,
    /// Round trips before the client's first application data (`None`: none was sent).
    pub round_trips: Option<usize>,
    /// The step where the client checked the server's certificate.
    pub cert_check: Option<usize>,
    /// The last message on the wire before that check.
    pub cert_after: Option<StepKey>,
    /// Did the server's Certificate message cross the wire encrypted?
    pub cert_encrypted: bool,
    /// The step where the client checked the server's CertificateVerify (TLS 1.3).
    pub certificate_verify_check: Option<usize>,
    /// Where forward secrecy comes from (`None`: no key exchange was reached).
    pub secrecy: Option<Secrecy>,
    /// The messages that carry the key exchange, by step index.
    pub key_exchange: Vec<usize>,
    /// The alert and its step, when the run failed.
    pub failed: Option<(usize, &'static str)>,
}

impl Column {
    /// The first handshake message that crossed the wire encrypted.
    pub fn first_encrypted(&self) -> Option<&Sent> {
        self.messages.iter().find(|m| m.encrypted)
    }

    /// How many handshake messages crossed the wire encrypted.
    pub fn encrypted_count(&self) -> usize {
        self.messages.iter().filter(|m| m.encrypted).count()
    }
}

/// Count a transcript's figures.
pub fn column(t: &Transcript) -> Column {
    let start = t
        .steps
        .iter()
        .position(|s| s.kind == StepKind::Message)
        .unwrap_or(0);
    let messages: Vec<Sent> = t
        .steps
        .iter()
        .enumerate()
        .filter(|(_, s)| s.kind == StepKind::Message && !after_handshake(s.key))
        .map(|(i, s)| Sent {
            step: i,
            key: s.key,
            from: s.from,
            encrypted: encrypted(s),
        })
        .collect();
    let find = |keys: &[StepKey]| t.steps.iter().position(|s| keys.contains(&s.key));
    let cert_msg = find(&[StepKey::Certificate, StepKey::Certificate13]);
    let has_field = |key: StepKey, names: &[FieldName]| -> Option<usize> {
        t.steps
            .iter()
            .position(|s| s.key == key && s.fields.iter().any(|f| names.contains(&f.name)))
    };
    // The key exchange, from the fields the messages carry.
    let share13: Vec<usize> = [
        StepKey::ClientHello13,
        StepKey::ClientHello13Retry,
        StepKey::ServerHello13,
    ]
    .iter()
    .filter_map(|k| has_field(*k, &[FieldName::KeyShare, FieldName::KeyShareEntry]))
    .collect();
    let eph12: Vec<usize> = [StepKey::ServerKeyExchange, StepKey::ClientKeyExchange]
        .iter()
        .filter_map(|k| {
            has_field(
                *k,
                &[FieldName::EcPoint, FieldName::DhPublic, FieldName::DhP],
            )
        })
        .collect();
    let rsa = has_field(StepKey::ClientKeyExchange, &[FieldName::EncryptedPreMaster]);
    let (secrecy, key_exchange) = if !share13.is_empty() {
        (Some(Secrecy::KeyShare13), share13)
    } else if !eph12.is_empty() {
        (Some(Secrecy::Ephemeral12), eph12)
    } else if let Some(i) = rsa {
        (Some(Secrecy::Rsa), vec![i])
    } else {
        (None, Vec::new())
    };
    let cert_check = find(&[StepKey::VerifyServerCert]);
    let cert_after = cert_check.and_then(|i| {
        t.steps[..i]
            .iter()
            .rev()
            .find(|s| s.kind == StepKind::Message)
            .map(|s| s.key)
    });
    let failed = match &t.outcome {
        Outcome::Failed { step, alert, .. } => Some((*step, alert.name())),
        _ => None,
    };
    Column {
        version: t.version,
        round_trips: connection(&t.steps[start..]).round_trips,
        cert_encrypted: cert_msg.is_some_and(|i| encrypted(&t.steps[i])),
        cert_check,
        cert_after,
        certificate_verify_check: find(&[StepKey::VerifyCertificateVerify13]),
        messages,
        secrecy,
        key_exchange,
        failed,
    }
}

/// The two runs of `s`: TLS 1.2 with `kx12` (RSA or ECDHE) and TLS 1.3 (on this thread: tests;
/// the page asks its engine worker for [`Job::Compare`]).
pub use crate::engine_jobs::compare as play;

/// How many round trips TLS 1.3 saved over TLS 1.2 (`None` when either run sent no request).
pub fn saved(c12: &Column, c13: &Column) -> Option<usize> {
    match (c12.round_trips, c13.round_trips) {
        (Some(a), Some(b)) => Some(a.saturating_sub(b)),
        _ => None,
    }
}

/// The four things TLS 1.3 removed (text keys `vc.removed.<name>`).
pub const REMOVED: [&str; 4] = ["rsa", "renegotiation", "compression", "static_dh"];

/// Props of [`VersionCompare`].
#[derive(Properties, PartialEq)]
pub struct VersionCompareProps {
    /// where the two runs are made (the page's engine worker)
    pub engine: Engine,
    /// the scenario on screen
    pub scenario: Scenario,
    /// the session seed
    pub seed: [u8; 32],
    /// the clock
    pub now: i64,
    /// page language
    pub lang: Lang,
}

fn messages_list(lang: Lang, n: &str, c: &Column) -> Html {
    html! {
        <ol class="rc-messages vc-messages" data-testid={format!("vc-messages-{n}")} data-count={c.messages.len().to_string()}>
            { for c.messages.iter().map(|m| {
                let (from, to) = match m.from {
                    Actor::Server => ("lane.server", "lane.client"),
                    _ => ("lane.client", "lane.server"),
                };
                html! {
                    <li data-key={m.key.name()} data-encrypted={m.encrypted.to_string()}
                        class={classes!(m.encrypted.then_some("enc"))}>
                        <code>{ message_name(m.key) }</code>{ " " }
                        <span class="hint">{ format!("{} → {}", t(lang, from), t(lang, to)) }</span>{ " " }
                        if m.encrypted {
                            <span class="badge enc" title={t(lang, "vc.encrypted_mark")}>{ lock_icon() }{ " " }{ t(lang, "vc.encrypted_mark") }</span>
                        } else {
                            <span class="badge clear">{ t(lang, "vc.clear_mark") }</span>
                        }
                    </li>
                }
            }) }
        </ol>
    }
}

fn col_html(lang: Lang, n: &str, title: String, run: &Result<Transcript, tlsim_core::Msg>) -> Html {
    let body = match run {
        Err(e) => html! { <p class="error" role="alert">{ crate::i18n::render(lang, e) }</p> },
        Ok(tr) => {
            let c = column(tr);
            let rtt = match c.round_trips {
                Some(r) => tf(lang, "vc.rtt", &[("count", &r.to_string())]),
                None => t(lang, "vc.rtt_none").to_string(),
            };
            let enc = match c.first_encrypted() {
                Some(m) => tf(
                    lang,
                    "vc.encrypted",
                    &[
                        ("message", message_name(m.key)),
                        ("count", &c.encrypted_count().to_string()),
                        ("total", &c.messages.len().to_string()),
                    ],
                ),
                None => t(lang, "vc.encrypted_none").to_string(),
            };
            let cert = match c.cert_check {
                None => html! { <p>{ t(lang, "vc.cert_none") }</p> },
                Some(i) => html! {
                    <>
                    <p>{ tf(lang, "vc.cert_at", &[("step", &(i + 1).to_string()), ("message", c.cert_after.map(message_name).unwrap_or_default())]) }</p>
                    <p>{ t(lang, if c.cert_encrypted { "vc.cert_encrypted" } else { "vc.cert_clear" }) }</p>
                    if let Some(j) = c.certificate_verify_check {
                        <p>{ tf(lang, "vc.cert_proof13", &[("step", &(j + 1).to_string())]) }</p>
                    } else if c.secrecy == Some(Secrecy::Ephemeral12) {
                        <p>{ t(lang, "vc.cert_proof12_signed") }</p>
                    } else {
                        <p>{ t(lang, "vc.cert_proof12") }</p>
                    }
                    </>
                },
            };
            html! {
                <>
                if let Some((step, alert)) = c.failed {
                    <p class="error" data-testid={format!("vc-failed-{n}")}>{ tf(lang, "vc.failed", &[("step", &(step + 1).to_string()), ("alert", alert)]) }</p>
                }
                <p class="rc-rtt" data-testid={format!("vc-rtt-{n}")} data-rtt={c.round_trips.map(|r| r.to_string()).unwrap_or_default()}>
                    <strong>{ rtt }</strong>
                </p>
                <h4>{ tf(lang, "vc.messages", &[("count", &c.messages.len().to_string())]) }</h4>
                <p data-testid={format!("vc-encrypted-{n}")} data-count={c.encrypted_count().to_string()}
                    data-first={c.first_encrypted().map(|m| m.key.name()).unwrap_or_default()}>{ enc }</p>
                { messages_list(lang, n, &c) }
                <h4>{ t(lang, "vc.cert") }</h4>
                <div data-testid={format!("vc-cert-{n}")} data-step={c.cert_check.map(|i| i.to_string()).unwrap_or_default()}
                    data-encrypted={c.cert_encrypted.to_string()}>{ cert }</div>
                <h4>{ t(lang, "vc.fs") }</h4>
                <div data-testid={format!("vc-fs-{n}")} data-secrecy={c.secrecy.map(|s| s.text_key()).unwrap_or_default()}>
                    if let Some(s) = c.secrecy {
                        <p>{ t(lang, s.text_key()) }</p>
                        <p>{ t(lang, "vc.fs_steps") }{ " " }
                            { for c.key_exchange.iter().enumerate().map(|(k, i)| html! {
                                <>{ if k > 0 { ", " } else { "" } }<code>{ message_name(tr.steps[*i].key) }</code></>
                            }) }
                        </p>
                    } else {
                        <p>{ t(lang, "vc.cert_none") }</p>
                    }
                </div>
                </>
            }
        }
    };
    html! {
        <section class="fs-column rc-column vc-column" data-testid={format!("vc-col-{n}")}>
            <h3>{ title }</h3>
            { body }
        </section>
    }
}

/// The button and, once pressed, the two runs side by side.
#[function_component]
pub fn VersionCompare(p: &VersionCompareProps) -> Html {
    let lang = p.lang;
    let open = use_state(|| false);
    let kx12 = use_state(|| KxAlg::Ecdhe);
    let toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    let on_kx = {
        let kx12 = kx12.clone();
        Callback::from(move |e: Event| {
            if let Some(sel) = e.target_dyn_into::<HtmlSelectElement>() {
                if let Some(k) = KxAlg::from_name(&sel.value()) {
                    kx12.set(k);
                }
            }
        })
    };
    // The two runs, made by the engine worker while open and when what they read changes; only
    // the newest answer is shown.
    let runs = use_newest_answer(
        &p.engine,
        (*open).then(|| (p.scenario.clone(), p.seed, p.now, *kx12)),
        |(scenario, seed, now, kx12)| Job::Compare {
            scenario,
            seed,
            now,
            kx12,
        },
        |b| match b {
            ReplyBody::Compared(r) => Some(Rc::<[Result<Transcript, tlsim_core::Msg>; 2]>::from(r)),
            _ => None,
        },
    );
    let failed = matches!(&*runs, Some(Err(_)));
    let body = (*runs).as_ref().and_then(|r| r.as_ref().ok()).map(|r| {
        let [r12, r13] = &**r;
        let kx_name = t(lang, &format!("kx.{}", kx12.name()));
        let c = match (r12, r13) {
            (Ok(a), Ok(b)) => Some((column(a), column(b))),
            _ => None,
        };
        let summary = c.as_ref().and_then(|(a, b)| saved(a, b)).map(|n| {
            if n > 0 {
                html! { <p data-testid="vc-saved" data-saved={n.to_string()}>{ tf(lang, "vc.saved", &[("count", &n.to_string())]) }</p> }
            } else {
                html! { <p data-testid="vc-saved" data-saved="0">{ t(lang, "vc.not_saved") }</p> }
            }
        });
        html! {
            <>
            <div class="fs-columns vc-columns">
                { col_html(lang, "12", tf(lang, "vc.col12", &[("kx", kx_name)]), r12) }
                { col_html(lang, "13", t(lang, "vc.col13").to_string(), r13) }
            </div>
            { summary }
            <div class="rc-summary vc-removed" data-testid="vc-removed">
                <h3>{ t(lang, "vc.removed") }</h3>
                <ul>{ for REMOVED.iter().map(|r| html! { <li data-removed={*r}>{ t(lang, &format!("vc.removed.{r}")) }</li> }) }</ul>
            </div>
            </>
        }
    });
    html! {
        <section class="forward-secrecy version-compare" aria-labelledby="vc-title" data-testid="version-compare">
            <h2 id="vc-title">{ t(lang, "vc.title") }</h2>
            <p class="lead">{ t(lang, "vc.lead") }</p>
            <div class="vc-controls">
                <button type="button" data-testid="vc-open" aria-expanded={if *open { "true" } else { "false" }} onclick={toggle}>
                    { t(lang, if *open { "vc.hide" } else { "vc.button" }) }
                </button>
                <label class="vc-kx">
                    { t(lang, "vc.kx12") }{ " " }
                    <select data-testid="vc-kx" onchange={on_kx}>
                        { for [KxAlg::Rsa, KxAlg::Ecdhe].iter().map(|&k| html! {
                            <option value={k.name()} selected={k == *kx12}>{ t(lang, &format!("kx.{}", k.name())) }</option>
                        }) }
                    </select>
                </label>
            </div>
            { body }
            if failed { <p class="error" role="alert">{ t(lang, "error.engine") }</p> }
        </section>
    }
}
