//! Golden transcripts: a fixed seed and `DEFAULT_NOW` must give exactly the stored JSON.
//! The files are written by the code itself: run with `BLESS=1` to (re)generate them after an
//! intended change, and review the diff.

use std::path::PathBuf;
use tlsim_core::scenario::DEFAULT_NOW;
use tlsim_core::{simulate, Fault, Scenario};

const SEED: [u8; 32] = [42; 32];

fn check(name: &str, scenario: &Scenario) {
    let t = simulate(scenario, SEED, DEFAULT_NOW).expect("valid input");
    let json = serde_json::to_string_pretty(&t).expect("serializable") + "\n";
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(format!("{name}.json"));
    if std::env::var_os("BLESS").is_some() {
        std::fs::write(&path, &json).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (run with BLESS=1 to create it)", path.display()));
    if want != json {
        let line = want
            .lines()
            .zip(json.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(0);
        panic!(
            "{name}: transcript differs from {} at line {}:\n  want: {}\n  got:  {}\n(run with BLESS=1 if the change is intended)",
            path.display(),
            line + 1,
            want.lines().nth(line).unwrap_or(""),
            json.lines().nth(line).unwrap_or("")
        );
    }
}

#[test]
fn golden_default() {
    check("default", &Scenario::default());
}

#[test]
fn golden_client_auth_without_ems() {
    check(
        "client_auth_no_ems",
        &Scenario {
            client_auth: true,
            client_ems: false,
            ..Scenario::default()
        },
    );
}

#[test]
fn golden_flipped_finished() {
    check(
        "flipped_finished",
        &Scenario {
            faults: vec![Fault::FlipByte {
                record: 6,
                offset: 20,
            }],
            ..Scenario::default()
        },
    );
}

#[test]
fn golden_tls13_default() {
    check(
        "tls13_default",
        &Scenario {
            version: tlsim_core::TlsVersion::Tls13,
            ..Scenario::default()
        },
    );
}

#[test]
fn golden_tls13_hello_retry() {
    let mut s = Scenario::default();
    tlsim_core::scenario::force_hello_retry(&mut s);
    check("tls13_hello_retry", &s);
}
