//! The sequence diagram: four lanes (CA, Client, Network, Server), one row per step, arrows drawn
//! in order. Past steps are solid, the current one is highlighted and animated, future ones faint.

use crate::i18n::{self, Lang};
use std::rc::Rc;
use tlsim_core::{Actor, StepKind, Transcript};
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
                    <g class={classes!("row", "tcp", before_current.then_some("future"))} data-tcp={key}>
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
        let (x1, x2) = (lane_x(s.from), lane_x(s.to));
        let label = format!("{}. {}", i + 1, i18n::step_title_of(lang, s));
        let shape = if x1 == x2 {
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
        } else {
            let dir = if x2 > x1 { 1 } else { -1 };
            let mid = (x1 + x2) / 2;
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
                <line class="arrow" x1={(x1 + 4 * dir).to_string()} y1={y.to_string()}
                    x2={(x2 - 6 * dir).to_string()} y2={y.to_string()} pathLength="100"
                    marker-end={if alert || failed { "url(#head-bad)" } else { "url(#head)" }} />
                <text class="label" x={mid.to_string()} y={(y - 5).to_string()} text-anchor="middle">{ label }</text>
                </>
            }
        };
        html! {
            <g key={i} class={class} data-step={i.to_string()} onclick={onclick}>
                <rect class="hit" x="0" y={(y - ROW / 2 - 2).to_string()} width={W.to_string()} height={ROW.to_string()} />
                if changed {
                    <circle class="changed-dot" cx="6" cy={y.to_string()} r="3.5"><title>{ crate::i18n::t(lang, "ui.changed") }</title></circle>
                }
                { shape }
                <title>{ format!("{} → {}: {}", i18n::lane_label(lang, s.from), i18n::lane_label(lang, s.to), i18n::step_title_of(lang, s)) }</title>
            </g>
        }
    });
    html! {
        <figure class="diagram" data-testid="diagram">
            <svg viewBox={format!("0 0 {W} {h}")} class={format!("speed-{}", p.speed)}
                role="img" aria-label={crate::i18n::t(lang, "ui.step_list")}>
                <defs>
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
                        <g class={classes!("lane", format!("lane-{}", x))}>
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
        </figure>
    }
}
