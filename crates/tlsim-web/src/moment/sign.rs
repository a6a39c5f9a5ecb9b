//! Moment (a): the CA signs the server's certificate. `H = SHA-256(tbsCertificate)` → the block
//! `EM = 00 01 FF..FF 00 || DigestInfo || H` → `s = EM^d mod n` → `s` attached to the
//! certificate (RFC 8017 §9.2, §8.2.1).

use super::{parts, type1_segs, whole, Frame};
use tlsim_core::math::{Math, Signed};
use tlsim_core::{Actor, Step, ValueId};

/// The frames, from the step's CA signature over a tbsCertificate.
pub fn frames(step: &Step) -> Option<Vec<Frame>> {
    let d = step.derived.iter().find(|d| d.name == ValueId::Signature)?;
    let Some(Math::RsaSign {
        signed: Signed::TbsCertificate,
        alg,
        n,
        d: priv_d,
        digest_info,
        hash,
        em,
        s,
    }) = d.math.as_deref()
    else {
        return None;
    };
    let of = d.name.name();
    let k = em.0.len();
    let h_label = format!("H = {}(tbsCertificate)", alg.name());
    let em_value = parts(
        "em",
        of,
        "EM",
        &em.0,
        type1_segs(k, digest_info.0.len(), hash.0.len()),
        Actor::Ca,
    );
    // 1. hash the to-be-signed part
    let f1 = Frame::new("hash")
        .arg("hash", alg.name())
        .arg("count", hash.0.len())
        .value(whole("hash", of, &h_label, &hash.0, Actor::Ca));
    // 2. pad it into a block as wide as n
    let f2 = Frame::new("em")
        .arg("count", k)
        .arg(
            "ff",
            k.saturating_sub(digest_info.0.len() + hash.0.len() + 3),
        )
        .value(em_value.clone());
    // 3. the private-key operation
    let f3 = Frame::new("private")
        .arg("bits", bits(&n.0))
        .value(em_value)
        .value(whole("d", of, "d", &priv_d.0, Actor::Ca))
        .value(whole("n", of, "n", &n.0, Actor::Ca))
        .value(whole("s", of, "s = EM^d mod n", &s.0, Actor::Ca));
    // 4. the signature goes into the certificate (as attached: a fault may have changed it)
    let altered = s.0.iter().zip(&d.value).filter(|(a, b)| a != b).count()
        + s.0.len().abs_diff(d.value.len());
    let mut f4 = Frame::new(if altered == 0 { "attached" } else { "altered" })
        .arg("count", d.value.len())
        .arg("differ", altered)
        .value(whole("s", of, "s = EM^d mod n", &s.0, Actor::Ca))
        .value(whole(
            "signature",
            of,
            "signatureValue",
            &d.value,
            Actor::Server,
        ));
    f4.travel = Some((Actor::Ca, Actor::Server));
    Some(vec![f1, f2, f3, f4])
}

/// The size of a modulus in bits.
pub fn bits(n: &[u8]) -> usize {
    let Some(i) = n.iter().position(|b| *b != 0) else {
        return 0;
    };
    (n.len() - i) * 8 - n[i].leading_zeros() as usize
}
