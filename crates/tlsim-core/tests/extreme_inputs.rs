//! Absurd inputs, as a hand-edited link could carry them: `simulate` answers with an error or a
//! failed transcript, never a panic or an overflow.

use tlsim_core::{simulate, Scenario};

const SEED: [u8; 32] = [3; 32];

#[test]
fn extreme_dates_and_clocks_never_panic() {
    let extremes = [
        i64::MIN,
        i64::MIN + 1,
        -1,
        0,
        253_402_300_800,
        i64::MAX - 1,
        i64::MAX,
    ];
    for &nb in &extremes {
        for &na in &extremes {
            for &now in &[i64::MIN, 0, tlsim_core::scenario::DEFAULT_NOW, i64::MAX] {
                let s = Scenario {
                    not_before: nb,
                    not_after: na,
                    ..Scenario::default()
                };
                // Either outcome is acceptable; reaching here without a panic is the property.
                match simulate(&s, SEED, now) {
                    Ok(t) => assert!(!t.steps.is_empty()),
                    Err(e) => assert!(!e.to_string().is_empty()),
                }
            }
        }
    }
}

#[test]
fn empty_and_huge_names_never_panic() {
    for name in [
        "",
        " ",
        "a".repeat(5000).as_str(),
        "ünïcödé.example",
        "*.*.example",
    ] {
        let s = Scenario {
            ca_name: name.into(),
            server_name: name.into(),
            server_sans: vec![name.into()],
            client_host: name.into(),
            ..Scenario::default()
        };
        let _ = simulate(&s, SEED, tlsim_core::scenario::DEFAULT_NOW);
    }
}
