//! The extensions of TLS 1.3 messages (RFC 8446 §4.2), read in the context of the message that
//! carries them: supported_versions and key_share have one form in a ClientHello, another in a
//! ServerHello and a third in a HelloRetryRequest.
//!
//! The TLS 1.2 codec ([`crate::msgs::Extension`]) reads without knowing its message and keeps
//! these raw in `Extension::Unknown`, so TLS 1.2 decoding and bytes stay as they were. Here the
//! extensions TLS 1.2 also knows (server_name, supported_groups, signature_algorithms, ...) are
//! read by that same codec ([`Extension13::Tls12`]); supported_versions and key_share are typed
//! per [`Context`]; psk_key_exchange_modes, cookie, record_size_limit, early_data and the rest
//! are kept raw with their RFC 8446 names.

use crate::codec::{put_prefixed, put_u16, put_vec_u16, Codec, Reader};
use crate::error::Error;
use crate::msg::{FieldMsg, HsMsg, Version};
use crate::msgs::{Extension, ExtensionType};
use crate::vocab::FieldName;

/// supported_versions(43), RFC 8446 §4.2.1.
pub const SUPPORTED_VERSIONS: u16 = 43;
/// key_share(51), RFC 8446 §4.2.8.
pub const KEY_SHARE: u16 = 51;
/// server_name(0), RFC 6066.
const SERVER_NAME: u16 = 0;

/// TLS 1.3's version in supported_versions.
pub const TLS13: u16 = 0x0304;
/// x25519(0x001d), RFC 8446 §4.2.7.
pub const X25519: u16 = 0x001d;
/// rsa_pss_rsae_sha256(0x0804), RFC 8446 §4.2.3.
pub const RSA_PSS_RSAE_SHA256: u16 = 0x0804;

/// The message an extension is in, which decides the form of supported_versions and key_share.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Context {
    /// ClientHello
    ClientHello,
    /// ServerHello
    ServerHello,
    /// HelloRetryRequest (a ServerHello with the special random)
    HelloRetryRequest,
    /// EncryptedExtensions
    EncryptedExtensions,
    /// a CertificateEntry of Certificate
    Certificate,
    /// NewSessionTicket
    NewSessionTicket,
}

/// supported_versions (RFC 8446 §4.2.1).
///
/// ```text
/// struct {
///     select (Handshake.msg_type) {
///         case client_hello:
///              ProtocolVersion versions<2..254>;
///         case server_hello: /* and HelloRetryRequest */
///              ProtocolVersion selected_version;
///     };
/// } SupportedVersions;
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SupportedVersions {
    /// A ClientHello's list, in preference order.
    Offered(Vec<u16>),
    /// A ServerHello's (or HelloRetryRequest's) choice.
    Selected(u16),
}

/// One key share: a group and a public value.
///
/// ```text
/// struct {
///     NamedGroup group;
///     opaque key_exchange<1..2^16-1>;
/// } KeyShareEntry;
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyShareEntry {
    /// The NamedGroup (0x001d = x25519).
    pub group: u16,
    /// The public value (32 bytes for x25519).
    pub key_exchange: Vec<u8>,
}

impl Codec for KeyShareEntry {
    fn encode(&self, out: &mut Vec<u8>) {
        put_u16(out, self.group);
        put_vec_u16(out, &self.key_exchange);
    }

    fn read(r: &mut Reader<'_>) -> Result<Self, Error> {
        r.group(
            FieldName::KeyShareEntry,
            |r| {
                let group = r.field(
                    FieldName::Group,
                    |r| r.u16("KeyShareEntry.group"),
                    |g| FieldMsg::Group {
                        group: crate::kx::group_name(*g),
                    },
                )?;
                let key_exchange = r.field(
                    FieldName::KeyExchange,
                    |r| r.vec_u16("KeyShareEntry.key_exchange"),
                    |k| FieldMsg::KeyExchange { len: k.len() },
                )?;
                if key_exchange.is_empty() {
                    return Err(crate::msg::empty("KeyShareEntry.key_exchange"));
                }
                Ok(Self {
                    group,
                    key_exchange,
                })
            },
            |e| FieldMsg::KeyShareEntry {
                group: crate::kx::group_name(e.group),
                len: e.key_exchange.len(),
            },
        )
    }
}

/// key_share (RFC 8446 §4.2.8).
///
/// ```text
/// struct {
///     KeyShareEntry client_shares<0..2^16-1>;
/// } KeyShareClientHello;
///
/// struct {
///     NamedGroup selected_group;
/// } KeyShareHelloRetryRequest;
///
/// struct {
///     KeyShareEntry server_share;
/// } KeyShareServerHello;
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeyShare {
    /// A ClientHello's shares, in preference order (may be empty: the client waits for an HRR).
    Offered(Vec<KeyShareEntry>),
    /// A ServerHello's share, in a group the client offered.
    Server(KeyShareEntry),
    /// A HelloRetryRequest's group: the client must send a share for it.
    Retry(u16),
}

/// One extension of a TLS 1.3 message.
///
/// ```text
/// struct {
///     ExtensionType extension_type;
///     opaque extension_data<0..2^16-1>;
/// } Extension;
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Extension13 {
    /// supported_versions(43)
    SupportedVersions(SupportedVersions),
    /// key_share(51)
    KeyShare(KeyShare),
    /// server_name(0) from a server, empty: it used the client's name (RFC 6066 §3).
    ServerNameAck,
    /// An extension the TLS 1.2 codec reads (server_name, supported_groups,
    /// signature_algorithms, renegotiation_info, session_ticket, ...), as it reads it.
    Tls12(Extension),
    /// Any other extension (psk_key_exchange_modes, cookie, record_size_limit, early_data, ...),
    /// kept raw.
    Raw(u16, Vec<u8>),
}

/// The RFC name of an extension type, TLS 1.3's included.
pub fn extension_name(t: u16) -> String {
    match t {
        5 => "status_request".into(),
        16 => "application_layer_protocol_negotiation".into(),
        18 => "signed_certificate_timestamp".into(),
        21 => "padding".into(),
        28 => "record_size_limit".into(),
        41 => "pre_shared_key".into(),
        42 => "early_data".into(),
        SUPPORTED_VERSIONS => "supported_versions".into(),
        44 => "cookie".into(),
        45 => "psk_key_exchange_modes".into(),
        47 => "certificate_authorities".into(),
        48 => "oid_filters".into(),
        49 => "post_handshake_auth".into(),
        50 => "signature_algorithms_cert".into(),
        KEY_SHARE => "key_share".into(),
        t => ExtensionType::from_value(t).name(),
    }
}

impl Extension13 {
    /// The extension type.
    pub fn typ(&self) -> u16 {
        match self {
            Self::SupportedVersions(_) => SUPPORTED_VERSIONS,
            Self::KeyShare(_) => KEY_SHARE,
            Self::ServerNameAck => SERVER_NAME,
            Self::Tls12(e) => e.typ().get(),
            Self::Raw(t, _) => *t,
        }
    }

    /// Append the wire encoding.
    pub fn encode(&self, out: &mut Vec<u8>) {
        if let Self::Tls12(e) = self {
            return e.encode(out);
        }
        put_u16(out, self.typ());
        put_prefixed(out, 2, |o| match self {
            Self::SupportedVersions(SupportedVersions::Offered(v)) => put_prefixed(o, 1, |o| {
                v.iter().for_each(|v| put_u16(o, *v));
            }),
            Self::SupportedVersions(SupportedVersions::Selected(v)) => put_u16(o, *v),
            Self::KeyShare(KeyShare::Offered(l)) => {
                put_prefixed(o, 2, |o| l.iter().for_each(|e| e.encode(o)))
            }
            Self::KeyShare(KeyShare::Server(e)) => e.encode(o),
            Self::KeyShare(KeyShare::Retry(g)) => put_u16(o, *g),
            Self::ServerNameAck | Self::Tls12(_) => {}
            Self::Raw(_, data) => o.extend_from_slice(data),
        });
    }

    /// Read one extension of a message of kind `ctx`.
    pub fn read(r: &mut Reader<'_>, ctx: Context) -> Result<Self, Error> {
        let t = r
            .peek_u16()
            .ok_or_else(|| Error::truncated("Extension.extension_type", 2, r.left()))?;
        let known12 = !matches!(ExtensionType::from_value(t), ExtensionType::Unknown(_));
        match t {
            SUPPORTED_VERSIONS => r
                .group(
                    FieldName::SupportedVersions,
                    |r| body(r, |b| read_versions(b, ctx)),
                    |v| match v {
                        SupportedVersions::Offered(v) => FieldMsg::SupportedVersionsOffered {
                            versions: v.iter().copied().map(Version).collect(),
                        },
                        SupportedVersions::Selected(v) => FieldMsg::SupportedVersionSelected {
                            version: Version(*v),
                        },
                    },
                )
                .map(Self::SupportedVersions),
            KEY_SHARE => r
                .group(
                    FieldName::KeyShare,
                    |r| body(r, |b| read_key_share(b, ctx)),
                    |k| match k {
                        KeyShare::Offered(l) => FieldMsg::KeyShares {
                            count: l.len(),
                            len: l.iter().map(|e| 4 + e.key_exchange.len()).sum(),
                        },
                        KeyShare::Server(e) => FieldMsg::KeyShareServer {
                            group: crate::kx::group_name(e.group),
                        },
                        KeyShare::Retry(g) => FieldMsg::KeyShareRetry {
                            group: crate::kx::group_name(*g),
                        },
                    },
                )
                .map(Self::KeyShare),
            // From a server, server_name is empty (RFC 6066 §3); the TLS 1.2 codec would write
            // that back as an empty list.
            SERVER_NAME if ctx != Context::ClientHello && ext_data_len(r) == Some(0) => r.group(
                FieldName::ServerName,
                |r| body(r, |_| Ok(Self::ServerNameAck)),
                |_| FieldMsg::ServerNameAck {},
            ),
            _ if known12 => {
                let e = Extension::read(r)?;
                // server_name_list<1..2^16-1> in a ClientHello
                if matches!(&e, Extension::ServerName(l) if l.is_empty()) {
                    return Err(Error::Decode(HsMsg::SniListEmpty {}.into()));
                }
                Ok(Self::Tls12(e))
            }
            _ => r
                .group(
                    FieldName::Extension,
                    |r| body(r, |b| Ok(b.rest().to_vec())),
                    |d| FieldMsg::OtherExtension {
                        name: extension_name(t),
                        len: d.len(),
                    },
                )
                .map(|d| Self::Raw(t, d)),
        }
    }
}

/// The extension_data length of the extension at `r`'s position, if its header is whole.
fn ext_data_len(r: &Reader<'_>) -> Option<u16> {
    let mut r = r.clone();
    r.take(2, "extension_type").ok()?;
    r.peek_u16()
}

/// Read an extension's type and extension_data, and its body with `f`, which must use it all.
fn body<T>(
    r: &mut Reader<'_>,
    f: impl FnOnce(&mut Reader<'_>) -> Result<T, Error>,
) -> Result<T, Error> {
    let t = r.u16("Extension.extension_type")?;
    let mut b = r.sub_u16("Extension.extension_data")?;
    let v = f(&mut b)?;
    b.expect_empty(&format!("{}.extension_data", extension_name(t)))?;
    Ok(v)
}

fn read_versions(b: &mut Reader<'_>, ctx: Context) -> Result<SupportedVersions, Error> {
    if ctx != Context::ClientHello {
        return Ok(SupportedVersions::Selected(
            b.u16("SupportedVersions.selected_version")?,
        ));
    }
    let mut list = b.sub_u8("SupportedVersions.versions")?;
    // versions<2..254>: at least one, whole 2-byte values
    if list.left() % 2 != 0 || list.left() == 0 {
        return Err(crate::msg::odd_length("SupportedVersions.versions"));
    }
    let mut v = Vec::new();
    while list.left() > 0 {
        v.push(list.u16("ProtocolVersion")?);
    }
    Ok(SupportedVersions::Offered(v))
}

fn read_key_share(b: &mut Reader<'_>, ctx: Context) -> Result<KeyShare, Error> {
    Ok(match ctx {
        Context::ClientHello => {
            let mut list = b.sub_u16("KeyShareClientHello.client_shares")?;
            let mut shares = Vec::new();
            while list.left() > 0 {
                shares.push(KeyShareEntry::read(&mut list)?);
            }
            KeyShare::Offered(shares)
        }
        Context::HelloRetryRequest => KeyShare::Retry(b.field(
            FieldName::Group,
            |b| b.u16("KeyShareHelloRetryRequest.selected_group"),
            |g| FieldMsg::Group {
                group: crate::kx::group_name(*g),
            },
        )?),
        _ => KeyShare::Server(KeyShareEntry::read(b)?),
    })
}

/// Read an `Extension extensions<0..2^16-1>` block of a message of kind `ctx` (always present
/// in TLS 1.3 messages).
pub fn read_extensions(
    r: &mut Reader<'_>,
    ctx: Context,
    what: &str,
) -> Result<Vec<Extension13>, Error> {
    let start = r.pos();
    let mut list = r.sub_u16(what)?;
    r.name(FieldName::Extensions, start, || FieldMsg::Extensions {
        len: list.left(),
    });
    let mut exts = Vec::new();
    while list.left() > 0 {
        exts.push(Extension13::read(&mut list, ctx)?);
    }
    Ok(exts)
}

/// Append an extensions block (its 2-byte length first, even when empty).
pub fn put_extensions(out: &mut Vec<u8>, exts: &[Extension13]) {
    put_prefixed(out, 2, |o| exts.iter().for_each(|e| e.encode(o)));
}

/// The typed extensions of one message, found by kind.
pub trait Extensions {
    /// The message's extensions.
    fn extensions(&self) -> &[Extension13];

    /// supported_versions, if present.
    fn supported_versions(&self) -> Option<&SupportedVersions> {
        self.extensions().iter().find_map(|e| match e {
            Extension13::SupportedVersions(v) => Some(v),
            _ => None,
        })
    }

    /// key_share, if present.
    fn key_share(&self) -> Option<&KeyShare> {
        self.extensions().iter().find_map(|e| match e {
            Extension13::KeyShare(k) => Some(k),
            _ => None,
        })
    }

    /// The raw data of an extension of type `t` kept raw, if present.
    fn raw(&self, t: u16) -> Option<&[u8]> {
        self.extensions().iter().find_map(|e| match e {
            Extension13::Raw(x, d) if *x == t => Some(d.as_slice()),
            _ => None,
        })
    }

    /// The TLS 1.2 codec's reading of an extension, if present (e.g. signature_algorithms).
    fn tls12(&self, t: ExtensionType) -> Option<&Extension> {
        self.extensions().iter().find_map(|e| match e {
            Extension13::Tls12(x) if x.typ() == t => Some(x),
            _ => None,
        })
    }
}
