//! Fixed keys and certificates shared by the connection targets and the corpus generator:
//! small (512-bit) RSA keys generated once from fixed seeds, so that an input reaching
//! ClientKeyExchange costs a 512-bit decryption, not a 2048-bit one; a CA and leaves issued
//! once, fixed seeds.
#![allow(dead_code)]

use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use rsa::RsaPrivateKey;
use std::sync::OnceLock;
use tlsim_core::client::{Client, ClientConfig, ClientIdentity};
use tlsim_core::conn::Output;
use tlsim_core::pki;
use tlsim_core::scenario::{DEFAULT_NOT_AFTER, DEFAULT_NOT_BEFORE, DEFAULT_NOW};
use tlsim_core::server::{ClientAuth, Server, ServerConfig};
use tlsim_core::KeySource;

pub const HOST: &str = "www.example.com";
pub const NOW: i64 = DEFAULT_NOW;

pub struct World {
    pub ca_der: Vec<u8>,
    pub leaf_der: Vec<u8>,
    pub client_der: Vec<u8>,
    pub server_key: RsaPrivateKey,
    pub client_key: RsaPrivateKey,
}

fn key(name: &str) -> RsaPrivateKey {
    let mut seed = [0u8; 32];
    seed[..name.len().min(32)].copy_from_slice(&name.as_bytes()[..name.len().min(32)]);
    pki::load_key(
        &KeySource::Generate(512),
        &mut ChaCha20Rng::from_seed(seed),
        name,
    )
    .expect("512-bit key")
}

pub fn world() -> &'static World {
    static W: OnceLock<World> = OnceLock::new();
    W.get_or_init(|| {
        let ca_key = key("ca");
        let server_key = key("server");
        let client_key = key("client");
        let (nb, na) = (DEFAULT_NOT_BEFORE, DEFAULT_NOT_AFTER);
        let ca = pki::issue_ca("Teaching Root CA", &ca_key, nb, na, &[1]).expect("ca");
        let leaf = pki::issue_leaf(
            HOST,
            &[HOST.to_string()],
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

/// Options picked by the input's first byte.
#[derive(Clone, Copy, Debug)]
pub struct Opts {
    pub client_auth: bool,
    pub ems: bool,
}

impl Opts {
    pub fn from_byte(b: u8) -> Self {
        Self {
            client_auth: b & 2 != 0,
            ems: b & 4 != 0,
        }
    }
    pub fn to_byte(self, role_client: bool) -> u8 {
        role_client as u8 | (self.client_auth as u8) << 1 | (self.ems as u8) << 2
    }
}

pub fn server_config(o: Opts) -> ServerConfig {
    let w = world();
    let mut c = ServerConfig::new(vec![w.leaf_der.clone()], w.server_key.clone());
    c.ems = o.ems;
    if o.client_auth {
        c.client_auth = Some(ClientAuth::from_roots(vec![w.ca_der.clone()]).expect("roots"));
    }
    c
}

pub fn server(o: Opts) -> Server {
    Server::new(server_config(o), ChaCha20Rng::from_seed([2; 32]), NOW).expect("server")
}

pub fn client(o: Opts) -> (Client, Output) {
    let w = world();
    let mut c = ClientConfig::new(HOST, vec![w.ca_der.clone()]);
    c.ems = o.ems;
    if o.client_auth {
        c.identity = Some(ClientIdentity {
            chain: vec![w.client_der.clone()],
            key: w.client_key.clone(),
        });
    }
    Client::new(c, ChaCha20Rng::from_seed([1; 32]), NOW).expect("client")
}
