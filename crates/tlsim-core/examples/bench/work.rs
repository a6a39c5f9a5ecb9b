//! The benchmark workloads, shared word for word by the native example (`main.rs` here) and the
//! wasm harness (`crates/tlsim-web/src/bin/bench.rs`, which includes this file by path), so both
//! time the same code. Only `tlsim_core` APIs are used (no direct `rsa` dependency); the clock
//! comes in as a function (`Instant` natively, `performance.now()` in the browser). Results are
//! JSON text: lists of milliseconds per run.

use tlsim_core::client::{Client, ClientConfig};
use tlsim_core::keygen::{derive_key, purpose_rng};
use tlsim_core::pki;
use tlsim_core::scenario::{DEFAULT_NOT_AFTER, DEFAULT_NOT_BEFORE, DEFAULT_NOW};
use tlsim_core::server::{Server, ServerConfig};
use tlsim_core::{KeySource, Scenario};

/// Milliseconds from some fixed origin.
pub type Clock = fn() -> f64;

/// The phases of one handshake (who computes what), timed separately.
pub const PHASES: [&str; 5] = [
    "client_hello (client: config, ClientHello)",
    "server_flight (server: ServerHello, Certificate, ServerHelloDone)",
    "client_kx (client: verify chain = RSA public op, encrypt pre-master = RSA public op, PRF, Finished)",
    "server_finish (server: decrypt pre-master = RSA-2048 private op, PRF, check Finished, its Finished)",
    "client_finish (client: check the server's Finished)",
];

fn json_list(v: &[f64]) -> String {
    let items: Vec<String> = v.iter().map(|x| format!("{x:.4}")).collect();
    format!("[{}]", items.join(","))
}

fn seed(i: u32) -> [u8; 32] {
    let mut s = [7u8; 32];
    s[..4].copy_from_slice(&i.to_be_bytes());
    s
}

/// `iters` full handshakes with keys given (builtin 2048-bit keys loaded and certificates issued
/// once, before timing): client and server run ClientHello .. both Finished through the sans-IO
/// API. Also `iters` runs of `simulate(Scenario::default())`, the whole session the page computes
/// on every edit (CA issues two certificates, handshake, application data, close, field names),
/// and the one-off costs of its parts.
/// JSON: `{"handshake": [...], "phases": [[...] x5], "simulate": [...], "parts": {...}}`.
pub fn bench_handshake(iters: u32, clock: Clock) -> String {
    let mut rng = purpose_rng(&[1; 32], "bench");
    let t = clock();
    let ca_key = pki::load_key(&KeySource::Builtin("ca".into()), &mut rng, "ca").expect("ca key");
    let load_key_ms = clock() - t;
    let server_key =
        pki::load_key(&KeySource::Builtin("server".into()), &mut rng, "server").expect("key");
    let (nb, na) = (DEFAULT_NOT_BEFORE, DEFAULT_NOT_AFTER);
    let ca = pki::issue_ca("Teaching Root CA", &ca_key, nb, na, &[1]).expect("ca");
    let t = clock();
    let leaf = pki::issue_leaf(
        "www.example.com",
        &["www.example.com".to_string()],
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
    let issue_ms = clock() - t;
    let t = clock();
    let v = pki::verify_chain(
        std::slice::from_ref(&leaf.der),
        std::slice::from_ref(&ca.der),
        DEFAULT_NOW,
        Some("www.example.com"),
    );
    let verify_ms = clock() - t;
    assert!(v.result.is_ok());
    let t = clock();
    let fields = pki::cert_fields(&leaf.der).expect("fields");
    let fields_ms = clock() - t;
    assert!(!fields.is_empty());

    let mut totals = Vec::new();
    let mut phases: Vec<Vec<f64>> = vec![Vec::new(); PHASES.len()];
    for i in 0..iters + 1 {
        let s = seed(i);
        let mut t = [0.0f64; 5];
        let t0 = clock();
        let (mut client, hello) = Client::new(
            ClientConfig::new("www.example.com", vec![ca.der.clone()]),
            purpose_rng(&s, "client"),
            DEFAULT_NOW,
        )
        .expect("client");
        let mut server = Server::new(
            ServerConfig::new(vec![leaf.der.clone()], server_key.clone()),
            purpose_rng(&s, "server"),
            DEFAULT_NOW,
        )
        .expect("server");
        let t1 = clock();
        t[0] = t1 - t0;
        let flight = server.feed(&hello.records.concat()).expect("server flight");
        let t2 = clock();
        t[1] = t2 - t1;
        let kx = client.feed(&flight.records.concat()).expect("client kx");
        let t3 = clock();
        t[2] = t3 - t2;
        let fin = server.feed(&kx.records.concat()).expect("server finish");
        let t4 = clock();
        t[3] = t4 - t3;
        client.feed(&fin.records.concat()).expect("client finish");
        let t5 = clock();
        t[4] = t5 - t4;
        assert!(client.is_handshake_complete() && server.is_handshake_complete());
        if i == 0 {
            continue; // warm-up
        }
        totals.push(t5 - t0);
        for (p, v) in phases.iter_mut().zip(t) {
            p.push(v);
        }
    }

    let mut sim = Vec::new();
    let scenario = Scenario::default();
    for i in 0..iters + 1 {
        let t = clock();
        let tr = tlsim_core::simulate(&scenario, seed(i), DEFAULT_NOW).expect("simulate");
        let ms = clock() - t;
        assert_eq!(tr.outcome, tlsim_core::Outcome::Success);
        if i > 0 {
            sim.push(ms);
        }
    }
    let phase_json: Vec<String> = phases.iter().map(|p| json_list(p)).collect();
    format!(
        "{{\"handshake\":{},\"phases\":[{}],\"simulate\":{},\"parts\":{{\"load_builtin_key\":{load_key_ms:.4},\"issue_leaf_cert\":{issue_ms:.4},\"verify_chain\":{verify_ms:.4},\"cert_fields\":{fields_ms:.4}}}}}",
        json_list(&totals),
        phase_json.join(","),
        json_list(&sim),
    )
}

/// `iters` RSA key generations of `bits` bits (`tlsim_core::keygen::derive_key`, what the page's
/// worker runs), each from a different seed. JSON: a list of milliseconds.
pub fn bench_keygen(bits: usize, iters: u32, clock: Clock) -> String {
    let mut v = Vec::new();
    for i in 0..iters {
        let t = clock();
        let k = derive_key(&seed(1000 + i), "server", bits).expect("keygen");
        v.push(clock() - t);
        drop(k);
    }
    json_list(&v)
}
