//! The server that reads the ClientHello and becomes the TLS 1.3 or the TLS 1.2 engine.

use crate::codec::Codec;
use crate::conn::Output;
use crate::error::Error;
use crate::kx::Group;
use crate::msg::HsMsg;
use crate::msgs::{Extension, HandshakeMessage, HandshakePayload};
use crate::server::responder::ServerConn;
use crate::server::{Server, ServerConfig};
use crate::tls13::ext::{Extensions, SupportedVersions, SUPPORTED_VERSIONS, TLS13};
use crate::tls13::handshake::Payload13;
use crate::tls13::{Server13, Server13Config};
use crate::version::TlsVersion;
use rand_chacha::ChaCha20Rng;

/// Which versions the server takes, each with its engine's configuration (`None`: refused).
#[derive(Clone, Debug)]
pub struct DualServerConfig {
    /// TLS 1.2 (suites, groups, EMS, client authentication, resumption).
    pub tls12: Option<ServerConfig>,
    /// TLS 1.3 (groups).
    pub tls13: Option<Server13Config>,
}

/// Does the ClientHello `raw` offer TLS 1.3? Read by the TLS 1.3 codec; one it cannot read
/// (a malformed key_share, say) still offers TLS 1.3 if the TLS 1.2 codec finds 0x0304 in its
/// supported_versions, so that TLS 1.3 refuses it with the RFC's alert (decode_error); any
/// other message is TLS 1.2's to refuse, as it did alone.
fn offers_tls13(raw: &[u8]) -> bool {
    match super::decode13(raw) {
        Ok(Payload13::ClientHello(ch)) => matches!(ch.supported_versions(),
            Some(SupportedVersions::Offered(v)) if v.contains(&TLS13)),
        Ok(_) => false,
        Err(_) => match HandshakeMessage::from_bytes(raw).map(|m| m.payload) {
            Ok(HandshakePayload::ClientHello(ch)) => ch.extensions.iter().any(|e| {
                matches!(e, Extension::Unknown(SUPPORTED_VERSIONS, d)
                    if d.get(1..).is_some_and(|v| v.chunks(2).any(|p| p == [3, 4])))
            }),
            _ => false,
        },
    }
}

/// A server connection of either version.
#[derive(Debug)]
pub struct DualServer {
    inner: Inner,
}

#[derive(Debug)]
enum Inner {
    Tls12(Box<Server>),
    Tls13(Box<Server13>),
    Undecided(Box<Undecided>),
    Switching,
}

#[derive(Debug)]
struct Undecided {
    config: DualServerConfig,
    rng: ChaCha20Rng,
    now: i64,
    buf: Vec<u8>,
}

impl DualServer {
    /// A server waiting for a ClientHello.
    pub fn new(config: DualServerConfig, rng: ChaCha20Rng, now: i64) -> Result<Self, Error> {
        if config.tls12.is_none() && config.tls13.is_none() {
            return Err(Error::input(HsMsg::NoVersionEnabled {}));
        }
        Ok(Self {
            inner: Inner::Undecided(Box::new(Undecided {
                config,
                rng,
                now,
                buf: Vec::new(),
            })),
        })
    }

    /// Feed bytes from the client (any split). After an error the connection is dead.
    pub fn feed(&mut self, bytes: &[u8]) -> Result<Output, Error> {
        match &mut self.inner {
            Inner::Tls12(s) => s.feed(bytes),
            Inner::Tls13(s) => s.feed(bytes),
            Inner::Undecided(u) => {
                u.buf.extend_from_slice(bytes);
                self.decide()
            }
            Inner::Switching => Err(Error::Internal(HsMsg::ConnectionFailed {}.into())),
        }
    }

    /// Once the ClientHello is whole: TLS 1.3 if it offers 0x0304 in supported_versions and
    /// TLS 1.3 is on, else TLS 1.2 (RFC 8446 §4.2.1); the engine then reads it from the start.
    fn decide(&mut self) -> Result<Output, Error> {
        let Inner::Undecided(u) = &self.inner else {
            return Ok(Output::default());
        };
        let offers13 = match super::first_message(&u.buf) {
            None => return Ok(Output::default()),
            Some(Ok(raw)) => offers_tls13(&raw),
            // no handshake record: TLS 1.2's record layer answers, as it did alone
            Some(Err(())) => false,
        };
        let Inner::Undecided(u) = std::mem::replace(&mut self.inner, Inner::Switching) else {
            return Ok(Output::default());
        };
        let Undecided {
            config,
            rng,
            now,
            buf,
        } = *u;
        match (config.tls12, config.tls13) {
            (_, Some(c13)) if offers13 => self.become13(c13, rng, now, &buf),
            (Some(mut c12), c13) => {
                // a server that speaks TLS 1.3 marks a TLS 1.2 ServerHello (RFC 8446 §4.1.3)
                c12.downgrade_sentinel |= c13.is_some();
                let mut s = Server::new(c12, rng, now)?;
                let r = s.feed(&buf);
                self.inner = Inner::Tls12(Box::new(s));
                r
            }
            // TLS 1.3 only, and a ClientHello without it: TLS 1.3 refuses (protocol_version)
            (None, Some(c13)) => self.become13(c13, rng, now, &buf),
            (None, None) => Err(Error::input(HsMsg::NoVersionEnabled {})),
        }
    }

    fn become13(
        &mut self,
        config: Server13Config,
        rng: ChaCha20Rng,
        now: i64,
        buf: &[u8],
    ) -> Result<Output, Error> {
        let mut s = Server13::new(config, rng, now)?;
        let r = s.feed(buf);
        self.inner = Inner::Tls13(Box::new(s));
        r
    }

    /// Is the handshake complete?
    pub fn is_handshake_complete(&self) -> bool {
        match &self.inner {
            Inner::Tls12(s) => s.is_handshake_complete(),
            Inner::Tls13(s) => s.is_handshake_complete(),
            _ => false,
        }
    }

    /// The version, once the ClientHello decided it.
    pub fn version(&self) -> Option<TlsVersion> {
        match &self.inner {
            Inner::Tls12(_) => Some(TlsVersion::Tls12),
            Inner::Tls13(_) => Some(TlsVersion::Tls13),
            _ => None,
        }
    }

    /// The TLS 1.2 engine, if the version is TLS 1.2.
    pub fn tls12(&self) -> Option<&Server> {
        match &self.inner {
            Inner::Tls12(s) => Some(s),
            _ => None,
        }
    }

    /// The TLS 1.3 engine, if the version is TLS 1.3.
    pub fn tls13(&self) -> Option<&Server13> {
        match &self.inner {
            Inner::Tls13(s) => Some(s),
            _ => None,
        }
    }

    /// The cipher suite, once chosen.
    pub fn negotiated_suite(&self) -> Option<u16> {
        match &self.inner {
            Inner::Tls12(s) => s.negotiated_suite(),
            Inner::Tls13(s) => s.negotiated_suite(),
            _ => None,
        }
    }

    /// The key-exchange group, once chosen.
    pub fn negotiated_group(&self) -> Option<Group> {
        match &self.inner {
            Inner::Tls12(s) => s.negotiated_group(),
            Inner::Tls13(s) => s.negotiated_group(),
            _ => None,
        }
    }
}

impl ServerConn for DualServer {
    fn feed(&mut self, bytes: &[u8]) -> Result<Output, Error> {
        DualServer::feed(self, bytes)
    }
    fn send_app_data(&mut self, data: &[u8]) -> Result<Output, Error> {
        match &mut self.inner {
            Inner::Tls12(s) => s.send_app_data(data),
            Inner::Tls13(s) => s.send_app_data(data),
            _ => Err(Error::input(HsMsg::HandshakeNotComplete {})),
        }
    }
    fn close(&mut self) -> Result<Output, Error> {
        match &mut self.inner {
            Inner::Tls12(s) => s.close(),
            Inner::Tls13(s) => s.close(),
            _ => Ok(Output::default()),
        }
    }
    /// Before the version is known (a ClientHello no engine took yet), the alert is a
    /// plaintext record of its own.
    fn alert(&mut self, err: &Error) -> Vec<u8> {
        match &mut self.inner {
            Inner::Tls12(s) => s.alert(err),
            Inner::Tls13(s) => s.alert(err),
            _ => Vec::new(),
        }
    }
    fn take_output(&mut self) -> Output {
        match &mut self.inner {
            Inner::Tls12(s) => s.take_output(),
            Inner::Tls13(s) => s.take_output(),
            _ => Output::default(),
        }
    }
    fn is_handshake_complete(&self) -> bool {
        DualServer::is_handshake_complete(self)
    }
}

impl ServerConn for Server13 {
    fn feed(&mut self, bytes: &[u8]) -> Result<Output, Error> {
        Server13::feed(self, bytes)
    }
    fn send_app_data(&mut self, data: &[u8]) -> Result<Output, Error> {
        Server13::send_app_data(self, data)
    }
    fn close(&mut self) -> Result<Output, Error> {
        Server13::close(self)
    }
    fn alert(&mut self, err: &Error) -> Vec<u8> {
        Server13::alert(self, err)
    }
    fn take_output(&mut self) -> Output {
        Server13::take_output(self)
    }
    fn is_handshake_complete(&self) -> bool {
        Server13::is_handshake_complete(self)
    }
}
