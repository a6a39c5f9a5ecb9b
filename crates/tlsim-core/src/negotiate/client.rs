//! The client that offers TLS 1.3 and TLS 1.2 in one ClientHello and becomes whichever the
//! server chose.

use crate::client::{Client, ClientConfig};
use crate::codec::Codec;
use crate::conn::{Event, Output};
use crate::error::Error;
use crate::kx::Group;
use crate::msg::{Hex, HsMsg, Msg, Version};
use crate::msgs::{Extension, HandshakeMessage, HandshakePayload};
use crate::tls13::client::Also12;
use crate::tls13::ext::{Extensions, SupportedVersions, TLS13};
use crate::tls13::handshake::Payload13;
use crate::tls13::{Client13, Client13Config};
use crate::version::TlsVersion;
use crate::vocab::StepKey;
use rand_chacha::ChaCha20Rng;
use rand_core::{RngCore, SeedableRng};

/// Which versions the client offers, each with its engine's configuration (`None`: not offered).
#[derive(Clone, Debug)]
pub struct DualClientConfig {
    /// TLS 1.2 (suites, EMS, session to resume, ...).
    pub tls12: Option<ClientConfig>,
    /// TLS 1.3 (groups, key shares, identity).
    pub tls13: Option<Client13Config>,
}

/// A client connection of either version.
#[derive(Debug)]
pub struct DualClient {
    inner: Inner,
    /// Events to hand out before the engine's own (the version decision).
    pending: Output,
}

#[derive(Debug)]
enum Inner {
    Tls12(Box<Client>),
    Tls13(Box<Client13>),
    /// Both offered, no ServerHello yet.
    Undecided(Box<Undecided>),
    /// Only while switching.
    Switching,
}

#[derive(Debug)]
struct Undecided {
    c13: Client13,
    config12: ClientConfig,
    seed12: [u8; 32],
    now: i64,
    buf: Vec<u8>,
}

/// The TLS 1.2 parts of the ClientHello `config` makes: what a TLS 1.3 ClientHello adds to
/// offer TLS 1.2 too (TLS 1.2's own ClientHello, built by its engine, read back).
fn tls12_offer(config: &ClientConfig, seed: [u8; 32], now: i64) -> Result<Also12, Error> {
    let (_, out) = Client::new(config.clone(), ChaCha20Rng::from_seed(seed), now)?;
    let record = out
        .records
        .first()
        .map(|r| r.as_slice())
        .unwrap_or_default();
    let m = HandshakeMessage::from_bytes(record.get(5..).unwrap_or_default())?;
    let HandshakePayload::ClientHello(ch) = m.payload else {
        return Err(crate::conn::unexpected(
            "client_hello",
            &m.payload.typ().name(),
        ));
    };
    let mut also = Also12 {
        suites: ch.cipher_suites.iter().map(|s| s.get()).collect(),
        ..Also12::default()
    };
    for e in ch.extensions {
        match e {
            // TLS 1.3 sends its own SNI; schemes and groups are merged
            Extension::ServerName(_) => {}
            Extension::SignatureAlgorithms(v) => also.signature_algorithms = v,
            Extension::SupportedGroups(v) => also.groups = v,
            other => also.extensions.push(other),
        }
    }
    Ok(also)
}

impl DualClient {
    /// Start a handshake: the output holds the one ClientHello.
    pub fn new(
        config: DualClientConfig,
        mut rng: ChaCha20Rng,
        now: i64,
    ) -> Result<(Self, Output), Error> {
        let pending = Output::default();
        match (config.tls12, config.tls13) {
            (Some(c12), None) => {
                let (c, out) = Client::new(c12, rng, now)?;
                let inner = Inner::Tls12(Box::new(c));
                Ok((Self { inner, pending }, out))
            }
            (None, Some(c13)) => {
                let (c, out) = Client13::new(c13, rng, now)?;
                let inner = Inner::Tls13(Box::new(c));
                Ok((Self { inner, pending }, out))
            }
            (Some(c12), Some(mut c13)) => {
                // 1. a seed of its own for the TLS 1.2 engine, should the server choose it
                let mut seed12 = [0u8; 32];
                rng.fill_bytes(&mut seed12);
                // 2. one ClientHello: TLS 1.3's, with TLS 1.2's suites and extensions
                c13.also_tls12 = Some(tls12_offer(&c12, seed12, now)?);
                let (c, out) = Client13::new(c13, rng, now)?;
                let u = Undecided {
                    c13: c,
                    config12: c12,
                    seed12,
                    now,
                    buf: Vec::new(),
                };
                let inner = Inner::Undecided(Box::new(u));
                Ok((Self { inner, pending }, out))
            }
            (None, None) => Err(Error::input(HsMsg::NoVersionEnabled {})),
        }
    }

    /// Feed bytes from the server (any split). After an error the connection is dead.
    pub fn feed(&mut self, bytes: &[u8]) -> Result<Output, Error> {
        let r = match &mut self.inner {
            Inner::Tls12(c) => c.feed(bytes),
            Inner::Tls13(c) => c.feed(bytes),
            Inner::Undecided(u) => {
                u.buf.extend_from_slice(bytes);
                self.decide()
            }
            Inner::Switching => Err(Error::Internal(HsMsg::ConnectionFailed {}.into())),
        };
        r.map(|out| self.with_pending(out))
    }

    fn with_pending(&mut self, out: Output) -> Output {
        let mut all = std::mem::take(&mut self.pending);
        all.append(out);
        all
    }

    /// Read the ServerHello once it is whole and become the engine of its version.
    fn decide(&mut self) -> Result<Output, Error> {
        let Inner::Undecided(u) = &self.inner else {
            return Ok(Output::default());
        };
        // 1. the version the ServerHello selects (supported_versions, else legacy_version);
        //    anything else (an alert, a bad message) is TLS 1.3's to judge
        let sh = match super::first_message(&u.buf) {
            None => return Ok(Output::default()),
            Some(Ok(raw)) => match super::decode13(&raw) {
                Ok(Payload13::ServerHello(sh)) => Some(sh),
                _ => None,
            },
            Some(Err(())) => None,
        };
        let version = sh.as_ref().map(|sh| match sh.supported_versions() {
            Some(SupportedVersions::Selected(v)) => *v,
            _ => sh.legacy_version,
        });
        let Inner::Undecided(u) = std::mem::replace(&mut self.inner, Inner::Switching) else {
            return Ok(Output::default());
        };
        let u = *u;
        let (Some(sh), Some(version)) = (sh, version) else {
            return self.become13(u);
        };
        if version == TLS13 {
            self.note(vec![HsMsg::VersionChosen {
                version: Version(TLS13),
            }
            .into()]);
            return self.become13(u);
        }
        // 2. TLS 1.2 (or lower, which TLS 1.2 refuses): the random must not say that a
        //    TLS 1.3 server was made to fall back (RFC 8446 §4.1.3)
        let got = Hex(sh.random[24..].to_vec());
        if let Some(v) = sh.downgrade_sentinel() {
            let e = Error::IllegalParameter(
                HsMsg::DowngradeSentinelFound {
                    got: got.clone(),
                    version: Version(v),
                }
                .into(),
            );
            self.note(vec![
                HsMsg::VersionChosen {
                    version: Version(version),
                }
                .into(),
                HsMsg::DowngradeSentinelFound {
                    got: got.clone(),
                    version: Version(v),
                }
                .into(),
            ]);
            // the alert goes out in the clear, as TLS 1.3's before its keys
            self.inner = Inner::Tls13(Box::new(u.c13));
            return Err(e);
        }
        self.note(vec![
            HsMsg::VersionChosen {
                version: Version(version),
            }
            .into(),
            HsMsg::NoDowngradeSentinel { got }.into(),
        ]);
        // 3. the TLS 1.2 engine, as if it had sent this ClientHello, reads from ServerHello on
        let mut c = Client::after_hello(
            u.config12,
            ChaCha20Rng::from_seed(u.seed12),
            u.now,
            u.c13.transcript(),
            u.c13.client_random(),
        );
        let r = c.feed(&u.buf);
        self.inner = Inner::Tls12(Box::new(c));
        r
    }

    fn become13(&mut self, u: Undecided) -> Result<Output, Error> {
        let mut c = u.c13;
        let r = c.feed(&u.buf);
        self.inner = Inner::Tls13(Box::new(c));
        r
    }

    fn note(&mut self, notes: Vec<Msg>) {
        self.pending.events.push(Event {
            key: StepKey::NegotiateVersion,
            sent: None,
            derived: Vec::new(),
            checks: Vec::new(),
            notes,
        });
    }

    /// Encrypt application data (after the handshake).
    pub fn send_app_data(&mut self, data: &[u8]) -> Result<Output, Error> {
        match &mut self.inner {
            Inner::Tls12(c) => c.send_app_data(data),
            Inner::Tls13(c) => c.send_app_data(data),
            _ => Err(Error::input(HsMsg::HandshakeNotComplete {})),
        }
    }

    /// Send close_notify.
    pub fn close(&mut self) -> Result<Output, Error> {
        match &mut self.inner {
            Inner::Tls12(c) => c.close(),
            Inner::Tls13(c) => c.close(),
            Inner::Undecided(u) => u.c13.close(),
            Inner::Switching => Ok(Output::default()),
        }
    }

    /// The fatal alert record to send after `err`; empty when the peer sent an alert.
    pub fn alert(&mut self, err: &Error) -> Vec<u8> {
        match &mut self.inner {
            Inner::Tls12(c) => c.alert(err),
            Inner::Tls13(c) => c.alert(err),
            Inner::Undecided(u) => u.c13.alert(err),
            Inner::Switching => Vec::new(),
        }
    }

    /// Whatever was produced and not yet returned.
    pub fn take_output(&mut self) -> Output {
        let out = match &mut self.inner {
            Inner::Tls12(c) => c.take_output(),
            Inner::Tls13(c) => c.take_output(),
            Inner::Undecided(u) => u.c13.take_output(),
            Inner::Switching => Output::default(),
        };
        self.with_pending(out)
    }

    /// Is the handshake complete?
    pub fn is_handshake_complete(&self) -> bool {
        match &self.inner {
            Inner::Tls12(c) => c.is_handshake_complete(),
            Inner::Tls13(c) => c.is_handshake_complete(),
            _ => false,
        }
    }

    /// The version, once the server chose it (at once with one version offered).
    pub fn version(&self) -> Option<TlsVersion> {
        match &self.inner {
            Inner::Tls12(_) => Some(TlsVersion::Tls12),
            Inner::Tls13(_) => Some(TlsVersion::Tls13),
            _ => None,
        }
    }

    /// The TLS 1.2 engine, if the version is TLS 1.2.
    pub fn tls12(&self) -> Option<&Client> {
        match &self.inner {
            Inner::Tls12(c) => Some(c),
            _ => None,
        }
    }

    /// The TLS 1.3 engine, if the version is TLS 1.3.
    pub fn tls13(&self) -> Option<&Client13> {
        match &self.inner {
            Inner::Tls13(c) => Some(c),
            _ => None,
        }
    }

    /// ClientHello.random.
    pub fn client_random(&self) -> [u8; 32] {
        match &self.inner {
            Inner::Tls12(c) => c.client_random(),
            Inner::Tls13(c) => c.client_random(),
            Inner::Undecided(u) => u.c13.client_random(),
            Inner::Switching => [0; 32],
        }
    }

    /// The cipher suite, once chosen.
    pub fn negotiated_suite(&self) -> Option<u16> {
        match &self.inner {
            Inner::Tls12(c) => c.negotiated_suite(),
            Inner::Tls13(c) => c.negotiated_suite(),
            _ => None,
        }
    }

    /// The key-exchange group, once chosen (none for TLS 1.2 RSA key exchange).
    pub fn negotiated_group(&self) -> Option<Group> {
        match &self.inner {
            Inner::Tls12(c) => c.negotiated_group(),
            Inner::Tls13(c) => c.negotiated_group(),
            _ => None,
        }
    }

    /// The NSS key log known so far: CLIENT_RANDOM for TLS 1.2, the four traffic secrets for
    /// TLS 1.3. Each line ends in a newline.
    pub fn keylog(&self) -> String {
        match &self.inner {
            Inner::Tls12(c) => c
                .master_secret()
                .map(|ms| {
                    format!(
                        "CLIENT_RANDOM {} {}\n",
                        hex::encode(c.client_random()),
                        hex::encode(ms)
                    )
                })
                .unwrap_or_default(),
            Inner::Tls13(c) => c.keylog(),
            _ => String::new(),
        }
    }

    /// Is this side's write protection on (would its next record be encrypted)?
    pub fn is_write_protected(&self) -> bool {
        match &self.inner {
            Inner::Tls12(c) => c.is_write_protected(),
            Inner::Tls13(c) => c.is_write_protected(),
            _ => false,
        }
    }
}
