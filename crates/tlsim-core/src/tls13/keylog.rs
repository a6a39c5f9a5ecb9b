//! The NSS key log lines of a TLS 1.3 session (the format Wireshark, OpenSSL's `-keylogfile`
//! and every browser's `SSLKEYLOGFILE` share): each traffic secret under the ClientHello.random
//! that names the session.
//!
//! ```text
//! CLIENT_HANDSHAKE_TRAFFIC_SECRET <client_random> <client_handshake_traffic_secret>
//! SERVER_HANDSHAKE_TRAFFIC_SECRET <client_random> <server_handshake_traffic_secret>
//! CLIENT_TRAFFIC_SECRET_0 <client_random> <client_application_traffic_secret_0>
//! SERVER_TRAFFIC_SECRET_0 <client_random> <server_application_traffic_secret_0>
//! ```

use super::key_schedule::{HandshakeSecrets, MasterSecrets};

/// The label of the client handshake traffic secret.
pub const CLIENT_HANDSHAKE: &str = "CLIENT_HANDSHAKE_TRAFFIC_SECRET";
/// The label of the server handshake traffic secret.
pub const SERVER_HANDSHAKE: &str = "SERVER_HANDSHAKE_TRAFFIC_SECRET";
/// The label of the client application traffic secret _0.
pub const CLIENT_TRAFFIC_0: &str = "CLIENT_TRAFFIC_SECRET_0";
/// The label of the server application traffic secret _0.
pub const SERVER_TRAFFIC_0: &str = "SERVER_TRAFFIC_SECRET_0";

/// The key log lines for what is known so far: the two handshake traffic secrets, then the two
/// application traffic secrets once the master secret exists. Each line ends in a newline.
pub fn lines(
    client_random: &[u8; 32],
    hs: &HandshakeSecrets,
    app: Option<&MasterSecrets>,
) -> String {
    let mut out = String::new();
    let mut line = |label: &str, secret: &[u8]| out.push_str(&line(label, client_random, secret));
    line(CLIENT_HANDSHAKE, &hs.client_handshake_traffic_secret);
    line(SERVER_HANDSHAKE, &hs.server_handshake_traffic_secret);
    if let Some(ms) = app {
        line(CLIENT_TRAFFIC_0, &ms.client_application_traffic_secret);
        line(SERVER_TRAFFIC_0, &ms.server_application_traffic_secret);
    }
    out
}

/// One key log line, `LABEL <client_random hex> <secret hex>`, ending in a newline.
pub fn line(label: &str, client_random: &[u8], secret: &[u8]) -> String {
    format!(
        "{label} {} {}\n",
        hex::encode(client_random),
        hex::encode(secret)
    )
}
