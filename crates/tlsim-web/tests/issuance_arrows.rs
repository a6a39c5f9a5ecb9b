//! The issuance arrows tell the truth (issue 11): in every preset, each step of the certificate
//! set-up is drawn from the lane that sends to the lane that receives, with the arrowhead at the
//! receiver: the CSR goes server → CA, the certificate CA → server (and CA → client for the
//! client's certificate), a CRL CA → client, and a CA's own work is a box on the CA's lane.
//! The expected directions are written out here by hand (who sends what in a PKI), not read from
//! the core, so a step drawn or emitted the wrong way round fails.
//! Run: `cargo test -p tlsim-web --test issuance_arrows`.

use tlsim_core::{Actor, StepKey, StepKind};
use tlsim_web::components::diagram::{lane_x, line_ends, shape_of, Shape};
use tlsim_web::state::{Preset, State};
use tlsim_web::url;

#[cfg(target_arch = "wasm32")]
use wasm_bindgen_test::wasm_bindgen_test as test;
#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

const NOW: i64 = tlsim_core::scenario::DEFAULT_NOW;

/// Who sends and who receives each issuance step, by the meaning of the step.
fn expected(key: StepKey) -> Option<(Actor, Actor)> {
    Some(match key {
        // a CA signs its own certificate, or the root signs an intermediate: the CA's own work
        StepKey::IssueCaCert | StepKey::IssueIntermediateCert => (Actor::Ca, Actor::Ca),
        // the request travels from the server to the CA
        StepKey::ServerCsr => (Actor::Server, Actor::Ca),
        // the CA checks the request on its side
        StepKey::VerifyCsr => (Actor::Ca, Actor::Ca),
        // the certificate travels back from the CA
        StepKey::IssueServerCert => (Actor::Ca, Actor::Server),
        StepKey::IssueClientCert => (Actor::Ca, Actor::Client),
        // revocation lists go from the CA to whoever checks certificates
        StepKey::PublishCrl => (Actor::Ca, Actor::Client),
        _ => return None,
    })
}

/// The shape a step of that direction must have.
fn shape(from: Actor, to: Actor) -> Shape {
    if from == to {
        Shape::Box { x: lane_x(from) }
    } else {
        Shape::Arrow {
            tail: lane_x(from),
            head: lane_x(to),
        }
    }
}

fn transcript(p: Preset) -> std::rc::Rc<tlsim_core::Transcript> {
    let query = format!("preset={}&now={NOW}", p.name());
    let st = State::from_url(url::decode_query(&query), NOW);
    st.transcript.clone().expect("every preset simulates")
}

#[test]
fn every_issuance_step_points_from_sender_to_receiver_in_every_preset() {
    let mut seen = std::collections::BTreeSet::new();
    let mut wrong = Vec::new();
    for p in Preset::ALL {
        let t = transcript(p);
        for (i, s) in t.steps.iter().enumerate() {
            let Some((from, to)) = expected(s.key) else {
                assert_ne!(
                    s.kind,
                    StepKind::Issue,
                    "{}: step {} ({}) is an issuance step this test does not know",
                    p.name(),
                    i + 1,
                    s.key.name()
                );
                continue;
            };
            seen.insert(s.key.name());
            if shape_of(s) != shape(from, to) {
                wrong.push(format!(
                    "{} step {} {}: drawn {:?}, want {:?} ({from:?} → {to:?})",
                    p.name(),
                    i + 1,
                    s.key.name(),
                    shape_of(s),
                    shape(from, to)
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "arrows the wrong way:\n{}",
        wrong.join("\n")
    );
    // the walk met every kind of issuance step (else the presets changed under the test)
    for k in [
        "issue_ca_cert",
        "server_csr",
        "verify_csr",
        "issue_server_cert",
        "issue_client_cert",
        "issue_intermediate_cert",
        "publish_crl",
    ] {
        assert!(seen.contains(k), "no preset has a {k} step");
    }
}

#[test]
fn the_default_handshake_requests_then_issues() {
    // The default page: step 2 is the CSR, server → CA; the certificate comes back CA → server
    // right after the CA checks the request.
    let t = transcript(Preset::Normal);
    let keys: Vec<&str> = t.steps.iter().take(4).map(|s| s.key.name()).collect();
    assert_eq!(
        keys,
        [
            "issue_ca_cert",
            "server_csr",
            "verify_csr",
            "issue_server_cert"
        ]
    );
    let (ca, server) = (lane_x(Actor::Ca), lane_x(Actor::Server));
    assert_eq!(
        shape_of(&t.steps[1]),
        Shape::Arrow {
            tail: server,
            head: ca
        }
    );
    assert_eq!(
        shape_of(&t.steps[3]),
        Shape::Arrow {
            tail: ca,
            head: server
        }
    );
}

#[test]
fn the_drawn_line_ends_at_the_head() {
    // `marker-end` draws the arrowhead at the line's x2: it must sit next to the receiver's lane
    // and the line must run towards it, in both directions across the drawing.
    let lanes = [Actor::Ca, Actor::Client, Actor::Network, Actor::Server];
    for a in lanes {
        for b in lanes {
            if a == b {
                continue;
            }
            let (tail, head) = (lane_x(a), lane_x(b));
            let (x1, x2) = line_ends(tail, head);
            assert!(
                (x2 - head).abs() < (x2 - tail).abs(),
                "{a:?}→{b:?}: x2 {x2} near the head {head}"
            );
            assert!(
                (x1 - tail).abs() < (x1 - head).abs(),
                "{a:?}→{b:?}: x1 {x1} near the tail {tail}"
            );
            assert_eq!(
                (x2 - x1).signum(),
                (head - tail).signum(),
                "{a:?}→{b:?}: the line runs towards the head"
            );
        }
    }
}
