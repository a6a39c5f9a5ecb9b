//! The teaching keys shipped inside the core (2048-bit RSA, PKCS#8 PEM, committed under `keys/`;
//! `weak-server` is RSA-1024, for the weak-key failure only).
//! They are public: anyone can decrypt a session that uses them. That is the point.

/// Names accepted by `KeySource::Builtin`.
pub const BUILTIN_NAMES: [&str; 8] = [
    "ca",
    "server",
    "client",
    "mitm",
    "mitm-ca",
    "intermediate",
    "sub-ca",
    "weak-server",
];

/// The PEM of a builtin teaching key, or `None` for an unknown name.
pub fn builtin_pem(name: &str) -> Option<&'static str> {
    match name {
        "ca" => Some(include_str!("../../keys/ca.pem")),
        "server" => Some(include_str!("../../keys/server.pem")),
        "client" => Some(include_str!("../../keys/client.pem")),
        "mitm" => Some(include_str!("../../keys/mitm.pem")),
        "mitm-ca" => Some(include_str!("../../keys/mitm-ca.pem")),
        // issue 12: the intermediate CA, and the second CA of the path-len failure.
        "intermediate" => Some(include_str!("../../keys/intermediate.pem")),
        "sub-ca" => Some(include_str!("../../keys/sub-ca.pem")),
        // issue 12: the weak-key failure's RSA-1024 server key (never for real use).
        "weak-server" => Some(include_str!("../../keys/weak-server.pem")),
        _ => None,
    }
}
