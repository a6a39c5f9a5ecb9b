//! Moment (b): the client checks the CA's signature. The CA's public key opens the signature
//! (`s^e mod n`), the client builds the block it expects from the hash it computes itself, and
//! the two are compared byte by byte: pass, or fail (a forged signature, a certificate the client
//! has no trusted key for).

use super::{parts, type1_segs, whole, Frame, SegKind, Show, Value};
use tlsim_core::math::{Math, Signed};
use tlsim_core::{Actor, CheckId, Step};

/// The frames, from the step's verification math; without it, a failed check of the chain is
/// the one frame (a man in the middle's certificate: no trusted key to check it with).
pub fn frames(step: &Step) -> Option<Vec<Frame>> {
    let found = step.derived.iter().find_map(|d| match d.math.as_deref() {
        Some(
            m @ Math::RsaVerify {
                signed: Signed::TbsCertificate,
                ..
            },
        ) => Some((d.name.name(), m)),
        _ => None,
    });
    let Some((
        of,
        Math::RsaVerify {
            alg,
            n,
            e,
            s,
            recovered,
            expected,
            hash,
            ..
        },
    )) = found
    else {
        return no_key(step);
    };
    let k = expected.0.len();
    let info = alg.digest_info().len();
    let h = alg.output_len();
    // 1. the signature arrives, with the CA's public key from the trust store
    let f1 = Frame::new("received")
        .arg("count", s.0.len())
        .value(whole("s", of, "s", &s.0, Actor::Client))
        .value(whole("e", of, "e", &e.0, Actor::Client))
        .value(whole("n", of, "n", &n.0, Actor::Client));
    // 2. the public-key operation recovers a block
    let well_formed = recovered.0.len() == k && recovered.0.starts_with(&[0, 1]);
    let recovered_show = if well_formed {
        Show::Parts(type1_segs(k, info, h))
    } else {
        Show::Parts(vec![super::seg(
            SegKind::Bad,
            0,
            recovered.0.len(),
            "s^e mod n",
        )])
    };
    let mut f2 = Frame::new(if recovered.0.is_empty() {
        "recover_none"
    } else {
        "recover"
    })
    .value(Value {
        id: "recovered",
        of,
        label: "s^e mod n".into(),
        bytes: recovered.0.clone(),
        show: recovered_show,
        lane: Actor::Client,
    });
    if recovered.0.is_empty() {
        f2.verdict = Some(false);
        return Some(vec![f1, f2]);
    }
    // 3. the client hashes the tbsCertificate itself and builds the block it expects
    let f3 = Frame::new("own_hash")
        .arg("hash", alg.name())
        .value(whole(
            "hash",
            of,
            &format!("H = {}(tbsCertificate)", alg.name()),
            &hash.0,
            Actor::Client,
        ))
        .value(parts(
            "expected",
            of,
            "EM",
            &expected.0,
            type1_segs(k, info, h),
            Actor::Client,
        ));
    // 4. byte by byte
    let differ = recovered
        .0
        .iter()
        .zip(&expected.0)
        .filter(|(a, b)| a != b)
        .count()
        + recovered.0.len().abs_diff(k);
    let tail = (info + h).min(k).min(recovered.0.len());
    let mut f4 = Frame::new(if differ == 0 { "pass" } else { "fail" })
        .arg("count", k)
        .arg("differ", differ)
        .arg("tail", tail)
        .value(Value {
            id: "recovered",
            of,
            label: "s^e mod n".into(),
            bytes: recovered.0.clone(),
            show: Show::Compare {
                other: expected.0.clone(),
                tail,
            },
            lane: Actor::Client,
        })
        .value(Value {
            id: "expected",
            of,
            label: "EM".into(),
            bytes: expected.0.clone(),
            show: Show::Compare {
                other: recovered.0.clone(),
                tail,
            },
            lane: Actor::Client,
        });
    f4.verdict = Some(differ == 0);
    Some(vec![f1, f2, f3, f4])
}

/// The one frame of a check that failed before any signature could be checked.
fn no_key(step: &Step) -> Option<Vec<Frame>> {
    let failed = step
        .checks
        .iter()
        .find(|c| !c.ok && matches!(c.name, CheckId::Chain | CheckId::CaSignature))?;
    let mut f = Frame::new("no_key");
    f.verdict = Some(false);
    f.note = Some(failed.detail.clone());
    Some(vec![f])
}
