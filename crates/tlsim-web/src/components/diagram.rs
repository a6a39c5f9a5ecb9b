//! The sequence diagram: four lanes (CA, Client, Network, Server), one row per step, arrows drawn
//! in order. Past steps are solid, the current one is highlighted and animated, future ones faint.
//!
//! It is a keyboard listbox (issue 11): one option per step, `aria-selected` on the current one,
//! a roving tabindex (the current step is the one tab stop), arrow keys and Home/End move the
//! step, Enter or Space selects the focused one; a polite live region announces the step.

use crate::i18n::{self, Lang};
use std::rc::Rc;
use tlsim_core::{Actor, Step, StepKind, Transcript};
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Width of the drawing (SVG user units).
const W: i32 = 400;
/// Height of the lane header.
const TOP: i32 = 34;
/// Height of one step row.
const ROW: i32 = 25;

/// The x of a lane.
pub fn lane_x(a: Actor) -> i32 {
    match a {
        Actor::Ca => 40,
        Actor::Client => 140,
        Actor::Network => 250,
        Actor::Server => 360,
    }
}

/// What a step's row draws: an arrow from the sender's lane to the receiver's (the head at the
/// receiver), or a box on one lane for a local computation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// A message: `tail` and `head` are lane x's; the arrowhead is drawn at `head`.
    Arrow {
        /// the sender's lane
        tail: i32,
        /// the receiver's lane (the arrowhead)
        head: i32,
    },
    /// A computation on one lane.
    Box {
        /// the lane
        x: i32,
    },
}

/// The shape of a step's row: who sends is the tail, who receives is the head.
pub fn shape_of(step: &Step) -> Shape {
    let (tail, head) = (lane_x(step.from), lane_x(step.to));
    if tail == head {
        Shape::Box { x: tail }
    } else {
        Shape::Arrow { tail, head }
    }
}

/// The drawn line of an arrow from lane `tail` to lane `head`: `(x1, x2)`, where the SVG line
/// starts and where it ends; `marker-end` puts the arrowhead at `x2`, just short of `head`.
pub fn line_ends(tail: i32, head: i32) -> (i32, i32) {
    let dir = if head > tail { 1 } else { -1 };
    (tail + 4 * dir, head - 6 * dir)
}

/// The step a key moves to in the listbox, from step `at` of `len` (`None`: not a listbox key).
pub fn key_target(key: &str, at: usize, len: usize) -> Option<usize> {
    let last = len.checked_sub(1)?;
    match key {
        "ArrowDown" | "ArrowRight" => Some((at + 1).min(last)),
        "ArrowUp" | "ArrowLeft" => Some(at.saturating_sub(1).min(last)),
        "Home" => Some(0),
        "End" => Some(last),
        "PageDown" => Some((at + 5).min(last)),
        "PageUp" => Some(at.saturating_sub(5).min(last)),
        "Enter" | " " => Some(at.min(last)),
        _ => None,
    }
}

/// `label` cut to fit `avail` SVG units at the label font (Latin ~6.2 units a character in bold,
/// wide CJK characters ~11), with an ellipsis; the full title is in the row's tooltip and the list.
pub fn fit(label: &str, avail: i32) -> String {
    let width = |c: char| if (c as u32) >= 0x1100 { 11 } else { 6 };
    let total: i32 = label.chars().map(width).sum();
    if total <= avail {
        return label.to_string();
    }
    let mut used = width('…');
    let mut out = String::new();
    for c in label.chars() {
        used += width(c);
        if used > avail {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// A `textLength` that squeezes a lane name into its box when it is too wide (e.g. 인증 기관(CA)).
fn squeeze(label: &str, room: i32) -> Option<String> {
    let width: i32 = label
        .chars()
        .map(|c| if (c as u32) >= 0x1100 { 12 } else { 7 })
        .sum();
    (width > room).then(|| room.to_string())
}

/// A step's name in the listbox and in the announcement: number, title, who to whom, and
/// whether it failed or changed.
pub fn option_label(lang: Lang, s: &Step, i: usize, failed: bool, changed: bool) -> String {
    let mut out = i18n::tf(
        lang,
        "ui.step_option",
        &[
            ("n", &(i + 1).to_string()),
            ("title", i18n::step_title_of(lang, s)),
            ("from", i18n::lane_label(lang, s.from)),
            ("to", i18n::lane_label(lang, s.to)),
        ],
    );
    if failed {
        out.push_str(i18n::t(lang, "ui.step_option_failed"));
    }
    if changed {
        out.push_str(i18n::t(lang, "ui.step_option_changed"));
    }
    out
}

/// What the live region says when step `i` of `total` becomes current.
pub fn announcement(lang: Lang, s: &Step, i: usize, total: usize, failed: bool) -> String {
    let of = i18n::tf(
        lang,
        "ui.step_of",
        &[
            ("current", &(i + 1).to_string()),
            ("total", &total.to_string()),
        ],
    );
    let mut out = i18n::tf(
        lang,
        "ui.step_announce",
        &[
            ("of", &of),
            ("title", i18n::step_title_of(lang, s)),
            ("from", i18n::lane_label(lang, s.from)),
            ("to", i18n::lane_label(lang, s.to)),
        ],
    );
    if failed {
        out.push_str(i18n::t(lang, "ui.step_option_failed"));
    }
    out
}

/// Props of [`Diagram`].
#[derive(Properties, PartialEq)]
pub struct DiagramProps {
    /// the transcript
    pub transcript: Rc<Transcript>,
    /// current step
    pub step: usize,
    /// failing steps
    pub failed: Vec<usize>,
    /// steps changed by the last edit
    pub changed: Vec<bool>,
    /// speed index (animation pace)
    pub speed: usize,
    /// page language
    pub lang: Lang,
    /// draw the TCP three-way handshake before the ClientHello
    #[prop_or_default]
    pub show_tcp: bool,
    /// jump to a step
    pub on_goto: Callback<usize>,
}

/// The diagram.
#[function_component]
pub fn Diagram(p: &DiagramProps) -> Html {
    let steps = &p.transcript.steps;
    let lang = p.lang;
    // The TCP rows (not steps of the session) go right before the ClientHello.
    let tcp_at = steps
        .iter()
        .position(|s| s.key == tlsim_core::StepKey::ClientHello)
        .filter(|_| p.show_tcp);
    let extra = if tcp_at.is_some() { 3 } else { 0 };
    let row_of = |i: usize| -> i32 {
        i as i32
            + if tcp_at.is_some_and(|at| i >= at) {
                3
            } else {
                0
            }
    };
    let h = TOP + ROW * (steps.len() as i32 + extra) + 10;
    let tcp_rows = tcp_at.map(|at| {
        let before_current = p.step < at;
        [("tcp.syn", Actor::Client, Actor::Server), ("tcp.syn_ack", Actor::Server, Actor::Client), ("tcp.ack", Actor::Client, Actor::Server)]
            .iter()
            .enumerate()
            .map(|(k, &(key, from, to))| {
                let y = TOP + ROW * (at as i32 + k as i32) + ROW / 2 + 4;
                let (x1, x2) = (lane_x(from), lane_x(to));
                let dir = if x2 > x1 { 1 } else { -1 };
                html! {
                    <g class={classes!("row", "tcp", before_current.then_some("future"))} data-tcp={key} aria-hidden="true">
                        <line class="arrow" x1={(x1 + 4 * dir).to_string()} y1={y.to_string()}
                            x2={(x2 - 6 * dir).to_string()} y2={y.to_string()} marker-end="url(#head)" />
                        <text class="label" x={((x1 + x2) / 2).to_string()} y={(y - 5).to_string()} text-anchor="middle">{ format!("TCP {}", crate::i18n::t(lang, key)) }</text>
                        <title>{ crate::i18n::t(lang, "tcp.explain") }</title>
                    </g>
                }
            })
            .collect::<Html>()
    });
    let lanes = [Actor::Ca, Actor::Client, Actor::Network, Actor::Server];
    let rows = steps.iter().enumerate().map(|(i, s)| {
        let y = TOP + ROW * row_of(i) + ROW / 2 + 4;
        let phase = if i == p.step {
            "current"
        } else if i < p.step {
            "past"
        } else {
            "future"
        };
        let failed = p.failed.contains(&i);
        let alert = s.kind == StepKind::Alert;
        let changed = p.changed.get(i).copied().unwrap_or(false);
        let enc = super::version_compare::encrypted(s);
        let class = classes!(
            enc.then_some("encrypted"),
            "row",
            phase,
            failed.then_some("failed"),
            alert.then_some("alert"),
            changed.then_some("changed"),
            match s.kind {
                StepKind::Issue => "issue",
                StepKind::Message => "message",
                StepKind::Compute => "compute",
                StepKind::Tamper => "tamper",
                StepKind::Alert => "alert",
            }
        );
        let on_goto = p.on_goto.clone();
        let onclick = Callback::from(move |_: MouseEvent| on_goto.emit(i));
        let label = format!("{}. {}", i + 1, i18n::step_title_of(lang, s));
        let shape = match shape_of(s) {
            Shape::Box { x: x1 } => {
            // a local computation (or a tamper on the network lane): a box on the lane
            let (tx, anchor) = if x1 > W / 2 { (x1 - 14, "end") } else { (x1 + 14, "start") };
            let avail = if anchor == "end" { tx - 4 } else { W - tx - 4 };
            let label = fit(&label, avail);
            html! {
                <>
                <rect class="box" x={(x1 - 8).to_string()} y={(y - 8).to_string()} width="16" height="16" rx="3" />
                <text class="label" x={tx.to_string()} y={(y + 4).to_string()} text-anchor={anchor}>{ label }</text>
                </>
            }
            }
            Shape::Arrow { tail, head } => {
            let (x1, x2) = line_ends(tail, head);
            let dir = if x2 > x1 { 1 } else { -1 };
            let mid = (tail + head) / 2;
            // centred on the arrow, it may reach past the arrow but not past the drawing
            let avail = 2 * mid.min(W - mid) - 8;
            let label = fit(&label, avail);
            html! {
                <>
                if enc {
                    // a protected record: a lock where the arrow leaves its sender
                    <g class="lock" transform={format!("translate({} {})", x1 + 12 * dir - 4, y + 2)} aria-hidden="true">
                        <path d="M2.2 4.2V2.9a1.8 1.8 0 0 1 3.6 0v1.3" fill="none" stroke="currentColor" stroke-width="1.1" />
                        <rect x="0.8" y="4" width="6.4" height="5.2" rx="1" fill="currentColor" />
                    </g>
                }
                <line class="arrow" x1={x1.to_string()} y1={y.to_string()}
                    x2={x2.to_string()} y2={y.to_string()} pathLength="100"
                    marker-end={if alert || failed { "url(#head-bad)" } else { "url(#head)" }} />
                <text class="label" x={mid.to_string()} y={(y - 5).to_string()} text-anchor="middle">{ label }</text>
                </>
            }
            }
        };
        let selected = i == p.step;
        html! {
            <g key={i} class={class} data-step={i.to_string()} onclick={onclick}
                role="option" aria-selected={if selected { "true" } else { "false" }}
                tabindex={if selected { "0" } else { "-1" }}
                aria-posinset={(i + 1).to_string()} aria-setsize={steps.len().to_string()}
                aria-label={option_label(lang, s, i, failed, changed)}>
                <rect class="hit" x="0" y={(y - ROW / 2 - 2).to_string()} width={W.to_string()} height={ROW.to_string()} />
                if changed {
                    <circle class="changed-dot" cx="6" cy={y.to_string()} r="3.5"><title>{ crate::i18n::t(lang, "ui.changed") }</title></circle>
                }
                { shape }
                <title>{ format!("{} → {}: {}", i18n::lane_label(lang, s.from), i18n::lane_label(lang, s.to), i18n::step_title_of(lang, s)) }</title>
            </g>
        }
    });
    // Keys: move the step (selection follows focus); the focus follows the step below.
    let onkeydown = {
        let on_goto = p.on_goto.clone();
        let (len, step) = (steps.len(), p.step);
        Callback::from(move |e: KeyboardEvent| {
            // from the focused option (a screen reader may have moved focus), else the current step
            let at = e
                .target_dyn_into::<web_sys::Element>()
                .and_then(|el| el.closest("[data-step]").ok().flatten())
                .and_then(|el| el.get_attribute("data-step"))
                .and_then(|v| v.parse::<usize>().ok())
                .unwrap_or(step);
            if let Some(to) = key_target(&e.key(), at, len) {
                e.prevent_default();
                on_goto.emit(to);
            }
        })
    };
    let svg_ref = use_node_ref();
    {
        // Roving focus: when the step changes while a step of the diagram has focus, the focus
        // moves to the new current step.
        let svg_ref = svg_ref.clone();
        use_effect_with(p.step, move |step| {
            let svg = svg_ref.cast::<web_sys::Element>();
            let active = web_sys::window()
                .and_then(|w| w.document())
                .and_then(|d| d.active_element());
            if let (Some(svg), Some(active)) = (svg, active) {
                let inside = svg.contains(Some(active.unchecked_ref()));
                let target = svg
                    .query_selector(&format!("[data-step=\"{step}\"]"))
                    .ok()
                    .flatten()
                    .and_then(|el| el.dyn_into::<web_sys::SvgElement>().ok());
                if let (true, Some(el)) = (inside, target) {
                    if el != *active.unchecked_ref::<web_sys::SvgElement>() {
                        let _ = el.focus();
                    }
                }
            }
        });
    }
    let announce = steps
        .get(p.step)
        .map(|s| announcement(lang, s, p.step, steps.len(), p.failed.contains(&p.step)))
        .unwrap_or_default();
    html! {
        <figure class="diagram" data-testid="diagram">
            <svg viewBox={format!("0 0 {W} {h}")} class={format!("speed-{}", p.speed)} ref={svg_ref}
                role="listbox" aria-orientation="vertical" aria-label={crate::i18n::t(lang, "ui.diagram")}
                onkeydown={onkeydown}>
                <defs aria-hidden="true">
                    <marker id="head" viewBox="0 0 10 10" refX="8" refY="5" markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9" orient="auto-start-reverse">
                        <path d="M0,0 L10,5 L0,10 z" class="head" />
                    </marker>
                    <marker id="head-bad" viewBox="0 0 10 10" refX="8" refY="5" markerUnits="userSpaceOnUse" markerWidth="9" markerHeight="9" orient="auto-start-reverse">
                        <path d="M0,0 L10,5 L0,10 z" class="head-bad" />
                    </marker>
                </defs>
                { for lanes.iter().map(|&a| {
                    let x = lane_x(a);
                    html! {
                        <g class={classes!("lane", format!("lane-{}", x))} aria-hidden="true">
                            <rect class="lane-head" x={(x - 36).to_string()} y="4" width="72" height="22" rx="4" />
                            <text class="lane-name" x={x.to_string()} y="19" text-anchor="middle"
                                textLength={squeeze(i18n::lane_label(lang, a), 66)} lengthAdjust="spacingAndGlyphs">{ i18n::lane_label(lang, a) }</text>
                            <line class="lifeline" x1={x.to_string()} y1={TOP.to_string()} x2={x.to_string()} y2={h.to_string()} />
                        </g>
                    }
                }) }
                { tcp_rows.unwrap_or_default() }
                { for rows }
            </svg>
            <p class="visually-hidden" role="status" aria-live="polite" aria-atomic="true"
                data-testid="step-announce">{ announce }</p>
        </figure>
    }
}
