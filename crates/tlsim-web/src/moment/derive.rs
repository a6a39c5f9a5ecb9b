//! Moment (d): the key derivation (RFC 5246 §8.1, §6.3; RFC 7627). The pre-master and the two
//! randoms (or, with the extended master secret, the session hash) go through the PRF into the
//! master secret; the master secret and the randoms through it again into the key block, which is
//! cut into the client's and the server's write keys and IVs.

use super::{parts, seg, whole, Frame, Seg, SegKind, Value};
use tlsim_core::math::Math;
use tlsim_core::{Actor, Derived, Step, ValueId};

/// The output of a PRF: its blocks joined and cut to its length.
pub fn prf_output(m: &Math) -> Vec<u8> {
    match m {
        Math::Prf { blocks, len, .. } => blocks
            .iter()
            .flat_map(|b| b.0.iter().copied())
            .take(*len)
            .collect(),
        _ => Vec::new(),
    }
}

fn prf_of(step: &Step, name: ValueId) -> Option<(&Derived, &Math)> {
    step.derived
        .iter()
        .find(|d| d.name == name)
        .and_then(|d| match d.math.as_deref() {
            Some(m @ Math::Prf { .. }) => Some((d, m)),
            _ => None,
        })
}

/// The seed of a PRF cut into the two randoms (32 bytes each), in its order.
fn randoms(seed: &[u8], first: &'static str, second: &'static str) -> Vec<(&'static str, Vec<u8>)> {
    if seed.len() != 64 {
        return vec![("seed", seed.to_vec())];
    }
    vec![(first, seed[..32].to_vec()), (second, seed[32..].to_vec())]
}

/// The frames, from the step's master secret and key block.
pub fn frames(step: &Step) -> Option<Vec<Frame>> {
    let (ms, ms_math) = prf_of(step, ValueId::MasterSecret)?;
    let (kb, kb_math) = prf_of(step, ValueId::KeyBlock)?;
    let (
        Math::Prf {
            secret,
            label,
            seed,
            a,
            blocks,
            len,
            ..
        },
        Math::Prf {
            label: kb_label,
            seed: kb_seed,
            a: kb_a,
            blocks: kb_blocks,
            len: kb_len,
            parts: kb_parts,
            ..
        },
    ) = (ms_math, kb_math)
    else {
        return None;
    };
    let lane = step.from;
    let ms_of = ms.name.name();
    let kb_of = kb.name.name();
    let ems = label != "master secret";
    // 1. what goes in: the pre-master, and the randoms (or the session hash)
    let mut f1 = Frame::new(if ems { "inputs_ems" } else { "inputs" }).value(whole(
        "secret",
        ms_of,
        "pre_master_secret",
        &secret.0,
        lane,
    ));
    let seed_parts = if ems {
        vec![("session_hash", seed.0.clone())]
    } else {
        randoms(&seed.0, "client_random", "server_random")
    };
    for (id, b) in seed_parts {
        f1 = f1.value(whole(id, ms_of, id, &b, lane));
    }
    let f1 = f1.arg("label", label);
    // 2. the HMAC chain into the master secret
    let master = prf_output(ms_math);
    let f2 = chain(
        Frame::new("master")
            .arg("label", label)
            .arg("rounds", a.len())
            .arg("count", len),
        ms_of,
        a.iter().map(|x| &x.0[..]).collect(),
        blocks.iter().map(|x| &x.0[..]).collect(),
        lane,
    )
    .value(whole(
        "master_secret",
        ms_of,
        &format!("master_secret = PRF(pre_master_secret, \"{label}\", …)[0..{len}]"),
        &master,
        lane,
    ));
    // 3. the master secret and the randoms (server's first) into the key block
    let mut f3 = Frame::new("key_block")
        .arg("label", kb_label)
        .arg("rounds", kb_a.len())
        .arg("count", kb_len)
        .value(whole("secret", kb_of, "master_secret", &master, lane));
    for (id, b) in randoms(&kb_seed.0, "server_random", "client_random") {
        f3 = f3.value(whole(id, kb_of, id, &b, lane));
    }
    let key_block = prf_output(kb_math);
    let f3 = chain(
        f3,
        kb_of,
        kb_a.iter().map(|x| &x.0[..]).collect(),
        kb_blocks.iter().map(|x| &x.0[..]).collect(),
        lane,
    )
    .value(whole(
        "key_block",
        kb_of,
        &format!("key_block = PRF(master_secret, \"{kb_label}\", …)[0..{kb_len}]"),
        &key_block,
        lane,
    ));
    // 4. the split, with byte ranges
    let segs: Vec<Seg> = kb_parts
        .iter()
        .map(|p| {
            let kind = if p.name.name().ends_with("_iv") {
                SegKind::Iv
            } else {
                SegKind::Key
            };
            seg(kind, p.start, p.end, &format!("[{}..{}]", p.start, p.end))
        })
        .collect();
    let mut f4 = Frame::new("split")
        .arg("count", kb_parts.len())
        .value(parts(
            "key_block",
            kb_of,
            "key_block",
            &key_block,
            segs,
            lane,
        ));
    for p in kb_parts {
        let bytes = key_block.get(p.start..p.end).unwrap_or_default();
        f4 = f4.value(Value {
            id: p.name.name(),
            of: kb_of,
            label: format!("{} = key_block[{}..{}]", p.name.name(), p.start, p.end),
            bytes: bytes.to_vec(),
            show: super::Show::Whole,
            lane,
        });
    }
    Some(vec![f1, f2, f3, f4])
}

/// The HMAC chain's rounds as values `a1`, `block1`, ... (the math panel's ids).
fn chain(mut f: Frame, of: &'static str, a: Vec<&[u8]>, blocks: Vec<&[u8]>, lane: Actor) -> Frame {
    const A: [&str; 8] = ["a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8"];
    const B: [&str; 8] = [
        "block1", "block2", "block3", "block4", "block5", "block6", "block7", "block8",
    ];
    for (i, (ai, bi)) in a.iter().zip(&blocks).enumerate().take(8) {
        f = f.value(whole(A[i], of, &format!("A({})", i + 1), ai, lane));
        f = f.value(whole(B[i], of, &format!("block {}", i + 1), bi, lane));
    }
    f
}
