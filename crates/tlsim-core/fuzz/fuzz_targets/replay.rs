//! Replay input: the text `tlsim replay` reads (one handshake message per line, hex, `#` comments,
//! `:` and spaces allowed), checked against the fixed server key. The CLI's own parser
//! (`crates/tlsim-cli/src/replay.rs`, a binary-crate module) is compiled in here unchanged by
//! path, and every line that is hex is also read with the core's decoder
//! (`HandshakeMessage::from_bytes`). Never a panic.
#![no_main]

mod common;

#[allow(dead_code, unused_imports, clippy::all)]
#[path = "../../../tlsim-cli/src/replay.rs"]
mod replay;

use libfuzzer_sys::fuzz_target;
use tlsim_core::codec::Codec;
use tlsim_core::msgs::HandshakeMessage;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let w = common::world();
    if let Ok(report) = replay::replay(&text, &w.server_key) {
        let _ = replay::report_text(&report);
    }
    for line in text.lines() {
        let hex: String = line
            .split('#')
            .next()
            .unwrap_or_default()
            .chars()
            .filter(|c| !c.is_whitespace() && *c != ':')
            .collect();
        if let Ok(raw) = hex::decode(&hex) {
            if let Ok(m) = HandshakeMessage::from_bytes(&raw) {
                assert_eq!(HandshakeMessage::from_bytes(&m.to_bytes()).ok(), Some(m));
            }
        }
    }
});
