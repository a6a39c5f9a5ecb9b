//! The hex view of a step's bytes, linked with its field list: hover (or focus) a field and its
//! bytes light up; hover a byte and its field lights up.
//!
//! By keyboard (issue 11): the hex view takes focus and keeps a byte cursor (arrow keys, Home/End,
//! PageUp/PageDown); the field under the cursor lights up and a polite live line names it; Enter
//! picks that field (an input opens for editing).

use crate::i18n::{self, Lang};
use std::rc::Rc;
use tlsim_core::Field;
use wasm_bindgen::JsCast;
use web_sys::Element;
use yew::prelude::*;

/// Bytes per row.
pub const PER_ROW: usize = 16;

/// For each byte, the field that owns it: the deepest field containing it (the shortest one on a
/// tie), or `None` for bytes no field names. Fields reaching past the end are clipped.
pub fn byte_owners(fields: &[Field], len: usize) -> Vec<Option<usize>> {
    let mut owner: Vec<Option<usize>> = vec![None; len];
    for (fi, f) in fields.iter().enumerate() {
        let end = f.offset.saturating_add(f.len).min(len);
        for slot in owner.iter_mut().take(end).skip(f.offset) {
            let better = match *slot {
                None => true,
                Some(cur) => {
                    let c = &fields[cur];
                    f.depth > c.depth || (f.depth == c.depth && f.len < c.len)
                }
            };
            if better {
                *slot = Some(fi);
            }
        }
    }
    owner
}

/// Is byte `i` inside field `f`?
pub fn in_field(fields: &[Field], f: Option<usize>, i: usize) -> bool {
    f.and_then(|f| fields.get(f))
        .is_some_and(|f| i >= f.offset && i < f.offset.saturating_add(f.len))
}

/// Where a key moves the byte cursor from `at` in `len` bytes (`None`: not a cursor key).
pub fn cursor_target(key: &str, at: usize, len: usize) -> Option<usize> {
    let last = len.checked_sub(1)?;
    let at = at.min(last);
    match key {
        "ArrowRight" => Some((at + 1).min(last)),
        "ArrowLeft" => Some(at.saturating_sub(1)),
        "ArrowDown" => Some(if at + PER_ROW <= last {
            at + PER_ROW
        } else {
            at
        }),
        "ArrowUp" => Some(at.checked_sub(PER_ROW).unwrap_or(at)),
        "PageDown" => Some((at + 8 * PER_ROW).min(last)),
        "PageUp" => Some(at.saturating_sub(8 * PER_ROW)),
        "Home" => Some(0),
        "End" => Some(last),
        _ => None,
    }
}

/// The class of byte `i`'s span: `b`, the owning field's colour (`c0`..`c5`), `lit` (inside the
/// hovered field), `own` (owned by it), `delta` (differs from the run before), `cursor` (the
/// keyboard's byte cursor).
pub fn byte_class(owner: Option<usize>, lit: bool, own: bool, delta: bool, cursor: bool) -> String {
    use std::fmt::Write;
    let mut c = String::from("b");
    if let Some(o) = owner {
        let _ = write!(c, " c{}", o % 6);
    }
    for (on, name) in [
        (lit, " lit"),
        (own, " own"),
        (delta, " delta"),
        (cursor, " cursor"),
    ] {
        if on {
            c.push_str(name);
        }
    }
    c
}

/// Does byte `i` differ from the run before?
fn differs(bytes: &[u8], before: Option<&[u8]>, i: usize) -> bool {
    before.is_some_and(|v| v.get(i) != bytes.get(i))
}

/// The hex rows as HTML: per row `<div class="hex-row">` with its offset and one
/// `<span class="…" data-i="…">` per byte, classed by [`byte_class`] without the hover and the
/// cursor (those change without a new string: [`marked`] and an effect set them).
pub fn rows_html(bytes: &[u8], owners: &[Option<usize>], before: Option<&[u8]>) -> String {
    use std::fmt::Write;
    let mut out = String::with_capacity(bytes.len() * 40 + bytes.len() / PER_ROW * 48);
    for (r, chunk) in bytes.chunks(PER_ROW).enumerate() {
        let base = r * PER_ROW;
        let _ = write!(
            out,
            "<div class=\"hex-row\"><span class=\"off\">{base:04x}</span>"
        );
        for (j, b) in chunk.iter().enumerate() {
            let i = base + j;
            let owner = owners.get(i).copied().flatten();
            let class = byte_class(owner, false, false, differs(bytes, before, i), false);
            let _ = write!(out, "<span class=\"{class}\" data-i=\"{i}\">{b:02x}</span>");
        }
        out.push_str("</div>");
    }
    out
}

/// The bytes whose class the hover or the cursor changes: those of the hovered field, and the
/// cursor's byte (in order, once each).
pub fn marked(
    fields: &[Field],
    hover: Option<usize>,
    cursor: Option<usize>,
    len: usize,
) -> Vec<usize> {
    let mut out: Vec<usize> = hover
        .and_then(|h| fields.get(h))
        .map(|f| (f.offset.min(len)..f.offset.saturating_add(f.len).min(len)).collect())
        .unwrap_or_default();
    if let Some(c) = cursor.filter(|&c| c < len && !out.contains(&c)) {
        out.push(c);
        out.sort_unstable();
    }
    out
}

/// Props of [`HexView`].
#[derive(Properties, PartialEq)]
pub struct HexViewProps {
    /// the bytes
    pub bytes: Vec<u8>,
    /// their fields
    pub fields: Vec<Field>,
    /// hovered field
    pub hover: Option<usize>,
    /// hover a field (or none)
    pub on_hover: Callback<Option<usize>>,
    /// a byte was clicked: the field that owns it (issue 11: a click on an input's bytes edits it)
    #[prop_or_default]
    pub on_pick: Callback<Option<usize>>,
    /// the same step's bytes in the run before the last edit: bytes that differ are marked
    #[prop_or_default]
    pub before: Option<Rc<Vec<u8>>>,
    /// page language (the cursor line)
    #[prop_or_default]
    pub lang: Lang,
}

/// The hex dump.
#[function_component]
pub fn HexView(p: &HexViewProps) -> Html {
    let owners = use_memo((p.bytes.len(), p.fields.clone()), |(len, fields)| {
        byte_owners(fields, *len)
    });
    let onmouseover = {
        let owners = owners.clone();
        let cb = p.on_hover.clone();
        Callback::from(move |e: MouseEvent| {
            let idx = e
                .target_dyn_into::<Element>()
                .and_then(|el| el.get_attribute("data-i"))
                .and_then(|v| v.parse::<usize>().ok());
            if let Some(i) = idx {
                cb.emit(owners.get(i).copied().flatten());
            }
        })
    };
    let onclick = {
        let owners = owners.clone();
        let cb = p.on_pick.clone();
        Callback::from(move |e: MouseEvent| {
            let idx = e
                .target_dyn_into::<Element>()
                .and_then(|el| el.get_attribute("data-i"))
                .and_then(|v| v.parse::<usize>().ok());
            if let Some(i) = idx {
                cb.emit(owners.get(i).copied().flatten());
            }
        })
    };
    let onmouseleave = {
        let cb = p.on_hover.clone();
        Callback::from(move |_: MouseEvent| cb.emit(None))
    };
    // The keyboard's byte cursor (kept inside the bytes when the step changes).
    let cursor_state = use_state(|| None::<usize>);
    let cursor = (*cursor_state).filter(|&c| c < p.bytes.len());
    let move_to = {
        let owners = owners.clone();
        let cb = p.on_hover.clone();
        let cursor_state = cursor_state.clone();
        move |i: usize| {
            cursor_state.set(Some(i));
            cb.emit(owners.get(i).copied().flatten());
        }
    };
    let onfocus = {
        let move_to = move_to.clone();
        let len = p.bytes.len();
        Callback::from(move |_: FocusEvent| {
            if len > 0 {
                move_to(cursor.unwrap_or(0));
            }
        })
    };
    let onkeydown = {
        let owners = owners.clone();
        let pick = p.on_pick.clone();
        let len = p.bytes.len();
        Callback::from(move |e: KeyboardEvent| {
            let at = cursor.unwrap_or(0);
            if e.key() == "Enter" {
                e.prevent_default();
                pick.emit(owners.get(at).copied().flatten());
            } else if let Some(to) = cursor_target(&e.key(), at, len) {
                e.prevent_default();
                move_to(to);
            }
        })
    };
    let cursor_field = cursor.and_then(|c| owners.get(c).copied().flatten());
    let cursor_line = match cursor {
        None => i18n::t(p.lang, "ui.hex_keys").to_string(),
        Some(c) => {
            let byte = format!("0x{c:04x} = {:02x}", p.bytes[c]);
            match cursor_field.and_then(|f| p.fields.get(f)) {
                Some(f) => i18n::tf(
                    p.lang,
                    "ui.hex_cursor",
                    &[
                        ("byte", &byte),
                        ("field", f.name.name()),
                        ("offset", &f.offset.to_string()),
                        ("len", &f.len.to_string()),
                        ("meaning", &i18n::render(p.lang, &f.meaning)),
                    ],
                ),
                None => i18n::tf(p.lang, "ui.hex_cursor_none", &[("byte", &byte)]),
            }
        }
    };
    // The rows as one HTML string (issue 11): ~1,500 byte spans made by the browser's parser in
    // one call instead of one DOM call per span, attribute and text (the hex view was half the
    // page's nodes and most of its first render). Only hex digits, numbers and fixed class names
    // go in; the handlers are on the container, which reads `data-i`. The string changes only
    // with the step's bytes, so hovering does not replace the spans under the pointer.
    let html = use_memo(
        (p.bytes.clone(), p.fields.clone(), p.before.clone()),
        |(bytes, _, before)| {
            AttrValue::from(rows_html(
                bytes,
                &owners,
                before.as_deref().map(|v| v.as_slice()),
            ))
        },
    );
    let html: AttrValue = (*html).clone();
    // The hover and the cursor: the classes of the bytes they mark, set on the spans after the
    // commit (those marked before are reset first, unless the spans are new).
    let hex_ref = use_node_ref();
    let last = use_mut_ref(|| (AttrValue::default(), Vec::<usize>::new()));
    {
        let hex_ref = hex_ref.clone();
        let (owners, fields, before, bytes) = (
            owners.clone(),
            p.fields.clone(),
            p.before.clone(),
            p.bytes.clone(),
        );
        use_effect_with(
            (html.clone(), p.hover, cursor),
            move |(html, hover, cursor)| {
                let list = hex_ref
                    .cast::<Element>()
                    .and_then(|el| el.query_selector_all(".b").ok());
                if let Some(list) = list {
                    let set = |i: usize| {
                        let owner = owners.get(i).copied().flatten();
                        let class = byte_class(
                            owner,
                            in_field(&fields, *hover, i),
                            owner.is_some() && owner == *hover,
                            differs(&bytes, before.as_deref().map(|v| v.as_slice()), i),
                            *cursor == Some(i),
                        );
                        if let Some(el) = list
                            .item(i as u32)
                            .and_then(|n| n.dyn_into::<Element>().ok())
                        {
                            el.set_class_name(&class);
                        }
                    };
                    let now = marked(&fields, *hover, *cursor, bytes.len());
                    let mut last = last.borrow_mut();
                    if last.0 == *html {
                        last.1
                            .iter()
                            .filter(|i| !now.contains(i))
                            .for_each(|&i| set(i));
                    }
                    now.iter().for_each(|&i| set(i));
                    *last = (html.clone(), now);
                }
            },
        );
    }
    let rows = Html::from_html_unchecked(html);
    html! {
        <>
        <div class="hex" ref={hex_ref} data-testid="hex" data-bytes={p.bytes.len().to_string()}
            tabindex="0" role="group" aria-label={i18n::t(p.lang, "ui.hex_label")}
            data-cursor={cursor.map(|c| c.to_string())}
            data-cursor-field={cursor_field.and_then(|f| p.fields.get(f)).map(|f| f.name.name())}
            onmouseover={onmouseover} onmouseleave={onmouseleave} onclick={onclick}
            onfocus={onfocus} onkeydown={onkeydown}>
            { rows }
        </div>
        <p class="hex-cursor hint" data-testid="hex-cursor" aria-live="polite" aria-atomic="true">{ cursor_line }</p>
        </>
    }
}
