//! One of the four moments (issue 11), drawn frame by frame in the detail panel of the step where
//! it happens: the values of this run (`crate::moment` cuts them from the transcript), lanes for
//! who holds them, a caption per frame, previous/next/play buttons and ← → Home End keys. The
//! pace follows the speed control (`--dur`); with `prefers-reduced-motion` it starts on its last
//! frame and nothing moves (style.css).

use crate::i18n::{lane_label, render, t, tf, Lang};
use crate::moment::{frame_key, frame_ms, moment_at, FrameCmd, Player, Show, Value};
use gloo::timers::callback::Timeout;
use std::rc::Rc;
use tlsim_core::Transcript;
use yew::prelude::*;

/// Props of [`MomentView`].
#[derive(Properties, PartialEq)]
pub struct MomentProps {
    /// the transcript
    pub transcript: Rc<Transcript>,
    /// the step shown
    pub step: usize,
    /// page language
    pub lang: Lang,
    /// speed index (`state::SPEEDS`)
    #[prop_or(1)]
    pub speed: usize,
}

fn spaced(b: &[u8]) -> String {
    b.iter()
        .map(|x| format!("{x:02x}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Bytes as shown: whole up to 24, else head … tail.
fn short(b: &[u8], head: usize, tail: usize) -> String {
    if b.len() <= head + tail + 4 {
        return spaced(b);
    }
    format!("{} … {}", spaced(&b[..head]), spaced(&b[b.len() - tail..]))
}

/// The order class of the i-th item (`o0` … `o11`: style.css staggers their entrance; the page's
/// CSP allows no inline style).
fn order(i: usize) -> String {
    format!("o{}", i.min(11))
}

fn value_view(lang: Lang, v: &Value) -> Html {
    let count = tf(
        lang,
        "moment.bytes",
        &[("count", &v.bytes.len().to_string())],
    );
    let body = match &v.show {
        Show::Whole => html! { <code class="mv-bytes">{ short(&v.bytes, 12, 6) }</code> },
        Show::Parts(segs) => html! {
            <>
            <code class="mv-bytes parts">
            { for segs.iter().enumerate().map(|(i, s)| {
                let b = v.bytes.get(s.start.min(v.bytes.len())..s.end.min(v.bytes.len())).unwrap_or_default();
                html! { <span class={classes!("seg", s.kind.class(), order(i))} data-seg={s.kind.class()}>{ short(b, 3, 2) }</span> }
            }) }
            </code>
            <ul class="mv-legend">
            { for segs.iter().enumerate().map(|(i, s)| html! {
                <li class={order(i)}><span class={classes!("swatch", s.kind.class())} aria-hidden="true"></span><code>{ s.label.clone() }</code></li>
            }) }
            </ul>
            </>
        },
        Show::Compare { other, tail } => {
            let from = v.bytes.len().saturating_sub(*tail);
            html! {
                <code class="mv-bytes cmp-row">
                { for v.bytes[from..].iter().enumerate().map(|(i, b)| {
                    let same = other.get(from + i) == Some(b);
                    html! { <span class={classes!("b", if same { "eq" } else { "diff" }, order(i / 5))}>{ format!("{b:02x}") }</span> }
                }) }
                </code>
            }
        }
    };
    html! {
        <div class="mv" data-mv={v.id} data-for={v.of} data-hex={hex::encode(&v.bytes)}>
            <p class="mv-label"><code>{ v.label.clone() }</code>{ format!(" ({count})") }</p>
            { body }
        </div>
    }
}

/// The moment of the current step, if it has one.
#[function_component]
pub fn MomentView(p: &MomentProps) -> Html {
    let moment = use_memo((p.transcript.clone(), p.step), |(t, i)| moment_at(t, *i));
    let len = moment.as_ref().as_ref().map_or(0, |m| m.frames.len());
    // The player of this step: a new step starts a new playback (kept with the step it is for,
    // rather than keying the component: a keyed child among unkeyed siblings confuses Yew's
    // reconciliation).
    let reduced = *use_memo((), |_| crate::app::prefers_reduced_motion());
    let slot = use_state(|| (p.step, Player::start(len, reduced)));
    let current = if slot.0 == p.step {
        slot.1
    } else {
        Player::start(len, reduced)
    };
    let cmd = {
        let slot = slot.clone();
        let step = p.step;
        Callback::from(move |c: FrameCmd| {
            let base = if slot.0 == step {
                slot.1
            } else {
                Player::start(len, reduced)
            };
            slot.set((step, base.apply(c, len)));
        })
    };
    let player = &current;
    // The frame timer: one timeout per frame while playing.
    {
        let cmd = cmd.clone();
        let ms = frame_ms(p.speed);
        use_effect_with((current, p.step, ms), move |(pl, _, ms)| {
            let t = pl
                .playing
                .then(|| Timeout::new(*ms, move || cmd.emit(FrameCmd::Tick)));
            move || drop(t)
        });
    }
    let Some(m) = moment.as_ref() else {
        return Html::default();
    };
    let lang = p.lang;
    let kind = m.kind.name();
    let cur = player.frame.min(len.saturating_sub(1));
    let Some(f) = m.frames.get(cur) else {
        return Html::default();
    };
    let args: Vec<(&str, &str)> = f.args.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let caption = tf(lang, &format!("moment.{kind}.{}", f.id), &args);
    let on_key = {
        let cmd = cmd.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.ctrl_key() || e.alt_key() || e.meta_key() {
                return;
            }
            if let Some(c) = frame_key(&e.key()) {
                e.prevent_default();
                cmd.emit(c);
            }
        })
    };
    let button = |c: FrameCmd, id: &str, label: &'static str, glyph: &'static str, off: bool| {
        let cmd = cmd.clone();
        html! {
            <button type="button" data-testid={format!("moment-{id}")} aria-label={label} title={label}
                disabled={off} onclick={Callback::from(move |_: MouseEvent| cmd.emit(c))}>{ glyph }</button>
        }
    };
    let last = len.saturating_sub(1);
    let verdict = f.verdict.map(|ok| if ok { "pass" } else { "fail" });
    let travel = f.travel.map(|(a, b)| {
        format!(
            "{}-{}",
            crate::moment::lane_name(a),
            crate::moment::lane_name(b)
        )
    });
    html! {
        <section class={classes!("moment", format!("moment-{kind}"), format!("speed-{}", p.speed), player.playing.then_some("playing"))}
            data-testid="moment" data-moment={kind} data-frame={cur.to_string()} data-frames={len.to_string()}
            data-frame-id={f.id} data-verdict={m.verdict().map(|ok| if ok { "pass" } else { "fail" })}
            aria-label={t(lang, &format!("moment.{kind}.title"))} tabindex="0" onkeydown={on_key}>
            <h3>{ t(lang, &format!("moment.{kind}.title")) }</h3>
            <div class={classes!("moment-stage", format!("lanes-{}", m.kind.lanes().len()))} data-travel={travel}>
            { for m.kind.lanes().iter().map(|lane| {
                let here: Vec<&Value> = f.values.iter().filter(|v| v.lane == *lane).collect();
                let arriving = f.travel.is_some_and(|(_, to)| to == *lane) || (f.travel.is_some() && *lane == tlsim_core::Actor::Network);
                html! {
                    <div class={classes!("mlane", format!("mlane-{}", crate::moment::lane_name(*lane)), arriving.then_some("arrive"), here.is_empty().then_some("empty"))}>
                        <p class="mlane-name">{ lane_label(lang, *lane) }</p>
                        // keyed by step, frame and value: each frame's values enter anew
                        { for here.iter().enumerate().map(|(i, v)| html! {
                            <div class={classes!("mv-wrap", order(i))} key={format!("{}-{cur}-{i}-{}", p.step, v.id)}>{ value_view(lang, v) }</div>
                        }) }
                    </div>
                }
            }) }
            </div>
            <p class={classes!("moment-caption", verdict)} aria-live="polite" data-testid="moment-caption">
                <span class="moment-count">{ tf(lang, "moment.frame", &[("current", &(cur + 1).to_string()), ("total", &len.to_string())]) }</span>
                { " " }
                if let Some(v) = verdict { <strong class="moment-verdict" data-verdict={v}>{ if v == "pass" { "✔ " } else { "✘ " } }</strong> }
                { caption }
            </p>
            if let Some(n) = &f.note { <p class="moment-note">{ render(lang, n) }</p> }
            <div class="moment-controls">
                { button(FrameCmd::First, "first", t(lang, "moment.first"), "|◀", cur == 0) }
                { button(FrameCmd::Prev, "prev", t(lang, "moment.prev"), "◀", cur == 0) }
                { button(FrameCmd::Toggle, "play", t(lang, if player.playing { "moment.pause" } else { "moment.play" }), if player.playing { "❚❚" } else { "▷" }, last == 0) }
                { button(FrameCmd::Next, "next", t(lang, "moment.next"), "▶", cur >= last) }
                <ol class="moment-dots">
                { for (0..len).map(|i| {
                    let cmd = cmd.clone();
                    let label = tf(lang, "moment.frame", &[("current", &(i + 1).to_string()), ("total", &len.to_string())]);
                    html! { <li><button type="button" class={classes!("dot", (i == cur).then_some("on"))} aria-label={label.clone()} title={label}
                        aria-current={(i == cur).then_some("step")} onclick={Callback::from(move |_: MouseEvent| cmd.emit(FrameCmd::Go(i)))}></button></li> }
                }) }
                </ol>
                <span class="moment-hint">{ t(lang, "moment.keys") }</span>
            </div>
        </section>
    }
}
