//! The TLS 1.3 NSS key log (the format Wireshark and `SSLKEYLOGFILE` read): one line per
//! traffic secret, `LABEL <client_random hex> <secret hex>`, taken from the values the client's
//! steps derived.

use crate::tls13::keylog;
use crate::transcript::{Actor, Step, StepKind};
use crate::vocab::{StepKey, ValueId};

/// The key log labels of TLS 1.3 and the values they name, in the order they are derived.
pub const LABELS13: [(&str, ValueId); 4] = [
    (
        keylog::CLIENT_HANDSHAKE,
        ValueId::ClientHandshakeTrafficSecret,
    ),
    (
        keylog::SERVER_HANDSHAKE,
        ValueId::ServerHandshakeTrafficSecret,
    ),
    (
        keylog::CLIENT_TRAFFIC_0,
        ValueId::ClientApplicationTrafficSecret,
    ),
    (
        keylog::SERVER_TRAFFIC_0,
        ValueId::ServerApplicationTrafficSecret,
    ),
];

/// The key log of a TLS 1.3 session's steps: the client random from its ClientHello (record
/// header 5 + handshake header 4 + legacy_version 2 = offset 11), each secret the client
/// derived. Empty when the client sent no ClientHello; a line only for each secret derived.
pub fn keylog13(steps: &[Step]) -> String {
    let random = steps
        .iter()
        .find(|s| s.key == StepKey::ClientHello13 && s.kind == StepKind::Message)
        .and_then(|s| s.bytes.get(11..43));
    let Some(random) = random else {
        return String::new();
    };
    let mut out = String::new();
    for (label, id) in LABELS13 {
        let secret = steps
            .iter()
            .filter(|s| s.from == Actor::Client)
            .flat_map(|s| &s.derived)
            .find(|d| d.name == id);
        if let Some(d) = secret {
            out += &keylog::line(label, random, &d.value);
        }
    }
    out
}
