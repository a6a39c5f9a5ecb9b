//! The hex view of a step's bytes, linked with its field list: hover (or focus) a field and its
//! bytes light up; hover a byte and its field lights up.

use std::rc::Rc;
use tlsim_core::Field;
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
    let rows = p.bytes.chunks(PER_ROW).enumerate().map(|(r, chunk)| {
        let base = r * PER_ROW;
        html! {
            <div class="hex-row">
                <span class="off">{ format!("{base:04x}") }</span>
                { for chunk.iter().enumerate().map(|(j, b)| {
                    let i = base + j;
                    let owner = owners.get(i).copied().flatten();
                    let lit = in_field(&p.fields, p.hover, i);
                    let class = classes!(
                        "b",
                        owner.map(|o| format!("c{}", o % 6)),
                        lit.then_some("lit"),
                        (owner.is_some() && owner == p.hover).then_some("own"),
                        p.before.as_ref().is_some_and(|v| v.get(i) != Some(b)).then_some("delta"),
                    );
                    html! { <span class={class} data-i={i.to_string()}>{ format!("{b:02x}") }</span> }
                }) }
            </div>
        }
    });
    html! {
        <div class="hex" data-testid="hex" data-bytes={p.bytes.len().to_string()}
            onmouseover={onmouseover} onmouseleave={onmouseleave} onclick={onclick}>
            { for rows }
        </div>
    }
}
