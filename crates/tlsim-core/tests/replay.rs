//! `replay` against this engine's own sessions: a client and a server run a handshake in memory
//! (the builtin 2048-bit teaching keys, fixed seeds), their handshake messages are written out as
//! `tlsim replay` reads them, and the replay must re-derive the master secret the engines derived
//! and verify both Finished. Broken files fail with a typed reason naming the line, never a panic.
//! (The same against real OpenSSL sessions: `crates/tlsim-cli/tests/replay_openssl.rs`.)

mod prop_support;

use prop_support::{world, HOST};
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use rsa::RsaPrivateKey;
use tlsim_core::client::{Client, ClientConfig, ClientIdentity};
use tlsim_core::codec::Codec;
use tlsim_core::conn::Output;
use tlsim_core::msg::{Arg, ReplayKey, ReplayMsg};
use tlsim_core::msgs::{HandshakeMessage, Record};
use tlsim_core::replay::replay;
use tlsim_core::scenario::DEFAULT_NOW;
use tlsim_core::server::{ClientAuth, Server, ServerConfig};
use tlsim_core::{Error, Msg, MsgKey, ValueId};

/// A session's replay text, and the master secret the client derived.
struct Session {
    text: String,
    lines: Vec<String>,
    master: Vec<u8>,
    server_key: RsaPrivateKey,
}

fn session(ems: bool, client_auth: bool) -> Session {
    // The teaching keys and certificates the property tests share, issued once per binary.
    let w = world();
    let mut sc = ServerConfig::new(vec![w.leaf_der.clone()], w.server_key.clone());
    sc.ems = ems;
    let mut cc = ClientConfig::new(HOST, vec![w.ca_der.clone()]);
    cc.ems = ems;
    if client_auth {
        sc.client_auth = Some(ClientAuth::from_roots(vec![w.ca_der.clone()]).expect("roots"));
        cc.identity = Some(ClientIdentity {
            chain: vec![w.client_der.clone()],
            key: w.client_key.clone(),
        });
    }
    let mut s = Server::new(sc, ChaCha20Rng::from_seed([2; 32]), DEFAULT_NOW).expect("server");
    let (mut c, first) =
        Client::new(cc, ChaCha20Rng::from_seed([1; 32]), DEFAULT_NOW).expect("client");
    let mut lines = Vec::new();
    let mut grab = |out: &Output| {
        for rec in &out.records {
            if let Ok(Some((r, _))) = Record::parse_prefix(rec) {
                if r.typ.get() == 22 && HandshakeMessage::from_bytes(&r.fragment).is_ok() {
                    lines.push(hex::encode(&r.fragment));
                }
            }
        }
    };
    grab(&first);
    let s1 = s.feed(&first.records.concat()).expect("server");
    grab(&s1);
    let c1 = c.feed(&s1.records.concat()).expect("client");
    grab(&c1);
    let s2 = s.feed(&c1.records.concat()).expect("server");
    c.feed(&s2.records.concat()).expect("client");
    // The Finished messages went encrypted: write them in the clear, as s_client -msg prints them.
    let value = |out: &Output, id: ValueId| {
        out.events
            .iter()
            .flat_map(|e| &e.derived)
            .find(|d| d.name == id)
            .map(|d| d.value.clone())
            .expect("derived")
    };
    for (out, id) in [
        (&c1, ValueId::ClientVerifyData),
        (&s2, ValueId::ServerVerifyData),
    ] {
        lines.push(format!("1400000c{}", hex::encode(value(out, id))));
    }
    Session {
        text: lines.join("\n") + "\n",
        master: value(&c1, ValueId::MasterSecret),
        lines,
        server_key: w.server_key.clone(),
    }
}

fn reason(e: &Error) -> ReplayMsg {
    let m = e.reason();
    ReplayMsg::of(&m).unwrap_or_else(|| panic!("not a replay message: {m}"))
}

fn line_of(m: &ReplayMsg) -> Option<u64> {
    match Msg::from(m.clone()).arg("line") {
        Some(Arg::Num(l)) => Some(*l),
        _ => None,
    }
}

#[test]
fn the_engines_sessions_replay_to_their_own_master_secret() {
    for (ems, client_auth) in [(true, false), (false, false), (true, true)] {
        let s = session(ems, client_auth);
        let r = replay(&s.text, &s.server_key).unwrap_or_else(|e| panic!("{e}\n{}", s.text));
        assert_eq!(r.master_secret, hex::encode(&s.master), "ems {ems}");
        assert!(r.client_finished_ok && r.server_finished_ok && r.verified());
        assert_eq!(r.extended_master_secret, ems);
        assert_eq!(r.session_hash.is_some(), ems);
        assert_eq!(r.cipher_suite, "0x009c");
        assert_eq!(r.cipher_suite_name, "TLS_RSA_WITH_AES_128_GCM_SHA256");
        assert!(r.master_secret_formula.contains(if ems {
            "extended master secret"
        } else {
            "\"master secret\""
        }));
        assert_eq!(r.messages.len(), s.lines.len());
        assert_eq!(r.verdict(), ReplayMsg::Verified {}.into());
        assert_eq!(
            r.keylog,
            format!("CLIENT_RANDOM {} {}", r.client_random, r.master_secret)
        );
    }
}

#[test]
fn a_new_session_ticket_counts_in_the_server_finished_transcript() {
    let s = session(true, false);
    let mut lines = s.lines.clone();
    // lifetime hint 7200 s, a 2-byte ticket, before the server's Finished
    lines.insert(lines.len() - 1, "0400000800001c200002abcd".into());
    let r = replay(&(lines.join("\n") + "\n"), &s.server_key).expect("replay");
    assert!(
        r.client_finished_ok,
        "the client's Finished comes before the ticket"
    );
    assert!(
        !r.server_finished_ok,
        "the engine's server did not hash a ticket it never sent"
    );
    assert_eq!(r.verdict(), ReplayMsg::NotVerified {}.into());
    let m = r.messages[lines.len() - 2].clone();
    assert_eq!(
        m,
        ReplayMsg::Message {
            line: lines.len() - 1,
            name: "new_session_ticket".into(),
            len: 12
        }
        .into()
    );
}

#[test]
fn every_cut_line_is_a_typed_error_naming_its_line() {
    let s = session(false, false);
    for i in 0..s.lines.len() {
        // Cut in hex digits: odd counts, shorter than the header, the header's length wrong.
        for n in 0..s.lines[i].len() {
            let mut lines = s.lines.clone();
            lines[i].truncate(n);
            let r = replay(&(lines.join("\n") + "\n"), &s.server_key);
            if n == 0 {
                // An empty line is skipped: the session lacks a message, and fails one way or
                // another (a missing Certificate only changes the Finished transcripts).
                assert!(r.map_or(true, |r| !r.verified()), "line {i} removed");
                continue;
            }
            let e = r.expect_err("a cut line");
            let m = reason(&e);
            assert!(
                matches!(
                    m.key(),
                    ReplayKey::OddHexDigits
                        | ReplayKey::ShorterThanHeader
                        | ReplayKey::LengthMismatch
                ),
                "line {i} cut at {n}: {e}"
            );
            assert_eq!(line_of(&m), Some(i as u64 + 1), "{e}");
        }
    }
}

#[test]
fn a_misplaced_or_missing_message_says_which() {
    let s = session(true, false);
    let without = |skip: usize| {
        let l: Vec<&str> = s
            .lines
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != skip)
            .map(|(_, l)| l.as_str())
            .collect();
        l.join("\n")
    };
    // ClientHello, ServerHello, Certificate, ServerHelloDone, ClientKeyExchange, Finished, Finished
    let e = replay(&without(1), &s.server_key).expect_err("no ServerHello");
    assert!(matches!(e, Error::UnexpectedMessage(_)), "{e}");
    assert_eq!(
        reason(&e),
        ReplayMsg::OutOfOrder {
            line: 2,
            expected: "server_hello".into(),
            got: "certificate".into()
        }
    );
    let e = replay(&without(4), &s.server_key).expect_err("no ClientKeyExchange");
    assert_eq!(reason(&e), ReplayMsg::NoClientKeyExchange {});
    let e = replay(&without(6), &s.server_key).expect_err("one Finished");
    assert_eq!(
        reason(&e),
        ReplayMsg::FinishedCount {
            count: 1,
            last_line: 6
        }
    );
    let e = replay(&s.lines[0], &s.server_key).expect_err("only a ClientHello");
    assert_eq!(reason(&e), ReplayMsg::NoServerHello {});
    // Another key: the pre-master does not decrypt.
    let e = replay(&s.text, &world().client_key).expect_err("wrong key");
    assert!(matches!(e, Error::DecryptError(_)), "{e}");
    assert_eq!(reason(&e), ReplayMsg::PreMasterUndecryptable { line: 5 });
    // A body the codec refuses, inside a consistent header: the codec's reason, nested.
    let e = replay("0100000403030000\n", &s.server_key).expect_err("bad hello");
    let ReplayMsg::Undecodable {
        line: 1,
        name,
        reason: inner,
    } = reason(&e)
    else {
        panic!("{e}");
    };
    assert_eq!(name, "client_hello");
    assert!(matches!(inner.key(), MsgKey::Hs(_)), "{inner}");
}

#[test]
fn comments_spaces_and_colons_are_ignored() {
    let s = session(false, false);
    let mut text = String::from("# recorded by a test\n\n");
    for l in &s.lines {
        let spaced: Vec<String> = l
            .as_bytes()
            .chunks(2)
            .map(|c| String::from_utf8_lossy(c).into_owned())
            .collect();
        text.push_str(&format!("  {}   # a message\n", spaced.join(":")));
    }
    let r = replay(&text, &s.server_key).expect("replay");
    assert!(r.verified());
    assert_eq!(
        r.messages[0],
        Msg::from(ReplayMsg::Message {
            line: 3,
            name: "client_hello".into(),
            len: s.lines[0].len() / 2
        })
    );
}
