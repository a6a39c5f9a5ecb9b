//! Wire enums. Unknown values are kept (`Unknown(v)`), never lost, so a peer's message round-trips.

use crate::codec::{put_u16, Codec, Reader};
use crate::error::Error;

macro_rules! wire_enum {
    ($(#[$m:meta])* $name:ident: $ty:ident { $($(#[$vm:meta])* $var:ident = $val:expr, $text:expr;)* }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vm])* $var,)*
            /// A value this engine does not name, kept as it came.
            Unknown($ty),
        }

        impl $name {
            /// The wire value.
            pub fn get(self) -> $ty {
                match self {
                    $(Self::$var => $val,)*
                    Self::Unknown(v) => v,
                }
            }

            /// From the wire value.
            pub fn from_value(v: $ty) -> Self {
                match v {
                    $($val => Self::$var,)*
                    v => Self::Unknown(v),
                }
            }

            /// The RFC / IANA name.
            pub fn name(self) -> String {
                match self {
                    $(Self::$var => $text.to_string(),)*
                    Self::Unknown(v) => format!("unknown (0x{v:02x})"),
                }
            }
        }

        impl Codec for $name {
            fn encode(&self, out: &mut Vec<u8>) {
                wire_enum!(@put $ty, out, self.get());
            }
            fn read(r: &mut Reader<'_>) -> Result<Self, Error> {
                Ok(Self::from_value(wire_enum!(@get $ty, r, stringify!($name))?))
            }
        }
    };
    (@put u8, $out:expr, $v:expr) => { $out.push($v) };
    (@put u16, $out:expr, $v:expr) => { put_u16($out, $v) };
    (@get u8, $r:expr, $w:expr) => { $r.u8($w) };
    (@get u16, $r:expr, $w:expr) => { $r.u16($w) };
}

wire_enum! {
    /// `enum { change_cipher_spec(20), alert(21), handshake(22), application_data(23) } ContentType;`
    ContentType: u8 {
        /// change_cipher_spec(20)
        ChangeCipherSpec = 20, "change_cipher_spec";
        /// alert(21)
        Alert = 21, "alert";
        /// handshake(22)
        Handshake = 22, "handshake";
        /// application_data(23)
        ApplicationData = 23, "application_data";
    }
}

wire_enum! {
    /// RFC 5246 §7.4 `HandshakeType`.
    HandshakeType: u8 {
        /// hello_request(0)
        HelloRequest = 0, "hello_request";
        /// client_hello(1)
        ClientHello = 1, "client_hello";
        /// server_hello(2)
        ServerHello = 2, "server_hello";
        /// new_session_ticket(4), RFC 5077
        NewSessionTicket = 4, "new_session_ticket";
        /// certificate(11)
        Certificate = 11, "certificate";
        /// server_key_exchange(12)
        ServerKeyExchange = 12, "server_key_exchange";
        /// certificate_request(13)
        CertificateRequest = 13, "certificate_request";
        /// server_hello_done(14)
        ServerHelloDone = 14, "server_hello_done";
        /// certificate_verify(15)
        CertificateVerify = 15, "certificate_verify";
        /// client_key_exchange(16)
        ClientKeyExchange = 16, "client_key_exchange";
        /// finished(20)
        Finished = 20, "finished";
        /// certificate_status(22), RFC 6066 §8 (OCSP stapling)
        CertificateStatus = 22, "certificate_status";
    }
}

wire_enum! {
    /// Cipher suites (IANA TLS registry), the few this simulator names.
    CipherSuite: u16 {
        /// TLS_RSA_WITH_AES_128_GCM_SHA256 (0x009c), implemented here.
        TlsRsaWithAes128GcmSha256 = 0x009c, "TLS_RSA_WITH_AES_128_GCM_SHA256";
        /// TLS_DHE_RSA_WITH_AES_128_GCM_SHA256 (0x009e): its key exchange is built (kx/);
        /// the state machines do not negotiate it yet.
        TlsDheRsaWithAes128GcmSha256 = 0x009e, "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256";
        /// TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 (0xc02f), see above.
        TlsEcdheRsaWithAes128GcmSha256 = 0xc02f, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256";
        /// TLS_RSA_WITH_AES_256_GCM_SHA384 (0x009d)
        TlsRsaWithAes256GcmSha384 = 0x009d, "TLS_RSA_WITH_AES_256_GCM_SHA384";
        /// TLS_RSA_WITH_AES_128_CBC_SHA (0x002f)
        TlsRsaWithAes128CbcSha = 0x002f, "TLS_RSA_WITH_AES_128_CBC_SHA";
        /// TLS_RSA_WITH_AES_256_CBC_SHA (0x0035)
        TlsRsaWithAes256CbcSha = 0x0035, "TLS_RSA_WITH_AES_256_CBC_SHA";
        /// TLS_RSA_WITH_AES_128_CBC_SHA256 (0x003c)
        TlsRsaWithAes128CbcSha256 = 0x003c, "TLS_RSA_WITH_AES_128_CBC_SHA256";
        /// TLS_RSA_WITH_AES_256_CBC_SHA256 (0x003d)
        TlsRsaWithAes256CbcSha256 = 0x003d, "TLS_RSA_WITH_AES_256_CBC_SHA256";
        /// TLS_RSA_WITH_3DES_EDE_CBC_SHA (0x000a)
        TlsRsaWith3desEdeCbcSha = 0x000a, "TLS_RSA_WITH_3DES_EDE_CBC_SHA";
        /// TLS_EMPTY_RENEGOTIATION_INFO_SCSV (0x00ff, RFC 5746): not a suite, a signal.
        TlsEmptyRenegotiationInfoScsv = 0x00ff, "TLS_EMPTY_RENEGOTIATION_INFO_SCSV";
    }
}

wire_enum! {
    /// TLS extension types (IANA), the ones this engine understands.
    ExtensionType: u16 {
        /// server_name(0), RFC 6066
        ServerName = 0x0000, "server_name";
        /// supported_groups(10), RFC 8422 §5.1.1 and RFC 7919
        SupportedGroups = 0x000a, "supported_groups";
        /// ec_point_formats(11), RFC 8422 §5.1.2
        EcPointFormats = 0x000b, "ec_point_formats";
        /// signature_algorithms(13), RFC 5246 §7.4.1.4.1
        SignatureAlgorithms = 0x000d, "signature_algorithms";
        /// extended_master_secret(23), RFC 7627
        ExtendedMasterSecret = 0x0017, "extended_master_secret";
        /// session_ticket(35), RFC 5077 §3.2
        SessionTicket = 0x0023, "session_ticket";
        /// renegotiation_info(0xff01), RFC 5746
        RenegotiationInfo = 0xff01, "renegotiation_info";
    }
}

/// `SignatureAndHashAlgorithm` for rsa_pkcs1_sha256: hash sha256(4), signature rsa(1).
pub const RSA_PKCS1_SHA256: u16 = 0x0401;

/// The name of a `SignatureAndHashAlgorithm` value (a TLS 1.3 `SignatureScheme` in 0x08xx).
pub fn sig_alg_name(v: u16) -> String {
    // RFC 8446 §4.2.3: 0x0804..0x080b are whole schemes, not hash << 8 | signature.
    let tls13 = match v {
        0x0804 => Some("rsa_pss_rsae_sha256"),
        0x0805 => Some("rsa_pss_rsae_sha384"),
        0x0806 => Some("rsa_pss_rsae_sha512"),
        0x0807 => Some("ed25519"),
        0x0808 => Some("ed448"),
        0x0809 => Some("rsa_pss_pss_sha256"),
        0x080a => Some("rsa_pss_pss_sha384"),
        0x080b => Some("rsa_pss_pss_sha512"),
        _ => None,
    };
    if let Some(name) = tls13 {
        return format!("{name} (0x{v:04x})");
    }
    let hash = match v >> 8 {
        1 => "md5",
        2 => "sha1",
        3 => "sha224",
        4 => "sha256",
        5 => "sha384",
        6 => "sha512",
        8 => "intrinsic",
        _ => "?",
    };
    let sig = match v & 0xff {
        1 => "rsa_pkcs1",
        2 => "dsa",
        3 => "ecdsa",
        4..=6 => "rsa_pss_rsae",
        7 => "ed25519",
        8 => "ed448",
        9..=11 => "rsa_pss_pss",
        _ => "?",
    };
    format!("{sig}_{hash} (0x{v:04x})")
}

/// The name of a protocol version.
pub fn version_name(v: u16) -> String {
    match v {
        0x0300 => "SSL 3.0 (0x0300)".into(),
        0x0301 => "TLS 1.0 (0x0301)".into(),
        0x0302 => "TLS 1.1 (0x0302)".into(),
        0x0303 => "TLS 1.2 (0x0303)".into(),
        0x0304 => "TLS 1.3 (0x0304)".into(),
        v => format!("unknown (0x{v:04x})"),
    }
}

/// TLS 1.2's version on the wire.
pub const TLS12: u16 = 0x0303;
