//! Replay input: the text `tlsim replay` reads (one handshake message per line, hex, `#` comments,
//! `:` and spaces allowed), replayed by the core (`tlsim_core::replay::replay`) against the fixed
//! server key. Every line that is hex is also read with the core's decoder
//! (`HandshakeMessage::from_bytes`) and must round-trip. Never a panic.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use tlsim_core::codec::Codec;
use tlsim_core::msgs::HandshakeMessage;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let w = common::world();
    match tlsim_core::replay::replay(&text, &w.server_key) {
        Ok(report) => {
            let _ = format!("{} {}", report.verdict(), report.server_finished());
        }
        Err(e) => {
            let _ = e.to_string();
        }
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
