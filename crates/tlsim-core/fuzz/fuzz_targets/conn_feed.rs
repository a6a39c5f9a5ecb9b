//! The receive path of a whole connection (deframing, record version checks, the handshake-message
//! joiner, each state's handler): a server, or a client that has sent its ClientHello, fed
//! arbitrary bytes. Never a panic; after an error the fatal alert can still be produced.
//!
//! Input: byte 0 = role (bit 0: client), client auth (bit 1), EMS (bit 2), split feeding (bit 3:
//! 7-byte chunks); the rest is what the peer "sent". The seed corpus holds real peer flights for
//! these fixed keys and seeds (see `examples/gen_corpus.rs`), so mutations reach every state.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use tlsim_core::Error;

fn feed_all(
    bytes: &[u8],
    chunked: bool,
    mut feed: impl FnMut(&[u8]) -> Result<(), Error>,
) -> Result<(), Error> {
    if chunked {
        for c in bytes.chunks(7) {
            feed(c)?;
        }
        Ok(())
    } else {
        feed(bytes)
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&ctl, rest)) = data.split_first() else {
        return;
    };
    let o = common::Opts::from_byte(ctl);
    let chunked = ctl & 8 != 0;
    if ctl & 1 == 0 {
        let mut s = common::server(o);
        let r = feed_all(rest, chunked, |b| s.feed(b).map(|_| ()));
        if let Err(e) = r {
            let _ = s.alert(&e);
            let _ = s.take_output();
        }
    } else {
        let (mut c, _hello) = common::client(o);
        let r = feed_all(rest, chunked, |b| c.feed(b).map(|_| ()));
        match r {
            Err(e) => {
                let _ = c.alert(&e);
                let _ = c.take_output();
            }
            Ok(()) => {
                if c.is_handshake_complete() {
                    // Only a genuine server flight (seed corpus) can get here.
                    assert!(c.master_secret().is_some());
                }
            }
        }
    }
});
