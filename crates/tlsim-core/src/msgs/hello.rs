//! ClientHello, ServerHello and their extensions (RFC 5246 §7.4.1, RFC 6066, RFC 5746, RFC 7627).

use super::enums::{CipherSuite, ExtensionType};
use crate::codec::{put_prefixed, put_u16, put_vec_u8, Codec, Reader};
use crate::error::Error;
use crate::msg::{FieldMsg, Hex, HsMsg, SigAlg, Suite, Version};
use crate::vocab::FieldName;

/// One hello extension. Known ones are parsed; all others are kept raw.
///
/// ```text
/// struct {
///     ExtensionType extension_type;
///     opaque extension_data<0..2^16-1>;
/// } Extension;
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Extension {
    /// server_name: a list of (name_type, name); host_name is type 0 (RFC 6066 §3).
    ServerName(Vec<(u8, Vec<u8>)>),
    /// signature_algorithms: `SignatureAndHashAlgorithm` values (hash << 8 | signature).
    SignatureAlgorithms(Vec<u16>),
    /// extended_master_secret: empty (RFC 7627 §5.1).
    ExtendedMasterSecret,
    /// supported_groups: NamedGroup values in preference order (RFC 8422 §5.1.1, RFC 7919).
    SupportedGroups(Vec<u16>),
    /// ec_point_formats: point formats (0 = uncompressed), RFC 8422 §5.1.2.
    EcPointFormats(Vec<u8>),
    /// renegotiation_info: `opaque renegotiated_connection<0..255>` (empty on a first handshake).
    RenegotiationInfo(Vec<u8>),
    /// session_ticket (RFC 5077 §3.2): the ticket to resume with, or empty (asks for a ticket;
    /// from a server: one will come in NewSessionTicket).
    SessionTicket(Vec<u8>),
    /// Any other extension, kept with its raw data.
    Unknown(u16, Vec<u8>),
}

impl Extension {
    /// The extension type.
    pub fn typ(&self) -> ExtensionType {
        match self {
            Self::ServerName(_) => ExtensionType::ServerName,
            Self::SignatureAlgorithms(_) => ExtensionType::SignatureAlgorithms,
            Self::ExtendedMasterSecret => ExtensionType::ExtendedMasterSecret,
            Self::SupportedGroups(_) => ExtensionType::SupportedGroups,
            Self::EcPointFormats(_) => ExtensionType::EcPointFormats,
            Self::RenegotiationInfo(_) => ExtensionType::RenegotiationInfo,
            Self::SessionTicket(_) => ExtensionType::SessionTicket,
            Self::Unknown(t, _) => ExtensionType::from_value(*t),
        }
    }

    /// A server_name extension with one host_name.
    pub fn sni(host: &str) -> Self {
        Self::ServerName(vec![(0, host.as_bytes().to_vec())])
    }

    /// The extension's name in a byte map.
    fn field_name(&self) -> FieldName {
        match self {
            Self::ServerName(_) => FieldName::ServerName,
            Self::SignatureAlgorithms(_) => FieldName::SignatureAlgorithms,
            Self::ExtendedMasterSecret => FieldName::ExtendedMasterSecret,
            Self::SupportedGroups(_) => FieldName::SupportedGroups,
            Self::EcPointFormats(_) => FieldName::EcPointFormats,
            Self::RenegotiationInfo(_) => FieldName::RenegotiationInfo,
            Self::SessionTicket(_) => FieldName::SessionTicket,
            Self::Unknown(..) => FieldName::Extension,
        }
    }

    /// What the extension means in a byte map.
    fn meaning(&self) -> FieldMsg {
        match self {
            Self::ServerName(_) => FieldMsg::ServerName {
                host: self.first_host_name().unwrap_or_default(),
            },
            Self::SignatureAlgorithms(algs) => FieldMsg::SignatureAlgorithms {
                algs: algs.iter().copied().map(SigAlg).collect(),
            },
            Self::ExtendedMasterSecret => FieldMsg::ExtendedMasterSecret {},
            Self::SupportedGroups(g) => FieldMsg::SupportedGroups {
                groups: g.iter().map(|v| crate::kx::group_name(*v)).collect(),
            },
            Self::EcPointFormats(f) => FieldMsg::EcPointFormats {
                formats: Hex(f.clone()),
            },
            // RFC 5746 §3.2: renegotiated_connection<0..255>; empty on a first handshake.
            Self::RenegotiationInfo(v) if v.is_empty() => FieldMsg::RenegotiationInfoEmpty {},
            Self::RenegotiationInfo(v) => FieldMsg::RenegotiationInfo {
                value: Hex(v.clone()),
            },
            Self::SessionTicket(t) if t.is_empty() => FieldMsg::SessionTicketEmpty {},
            Self::SessionTicket(t) => FieldMsg::SessionTicket { len: t.len() },
            Self::Unknown(t, data) => FieldMsg::OtherExtension {
                name: ExtensionType::from_value(*t).name(),
                len: data.len(),
            },
        }
    }

    /// The first host_name (name_type 0) of a server_name extension.
    fn first_host_name(&self) -> Option<String> {
        match self {
            Self::ServerName(list) => list
                .iter()
                .find(|(t, _)| *t == 0)
                .map(|(_, n)| String::from_utf8_lossy(n).into_owned()),
            _ => None,
        }
    }
}

impl Codec for Extension {
    fn encode(&self, out: &mut Vec<u8>) {
        self.typ().encode(out);
        put_prefixed(out, 2, |o| match self {
            Self::ServerName(list) => put_prefixed(o, 2, |o| {
                for (t, name) in list {
                    o.push(*t);
                    crate::codec::put_vec_u16(o, name);
                }
            }),
            Self::SignatureAlgorithms(algs) => put_prefixed(o, 2, |o| {
                for a in algs {
                    put_u16(o, *a);
                }
            }),
            Self::ExtendedMasterSecret => {}
            Self::SupportedGroups(g) => put_prefixed(o, 2, |o| {
                for v in g {
                    put_u16(o, *v);
                }
            }),
            Self::EcPointFormats(f) => put_vec_u8(o, f),
            Self::RenegotiationInfo(v) => put_vec_u8(o, v),
            Self::SessionTicket(t) => o.extend_from_slice(t),
            Self::Unknown(_, data) => o.extend_from_slice(data),
        });
    }

    fn read(r: &mut Reader<'_>) -> Result<Self, Error> {
        let start = r.pos();
        let typ = ExtensionType::read(r)?;
        let mut body = r.sub_u16("Extension.extension_data")?;
        let ext = match typ {
            // A ServerHello acknowledges SNI with empty extension_data (RFC 6066 §3); a
            // ClientHello must name at least one (checked by ClientHello::read).
            ExtensionType::ServerName if body.left() == 0 => Self::ServerName(Vec::new()),
            ExtensionType::ServerName => {
                let mut list = body.sub_u16("server_name.server_name_list")?;
                let mut names = Vec::new();
                while list.left() > 0 {
                    let t = list.u8("ServerName.name_type")?;
                    let name = list.vec_u16("ServerName.host_name")?;
                    // HostName<1..2^16-1>
                    if name.is_empty() {
                        return Err(Error::Decode(HsMsg::SniNameEmpty {}.into()));
                    }
                    names.push((t, name));
                }
                Self::ServerName(names)
            }
            ExtensionType::SignatureAlgorithms => {
                let mut list =
                    body.sub_u16("signature_algorithms.supported_signature_algorithms")?;
                if list.left() % 2 != 0 {
                    return Err(crate::msg::odd_length("signature_algorithms"));
                }
                let mut algs = Vec::new();
                while list.left() > 0 {
                    algs.push(list.u16("SignatureAndHashAlgorithm")?);
                }
                Self::SignatureAlgorithms(algs)
            }
            ExtensionType::ExtendedMasterSecret => Self::ExtendedMasterSecret,
            ExtensionType::SupportedGroups => {
                let mut list = body.sub_u16("supported_groups.named_group_list")?;
                if list.left() % 2 != 0 || list.left() == 0 {
                    return Err(crate::msg::odd_length("supported_groups"));
                }
                let mut groups = Vec::new();
                while list.left() > 0 {
                    groups.push(list.u16("NamedGroup")?);
                }
                Self::SupportedGroups(groups)
            }
            ExtensionType::EcPointFormats => {
                let f = body.vec_u8("ec_point_formats.ec_point_format_list")?;
                if f.is_empty() {
                    return Err(crate::msg::empty("ec_point_formats"));
                }
                Self::EcPointFormats(f)
            }
            ExtensionType::RenegotiationInfo => {
                Self::RenegotiationInfo(body.vec_u8("renegotiation_info.renegotiated_connection")?)
            }
            ExtensionType::SessionTicket => Self::SessionTicket(body.rest().to_vec()),
            ExtensionType::Unknown(t) => Self::Unknown(t, body.rest().to_vec()),
        };
        body.expect_empty(&format!("{}.extension_data", typ.name()))?;
        r.name(ext.field_name(), start, || ext.meaning());
        Ok(ext)
    }
}

fn read_extensions(r: &mut Reader<'_>, what: &str) -> Result<Vec<Extension>, Error> {
    // The extensions block is optional: absent when no byte follows.
    if r.left() == 0 {
        return Ok(Vec::new());
    }
    let start = r.pos();
    let mut list = r.sub_u16(what)?;
    r.name(FieldName::Extensions, start, || FieldMsg::Extensions {
        len: list.left(),
    });
    let mut exts = Vec::new();
    while list.left() > 0 {
        exts.push(Extension::read(&mut list)?);
    }
    Ok(exts)
}

fn read_random(r: &mut Reader<'_>, what: &str) -> Result<[u8; 32], Error> {
    r.field(
        FieldName::Random,
        |r| r.array(what),
        |v| FieldMsg::Hex {
            value: Hex(v.to_vec()),
        },
    )
}

fn read_session_id(r: &mut Reader<'_>, what: &str) -> Result<Vec<u8>, Error> {
    r.field(
        FieldName::SessionId,
        |r| r.vec_u8(what),
        |id| match id.len() {
            0 => FieldMsg::SessionIdEmpty {},
            len => FieldMsg::SessionId {
                len,
                value: Hex(id.clone()),
            },
        },
    )
}

fn read_suite(r: &mut Reader<'_>) -> Result<CipherSuite, Error> {
    r.field(FieldName::CipherSuite, CipherSuite::read, |s| {
        FieldMsg::CipherSuite {
            suite: Suite(s.get()),
        }
    })
}

fn put_extensions(out: &mut Vec<u8>, exts: &[Extension]) {
    if !exts.is_empty() {
        put_prefixed(out, 2, |o| exts.iter().for_each(|e| e.encode(o)));
    }
}

/// The client's first message.
///
/// ```text
/// struct {
///     ProtocolVersion client_version;
///     Random random;
///     SessionID session_id;
///     CipherSuite cipher_suites<2..2^16-2>;
///     CompressionMethod compression_methods<1..2^8-1>;
///     select (extensions_present) {
///         case false: struct {};
///         case true:  Extension extensions<0..2^16-1>;
///     };
/// } ClientHello;
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClientHello {
    /// The highest version the client supports (0x0303 = TLS 1.2).
    pub client_version: u16,
    /// 32 random bytes (RFC 5246 §7.4.1.2; the first 4 were once a timestamp).
    pub random: [u8; 32],
    /// Session ID to resume (empty for a new session).
    pub session_id: Vec<u8>,
    /// Offered suites, in preference order.
    pub cipher_suites: Vec<CipherSuite>,
    /// Compression methods (must include null(0)).
    pub compression_methods: Vec<u8>,
    /// Extensions (empty: block absent).
    pub extensions: Vec<Extension>,
}

impl ClientHello {
    /// Does the hello carry an extension of this type?
    pub fn has(&self, t: ExtensionType) -> bool {
        self.extensions.iter().any(|e| e.typ() == t)
    }

    /// The groups of supported_groups (RFC 8422 §5.1.1, RFC 7919), if the client sent it.
    pub fn supported_groups(&self) -> Option<&[u16]> {
        self.extensions.iter().find_map(|e| match e {
            Extension::SupportedGroups(g) => Some(g.as_slice()),
            _ => None,
        })
    }

    /// The schemes of signature_algorithms, if the client sent it.
    pub fn signature_algorithms(&self) -> Option<&[u16]> {
        self.extensions.iter().find_map(|e| match e {
            Extension::SignatureAlgorithms(a) => Some(a.as_slice()),
            _ => None,
        })
    }

    /// The session_ticket extension's data (empty: the client asks for a ticket), if sent.
    pub fn session_ticket(&self) -> Option<&[u8]> {
        self.extensions.iter().find_map(|e| match e {
            Extension::SessionTicket(t) => Some(t.as_slice()),
            _ => None,
        })
    }

    /// The first host_name in server_name, if any.
    pub fn sni(&self) -> Option<String> {
        self.extensions.iter().find_map(Extension::first_host_name)
    }

    /// The host_name the client asked for, checked as RFC 6066 §3 says a server must: at most
    /// one host_name, and it holds printable ASCII only (no NUL, no control character, no byte
    /// above 0x7e); anything else is illegal_parameter.
    pub fn checked_host_name(&self) -> Result<Option<String>, Error> {
        let names: Vec<&Vec<u8>> = self
            .extensions
            .iter()
            .filter_map(|e| match e {
                Extension::ServerName(list) => Some(list),
                _ => None,
            })
            .flatten()
            .filter(|(t, _)| *t == 0)
            .map(|(_, n)| n)
            .collect();
        if names.len() > 1 {
            return Err(Error::IllegalParameter(
                HsMsg::SniTwoHostNames { count: names.len() }.into(),
            ));
        }
        let Some(name) = names.first() else {
            return Ok(None);
        };
        if !name.iter().all(|b| (0x20..=0x7e).contains(b)) {
            return Err(Error::IllegalParameter(
                HsMsg::SniNameIllegal {
                    name: Hex(name.to_vec()),
                }
                .into(),
            ));
        }
        Ok(Some(String::from_utf8_lossy(name).into_owned()))
    }
}

impl Codec for ClientHello {
    fn encode(&self, out: &mut Vec<u8>) {
        put_u16(out, self.client_version);
        out.extend_from_slice(&self.random);
        put_vec_u8(out, &self.session_id);
        put_prefixed(out, 2, |o| {
            self.cipher_suites.iter().for_each(|s| s.encode(o))
        });
        put_vec_u8(out, &self.compression_methods);
        put_extensions(out, &self.extensions);
    }

    fn read(r: &mut Reader<'_>) -> Result<Self, Error> {
        let client_version = r.field(
            FieldName::ClientVersion,
            |r| r.u16("ClientHello.client_version"),
            |v| FieldMsg::Version {
                version: Version(*v),
            },
        )?;
        let random = read_random(r, "ClientHello.random")?;
        let session_id = read_session_id(r, "ClientHello.session_id")?;
        if session_id.len() > 32 {
            return Err(crate::msg::too_long(
                "ClientHello.session_id",
                session_id.len(),
                32,
            ));
        }
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
        let compression_methods = r.field(
            FieldName::CompressionMethods,
            |r| r.vec_u8("ClientHello.compression_methods"),
            |c| FieldMsg::CompressionMethods {
                methods: Hex(c.clone()),
            },
        )?;
        if compression_methods.is_empty() {
            return Err(crate::msg::empty("ClientHello.compression_methods"));
        }
        let extensions = read_extensions(r, "ClientHello.extensions")?;
        // server_name_list<1..2^16-1>: a ClientHello's server_name names at least one.
        if extensions
            .iter()
            .any(|e| matches!(e, Extension::ServerName(l) if l.is_empty()))
        {
            return Err(Error::Decode(HsMsg::SniListEmpty {}.into()));
        }
        Ok(Self {
            client_version,
            random,
            session_id,
            cipher_suites,
            compression_methods,
            extensions,
        })
    }
}

/// The server's answer to ClientHello.
///
/// ```text
/// struct {
///     ProtocolVersion server_version;
///     Random random;
///     SessionID session_id;
///     CipherSuite cipher_suite;
///     CompressionMethod compression_method;
///     select (extensions_present) {
///         case false: struct {};
///         case true:  Extension extensions<0..2^16-1>;
///     };
/// } ServerHello;
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerHello {
    /// The chosen version (0x0303).
    pub server_version: u16,
    /// 32 random bytes.
    pub random: [u8; 32],
    /// The session ID the server assigns.
    pub session_id: Vec<u8>,
    /// The chosen suite.
    pub cipher_suite: CipherSuite,
    /// The chosen compression method (0 = null).
    pub compression_method: u8,
    /// Extensions (empty: block absent).
    pub extensions: Vec<Extension>,
}

impl ServerHello {
    /// Does the hello carry an extension of this type?
    pub fn has(&self, t: ExtensionType) -> bool {
        self.extensions.iter().any(|e| e.typ() == t)
    }
}

impl Codec for ServerHello {
    fn encode(&self, out: &mut Vec<u8>) {
        put_u16(out, self.server_version);
        out.extend_from_slice(&self.random);
        put_vec_u8(out, &self.session_id);
        self.cipher_suite.encode(out);
        out.push(self.compression_method);
        put_extensions(out, &self.extensions);
    }

    fn read(r: &mut Reader<'_>) -> Result<Self, Error> {
        let server_version = r.field(
            FieldName::ServerVersion,
            |r| r.u16("ServerHello.server_version"),
            |v| FieldMsg::Version {
                version: Version(*v),
            },
        )?;
        let random = read_random(r, "ServerHello.random")?;
        let session_id = read_session_id(r, "ServerHello.session_id")?;
        if session_id.len() > 32 {
            return Err(crate::msg::too_long(
                "ServerHello.session_id",
                session_id.len(),
                32,
            ));
        }
        let cipher_suite = read_suite(r)?;
        let compression_method = r.field(
            FieldName::CompressionMethod,
            |r| r.u8("ServerHello.compression_method"),
            |c| FieldMsg::CompressionMethod { value: *c },
        )?;
        let extensions = read_extensions(r, "ServerHello.extensions")?;
        Ok(Self {
            server_version,
            random,
            session_id,
            cipher_suite,
            compression_method,
            extensions,
        })
    }
}
