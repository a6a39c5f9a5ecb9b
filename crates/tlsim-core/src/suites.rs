//! The cipher suites this engine implements and how a server picks one.

use crate::msgs::CipherSuite;

/// The suites implemented: only TLS_RSA_WITH_AES_128_GCM_SHA256 (0x009c).
pub const IMPLEMENTED: &[CipherSuite] = &[CipherSuite::TlsRsaWithAes128GcmSha256];

/// Is this suite implemented here?
pub fn is_implemented(s: CipherSuite) -> bool {
    IMPLEMENTED.contains(&s)
}

/// The server's choice: the first suite in the server's preference list (`accepted`) that the
/// client offered and this engine implements.
pub fn choose(offered: &[CipherSuite], accepted: &[u16]) -> Option<CipherSuite> {
    accepted
        .iter()
        .map(|v| CipherSuite::from_value(*v))
        .find(|s| is_implemented(*s) && offered.contains(s))
}

/// The name of a suite by value, e.g. `TLS_RSA_WITH_AES_128_GCM_SHA256 (0x009c)`: the one table
/// of suite names is [`CipherSuite`]'s.
pub fn suite_name(v: u16) -> String {
    format!("{} (0x{v:04x})", CipherSuite::from_value(v).name())
}
