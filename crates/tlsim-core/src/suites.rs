//! The cipher suites this engine implements and how a server picks one.

use crate::kx::KxAlg;
use crate::msgs::CipherSuite;

/// The suites implemented: AES-128-GCM-SHA256 with RSA (0x009c), DHE_RSA (0x009e) and
/// ECDHE_RSA (0xc02f) key exchange.
pub const IMPLEMENTED: &[CipherSuite] = &[
    CipherSuite::TlsRsaWithAes128GcmSha256,
    CipherSuite::TlsDheRsaWithAes128GcmSha256,
    CipherSuite::TlsEcdheRsaWithAes128GcmSha256,
];

/// What `connect` and `serve` offer and accept, as real stacks do: forward secrecy first.
pub const ALL_PREFERRING_ECDHE: [u16; 3] = [0xc02f, 0x009e, 0x009c];

/// Is this suite implemented here?
pub fn is_implemented(s: CipherSuite) -> bool {
    IMPLEMENTED.contains(&s)
}

/// The server's choice: the first suite in the server's preference list (`accepted`) that the
/// client offered, this engine implements, and `usable` allows (an ECDHE suite needs a curve in
/// common, RFC 8422 §5.1; a DHE suite a finite-field group, RFC 7919 §4).
pub fn choose(
    offered: &[CipherSuite],
    accepted: &[u16],
    usable: impl Fn(KxAlg) -> bool,
) -> Option<CipherSuite> {
    accepted
        .iter()
        .map(|v| CipherSuite::from_value(*v))
        .find(|s| is_implemented(*s) && offered.contains(s) && KxAlg::of(*s).is_some_and(&usable))
}

/// The name of a suite by value, e.g. `TLS_RSA_WITH_AES_128_GCM_SHA256 (0x009c)`: the one table
/// of suite names is [`CipherSuite`]'s.
pub fn suite_name(v: u16) -> String {
    // TLS 1.3's suites (RFC 8446 §B.4) name no key exchange; TLS 1.2's enum does not hold them
    let name = match v {
        0x1301 => "TLS_AES_128_GCM_SHA256".to_string(),
        0x1302 => "TLS_AES_256_GCM_SHA384".to_string(),
        0x1303 => "TLS_CHACHA20_POLY1305_SHA256".to_string(),
        _ => CipherSuite::from_value(v).name(),
    };
    format!("{name} (0x{v:04x})")
}
