//! Which TLS versions `connect` and `serve` offer: `--version 1.2|1.3`, else both (the highest
//! wins, as real stacks negotiate), unless an option that exists only in TLS 1.2 was given, which
//! implies TLS 1.2; with `--version 1.3` such an option is a usage error.

use tlsim_core::TlsVersion;

/// A `--version` value: 1.2 or 1.3 (also tls12, tls13).
pub fn parse_version(s: &str) -> Result<TlsVersion, String> {
    s.parse()
        .map_err(|_| format!("unknown version {s:?}: want 1.2 or 1.3"))
}

/// The versions to enable. `only12` names the TLS 1.2-only options given (e.g. `--kx rsa`),
/// each with why it has no TLS 1.3 meaning.
pub fn resolve(
    version: Option<TlsVersion>,
    only12: &[(String, &str)],
) -> Result<Vec<TlsVersion>, String> {
    match (version, only12.first()) {
        (Some(TlsVersion::Tls13), Some((opt, why))) => Err(format!(
            "{opt} cannot go with --version 1.3: {why}; drop it, or use --version 1.2"
        )),
        (Some(v), _) => Ok(vec![v]),
        (None, Some((opt, _))) => {
            eprintln!("[tlsim] {opt} exists only in TLS 1.2: offering TLS 1.2 only");
            Ok(vec![TlsVersion::Tls12])
        }
        (None, None) => Ok(vec![TlsVersion::Tls13, TlsVersion::Tls12]),
    }
}

/// Why an option is TLS 1.2's alone.
pub const KX: &str =
    "TLS 1.3 has no key-exchange choice in its suites (always (EC)DHE, from key_share)";
/// ffdhe2048.
pub const FFDHE: &str = "tlsim's TLS 1.3 takes x25519 and secp256r1 only";
/// --no-ems.
pub const EMS: &str =
    "the extended master secret is TLS 1.2's (TLS 1.3's key schedule always covers the transcript)";
/// Sessions and tickets.
pub const RESUME: &str = "TLS 1.2 session IDs and tickets (RFC 5077) do not exist in TLS 1.3, and tlsim has no TLS 1.3 PSK";
/// serve --client-auth.
pub const CLIENT_AUTH: &str = "tlsim's TLS 1.3 server does not ask for client certificates yet";

/// The text name of a suite, TLS 1.3's included.
pub fn suite_label(v: u16) -> String {
    if v == tlsim_core::tls13::hello::TLS_AES_128_GCM_SHA256 {
        format!("TLS_AES_128_GCM_SHA256 (0x{v:04x})")
    } else {
        tlsim_core::suites::suite_name(v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_both_implied_and_refused() {
        assert_eq!(
            resolve(None, &[]),
            Ok(vec![TlsVersion::Tls13, TlsVersion::Tls12])
        );
        let kx = [("--kx rsa".to_string(), KX)];
        assert_eq!(resolve(None, &kx), Ok(vec![TlsVersion::Tls12]));
        assert_eq!(
            resolve(Some(TlsVersion::Tls12), &kx),
            Ok(vec![TlsVersion::Tls12])
        );
        let e = resolve(Some(TlsVersion::Tls13), &kx).unwrap_err();
        assert!(e.contains("--kx rsa cannot go with --version 1.3"), "{e}");
        assert_eq!(parse_version("1.3"), Ok(TlsVersion::Tls13));
        assert!(parse_version("1.1")
            .unwrap_err()
            .contains("want 1.2 or 1.3"));
    }
}
