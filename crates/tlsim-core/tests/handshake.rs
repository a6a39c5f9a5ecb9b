//! Whole-handshake tests through `simulate` with the built-in 2048-bit teaching keys.

use tlsim_core::error::AlertDescription;
use tlsim_core::scenario::DEFAULT_NOW;
use tlsim_core::{simulate, Actor, Fault, Outcome, Scenario, StepKind, Transcript};

const SEED: [u8; 32] = [42; 32];

fn run(s: &Scenario) -> Transcript {
    simulate(s, SEED, DEFAULT_NOW).expect("valid input")
}

fn failed(t: &Transcript) -> (Actor, AlertDescription) {
    match &t.outcome {
        Outcome::Failed {
            by, alert, step, ..
        } => {
            assert_eq!(*step, t.steps.len() - 1, "the alert is the last step");
            let last = &t.steps[*step];
            assert_eq!(last.kind, StepKind::Alert);
            assert_eq!(last.alert, Some(*alert));
            (*by, *alert)
        }
        Outcome::Success => panic!(
            "expected a failure, got success: {:#?}",
            t.steps.iter().map(|s| &s.key).collect::<Vec<_>>()
        ),
    }
}

fn derived<'a>(t: &'a Transcript, step: &str, name: &str) -> &'a [u8] {
    t.steps
        .iter()
        .filter(|s| s.key == step)
        .flat_map(|s| s.derived.iter())
        .find(|d| d.name == name)
        .map(|d| d.value.as_slice())
        .unwrap_or_else(|| panic!("no {name} in {step}"))
}

#[test]
fn default_scenario_succeeds_and_both_sides_agree() {
    let t = run(&Scenario::default());
    assert_eq!(t.outcome, Outcome::Success, "{:#?}", t.steps.last());
    assert!(t.extended_master_secret);
    assert_eq!(t.cipher_suite, Some(0x009c));
    assert_eq!(
        derived(&t, "derive_keys_client", "master_secret"),
        derived(&t, "derive_keys_server", "master_secret")
    );
    assert_eq!(
        derived(&t, "finished_client", "client_verify_data"),
        derived(&t, "verify_finished_server", "client_verify_data")
    );
    assert_eq!(
        derived(&t, "finished_server", "server_verify_data"),
        derived(&t, "verify_finished_client", "server_verify_data")
    );
    let keys: Vec<&str> = t.steps.iter().map(|s| s.key.as_str()).collect();
    for k in [
        "issue_ca_cert",
        "issue_server_cert",
        "client_hello",
        "server_hello",
        "certificate",
        "server_hello_done",
        "verify_server_cert",
        "client_key_exchange",
        "decrypt_pre_master",
        "derive_keys_client",
        "derive_keys_server",
        "change_cipher_spec_client",
        "finished_client",
        "change_cipher_spec_server",
        "finished_server",
        "app_data_client",
        "app_data_server",
        "close_notify_client",
        "close_notify_server",
    ] {
        assert!(keys.contains(&k), "missing step {k} in {keys:?}");
    }
    assert!(t.keylog.starts_with("CLIENT_RANDOM "));
    assert_eq!(
        t.wire.len(),
        t.steps
            .iter()
            .filter(|s| s.kind == StepKind::Message)
            .count()
    );
}
