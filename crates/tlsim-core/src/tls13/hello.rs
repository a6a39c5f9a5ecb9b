//! TLS 1.3 ClientHello and ServerHello (RFC 8446 §4.1.2, §4.1.3), HelloRetryRequest recognition
//! and the downgrade sentinels. The wire layout is TLS 1.2's, its fields renamed `legacy_*`; the
//! extensions are read in their message's [`Context`].

use super::ext::{put_extensions, read_extensions, Context, Extension13, Extensions};
use crate::codec::{put_prefixed, put_u16, put_vec_u8, Codec, Reader};
use crate::error::Error;
use crate::msg::{FieldMsg, Hex, Suite, Version};
use crate::msgs::CipherSuite;
use crate::vocab::FieldName;

/// TLS_AES_128_GCM_SHA256 (0x1301), RFC 8446 §B.4.
pub const TLS_AES_128_GCM_SHA256: u16 = 0x1301;

/// ServerHello.random of a HelloRetryRequest: SHA-256("HelloRetryRequest") (RFC 8446 §4.1.3).
pub const HELLO_RETRY_REQUEST_RANDOM: [u8; 32] = [
    0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c, 0x02, 0x1e, 0x65, 0xb8, 0x91,
    0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb, 0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c,
];

/// The last 8 bytes of ServerHello.random from a TLS 1.3 server that negotiates TLS 1.2
/// (RFC 8446 §4.1.3): "DOWNGRD" and 01.
pub const DOWNGRADE_TLS12: [u8; 8] = *b"DOWNGRD\x01";
/// ... that negotiates TLS 1.1 or below: "DOWNGRD" and 00.
pub const DOWNGRADE_TLS11: [u8; 8] = *b"DOWNGRD\x00";

/// The version a ServerHello.random's downgrade sentinel names, if it ends in one: TLS 1.2
/// (0x0303) for `...01`, TLS 1.1 (0x0302) for `...00` (which also covers 1.0).
pub fn downgrade_sentinel(random: &[u8; 32]) -> Option<u16> {
    match &random[24..] {
        s if s == DOWNGRADE_TLS12 => Some(0x0303),
        s if s == DOWNGRADE_TLS11 => Some(0x0302),
        _ => None,
    }
}

/// The client's first message, TLS 1.3 form.
///
/// ```text
/// uint16 ProtocolVersion;
/// opaque Random[32];
/// uint8 CipherSuite[2];    /* Cryptographic suite selector */
///
/// struct {
///     ProtocolVersion legacy_version = 0x0303;    /* TLS v1.2 */
///     Random random;
///     opaque legacy_session_id<0..32>;
///     CipherSuite cipher_suites<2..2^16-2>;
///     opaque legacy_compression_methods<1..2^8-1>;
///     Extension extensions<8..2^16-1>;
/// } ClientHello;
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientHello13 {
    /// 0x0303; the versions are in supported_versions.
    pub legacy_version: u16,
    /// 32 random bytes.
    pub random: [u8; 32],
    /// A session ID (a TLS 1.2 one to resume, or 32 bytes for middlebox compatibility).
    pub legacy_session_id: Vec<u8>,
    /// Offered suites, in preference order.
    pub cipher_suites: Vec<CipherSuite>,
    /// Exactly one byte, null(0), in TLS 1.3.
    pub legacy_compression_methods: Vec<u8>,
    /// Extensions, read in [`Context::ClientHello`].
    pub extensions: Vec<Extension13>,
}

impl Extensions for ClientHello13 {
    fn extensions(&self) -> &[Extension13] {
        &self.extensions
    }
}

impl Codec for ClientHello13 {
    fn encode(&self, out: &mut Vec<u8>) {
        put_u16(out, self.legacy_version);
        out.extend_from_slice(&self.random);
        put_vec_u8(out, &self.legacy_session_id);
        put_prefixed(out, 2, |o| {
            self.cipher_suites.iter().for_each(|s| s.encode(o))
        });
        put_vec_u8(out, &self.legacy_compression_methods);
        put_extensions(out, &self.extensions);
    }

    fn read(r: &mut Reader<'_>) -> Result<Self, Error> {
        let legacy_version = read_legacy_version(r, "ClientHello.legacy_version")?;
        let random = read_random(r, "ClientHello.random", |v| FieldMsg::Hex {
            value: Hex(v.to_vec()),
        })?;
        let legacy_session_id = read_session_id(
            r,
            FieldName::LegacySessionId,
            "ClientHello.legacy_session_id",
        )?;
        let start = r.pos();
        let mut suites = r.sub_u16("ClientHello.cipher_suites")?;
        r.name(FieldName::CipherSuites, start, || FieldMsg::CipherSuites {
            count: suites.left() / 2,
        });
        if suites.left() % 2 != 0 || suites.left() == 0 {
            return Err(crate::msg::odd_length("ClientHello.cipher_suites"));
        }
        let mut cipher_suites = Vec::new();
        while suites.left() > 0 {
            cipher_suites.push(read_suite(&mut suites)?);
        }
        let legacy_compression_methods = r.field(
            FieldName::LegacyCompressionMethods,
            |r| r.vec_u8("ClientHello.legacy_compression_methods"),
            |c| FieldMsg::CompressionMethods {
                methods: Hex(c.clone()),
            },
        )?;
        if legacy_compression_methods.is_empty() {
            return Err(crate::msg::empty("ClientHello.legacy_compression_methods"));
        }
        let extensions = read_extensions(r, Context::ClientHello, "ClientHello.extensions")?;
        Ok(Self {
            legacy_version,
            random,
            legacy_session_id,
            cipher_suites,
            legacy_compression_methods,
            extensions,
        })
    }
}

/// The server's answer, TLS 1.3 form; a HelloRetryRequest is a ServerHello whose random is
/// [`HELLO_RETRY_REQUEST_RANDOM`], and its extensions are read in that context.
///
/// ```text
/// struct {
///     ProtocolVersion legacy_version = 0x0303;    /* TLS v1.2 */
///     Random random;
///     opaque legacy_session_id_echo<0..32>;
///     CipherSuite cipher_suite;
///     uint8 legacy_compression_method = 0;
///     Extension extensions<6..2^16-1>;
/// } ServerHello;
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerHello13 {
    /// 0x0303; the version is in supported_versions.
    pub legacy_version: u16,
    /// 32 random bytes, or [`HELLO_RETRY_REQUEST_RANDOM`].
    pub random: [u8; 32],
    /// The client's legacy_session_id, echoed.
    pub legacy_session_id_echo: Vec<u8>,
    /// The chosen suite.
    pub cipher_suite: CipherSuite,
    /// 0 in TLS 1.3.
    pub legacy_compression_method: u8,
    /// Extensions, read in [`Context::ServerHello`] or [`Context::HelloRetryRequest`].
    pub extensions: Vec<Extension13>,
}

impl ServerHello13 {
    /// Is this a HelloRetryRequest (RFC 8446 §4.1.3)?
    pub fn is_hello_retry_request(&self) -> bool {
        self.random == HELLO_RETRY_REQUEST_RANDOM
    }

    /// The version a downgrade sentinel at the end of the random names, if any.
    pub fn downgrade_sentinel(&self) -> Option<u16> {
        downgrade_sentinel(&self.random)
    }
}

impl Extensions for ServerHello13 {
    fn extensions(&self) -> &[Extension13] {
        &self.extensions
    }
}

impl Codec for ServerHello13 {
    fn encode(&self, out: &mut Vec<u8>) {
        put_u16(out, self.legacy_version);
        out.extend_from_slice(&self.random);
        put_vec_u8(out, &self.legacy_session_id_echo);
        self.cipher_suite.encode(out);
        out.push(self.legacy_compression_method);
        put_extensions(out, &self.extensions);
    }

    fn read(r: &mut Reader<'_>) -> Result<Self, Error> {
        let legacy_version = read_legacy_version(r, "ServerHello.legacy_version")?;
        let random = read_random(r, "ServerHello.random", |v| {
            if *v == HELLO_RETRY_REQUEST_RANDOM {
                FieldMsg::HelloRetryRequestRandom {}
            } else if let Some(version) = downgrade_sentinel(v) {
                FieldMsg::DowngradeSentinel {
                    value: Hex(v[24..].to_vec()),
                    version: Version(version),
                }
            } else {
                FieldMsg::Hex {
                    value: Hex(v.to_vec()),
                }
            }
        })?;
        let legacy_session_id_echo = read_session_id(
            r,
            FieldName::LegacySessionIdEcho,
            "ServerHello.legacy_session_id_echo",
        )?;
        let cipher_suite = read_suite(r)?;
        let legacy_compression_method = r.field(
            FieldName::LegacyCompressionMethod,
            |r| r.u8("ServerHello.legacy_compression_method"),
            |c| FieldMsg::CompressionMethod { value: *c },
        )?;
        let ctx = if random == HELLO_RETRY_REQUEST_RANDOM {
            Context::HelloRetryRequest
        } else {
            Context::ServerHello
        };
        // A TLS 1.2 ServerHello may end here, with no extensions block (RFC 5246 §7.4.1.3); a
        // TLS 1.3 client still reads it, to see the version and the downgrade sentinel.
        let extensions = if r.left() == 0 {
            Vec::new()
        } else {
            read_extensions(r, ctx, "ServerHello.extensions")?
        };
        Ok(Self {
            legacy_version,
            random,
            legacy_session_id_echo,
            cipher_suite,
            legacy_compression_method,
            extensions,
        })
    }
}

fn read_legacy_version(r: &mut Reader<'_>, what: &str) -> Result<u16, Error> {
    r.field(
        FieldName::LegacyVersion,
        |r| r.u16(what),
        |v| FieldMsg::LegacyVersion {
            version: Version(*v),
        },
    )
}

fn read_random(
    r: &mut Reader<'_>,
    what: &str,
    meaning: impl FnOnce(&[u8; 32]) -> FieldMsg,
) -> Result<[u8; 32], Error> {
    r.field(FieldName::Random, |r| r.array(what), meaning)
}

fn read_session_id(r: &mut Reader<'_>, name: FieldName, what: &str) -> Result<Vec<u8>, Error> {
    let id = r.field(
        name,
        |r| r.vec_u8(what),
        |id| match id.len() {
            0 => FieldMsg::SessionIdEmpty {},
            len => FieldMsg::SessionId {
                len,
                value: Hex(id.clone()),
            },
        },
    )?;
    if id.len() > 32 {
        return Err(crate::msg::too_long(what, id.len(), 32));
    }
    Ok(id)
}

fn read_suite(r: &mut Reader<'_>) -> Result<CipherSuite, Error> {
    r.field(FieldName::CipherSuite, CipherSuite::read, |s| {
        FieldMsg::CipherSuite {
            suite: Suite(s.get()),
        }
    })
}
