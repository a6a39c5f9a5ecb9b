//! The protocol version a scenario or a connection runs: TLS 1.2 (RFC 5246) or TLS 1.3 (RFC 8446).

use core::fmt;
use core::str::FromStr;

use serde::{Deserialize, Serialize};

/// TLS 1.2 or TLS 1.3. The page and `tlsim run` default to TLS 1.2; `connect` and `serve` offer
/// both and negotiate the highest, as real stacks do.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
pub enum TlsVersion {
    /// TLS 1.2, wire value 0x0303.
    #[default]
    #[serde(rename = "tls12", alias = "1.2")]
    Tls12,
    /// TLS 1.3, wire value 0x0304 (in supported_versions; the record layer still says 0x0303).
    #[serde(rename = "tls13", alias = "1.3")]
    Tls13,
}

impl TlsVersion {
    /// Both versions, lowest first.
    pub const ALL: [TlsVersion; 2] = [TlsVersion::Tls12, TlsVersion::Tls13];

    /// The two-byte wire value (0x0303 or 0x0304).
    pub fn wire(self) -> u16 {
        match self {
            TlsVersion::Tls12 => 0x0303,
            TlsVersion::Tls13 => 0x0304,
        }
    }

    /// The version for a wire value, if it is one of these two.
    pub fn from_wire(v: u16) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.wire() == v)
    }

    /// "1.2" or "1.3", as on the command line and in URLs.
    pub fn as_str(self) -> &'static str {
        match self {
            TlsVersion::Tls12 => "1.2",
            TlsVersion::Tls13 => "1.3",
        }
    }
}

impl fmt::Display for TlsVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TLS {}", self.as_str())
    }
}

/// The text is not a version this simulator speaks ("1.2", "1.3", "tls12", "tls13").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownVersion;

impl FromStr for TlsVersion {
    type Err = UnknownVersion;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "1.2" | "tls12" | "tls1.2" | "tls1_2" => Ok(TlsVersion::Tls12),
            "1.3" | "tls13" | "tls1.3" | "tls1_3" => Ok(TlsVersion::Tls13),
            _ => Err(UnknownVersion),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_round_trips_the_wire_value() {
        assert_eq!("1.3".parse(), Ok(TlsVersion::Tls13));
        assert_eq!("TLS12".parse(), Ok(TlsVersion::Tls12));
        assert_eq!("1.1".parse::<TlsVersion>(), Err(UnknownVersion));
        for v in TlsVersion::ALL {
            assert_eq!(TlsVersion::from_wire(v.wire()), Some(v));
        }
        assert_eq!(TlsVersion::from_wire(0x0302), None);
        assert!(TlsVersion::Tls13 > TlsVersion::Tls12);
    }
}
