//! `tlsim serve`'s connection loop (the core's `Responder`): an arbitrary byte stream from a
//! client, fed in arbitrary pieces. Never a panic, and what goes back is always well-formed: whole
//! TLS 1.2 records of the four content types, ending, when the connection failed on the server's
//! side, with the fatal alert its error names; after the end nothing more is produced.
//!
//! Input: byte 0 = client auth (bit 1), EMS (bit 2), piece size (bits 3..7: 0 = all at once,
//! else 1..31 bytes); the rest is what the client "sent".
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use tlsim_core::server::responder::{End, Responder};
use tlsim_core::Error;

fn records(mut b: &[u8]) -> Vec<(u8, &[u8])> {
    let mut out = Vec::new();
    while !b.is_empty() {
        assert!(b.len() >= 5, "a partial record header went out");
        let len = u16::from_be_bytes([b[3], b[4]]) as usize;
        assert!((20..=23).contains(&b[0]), "content type {}", b[0]);
        assert_eq!(&b[1..3], &[3, 3], "record version");
        assert!(b.len() >= 5 + len, "a partial record went out");
        out.push((b[0], &b[5..5 + len]));
        b = &b[5 + len..];
    }
    out
}

fuzz_target!(|data: &[u8]| {
    let Some((&ctl, rest)) = data.split_first() else {
        return;
    };
    let o = common::Opts::from_byte(ctl);
    let piece = (ctl >> 3) as usize;
    let mut r = Responder::new(
        common::server_config(o),
        ChaCha20Rng::from_seed([2; 32]),
        common::NOW,
        b"reply".to_vec(),
    )
    .expect("responder");
    let pieces: Vec<&[u8]> = if piece == 0 {
        vec![rest]
    } else {
        rest.chunks(piece).collect()
    };
    let mut ended = false;
    for p in pieces {
        let turn = r.feed(p);
        if ended {
            assert!(turn.send.is_empty(), "bytes after the end");
            continue;
        }
        let recs = records(&turn.send);
        if let Some(End::Failed(e)) = &turn.end {
            if !matches!(e, Error::PeerAlert(_)) && !r.server().is_write_protected() {
                let (typ, body) = recs.last().expect("an alert goes out");
                assert_eq!(*typ, 21);
                assert_eq!(body, &[2, e.alert().code()]);
            }
        }
        ended = turn.end.is_some();
    }
});
