//! Shared by the `prop_*` property tests: the builtin 2048-bit teaching keys and a CA, leaf and
//! client certificate issued once per test binary, and a two-party pump that runs a whole session
//! (handshake, one request, one reply, close_notify both ways) through a "network" that can flip
//! one byte of one record in flight.
#![allow(dead_code)]

use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use rsa::RsaPrivateKey;
use std::sync::OnceLock;
use tlsim_core::client::{Client, ClientConfig, ClientIdentity};
use tlsim_core::error::AlertDescription;
use tlsim_core::keygen::purpose_rng;
use tlsim_core::pki;
use tlsim_core::scenario::{DEFAULT_NOT_AFTER, DEFAULT_NOT_BEFORE, DEFAULT_NOW};
use tlsim_core::server::{ClientAuth, Server, ServerConfig};
use tlsim_core::{Error, KeySource};

pub const HOST: &str = "www.example.com";

pub struct World {
    pub ca_der: Vec<u8>,
    pub leaf_der: Vec<u8>,
    pub client_der: Vec<u8>,
    pub server_key: RsaPrivateKey,
    pub client_key: RsaPrivateKey,
}

fn builtin(name: &str) -> RsaPrivateKey {
    let mut rng = ChaCha20Rng::from_seed([0; 32]);
    pki::load_key(&KeySource::Builtin(name.into()), &mut rng, name).expect("builtin key")
}

/// Keys and certificates, made once (issuing costs RSA private-key operations).
pub fn world() -> &'static World {
    static W: OnceLock<World> = OnceLock::new();
    W.get_or_init(|| {
        let (ca_key, server_key, client_key) =
            (builtin("ca"), builtin("server"), builtin("client"));
        let (nb, na) = (DEFAULT_NOT_BEFORE, DEFAULT_NOT_AFTER);
        let ca = pki::issue_ca("Teaching Root CA", &ca_key, nb, na, &[1]).expect("ca");
        let leaf = pki::issue_leaf(
            HOST,
            &[HOST.to_string(), "example.com".to_string()],
            &server_key.to_public_key(),
            &ca.der,
            &ca_key,
            nb,
            na,
            &[2],
            false,
            false,
        )
        .expect("leaf");
        let client = pki::issue_leaf(
            "tlsim client",
            &[],
            &client_key.to_public_key(),
            &ca.der,
            &ca_key,
            nb,
            na,
            &[3],
            true,
            false,
        )
        .expect("client cert");
        World {
            ca_der: ca.der,
            leaf_der: leaf.der,
            client_der: client.der,
            server_key,
            client_key,
        }
    })
}

/// Everything a property varies.
#[derive(Clone, Debug)]
pub struct Case {
    pub seed: [u8; 32],
    pub client_random: Option<[u8; 32]>,
    pub server_random: Option<[u8; 32]>,
    pub pre_master: Option<Vec<u8>>,
    pub session_id: Option<Vec<u8>>,
    pub client_ems: bool,
    pub server_ems: bool,
    pub client_auth: bool,
    pub offered_suites: Vec<u16>,
    pub request: Vec<u8>,
    pub reply: Vec<u8>,
}

/// A flip: XOR `mask` (non-zero) into byte `offset % len` of the `record % n`-th record on the wire.
#[derive(Clone, Copy, Debug)]
pub struct Flip {
    pub record: usize,
    pub offset: usize,
    pub mask: u8,
}

/// How a session ended.
#[derive(Debug)]
pub enum End {
    /// Handshake complete on both sides, request and reply delivered intact, close_notify both ways.
    Success,
    /// One side failed and sent this alert (the peer received it, or had failed already).
    Alert {
        by_client: bool,
        alert: AlertDescription,
        error: Error,
    },
    /// Nothing left in flight and nobody finished: the receiver waits for bytes that never come.
    Stalled {
        client_pending: usize,
        server_pending: usize,
    },
}

/// What a session produced.
#[derive(Debug)]
pub struct Run {
    pub end: End,
    /// Every record on the wire, as sent (before any flip): (from client?, bytes).
    pub wire: Vec<(bool, Vec<u8>)>,
    /// Where the flip landed: (record index, byte offset), if it did.
    pub flipped: Option<(usize, usize)>,
    pub client_master: Option<[u8; 48]>,
    pub server_master: Option<[u8; 48]>,
    pub client_ems: bool,
    pub server_ems: bool,
    pub server_got: Vec<u8>,
    pub client_got: Vec<u8>,
}

pub fn client_config(c: &Case) -> ClientConfig {
    let w = world();
    let mut cc = ClientConfig::new(HOST, vec![w.ca_der.clone()]);
    cc.offered_suites = c.offered_suites.clone();
    cc.ems = c.client_ems;
    cc.client_random = c.client_random;
    cc.pre_master = c.pre_master.clone();
    if c.client_auth {
        cc.identity = Some(ClientIdentity {
            chain: vec![w.client_der.clone()],
            key: w.client_key.clone(),
        });
    }
    cc
}

pub fn server_config(c: &Case) -> ServerConfig {
    let w = world();
    let mut sc = ServerConfig::new(vec![w.leaf_der.clone()], w.server_key.clone());
    sc.ems = c.server_ems;
    sc.server_random = c.server_random;
    sc.session_id = c.session_id.clone();
    if c.client_auth {
        sc.client_auth = Some(ClientAuth::from_roots(vec![w.ca_der.clone()]).expect("roots"));
    }
    sc
}

#[allow(clippy::large_enum_variant)] // two engines side by side in a test
enum Side {
    C(Client),
    S(Server),
}

impl Side {
    fn feed(&mut self, b: &[u8]) -> Result<tlsim_core::conn::Output, Error> {
        match self {
            Side::C(c) => c.feed(b),
            Side::S(s) => s.feed(b),
        }
    }
    fn alert(&mut self, e: &Error) -> Vec<u8> {
        match self {
            Side::C(c) => c.alert(e),
            Side::S(s) => s.alert(e),
        }
    }
    fn send(&mut self, d: &[u8]) -> Vec<Vec<u8>> {
        match self {
            Side::C(c) => c.send_app_data(d),
            Side::S(s) => s.send_app_data(d),
        }
        .expect("send application data")
        .records
    }
    fn close(&mut self) -> Vec<Vec<u8>> {
        match self {
            Side::C(c) => c.close(),
            Side::S(s) => s.close(),
        }
        .expect("close")
        .records
    }
    fn complete(&self) -> bool {
        match self {
            Side::C(c) => c.is_handshake_complete(),
            Side::S(s) => s.is_handshake_complete(),
        }
    }
    fn pending(&self) -> usize {
        match self {
            Side::C(c) => c.pending_bytes(),
            Side::S(s) => s.pending_bytes(),
        }
    }
    fn master(&self) -> Option<[u8; 48]> {
        match self {
            Side::C(c) => c.master_secret(),
            Side::S(s) => s.master_secret(),
        }
    }
    fn ems(&self) -> bool {
        match self {
            Side::C(c) => c.extended_master_secret(),
            Side::S(s) => s.extended_master_secret(),
        }
    }
}

/// Run the whole session: the handshake, the client's request, the server's reply and
/// close_notify, then the client's close_notify. Records cross the network one at a time in order;
/// `flip` (if any) alters one of them (its index taken modulo `total_records`).
/// `request` and `reply` must not be empty (an empty write sends no record).
pub fn run(c: &Case, flip: Option<Flip>, total_records: usize) -> Run {
    assert!(!c.request.is_empty() && !c.reply.is_empty());
    let (client, first) = Client::new(
        client_config(c),
        purpose_rng(&c.seed, "client"),
        DEFAULT_NOW,
    )
    .expect("client config");
    let server = Server::new(
        server_config(c),
        purpose_rng(&c.seed, "server"),
        DEFAULT_NOW,
    )
    .expect("server config");
    // sides[0] = client, sides[1] = server; got[i] = application data side i received.
    let mut sides = [Side::C(client), Side::S(server)];
    let mut got: [Vec<u8>; 2] = [Vec::new(), Vec::new()];
    let mut closed = [false, false];
    let mut request_sent = false;
    let mut replied = false;
    let mut wire: Vec<(bool, Vec<u8>)> = Vec::new();
    let mut flipped = None;
    // (receiver index, record)
    let mut in_flight: std::collections::VecDeque<(usize, Vec<u8>)> =
        first.records.into_iter().map(|r| (1, r)).collect();
    let target = flip.map(|f| (f.record % total_records.max(1), f.offset, f.mask.max(1)));
    let end = loop {
        let Some((to, mut rec)) = in_flight.pop_front() else {
            if sides[0].complete() && sides[1].complete() && !request_sent {
                request_sent = true;
                in_flight.extend(sides[0].send(&c.request).into_iter().map(|r| (1, r)));
                continue;
            }
            if closed == [true, true] && got[1] == c.request && got[0] == c.reply {
                break End::Success;
            }
            break End::Stalled {
                client_pending: sides[0].pending(),
                server_pending: sides[1].pending(),
            };
        };
        let idx = wire.len();
        wire.push((to == 1, rec.clone()));
        if let Some((n, off, mask)) = target {
            if n == idx {
                let at = off % rec.len();
                rec[at] ^= mask;
                flipped = Some((idx, at));
            }
        }
        match sides[to].feed(&rec) {
            Ok(out) => {
                for d in &out.app_data {
                    got[to].extend_from_slice(d);
                }
                let mut next = out.records;
                if to == 1 && request_sent && !replied && got[1].len() >= c.request.len() {
                    replied = true;
                    next.extend(sides[1].send(&c.reply));
                    next.extend(sides[1].close());
                }
                if out.peer_closed && !closed[to] {
                    closed[to] = true;
                    if to == 0 {
                        next.extend(sides[0].close());
                    }
                }
                in_flight.extend(next.into_iter().map(|r| (1 - to, r)));
            }
            Err(error) => {
                let alert = error.alert();
                let by_client = to == 0;
                if let Error::PeerAlert(_) = error {
                    // the peer failed first; its alert ended the session
                } else {
                    // the fatal alert reaches the peer, which must take it as such
                    let rec = sides[to].alert(&error);
                    let r = sides[1 - to].feed(&rec);
                    assert!(r.is_err(), "the peer ignored a fatal {alert:?}: {r:?}");
                }
                break End::Alert {
                    by_client,
                    alert,
                    error,
                };
            }
        }
    };
    Run {
        end,
        wire,
        flipped,
        client_master: sides[0].master(),
        server_master: sides[1].master(),
        client_ems: sides[0].ems(),
        server_ems: sides[1].ems(),
        server_got: std::mem::take(&mut got[1]),
        client_got: std::mem::take(&mut got[0]),
    }
}
