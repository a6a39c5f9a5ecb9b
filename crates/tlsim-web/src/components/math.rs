//! "Show how it was computed" (issue 11): the math the core attached to a derived value, with this
//! run's numbers. Nothing is computed here: every byte comes from [`tlsim_core::math::Math`]; the
//! page only cuts blocks into their parts and lines two blocks up byte by byte.
//!
//! Every number carries its full value in `data-hex` (the end-to-end tests check them against
//! independent arithmetic), however it is folded on screen.

use crate::i18n::{t, tf, Lang};
use tlsim_core::math::{Bytes, HashAlg, Math, Signed};
use tlsim_core::msgs::HandshakeType;
use yew::prelude::*;

thread_local! {
    /// The numbers (by `data-math` name) of the panel being drawn that the last edit changed.
    static CHANGED: std::cell::RefCell<std::collections::BTreeSet<String>> =
        const { std::cell::RefCell::new(std::collections::BTreeSet::new()) };
}

/// Did the last edit change the number named `id` of the panel being drawn?
fn changed(id: &str) -> bool {
    CHANGED.with(|c| c.borrow().contains(id))
}

/// [`math_panel`] with the numbers named in `changed` marked (`delta`, `data-changed`): what the
/// last edit changed (issue 11; the names come from `crate::changes::changed_numbers`).
pub fn math_panel_marked(
    lang: Lang,
    name: &str,
    m: &Math,
    value: &[u8],
    changed: std::collections::BTreeSet<String>,
) -> Html {
    CHANGED.with(|c| *c.borrow_mut() = changed);
    let out = math_panel(lang, name, m, value);
    CHANGED.with(|c| c.borrow_mut().clear());
    out
}

/// A number or byte string: shown whole up to 48 bytes, else head … tail with a fold for the rest.
fn num(lang: Lang, id: &str, b: &[u8]) -> Html {
    let full = hex::encode(b);
    let delta = changed(id);
    if b.len() <= 48 {
        return html! { <code class={classes!("num", delta.then_some("delta"))} data-math={id.to_string()} data-changed={delta.then_some("true")} data-hex={full.clone()}>{ full }</code> };
    }
    let short = format!(
        "{}…{}",
        hex::encode(&b[..16]),
        hex::encode(&b[b.len() - 8..])
    );
    html! {
        <details class="num-fold">
            <summary><code class={classes!("num", delta.then_some("delta"))} data-math={id.to_string()} data-changed={delta.then_some("true")} data-hex={full.clone()}>{ short }</code>
                { format!(" ({})", tf(lang, "math.hex_full", &[("count", &b.len().to_string())])) }</summary>
            <code class="num-all">{ full }</code>
        </details>
    }
}

/// A row of a definition list.
fn row(label: String, value: Html) -> Html {
    html! { <><dt>{ label }</dt><dd>{ value }</dd></> }
}

/// A long run of one repeated byte, shortened: `ff ff ff … ff` (the count is in the legend).
fn run_hex(b: &[u8]) -> String {
    if b.len() <= 12 {
        return spaced(b);
    }
    format!("{} … {}", spaced(&b[..4]), spaced(&b[b.len() - 2..]))
}

fn spaced(b: &[u8]) -> String {
    b.iter()
        .map(|x| format!("{x:02x}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// One part of a block: its class, its bytes as shown, its legend.
struct Seg {
    class: &'static str,
    start: usize,
    end: usize,
    legend: String,
    fold: bool,
}

/// A block cut into its parts, colour-coded, with a legend.
fn block(lang: Lang, id: &str, em: &[u8], segs: &[Seg]) -> Html {
    html! {
        <div class={classes!("em-block", changed(id).then_some("delta"))} data-math={id.to_string()} data-changed={changed(id).then_some("true")} data-hex={hex::encode(em)}>
            <p class="em-title">{ tf(lang, "math.em", &[("count", &em.len().to_string())]) }</p>
            <code class="em-bytes" aria-hidden="true">
            { for segs.iter().map(|s| {
                let b = &em[s.start.min(em.len())..s.end.min(em.len())];
                let shown = if s.fold { run_hex(b) } else { spaced(b) };
                html! { <span class={classes!("seg", s.class)} data-seg={s.class}>{ shown }</span> }
            }) }
            </code>
            <ul class="em-legend">
            { for segs.iter().map(|s| html! {
                <li><span class={classes!("swatch", s.class)} aria-hidden="true"></span>{ s.legend.clone() }</li>
            }) }
            </ul>
        </div>
    }
}

fn count(lang: Lang, key: &str, n: usize) -> String {
    tf(lang, key, &[("count", &n.to_string())])
}

/// The parts of an encryption block `00 02 PS 00 M`.
fn type2_segs(lang: Lang, k: usize, ps_len: usize) -> Vec<Seg> {
    vec![
        Seg {
            class: "s-zero",
            start: 0,
            end: 1,
            legend: t(lang, "math.seg.zero").into(),
            fold: false,
        },
        Seg {
            class: "s-type",
            start: 1,
            end: 2,
            legend: t(lang, "math.seg.type2").into(),
            fold: false,
        },
        Seg {
            class: "s-ps",
            start: 2,
            end: 2 + ps_len,
            legend: count(lang, "math.seg.ps_random", ps_len),
            fold: true,
        },
        Seg {
            class: "s-sep",
            start: 2 + ps_len,
            end: 3 + ps_len,
            legend: t(lang, "math.seg.sep").into(),
            fold: false,
        },
        Seg {
            class: "s-msg",
            start: 3 + ps_len,
            end: k,
            legend: t(lang, "math.seg.pre_master").into(),
            fold: false,
        },
    ]
}

/// The parts of a signature block `00 01 FF..FF 00 DigestInfo H` (H an `alg` hash).
fn type1_segs(lang: Lang, k: usize, alg: HashAlg) -> Vec<Seg> {
    let (di, h) = (alg.digest_info().len(), alg.output_len());
    let t_len = di + h;
    let ff = k.saturating_sub(t_len + 3);
    let hash_at = k.saturating_sub(h);
    let with_hash = |key: &str, n: usize| {
        tf(
            lang,
            key,
            &[("count", &n.to_string()), ("hash", alg.name())],
        )
    };
    vec![
        Seg {
            class: "s-zero",
            start: 0,
            end: 1,
            legend: t(lang, "math.seg.zero").into(),
            fold: false,
        },
        Seg {
            class: "s-type",
            start: 1,
            end: 2,
            legend: t(lang, "math.seg.type1").into(),
            fold: false,
        },
        Seg {
            class: "s-ff",
            start: 2,
            end: 2 + ff,
            legend: count(lang, "math.seg.ps_ff", ff),
            fold: true,
        },
        Seg {
            class: "s-sep",
            start: 2 + ff,
            end: 3 + ff,
            legend: t(lang, "math.seg.sep").into(),
            fold: false,
        },
        Seg {
            class: "s-di",
            start: 3 + ff,
            end: hash_at,
            legend: with_hash("math.seg.digest_info", di),
            fold: false,
        },
        Seg {
            class: "s-hash",
            start: hash_at,
            end: k,
            legend: with_hash("math.seg.hash", h),
            fold: false,
        },
    ]
}

fn bits(n: &Bytes) -> usize {
    let lead = n.0.iter().position(|b| *b != 0).unwrap_or(n.0.len());
    let rest = &n.0[lead..];
    rest.first().map_or(0, |b| {
        (rest.len() - 1) * 8 + (8 - b.leading_zeros() as usize)
    })
}

/// e as a decimal number (65537) when it fits, else hex.
fn small(lang: Lang, id: &str, b: &Bytes) -> Html {
    if b.0.len() <= 8 {
        let v = b.0.iter().fold(0u64, |a, x| a << 8 | u64::from(*x));
        html! { <code class="num" data-math={id.to_string()} data-hex={hex::encode(&b.0)}>{ format!("{v} (0x{})", hex::encode(&b.0)) }</code> }
    } else {
        num(lang, id, &b.0)
    }
}

/// The text key of `base` for what was signed: the CertificateVerify has its own wording (the
/// server checks the client), certificates the base one (the client checks the CA).
fn for_signed(base: &str, signed: Signed) -> String {
    match signed {
        Signed::HandshakeMessages => format!("{base}.cv"),
        _ => base.to_string(),
    }
}

/// Two blocks byte by byte: the differing bytes marked, the tail (`tail` bytes: DigestInfo and
/// hash) shown.
fn compare(lang: Lang, signed: Signed, tail: usize, recovered: &[u8], expected: &[u8]) -> Html {
    if recovered.len() != expected.len() || recovered.is_empty() {
        return html! { <p class="math-result fail" data-testid="math-compare" data-differ="all">{ t(lang, "math.verify.none") }</p> };
    }
    let differ = recovered
        .iter()
        .zip(expected)
        .filter(|(a, b)| a != b)
        .count();
    let total = expected.len();
    let tail = tail.min(total);
    let cells = |v: &[u8], other: &[u8]| {
        html! {
            <code class="cmp-row">
            { for v[total - tail..].iter().zip(&other[total - tail..]).map(|(a, b)| html! {
                <span class={classes!("b", (a != b).then_some("diff"))}>{ format!("{a:02x}") }</span>
            }) }
            </code>
        }
    };
    html! {
        <div class="compare" data-testid="math-compare" data-differ={differ.to_string()}>
            if differ == 0 {
                <p class="math-result pass">{ "✔ " }{ count(lang, &for_signed("math.verify.equal", signed), total) }</p>
            } else {
                <p class="math-result fail">{ "✘ " }{ tf(lang, &for_signed("math.verify.differ", signed), &[("count", &differ.to_string()), ("total", &total.to_string())]) }</p>
            }
            <p>{ count(lang, "math.verify.tail", tail) }</p>
            <div class="cmp">
                <span class="cmp-label">{ "s^e mod n" }</span>{ cells(recovered, expected) }
                <span class="cmp-label">{ "EM" }</span>{ cells(expected, recovered) }
            </div>
        </div>
    }
}

/// The panel for one value's math, folded under "Show how it was computed".
pub fn math_panel(lang: Lang, name: &str, m: &Math, value: &[u8]) -> Html {
    let body = match m {
        Math::RsaEncrypt {
            n,
            e,
            em,
            ps_len,
            c,
        } => html! {
            <>
            <h5>{ t(lang, "math.encrypt.title") }</h5>
            <p class="eq"><code>{ "EM = 00 02 || PS || 00 || pre_master_secret" }</code></p>
            { block(lang, "em", &em.0, &type2_segs(lang, em.0.len(), *ps_len)) }
            <p class="eq"><code>{ "c = EM^e mod n" }</code></p>
            <dl class="math-nums">
                { row(t(lang, "math.e").into(), small(lang, "e", e)) }
                { row(tf(lang, "math.n", &[("bits", &bits(n).to_string())]), num(lang, "n", &n.0)) }
                { row("c".into(), num(lang, "c", &c.0)) }
            </dl>
            <p class="math-result">{ t(lang, "math.encrypt.result") }</p>
            </>
        },
        Math::RsaDecrypt {
            n,
            d,
            c,
            em,
            ps_len,
        } => html! {
            <>
            <h5>{ t(lang, "math.decrypt.title") }</h5>
            <p class="eq"><code>{ "EM = c^d mod n" }</code></p>
            <dl class="math-nums">
                { row("c".into(), num(lang, "c", &c.0)) }
                { row(t(lang, "math.d").into(), num(lang, "d", &d.0)) }
                { row(tf(lang, "math.n", &[("bits", &bits(n).to_string())]), num(lang, "n", &n.0)) }
            </dl>
            if em.0.is_empty() {
                <p class="math-result fail">{ t(lang, "math.decrypt.none") }</p>
            } else if let Some(ps) = ps_len {
                { block(lang, "em", &em.0, &type2_segs(lang, em.0.len(), *ps)) }
                <p class="math-result pass">{ count(lang, "math.decrypt.ok", *ps) }</p>
            } else {
                { block(lang, "em", &em.0, &[Seg { class: "s-bad", start: 0, end: em.0.len(), legend: t(lang, "math.decrypt.bad").into(), fold: false }]) }
            }
            </>
        },
        Math::RsaSign {
            signed,
            alg,
            n,
            d,
            digest_info: _,
            hash,
            em,
            s,
        } => html! {
            <>
            <h5>{ tf(lang, sign_title(*signed), &[("hash", alg.name())]) }</h5>
            <p class="eq"><code>{ format!("H = {}({})", alg.name(), signed.name()) }</code></p>
            { row_p("H", num(lang, "hash", &hash.0)) }
            <p class="eq"><code>{ format!("EM = 00 01 || FF…FF || 00 || DigestInfo({}) || H", alg.name()) }</code></p>
            { block(lang, "em", &em.0, &type1_segs(lang, em.0.len(), *alg)) }
            <p class="eq"><code>{ "s = EM^d mod n" }</code></p>
            <dl class="math-nums">
                { row(t(lang, "math.d").into(), num(lang, "d", &d.0)) }
                { row(tf(lang, "math.n", &[("bits", &bits(n).to_string())]), num(lang, "n", &n.0)) }
                { row("s".into(), num(lang, "s", &s.0)) }
            </dl>
            if s.0 != value {
                <p class="math-result fail" data-testid="math-forged">{ count(lang, "math.sign.forged", s.0.iter().zip(value).filter(|(a, b)| a != b).count()) }</p>
            }
            if *signed == Signed::TbsCertificate {
                <p class="explain signed">{ t(lang, "math.sign.not_encryption") }</p>
            }
            </>
        },
        Math::RsaVerify {
            signed,
            alg,
            n,
            e,
            s,
            recovered,
            expected,
            hash,
        } => html! {
            <>
            <h5>{ t(lang, &for_signed("math.verify.title", *signed)) }</h5>
            <dl class="math-nums">
                { row("s".into(), num(lang, "s", &s.0)) }
                { row(t(lang, "math.e").into(), small(lang, "e", e)) }
                { row(tf(lang, "math.n", &[("bits", &bits(n).to_string())]), num(lang, "n", &n.0)) }
                { row(format!("H = {}({})", alg.name(), signed.name()), num(lang, "hash", &hash.0)) }
            </dl>
            <p class="eq"><code>{ "s^e mod n" }</code>{ " — " }{ t(lang, &for_signed("math.verify.recovered", *signed)) }</p>
            if !recovered.0.is_empty() { { block_plain(lang, "recovered", &recovered.0) } }
            <p class="eq"><code>{ format!("EM = 00 01 || FF…FF || 00 || DigestInfo({}) || H", alg.name()) }</code>{ " — " }{ t(lang, &for_signed("math.verify.expected", *signed)) }</p>
            { block(lang, "expected", &expected.0, &type1_segs(lang, expected.0.len(), *alg)) }
            { compare(lang, *signed, alg.digest_info().len() + alg.output_len(), &recovered.0, &expected.0) }
            </>
        },
        Math::Prf {
            secret,
            label,
            seed,
            a,
            blocks,
            len,
            parts,
        } => {
            let a0 = [label.as_bytes(), &seed.0].concat();
            html! {
                <>
                <h5>{ t(lang, "math.prf.title") }</h5>
                <dl class="math-nums">
                    { row(t(lang, "math.prf.secret").into(), num(lang, "secret", &secret.0)) }
                    { row(t(lang, "math.prf.label").into(), html! { <code data-math="label">{ format!("\"{label}\" = {}", hex::encode(label.as_bytes())) }</code> }) }
                    { row(t(lang, "math.prf.seed").into(), num(lang, "seed", &seed.0)) }
                    { row(t(lang, "math.prf.a0").into(), num(lang, "a0", &a0)) }
                </dl>
                <ol class="prf-chain">
                { for a.iter().zip(blocks).enumerate().map(|(i, (ai, bi))| {
                    let n = i + 1;
                    html! {
                        <li data-round={n.to_string()}>
                            <p><code>{ format!("A({n}) = HMAC(secret, A({}))", n - 1) }</code>{ " = " }{ num(lang, &format!("a{n}"), &ai.0) }</p>
                            <p><code>{ format!("block {n} = HMAC(secret, A({n}) || label || seed)") }</code>{ " = " }{ num(lang, &format!("block{n}"), &bi.0) }</p>
                        </li>
                    }
                }) }
                </ol>
                <p class="math-result">{ count(lang, "math.prf.output", *len) }</p>
                if !parts.is_empty() {
                    <p>{ t(lang, "math.prf.split") }</p>
                    <ul class="prf-parts">
                    { for parts.iter().map(|p| {
                        let out: Vec<u8> = blocks.iter().flat_map(|b| b.0.iter().copied()).take(*len).collect();
                        let v = out.get(p.start..p.end).unwrap_or_default();
                        html! { <li data-part={p.name.name()}><code>{ format!("{} = {name}[{}..{}]", p.name.name(), p.start, p.end) }</code>{ " = " }{ num(lang, p.name.name(), v) }</li> }
                    }) }
                    </ul>
                }
                </>
            }
        }
        Math::TranscriptHash {
            alg,
            messages,
            total,
        } => html! {
            <>
            <h5>{ tf(lang, "math.hash.title", &[("hash", alg.name())]) }</h5>
            <ol class="hash-messages">
            { for messages.iter().map(|m| html! {
                <li data-type={m.typ.to_string()}><code>{ HandshakeType::from_value(m.typ).name() }</code>{ " " }
                    { tf(lang, "math.hash.message", &[("count", &m.len.to_string()), ("offset", &m.offset.to_string())]) }</li>
            }) }
            </ol>
            <p class="math-result">{ count(lang, "math.hash.total", *total) }</p>
            </>
        },
        Math::Gcm {
            implicit_iv,
            explicit_nonce,
            seq,
            content_type,
            version,
            length,
            aad,
            ciphertext,
            tag,
        } => html! {
            <>
            <h5>{ t(lang, "math.gcm.title") }</h5>
            <p>{ t(lang, "math.gcm.nonce") }</p>
            <p class="eq"><code class="seg s-iv">{ spaced(&implicit_iv.0) }</code>{ " || " }<code class="seg s-nonce">{ spaced(&explicit_nonce.0) }</code></p>
            <p>{ t(lang, "math.gcm.aad") }</p>
            <dl class="math-nums">
                { row(t(lang, "math.gcm.seq").into(), html! { <code>{ format!("{seq} = {}", spaced(&seq.to_be_bytes())) }</code> }) }
                { row(t(lang, "math.gcm.type").into(), html! { <code>{ format!("{content_type} = {content_type:02x}") }</code> }) }
                { row(t(lang, "math.gcm.version").into(), html! { <code>{ format!("{version:04x}") }</code> }) }
                { row(t(lang, "math.gcm.length").into(), html! { <code>{ format!("{length} = {:04x}", length) }</code> }) }
                { row("additional_data".into(), num(lang, "aad", &aad.0)) }
            </dl>
            <p>{ t(lang, "math.gcm.wire") }</p>
            <dl class="math-nums">
                { row(t(lang, "math.gcm.ciphertext").into(), num(lang, "ciphertext", &ciphertext.0)) }
                { row(t(lang, "math.gcm.tag").into(), num(lang, "tag", &tag.0)) }
            </dl>
            </>
        },
    };
    html! {
        <details class="math" data-testid="math" data-math-for={name.to_string()} data-kind={kind(m)}>
            <summary>{ t(lang, "math.open") }</summary>
            <div class="math-body">{ body }</div>
        </details>
    }
}

/// The title of a signature's math: who signs what.
fn sign_title(signed: Signed) -> &'static str {
    match signed {
        Signed::TbsCertificate => "math.sign.title",
        Signed::CertificationRequestInfo => "math.sign.title.csr",
        Signed::TbsCertList => "math.sign.title.crl",
        Signed::HandshakeMessages => "math.sign.title.cv",
    }
}

fn row_p(label: &str, v: Html) -> Html {
    html! { <p class="math-line"><span class="value-label">{ format!("{label} = ") }</span>{ v }</p> }
}

/// A block without parts (what a signature opened to, before it is compared).
fn block_plain(lang: Lang, id: &str, em: &[u8]) -> Html {
    html! {
        <div class="em-block" data-math={id.to_string()} data-hex={hex::encode(em)}>
            { num(lang, id, em) }
        </div>
    }
}

/// The kind's name (`data-kind`), as serialized.
pub fn kind(m: &Math) -> &'static str {
    match m {
        Math::RsaEncrypt { .. } => "rsa_encrypt",
        Math::RsaDecrypt { .. } => "rsa_decrypt",
        Math::RsaSign { .. } => "rsa_sign",
        Math::RsaVerify { .. } => "rsa_verify",
        Math::Prf { .. } => "prf",
        Math::TranscriptHash { .. } => "transcript_hash",
        Math::Gcm { .. } => "gcm",
    }
}
