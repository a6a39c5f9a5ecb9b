//! What the last edit changed among the derived values (issue 11, "see what your edit changed"):
//! values are matched by id (their [`tlsim_core::ValueId`], n-th occurrence with n-th occurrence,
//! in the step matched by [`crate::state::matching_step`]), and within a value's math, by the
//! name each number has in the math panel (`em`, `s`, `c`, `a1`, `block1`, ...).

use std::collections::BTreeSet;
use tlsim_core::math::Math;
use tlsim_core::{Step, Transcript};

/// For each derived value of step `i` of `now`: does it differ from the same value before the
/// last edit? Nothing is marked without a previous run; a value (or a step) the previous run did
/// not have is marked.
pub fn changed_values(previous: Option<&Transcript>, now: &Transcript, i: usize) -> Vec<bool> {
    let Some(step) = now.steps.get(i) else {
        return Vec::new();
    };
    let Some(old) = previous else {
        return vec![false; step.derived.len()];
    };
    let before = crate::state::matching_step(old, now, i);
    (0..step.derived.len())
        .map(|di| value_before(before, step, di).is_none_or(|b| b.value != step.derived[di].value))
        .collect()
}

/// The value of `before` that value `di` of `step` is compared with.
pub fn value_before<'a>(
    before: Option<&'a Step>,
    step: &Step,
    di: usize,
) -> Option<&'a tlsim_core::Derived> {
    let d = step.derived.get(di)?;
    let nth = step.derived[..di]
        .iter()
        .filter(|x| x.name == d.name)
        .count();
    before?.derived.iter().filter(|x| x.name == d.name).nth(nth)
}

/// The numbers of a math, by the name the math panel gives them (`data-math`).
pub fn math_numbers(m: &Math) -> Vec<(String, Vec<u8>)> {
    let v = |name: &str, b: &'_ [u8]| (name.to_string(), b.to_vec());
    match m {
        Math::RsaEncrypt { n, e, em, c, .. } => {
            vec![v("n", &n.0), v("e", &e.0), v("em", &em.0), v("c", &c.0)]
        }
        Math::RsaDecrypt { n, d, c, em, .. } => {
            vec![v("n", &n.0), v("d", &d.0), v("c", &c.0), v("em", &em.0)]
        }
        Math::RsaSign {
            n, d, hash, em, s, ..
        } => vec![
            v("n", &n.0),
            v("d", &d.0),
            v("hash", &hash.0),
            v("em", &em.0),
            v("s", &s.0),
        ],
        Math::RsaVerify {
            n,
            e,
            s,
            recovered,
            expected,
            hash,
            ..
        } => vec![
            v("n", &n.0),
            v("e", &e.0),
            v("s", &s.0),
            v("recovered", &recovered.0),
            v("expected", &expected.0),
            v("hash", &hash.0),
        ],
        Math::Prf {
            secret,
            label,
            seed,
            a,
            blocks,
            ..
        } => {
            let mut out = vec![
                v("secret", &secret.0),
                v("seed", &seed.0),
                v("a0", &[label.as_bytes(), &seed.0].concat()),
            ];
            for (i, (ai, bi)) in a.iter().zip(blocks).enumerate() {
                out.push(v(&format!("a{}", i + 1), &ai.0));
                out.push(v(&format!("block{}", i + 1), &bi.0));
            }
            if let Math::Prf { parts, .. } = m {
                let full = crate::moment::derive::prf_output(m);
                for p in parts {
                    out.push(v(
                        p.name.name(),
                        full.get(p.start..p.end).unwrap_or_default(),
                    ));
                }
            }
            out
        }
        Math::TranscriptHash { .. } => Vec::new(),
        Math::Gcm {
            aad,
            ciphertext,
            tag,
            ..
        } => vec![
            v("aad", &aad.0),
            v("ciphertext", &ciphertext.0),
            v("tag", &tag.0),
        ],
    }
}

/// The names of the numbers of `now` that differ from `before` (or that `before` lacks).
pub fn changed_numbers(before: Option<&Math>, now: &Math) -> BTreeSet<String> {
    let old = before.map(math_numbers).unwrap_or_default();
    math_numbers(now)
        .into_iter()
        .filter(|(k, b)| !old.iter().any(|(ok, ob)| ok == k && ob == b))
        .map(|(k, _)| k)
        .collect()
}
