//! Property (issue 14): whatever session a client offers (any session ID of 0..=32 bytes, any
//! ticket bytes, or a real ticket with one byte changed), a server with a session cache and a
//! ticket key never resumes a session it did not make: it completes a full handshake, and the
//! client's keys agree with it. Only the untouched ticket resumes.

mod prop_support;

use prop_support::{world, HOST};
use proptest::prelude::*;
use tlsim_core::client::{Client, ClientConfig};
use tlsim_core::keygen::purpose_rng;
use tlsim_core::resume::server::Resumption;
use tlsim_core::resume::{Session, SessionState, TicketKey};
use tlsim_core::scenario::{DEFAULT_NOW, TLS_RSA_WITH_AES_128_GCM_SHA256};
use tlsim_core::server::{Server, ServerConfig};

const KEY: [u8; 16] = [9; 16];

/// Records back and forth until quiet; (client resumed, server resumed, both complete).
fn handshake(session: Session, seed: [u8; 32]) -> (bool, bool, bool) {
    let w = world();
    let mut cc = ClientConfig::new(HOST, vec![w.ca_der.clone()]);
    cc.resume = Some(session);
    let mut sc = ServerConfig::new(vec![w.leaf_der.clone()], w.server_key.clone());
    sc.resumption = Resumption::with(16, Some(TicketKey::new(KEY)));
    let (mut c, first) = Client::new(cc, purpose_rng(&seed, "client"), DEFAULT_NOW).unwrap();
    let mut s = Server::new(sc, purpose_rng(&seed, "server"), DEFAULT_NOW).unwrap();
    let mut to_server = first.records;
    for _ in 0..8 {
        let mut to_client = Vec::new();
        for r in to_server.drain(..) {
            to_client.extend(
                s.feed(&r)
                    .expect("the server never fails on an offered session")
                    .records,
            );
        }
        for r in to_client {
            to_server.extend(c.feed(&r).expect("the client completes").records);
        }
        if to_server.is_empty() {
            break;
        }
    }
    (
        c.resumed(),
        s.resumed(),
        c.is_handshake_complete()
            && s.is_handshake_complete()
            && c.master_secret() == s.master_secret(),
    )
}

fn real_ticket() -> Vec<u8> {
    let state = SessionState {
        suite: TLS_RSA_WITH_AES_128_GCM_SHA256,
        master: [5; 48],
        ems: true,
        host: HOST.into(),
        created: DEFAULT_NOW - 10,
    };
    TicketKey::new(KEY).seal(&state, [1; 12]).0
}

fn session(id: Vec<u8>, ticket: Option<Vec<u8>>) -> Session {
    Session {
        id,
        ticket,
        lifetime_hint: 7200,
        suite: TLS_RSA_WITH_AES_128_GCM_SHA256,
        master: [5; 48],
        ems: true,
        host: HOST.into(),
        created: DEFAULT_NOW - 10,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn an_unknown_or_changed_session_gets_a_full_handshake(
        seed in any::<[u8; 32]>(),
        id in proptest::collection::vec(any::<u8>(), 0..=32),
        junk in proptest::option::of(proptest::collection::vec(any::<u8>(), 1..300)),
    ) {
        let (cr, sr, ok) = handshake(session(id, junk), seed);
        prop_assert!(ok && !cr && !sr);
    }

    #[test]
    fn a_real_ticket_with_one_byte_changed_is_refused(
        seed in any::<[u8; 32]>(),
        at in any::<prop::sample::Index>(),
        mask in 1u8..=255,
    ) {
        let mut t = real_ticket();
        let i = at.index(t.len());
        t[i] ^= mask;
        let (cr, sr, ok) = handshake(session(vec![7; 32], Some(t)), seed);
        prop_assert!(ok && !cr && !sr, "byte {}", i);
    }
}

#[test]
fn the_untouched_ticket_resumes() {
    let (cr, sr, ok) = handshake(session(vec![7; 32], Some(real_ticket())), [3; 32]);
    assert!(ok && cr && sr);
}
