//! The TLS 1.3 key schedule of a step (issue 15), as a ladder: each secret the step derived, the
//! HKDF operation that made it, the label it was expanded with and the transcript hash it was
//! bound to. Nothing is computed here: the label and the context are read back out of the
//! `HkdfLabel` bytes the core fed to HKDF-Expand (RFC 8446 §7.1), the rest comes from the
//! step's derived values.

use crate::i18n::{t, Lang};
use tlsim_core::transcript::Derived;
use tlsim_core::ValueId;
use yew::prelude::*;

/// An `HkdfLabel` (RFC 8446 §7.1) read back from its bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HkdfLabel {
    /// The output length.
    pub length: u16,
    /// The full label, `"tls13 "` + the label.
    pub label: String,
    /// The context: a transcript hash, or empty.
    pub context: Vec<u8>,
}

/// ```text
/// struct {
///     uint16 length = Length;
///     opaque label<7..255> = "tls13 " + Label;
///     opaque context<0..255> = Context;
/// } HkdfLabel;
/// ```
/// `None` unless the bytes are exactly one such struct.
pub fn read_hkdf_label(b: &[u8]) -> Option<HkdfLabel> {
    let length = u16::from_be_bytes([*b.first()?, *b.get(1)?]);
    let n = usize::from(*b.get(2)?);
    let label = b.get(3..3 + n)?;
    let m = usize::from(*b.get(3 + n)?);
    let context = b.get(4 + n..4 + n + m)?;
    if b.len() != 4 + n + m || !label.starts_with(b"tls13 ") {
        return None;
    }
    Some(HkdfLabel {
        length,
        label: String::from_utf8(label.to_vec()).ok()?,
        context: context.to_vec(),
    })
}

/// The HKDF operation a formula names (`HKDF-Extract`, `HKDF-Expand-Label`, `Transcript-Hash`).
pub fn operation(formula: &str) -> Option<&'static str> {
    ["HKDF-Extract", "HKDF-Expand-Label", "Transcript-Hash"]
        .into_iter()
        .find(|op| formula.starts_with(op))
}

/// The label of a derived value, if it was expanded with one.
pub fn label_of(d: &Derived) -> Option<HkdfLabel> {
    d.inputs
        .iter()
        .find(|(k, _)| *k == ValueId::Label)
        .and_then(|(_, v)| hex::decode(v).ok())
        .and_then(|b| read_hkdf_label(&b))
}

fn short(v: &[u8]) -> String {
    let h = hex::encode(v);
    if h.len() > 24 {
        format!("{}…", &h[..24])
    } else {
        h
    }
}

/// The ladder, when the step derived any key-schedule value (else nothing).
pub fn ladder(lang: Lang, derived: &[Derived]) -> Html {
    let rungs: Vec<(&Derived, &'static str)> = derived
        .iter()
        .filter_map(|d| operation(&d.formula).map(|op| (d, op)))
        .filter(|(_, op)| *op != "Transcript-Hash")
        .collect();
    if rungs.is_empty() {
        return html! {};
    }
    html! {
        <section class="key-schedule" data-testid="key-schedule">
            <h3>{ t(lang, "ks.title") }</h3>
            <p class="hint">{ t(lang, "ks.lead") }</p>
            <ol>
            { for rungs.iter().map(|(d, op)| {
                let label = label_of(d);
                html! {
                    <li data-value={d.name.name()} data-op={*op}
                        data-label={label.as_ref().map(|l| l.label.clone())}
                        data-context={label.as_ref().map(|l| hex::encode(&l.context))}>
                        <code>{ d.name.name() }</code>{ " ← " }<code>{ *op }</code>
                        if let Some(l) = &label {
                            <span class="ks-part">{ " · " }{ t(lang, "ks.label") }{ " " }<code>{ format!("\"{}\"", l.label) }</code></span>
                            <span class="ks-part">{ " · " }{ t(lang, "ks.context") }{ " " }
                                <code>{ if l.context.is_empty() { "\"\"".to_string() } else { short(&l.context) } }</code></span>
                            <span class="ks-part">{ " · " }{ t(lang, "ks.length") }{ " " }<code>{ l.length.to_string() }</code></span>
                        }
                        <span class="ks-part">{ " = " }<code>{ short(&d.value) }</code></span>
                    </li>
                }
            }) }
            </ol>
        </section>
    }
}
