//! "Record now, decrypt later": one click records the session on screen and its counterpart
//! (RSA beside ECDHE, the same inputs otherwise), leaks the server's private key to the
//! eavesdropper, and shows what each recording gives up: the RSA session opens value by value,
//! the (EC)DHE session stays shut, with what the eavesdropper has and what it would need.

use crate::engine::{use_newest_answer, Engine};
use crate::engine_protocol::{Job, Recording, ReplyBody};
use crate::i18n::{t, tf, Lang};
use tlsim_core::transcript::Derived;
use tlsim_core::Scenario;
use yew::prelude::*;

/// Props of [`ForwardSecrecy`].
#[derive(Properties, PartialEq)]
pub struct ForwardSecrecyProps {
    /// where the two sessions are recorded (the page's engine worker)
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

fn short(v: &[u8]) -> String {
    let h = hex::encode(v);
    if h.len() > 64 {
        format!("{}…{} ({} B)", &h[..32], &h[h.len() - 16..], v.len())
    } else {
        h
    }
}

fn values(lang: Lang, title: &str, list: &[Derived]) -> Html {
    html! {
        <>
        <h4>{ t(lang, title) }</h4>
        <dl class="fs-values">
            { for list.iter().map(|d| html! {
                <>
                <dt>{ d.name.name() }</dt>
                <dd>
                    if !d.formula.is_empty() { <code class="formula">{ d.formula.clone() }</code><br/> }
                    <code>{ short(&d.value) }</code>
                </dd>
                </>
            }) }
        </dl>
        </>
    }
}

fn column(lang: Lang, c: &Recording) -> Html {
    let body = match &c.attempt {
        Err(e) => html! { <p class="error" role="alert">{ crate::i18n::render(lang, e) }</p> },
        Ok(a) => {
            let verdict = if a.opened() {
                html! { <p class="fs-verdict open" data-testid={format!("fs-verdict-{}", c.kx.name())}>{ t(lang, "fs.opened") }</p> }
            } else {
                html! { <p class="fs-verdict shut" data-testid={format!("fs-verdict-{}", c.kx.name())}>{ t(lang, "fs.shut") }</p> }
            };
            html! {
                <>
                { values(lang, "fs.recorded", &a.recorded) }
                <p class="hint">{ tf(lang, "fs.records", &[("count", &a.encrypted_records.to_string())]) }</p>
                <h4>{ t(lang, "fs.leak") }</h4>
                if a.opened() {
                    { values(lang, "fs.computed", &a.computed) }
                    <h4>{ t(lang, "fs.read") }</h4>
                    { for a.plaintext.iter().map(|(from_client, p)| html! {
                        <p class="fs-plaintext">
                            <span class="value-label">{ t(lang, if *from_client { "lane.client" } else { "lane.server" }) }{ ": " }</span>
                            <code data-testid="fs-plaintext">{ String::from_utf8_lossy(p).to_string() }</code>
                        </p>
                    }) }
                } else {
                    <p>{ t(lang, &format!("fs.why_shut.{}", c.kx.name())) }</p>
                    <h4>{ t(lang, "fs.missing") }</h4>
                    <ul>{ for a.missing.iter().map(|m| html! { <li><code>{ m.name() }</code></li> }) }</ul>
                }
                { verdict }
                </>
            }
        }
    };
    html! {
        <section class={classes!("fs-column", format!("fs-{}", c.kx.name()))} data-testid={format!("fs-{}", c.kx.name())}>
            <h3>{ t(lang, &format!("kx.{}", c.kx.name())) }</h3>
            { body }
        </section>
    }
}

/// The button and, once pressed, the two recordings side by side.
#[function_component]
pub fn ForwardSecrecy(p: &ForwardSecrecyProps) -> Html {
    let lang = p.lang;
    let open = use_state(|| false);
    let toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    // Two extra sessions (issue 11), recorded by the engine worker (which keeps their
    // certificates between runs): only while open and only when what they read changes (a step
    // change or a hover does not re-run them). Only the newest answer is shown.
    let columns = use_newest_answer(
        &p.engine,
        (*open).then(|| (p.scenario.clone(), p.seed, p.now)),
        |(scenario, seed, now)| Job::Record {
            scenario,
            seed,
            now,
        },
        |b| match b {
            ReplyBody::Recorded(r) => Some(r),
            _ => None,
        },
    );
    html! {
        <section class="forward-secrecy" aria-labelledby="fs-title" data-testid="forward-secrecy">
            <h2 id="fs-title">{ t(lang, "fs.title") }</h2>
            <p class="lead">{ t(lang, "fs.lead") }</p>
            <button type="button" data-testid="fs-record" aria-expanded={if *open { "true" } else { "false" }} onclick={toggle}>
                { t(lang, if *open { "fs.hide" } else { "fs.button" }) }
            </button>
            if let Some(Ok(cols)) = &*columns {
                <div class="fs-columns">{ for cols.iter().map(|c| column(lang, c)) }</div>
            }
            if let Some(Err(_)) = &*columns {
                <p class="error" role="alert">{ t(lang, "error.engine") }</p>
            }
        </section>
    }
}
