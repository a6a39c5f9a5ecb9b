//! Moment (c): the pre-master's trip (RSA key exchange). The client pads it (`00 02 || PS || 00
//! || pre_master`), encrypts the block under the server's public key (`c = EM^e mod n`), `c`
//! crosses the network, and only the server's private key opens it (`c^d mod n` → EM →
//! pre_master). (EC)DHE runs have no such trip: no frames.

use super::{parts, type2_segs, whole, Frame};
use tlsim_core::math::Math;
use tlsim_core::{Actor, StepKey, Transcript, ValueId};

/// The frames, from the ClientKeyExchange at step `i` and the server's decryption after it.
pub fn frames(t: &Transcript, i: usize) -> Option<Vec<Frame>> {
    let step = t.steps.get(i)?;
    let enc = step
        .derived
        .iter()
        .find(|d| d.name == ValueId::EncryptedPreMaster)?;
    let Some(Math::RsaEncrypt {
        n,
        e,
        em,
        ps_len,
        c,
    }) = enc.math.as_deref()
    else {
        return None;
    };
    let of = enc.name.name();
    let k = em.0.len();
    let pre_master = em.0.get(ps_len + 3..).unwrap_or_default();
    // 1. the secret the client drew
    let f1 = Frame::new("secret")
        .arg("count", pre_master.len())
        .value(whole(
            "pre_master",
            of,
            "pre_master_secret",
            pre_master,
            Actor::Client,
        ));
    // 2. padded to a block as wide as n
    let em_value = parts("em", of, "EM", &em.0, type2_segs(k, *ps_len), Actor::Client);
    let f2 = Frame::new("pad")
        .arg("count", k)
        .arg("ps", ps_len)
        .value(em_value.clone());
    // 3. encrypted with the server's public key
    let f3 = Frame::new("encrypt")
        .value(em_value)
        .value(whole("e", of, "e", &e.0, Actor::Client))
        .value(whole("n", of, "n", &n.0, Actor::Client))
        .value(whole("c", of, "c = EM^e mod n", &c.0, Actor::Client));
    // 4. across the network: all an eavesdropper sees is c
    let mut f4 = Frame::new("travel").arg("count", c.0.len()).value(whole(
        "c",
        of,
        "c",
        &c.0,
        Actor::Network,
    ));
    f4.travel = Some((Actor::Client, Actor::Server));
    let mut frames = vec![f1, f2, f3, f4];
    // 5. and 6. the server's side, when the run got there
    let dec = t.steps[i + 1..]
        .iter()
        .filter(|s| s.key == StepKey::DecryptPreMaster)
        .flat_map(|s| &s.derived)
        .find_map(|d| match d.math.as_deref() {
            Some(m @ Math::RsaDecrypt { .. }) => Some((d, m)),
            _ => None,
        });
    if let Some((
        d,
        Math::RsaDecrypt {
            n,
            d: priv_d,
            c,
            em,
            ps_len,
        },
    )) = dec
    {
        let of = d.name.name();
        let show = match ps_len {
            Some(ps) => type2_segs(em.0.len(), *ps),
            None => vec![super::seg(super::SegKind::Bad, 0, em.0.len(), "EM")],
        };
        frames.push(
            Frame::new("open")
                .value(whole("c", of, "c", &c.0, Actor::Server))
                .value(whole("d", of, "d", &priv_d.0, Actor::Server))
                .value(whole("n", of, "n", &n.0, Actor::Server))
                .value(parts(
                    "em",
                    of,
                    "EM = c^d mod n",
                    &em.0,
                    show,
                    Actor::Server,
                )),
        );
        let opened = ps_len.and_then(|ps| em.0.get(ps + 3..));
        let mut last = match opened {
            Some(m) => Frame::new(if m == pre_master {
                "recovered"
            } else {
                "recovered_other"
            })
            .arg("count", m.len())
            .value(whole(
                "pre_master",
                "encrypted_pre_master",
                "pre_master_secret",
                pre_master,
                Actor::Client,
            ))
            .value(whole(
                "pre_master_server",
                of,
                "pre_master_secret",
                m,
                Actor::Server,
            )),
            None => Frame::new("bad_padding"),
        };
        last.verdict = Some(opened == Some(pre_master));
        frames.push(last);
    }
    Some(frames)
}
