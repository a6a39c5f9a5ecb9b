//! The four moments of issue 11 (the CA's signature, its verification, the pre-master's trip,
//! the key derivation) are built from the run's own values, and "see what your edit changed"
//! marks exactly the values that differ. Native: `cargo test -p tlsim-web --test moments`. The
//! core runs with its builtin teaching keys.

use std::rc::Rc;
use tlsim_core::kx::KxAlg;
use tlsim_core::math::Math;
use tlsim_core::{StepKey, Transcript, ValueId};
use tlsim_web::changes::{changed_numbers, changed_values, value_before};
use tlsim_web::form::Input;
use tlsim_web::moment::{
    frame_key, moment_at, FrameCmd, Moment, MomentKind, Player, SegKind, Show,
};
use tlsim_web::state::{Action, Preset, State};
use yew::Reducible;

const NOW: i64 = tlsim_core::scenario::DEFAULT_NOW;

fn run(p: Preset) -> Rc<Transcript> {
    let s = Rc::new(State::new(NOW)).reduce(Action::Preset(p));
    s.transcript.clone().expect("a transcript")
}

fn at(t: &Transcript, key: StepKey) -> usize {
    t.steps
        .iter()
        .position(|s| s.key == key)
        .unwrap_or_else(|| panic!("no step {}", key.name()))
}

fn moment(t: &Transcript, key: StepKey) -> Moment {
    moment_at(t, at(t, key)).unwrap_or_else(|| panic!("no moment at {}", key.name()))
}

fn math(t: &Transcript, key: StepKey, v: ValueId) -> (&[u8], &Math) {
    let d = t.steps[at(t, key)]
        .derived
        .iter()
        .find(|d| d.name == v)
        .expect("the value");
    (&d.value, d.math.as_deref().expect("its math"))
}

fn shown<'a>(m: &'a Moment, frame: &str, id: &str) -> &'a [u8] {
    let f = m.frames.iter().find(|f| f.id == frame).unwrap_or_else(|| {
        panic!(
            "no frame {frame}: {:?}",
            m.frames.iter().map(|f| f.id).collect::<Vec<_>>()
        )
    });
    &f.get(id)
        .unwrap_or_else(|| panic!("no value {id} on {frame}"))
        .bytes
}

fn ids(m: &Moment) -> Vec<&'static str> {
    m.frames.iter().map(|f| f.id).collect()
}

#[test]
fn the_ca_signature_frames_show_this_runs_hash_block_and_signature() {
    let t = run(Preset::Normal);
    let m = moment(&t, StepKey::IssueServerCert);
    assert_eq!(m.kind, MomentKind::Sign);
    assert_eq!(ids(&m), ["hash", "em", "private", "attached"]);
    let (
        value,
        Math::RsaSign {
            hash, em, s, d, n, ..
        },
    ) = math(&t, StepKey::IssueServerCert, ValueId::Signature)
    else {
        panic!("not a signature")
    };
    assert_eq!(shown(&m, "hash", "hash"), &hash.0[..]);
    assert_eq!(shown(&m, "em", "em"), &em.0[..]);
    assert_eq!(shown(&m, "private", "em"), &em.0[..]);
    assert_eq!(shown(&m, "private", "d"), &d.0[..]);
    assert_eq!(shown(&m, "private", "n"), &n.0[..]);
    assert_eq!(shown(&m, "private", "s"), &s.0[..]);
    assert_eq!(shown(&m, "attached", "signature"), value);
    // The block's parts cut where RFC 8017 §9.2 puts them: 00 01 FF..FF 00 DigestInfo H.
    let f = &m.frames[1];
    let Show::Parts(segs) = &f.values[0].show else {
        panic!("the block is drawn in parts")
    };
    let kinds: Vec<SegKind> = segs.iter().map(|s| s.kind).collect();
    assert_eq!(
        kinds,
        [
            SegKind::Zero,
            SegKind::Type,
            SegKind::Ff,
            SegKind::Sep,
            SegKind::Info,
            SegKind::Hash
        ]
    );
    let h = segs.last().expect("H");
    assert_eq!(&em.0[h.start..h.end], &hash.0[..]);
    assert!(em.0[segs[2].start..segs[2].end].iter().all(|b| *b == 0xff));
    assert_eq!(em.0[segs[3].start], 0);
}

#[test]
fn the_clients_check_passes_byte_for_byte_on_a_good_certificate() {
    let t = run(Preset::Normal);
    let m = moment(&t, StepKey::VerifyServerCert);
    assert_eq!(ids(&m), ["received", "recover", "own_hash", "pass"]);
    assert_eq!(m.verdict(), Some(true));
    let (
        _,
        Math::RsaVerify {
            s,
            recovered,
            expected,
            hash,
            ..
        },
    ) = math(&t, StepKey::VerifyServerCert, ValueId::EncodedMessage)
    else {
        panic!("not a verification")
    };
    assert_eq!(shown(&m, "received", "s"), &s.0[..]);
    assert_eq!(shown(&m, "recover", "recovered"), &recovered.0[..]);
    assert_eq!(shown(&m, "own_hash", "hash"), &hash.0[..]);
    assert_eq!(shown(&m, "own_hash", "expected"), &expected.0[..]);
    assert_eq!(
        shown(&m, "pass", "recovered"),
        shown(&m, "pass", "expected")
    );
    // What the CA signed is what the client opened.
    let sign = moment(&t, StepKey::IssueServerCert);
    assert_eq!(shown(&sign, "em", "em"), &recovered.0[..]);
    assert_eq!(
        m.frames[3]
            .args
            .iter()
            .find(|a| a.0 == "differ")
            .map(|a| a.1.as_str()),
        Some("0")
    );
}

#[test]
fn a_forged_signature_fails_on_the_compare_frame() {
    let t = run(Preset::ForgedSignature);
    let m = moment(&t, StepKey::VerifyServerCert);
    assert_eq!(m.verdict(), Some(false));
    let last = m.frames.last().expect("a frame");
    assert_eq!(last.id, "fail");
    let Show::Compare { other, tail } = &last.values[0].show else {
        panic!("the compare frame compares")
    };
    let mine = &last.values[0].bytes;
    let differ = mine.iter().zip(other).filter(|(a, b)| a != b).count();
    assert!(differ > 0 && *tail > 0);
    let said = &last
        .args
        .iter()
        .find(|a| a.0 == "differ")
        .expect("differ")
        .1;
    assert_eq!(said, &differ.to_string());
    // and the issuance says the signature that left is not the one computed
    let sign = moment(&t, StepKey::IssueServerCert);
    let attached = sign.frames.last().expect("a frame");
    assert_eq!(attached.id, "altered");
    assert_ne!(
        shown(&sign, "altered", "signature"),
        shown(&sign, "private", "s")
    );
}

#[test]
fn a_man_in_the_middle_fails_with_no_trusted_key() {
    let t = run(Preset::ManInTheMiddle);
    let m = moment(&t, StepKey::VerifyServerCert);
    assert_eq!(ids(&m), ["no_key"]);
    assert_eq!(m.verdict(), Some(false));
    assert!(m.frames[0].note.is_some(), "the failed check's own words");
}

#[test]
fn the_pre_master_is_padded_encrypted_carried_and_opened_by_the_server() {
    let t = run(Preset::Normal);
    let m = moment(&t, StepKey::ClientKeyExchange);
    assert_eq!(m.kind, MomentKind::PreMaster);
    assert_eq!(
        ids(&m),
        ["secret", "pad", "encrypt", "travel", "open", "recovered"]
    );
    let (c_value, Math::RsaEncrypt { em, c, ps_len, .. }) =
        math(&t, StepKey::ClientKeyExchange, ValueId::EncryptedPreMaster)
    else {
        panic!("not an encryption")
    };
    let pms = &t.steps[at(&t, StepKey::ClientKeyExchange)]
        .derived
        .iter()
        .find(|d| d.name == ValueId::PreMasterSecret)
        .expect("the pre-master")
        .value;
    assert_eq!(shown(&m, "secret", "pre_master"), &pms[..]);
    assert_eq!(shown(&m, "pad", "em"), &em.0[..]);
    assert_eq!(&em.0[..2], [0, 2]);
    assert_eq!(em.0[2 + ps_len], 0);
    assert_eq!(shown(&m, "encrypt", "c"), &c.0[..]);
    assert_eq!(shown(&m, "travel", "c"), c_value);
    assert!(m.frames[3].travel.is_some());
    let (dec_pms, Math::RsaDecrypt { em: opened, .. }) =
        math(&t, StepKey::DecryptPreMaster, ValueId::PreMasterSecret)
    else {
        panic!("not a decryption")
    };
    assert_eq!(shown(&m, "open", "em"), &opened.0[..]);
    assert_eq!(shown(&m, "recovered", "pre_master_server"), dec_pms);
    assert_eq!(shown(&m, "recovered", "pre_master_server"), &pms[..]);
    assert_eq!(m.verdict(), Some(true));
}

#[test]
fn no_pre_master_trip_for_ecdhe_but_a_key_derivation() {
    let t = run(Preset::Kx(KxAlg::Ecdhe));
    assert!(moment_at(&t, at(&t, StepKey::ClientKeyExchange)).is_none());
    let d = moment(&t, StepKey::DeriveKeysClient);
    assert_eq!(d.kind, MomentKind::Derive);
}

#[test]
fn the_key_derivation_flows_into_the_master_secret_and_splits_the_key_block() {
    let t = run(Preset::Normal);
    for key in [StepKey::DeriveKeysClient, StepKey::DeriveKeysServer] {
        let m = moment(&t, key);
        let step = &t.steps[at(&t, key)];
        let value = |v: ValueId| -> &[u8] {
            &step
                .derived
                .iter()
                .find(|d| d.name == v)
                .expect("value")
                .value
        };
        assert!(ids(&m)[0].starts_with("inputs"));
        assert_eq!(
            shown(&m, ids(&m)[0], "secret"),
            value(ValueId::PreMasterSecret)
        );
        assert_eq!(
            shown(&m, "master", "master_secret"),
            value(ValueId::MasterSecret)
        );
        assert_eq!(
            shown(&m, "key_block", "key_block"),
            value(ValueId::KeyBlock)
        );
        let (_, Math::Prf { a, blocks, .. }) = math(&t, key, ValueId::MasterSecret) else {
            panic!("not a PRF")
        };
        assert_eq!(shown(&m, "master", "a1"), &a[0].0[..]);
        assert_eq!(shown(&m, "master", "block1"), &blocks[0].0[..]);
        for (v, range) in [
            (ValueId::ClientWriteKey, 0..16),
            (ValueId::ServerWriteKey, 16..32),
            (ValueId::ClientWriteIv, 32..36),
            (ValueId::ServerWriteIv, 36..40),
        ] {
            assert_eq!(shown(&m, "split", v.name()), value(v), "{}", v.name());
            assert_eq!(&value(ValueId::KeyBlock)[range], value(v));
        }
    }
}

#[test]
fn the_randoms_go_in_when_there_is_no_extended_master_secret() {
    let s = Rc::new(State::new(NOW)).reduce(Action::Flag(Input::Ems, false));
    let t = s.transcript.clone().expect("a transcript");
    let m = moment(&t, StepKey::DeriveKeysClient);
    assert_eq!(m.frames[0].id, "inputs");
    let cr = &t.steps[at(&t, StepKey::ClientHello)].derived[0].value;
    let sr = &t.steps[at(&t, StepKey::ServerHello)].derived[0].value;
    assert_eq!(shown(&m, "inputs", "client_random"), &cr[..]);
    assert_eq!(shown(&m, "inputs", "server_random"), &sr[..]);
    assert_eq!(shown(&m, "key_block", "server_random"), &sr[..]);
}

#[test]
fn frames_step_by_hand_play_by_timer_and_start_still_with_reduced_motion() {
    let p = Player::start(4, false);
    assert_eq!((p.frame, p.playing), (0, true));
    let p = p.apply(FrameCmd::Tick, 4).apply(FrameCmd::Tick, 4);
    assert_eq!((p.frame, p.playing), (2, true));
    let p = p.apply(FrameCmd::Tick, 4);
    assert_eq!((p.frame, p.playing), (3, false), "stops on the last frame");
    assert_eq!(p.apply(FrameCmd::Tick, 4), p);
    let p = p.apply(FrameCmd::Prev, 4);
    assert_eq!((p.frame, p.playing), (2, false));
    assert_eq!(p.apply(FrameCmd::Next, 4).apply(FrameCmd::Next, 4).frame, 3);
    assert_eq!(
        p.apply(FrameCmd::First, 4).apply(FrameCmd::Prev, 4).frame,
        0
    );
    let again = p.apply(FrameCmd::Last, 4).apply(FrameCmd::Toggle, 4);
    assert_eq!(
        (again.frame, again.playing),
        (0, true),
        "play from the end starts over"
    );
    assert!(!again.apply(FrameCmd::Toggle, 4).playing);
    assert_eq!(again.apply(FrameCmd::Go(9), 4).frame, 3);
    let still = Player::start(4, true);
    assert_eq!((still.frame, still.playing), (3, false));
    assert!(!Player::start(1, false).playing);
    assert_eq!(frame_key("ArrowRight"), Some(FrameCmd::Next));
    assert_eq!(frame_key("ArrowLeft"), Some(FrameCmd::Prev));
    assert_eq!(frame_key("End"), Some(FrameCmd::Last));
    assert_eq!(frame_key("a"), None);
}

#[test]
fn frames_follow_the_speed_control() {
    let ms: Vec<u32> = (0..4).map(tlsim_web::moment::frame_ms).collect();
    assert!(ms.windows(2).all(|w| w[0] > w[1]), "{ms:?}");
}

#[test]
fn an_edit_marks_exactly_the_values_that_differ() {
    let s0 = Rc::new(State::new(NOW));
    let msg = s0.form.app_message.clone();
    // the same length, one letter changed: the record's length and so its additional data stay
    let edited: String = msg.replacen('G', "P", 1);
    assert_eq!(edited.len(), msg.len());
    let s1 = s0.reduce(Action::Text(Input::AppMessage, edited));
    let (old, new) = (
        s1.previous.clone().expect("before"),
        s1.transcript.clone().expect("after"),
    );
    let i = at(&new, StepKey::AppDataClient);
    let names: Vec<&str> = new.steps[i].derived.iter().map(|d| d.name.name()).collect();
    let marked: Vec<&str> = changed_values(Some(&old), &new, i)
        .into_iter()
        .zip(&names)
        .filter(|(c, _)| *c)
        .map(|(_, n)| *n)
        .collect();
    assert_eq!(marked, ["plaintext", "ciphertext"], "of {names:?}");
    // nothing before the record changed
    for key in [
        StepKey::ClientKeyExchange,
        StepKey::DeriveKeysClient,
        StepKey::FinishedClient,
    ] {
        let j = at(&new, key);
        assert!(
            changed_values(Some(&old), &new, j).iter().all(|c| !c),
            "{}",
            key.name()
        );
    }
    // no previous run: nothing marked
    assert!(changed_values(None, &new, i).iter().all(|c| !c));
    // inside the record's math: the ciphertext and the tag, not the additional data
    let ct = names
        .iter()
        .position(|n| *n == "ciphertext")
        .expect("ciphertext");
    let before = value_before(
        tlsim_web::state::matching_step(&old, &new, i),
        &new.steps[i],
        ct,
    )
    .and_then(|d| d.math.as_deref());
    let now = new.steps[i].derived[ct].math.as_deref().expect("gcm");
    let numbers: Vec<String> = changed_numbers(before, now).into_iter().collect();
    assert_eq!(numbers, ["ciphertext", "tag"]);
}
