//! Issue 12: the CA as it really works. The server's CSR, the CA's check of it, the chain root ->
//! intermediate -> leaf checked link by link, revocation, and each certificate failure ending in
//! the alert a real client sends (OpenSSL's `ssl_x509err2alert`), with its why-note.

use tlsim_core::error::AlertDescription;
use tlsim_core::msg::{CertMsg, SimMsg};
use tlsim_core::scenario::DEFAULT_NOW;
use tlsim_core::{
    pki, simulate, Actor, CertFault, CheckId, Error, FieldName, Msg, Outcome, Scenario, StepKey,
    StepKind, Transcript,
};

const SEED: [u8; 32] = [7; 32];

fn run(s: &Scenario) -> Transcript {
    simulate(s, SEED, DEFAULT_NOW).expect("valid input")
}

fn with(f: CertFault) -> Scenario {
    let mut s = Scenario::default();
    f.apply(&mut s, DEFAULT_NOW);
    s
}

fn step(t: &Transcript, key: StepKey) -> &tlsim_core::Step {
    t.steps
        .iter()
        .find(|s| s.key == key)
        .unwrap_or_else(|| panic!("no {key} step"))
}

/// The failing check of the client's certificate step.
fn failed_check(t: &Transcript) -> CheckId {
    let v = step(t, StepKey::VerifyServerCert);
    let bad: Vec<_> = v.checks.iter().filter(|c| !c.ok).collect();
    assert_eq!(bad.len(), 1, "one failure, then stop: {:?}", v.checks);
    assert!(
        !v.checks.last().unwrap().ok,
        "the failure is the last check"
    );
    bad[0].name
}

fn notes(t: &Transcript) -> Vec<&Msg> {
    t.steps.iter().flat_map(|s| s.notes.iter()).collect()
}

#[test]
fn each_failure_ends_in_the_alert_a_real_client_sends() {
    use AlertDescription as A;
    use CertFault as F;
    let cases = [
        (F::IncompleteChain, A::UnknownCa, CheckId::Chain),
        (
            F::IntermediateNotCa,
            A::UnknownCa,
            CheckId::BasicConstraints,
        ),
        (F::PathLen, A::UnknownCa, CheckId::BasicConstraints),
        (F::SelfSigned, A::UnknownCa, CheckId::Chain),
        (F::Sha1Leaf, A::BadCertificate, CheckId::CaSignature),
        (F::Sha1Intermediate, A::BadCertificate, CheckId::CaSignature),
        (F::WeakKey, A::BadCertificate, CheckId::KeySize),
        (F::NoSan, A::CertificateUnknown, CheckId::HostName),
        (
            F::NoServerAuth,
            A::UnsupportedCertificate,
            CheckId::ExtKeyUsage,
        ),
        (
            F::NoKeyEncipherment,
            A::UnsupportedCertificate,
            CheckId::KeyUsage,
        ),
        (F::NotYetValid, A::BadCertificate, CheckId::Validity),
        (F::Revoked, A::CertificateRevoked, CheckId::Revocation),
    ];
    assert_eq!(
        cases.len() + 1,
        CertFault::ALL.len(),
        "every failure but bad-csr"
    );
    for (f, alert, check) in cases {
        let t = run(&with(f));
        match &t.outcome {
            Outcome::Failed {
                by,
                alert: a,
                step: i,
                ..
            } => {
                assert_eq!((*by, *a), (Actor::Client, alert), "{f:?}");
                assert_eq!(t.steps[*i].kind, StepKind::Alert, "{f:?}");
            }
            other => panic!("{f:?}: {other:?}"),
        }
        assert_eq!(failed_check(&t), check, "{f:?}");
        // The why-note is in the transcript, once.
        let why = notes(&t)
            .into_iter()
            .filter(|m| m.key().name().starts_with("sim.why_"))
            .count();
        assert_eq!(why, 1, "{f:?}: one why-note");
        // Without the failure, the same scenario succeeds: the fault is the whole difference.
        let mut clean = with(f);
        clean.faults.clear();
        if f == F::WeakKey {
            clean.min_key_bits = 0;
        }
        if f == F::NoSan {
            clean.server_sans = vec!["www.example.com".into()];
        }
        if f == F::NotYetValid {
            clean = Scenario {
                chain_depth: clean.chain_depth,
                ..Scenario::default()
            };
        }
        assert_eq!(
            run(&clean).outcome,
            Outcome::Success,
            "{f:?} without the fault"
        );
    }
}

#[test]
fn a_bad_csr_is_refused_by_the_ca_before_any_tls() {
    let t = run(&with(CertFault::BadCsr));
    let Outcome::Refused {
        by,
        reason,
        step: i,
    } = &t.outcome
    else {
        panic!("{:?}", t.outcome)
    };
    assert_eq!(*by, Actor::Ca);
    assert_eq!(t.steps[*i].key, StepKey::VerifyCsr);
    assert!(
        matches!(CertMsg::of(reason), Some(CertMsg::CsrSignatureBad { .. })),
        "{reason}"
    );
    let v = step(&t, StepKey::VerifyCsr);
    assert_eq!(v.checks.len(), 1);
    assert_eq!(
        (v.checks[0].name, v.checks[0].ok),
        (CheckId::CsrSignature, false)
    );
    // No certificate, no record on the wire.
    assert!(t.wire.is_empty() && t.server_cert_pem.is_empty());
    assert!(t.steps.iter().all(|s| s.key != StepKey::IssueServerCert));
    assert!(!t.server_csr_pem.is_empty());
}

#[test]
fn the_csr_goes_server_to_ca_and_the_certificate_ca_to_server() {
    let t = run(&Scenario::default());
    let keys: Vec<StepKey> = t.steps.iter().take(4).map(|s| s.key).collect();
    assert_eq!(
        keys,
        [
            StepKey::IssueCaCert,
            StepKey::ServerCsr,
            StepKey::VerifyCsr,
            StepKey::IssueServerCert
        ]
    );
    let csr = step(&t, StepKey::ServerCsr);
    assert_eq!((csr.from, csr.to), (Actor::Server, Actor::Ca));
    let cert = step(&t, StepKey::IssueServerCert);
    assert_eq!((cert.from, cert.to), (Actor::Ca, Actor::Server));
    // The CA's two checks pass.
    let v = step(&t, StepKey::VerifyCsr);
    let names: Vec<(CheckId, bool)> = v.checks.iter().map(|c| (c.name, c.ok)).collect();
    assert_eq!(
        names,
        [(CheckId::CsrSignature, true), (CheckId::CaPolicy, true)]
    );
    // Every CSR field named, inside the bytes; the subject and the requested SAN among them.
    let names: Vec<FieldName> = csr.fields.iter().map(|f| f.name).collect();
    for want in [
        FieldName::CertificationRequestInfo,
        FieldName::Version,
        FieldName::Subject,
        FieldName::SubjectPublicKeyInfo,
        FieldName::Modulus,
        FieldName::PublicExponent,
        FieldName::Attributes,
        FieldName::ExtensionRequest,
        FieldName::SubjectAltName,
        FieldName::SignatureAlgorithm,
        FieldName::SignatureValue,
    ] {
        assert!(names.contains(&want), "{want:?} in {names:?}");
    }
    for f in &csr.fields {
        assert!(f.offset + f.len <= csr.bytes.len(), "{f:?}");
    }
    // The top-level fields tile the DER after its outer header: info, algorithm, signature.
    let top: Vec<_> = csr.fields.iter().filter(|f| f.depth == 0).collect();
    assert_eq!(top.len(), 3);
    assert_eq!(top[0].offset + top[0].len, top[1].offset);
    assert_eq!(top[1].offset + top[1].len, top[2].offset);
    assert_eq!(top[2].offset + top[2].len, csr.bytes.len());
    // The certificate carries what the CSR asked for.
    let leaf = pki::pem_to_der(&t.server_cert_pem, "server").unwrap();
    let info = pki::cert_fields(&leaf).unwrap();
    let san = info
        .iter()
        .find(|f| f.name == FieldName::SubjectAltName)
        .unwrap();
    assert_eq!(
        san.meaning,
        Msg::from(CertMsg::SubjectAltNames {
            names: vec!["DNS:www.example.com".into(), "DNS:example.com".into()]
        })
    );
}

#[test]
fn the_learner_edits_what_the_server_requests() {
    let mut s = Scenario {
        server_name: "shop.example.org".into(),
        server_sans: vec!["shop.example.org".into(), "*.cdn.example.org".into()],
        client_host: "img.cdn.example.org".into(),
        ..Scenario::default()
    };
    let t = run(&s);
    assert_eq!(t.outcome, Outcome::Success);
    let v = step(&t, StepKey::VerifyCsr);
    assert_eq!(
        v.checks[1].detail,
        Msg::from(CertMsg::CsrPolicyOk {
            cn: "shop.example.org".into(),
            sans: s.server_sans.clone(),
            bits: 2048,
        })
    );
    // A name the CA will not certify is refused, with the name.
    s.server_sans = vec!["shop.example.org".into(), "bad_name!.org".into()];
    let t = run(&s);
    let Outcome::Refused { reason, .. } = &t.outcome else {
        panic!("{:?}", t.outcome)
    };
    assert_eq!(
        *reason,
        Msg::from(CertMsg::CsrBadName {
            name: "bad_name!.org".into()
        })
    );
}

#[test]
fn a_chain_is_sent_whole_and_checked_link_by_link() {
    let s = Scenario {
        chain_depth: 2,
        check_revocation: true,
        ..Scenario::default()
    };
    let t = run(&s);
    assert_eq!(t.outcome, Outcome::Success);
    // The root issues the intermediate; the intermediate the leaf; each CA publishes a CRL.
    let keys: Vec<StepKey> = t.steps.iter().map(|s| s.key).collect();
    for k in [
        StepKey::IssueIntermediateCert,
        StepKey::PublishCrl,
        StepKey::ServerCsr,
    ] {
        assert!(keys.contains(&k), "{k:?}");
    }
    assert_eq!(
        keys.iter().filter(|k| **k == StepKey::PublishCrl).count(),
        2
    );
    // The Certificate message holds two certificates: leaf, then intermediate.
    let cert = step(&t, StepKey::Certificate);
    assert_eq!(
        cert.fields
            .iter()
            .filter(|f| f.name == FieldName::Certificate)
            .count(),
        2
    );
    assert_eq!(t.intermediate_pems.len(), 1);
    assert_eq!(t.chain_pem, t.intermediate_pems[0]);
    // Link by link: the intermediate under the root, then the leaf under the intermediate,
    // then the leaf's own checks and the host name.
    let v = step(&t, StepKey::VerifyServerCert);
    let ids: Vec<CheckId> = v.checks.iter().map(|c| c.name).collect();
    use CheckId as C;
    let link = [
        C::Chain,
        C::CaSignature,
        C::Validity,
        C::BasicConstraints,
        C::KeyUsage,
        C::Revocation,
    ];
    let mut want = link.to_vec();
    want.extend(link);
    want.extend([C::KeyUsage, C::ExtKeyUsage, C::HostName]);
    assert_eq!(ids, want);
    assert!(v.checks.iter().all(|c| c.ok));
    // Each detail names its certificate.
    let subjects: Vec<String> = v
        .checks
        .iter()
        .map(|c| match CertMsg::of(&c.detail) {
            Some(CertMsg::OnCert { subject, .. }) => subject,
            _ => panic!("{:?}", c.detail),
        })
        .collect();
    assert_eq!(subjects[0], "CN=Teaching Intermediate CA");
    assert_eq!(
        subjects[4], "CN=Teaching Root CA",
        "the issuer's keyUsage names the issuer"
    );
    assert_eq!(subjects[6], "CN=www.example.com");
    // The default stays root -> leaf.
    let t = run(&Scenario::default());
    assert!(t.intermediate_pems.is_empty() && t.chain_pem.is_empty() && t.crl_pem.is_none());
    assert!(t
        .steps
        .iter()
        .all(|s| s.key != StepKey::IssueIntermediateCert));
}

#[test]
fn a_revoked_intermediate_fails_too() {
    // The leaf's issuer's CRL is clean, but the root revokes the intermediate: build it by hand.
    let s = with(CertFault::Revoked);
    let t = run(&Scenario {
        chain_depth: 2,
        ..s
    });
    // With a chain, the leaf is on the intermediate's CRL.
    let v = step(&t, StepKey::VerifyServerCert);
    let last = v.checks.last().unwrap();
    assert_eq!((last.name, last.ok), (CheckId::Revocation, false));
    match CertMsg::of(&last.detail) {
        Some(CertMsg::OnCert { detail, .. }) => match CertMsg::of(&detail) {
            Some(CertMsg::CertRevoked { issuer, .. }) => {
                assert_eq!(issuer, "CN=Teaching Intermediate CA")
            }
            _ => panic!("{detail:?}"),
        },
        _ => panic!("{:?}", last.detail),
    }
    // An intermediate on the root's CRL: the revocation check of the first link fails.
    let root_key = pki::key_from_pem(pki::builtin_pem("ca").unwrap(), "ca").unwrap();
    let inter_key = pki::key_from_pem(pki::builtin_pem("intermediate").unwrap(), "i").unwrap();
    let srv_key = pki::key_from_pem(pki::builtin_pem("server").unwrap(), "s").unwrap();
    let root = pki::issue_ca("Root", &root_key, 0, 4_000_000_000, &[1]).unwrap();
    let ipub = inter_key.to_public_key();
    let inter = pki::issue(
        &pki::CertRequest {
            cn: "Inter",
            sans: &[],
            key: &ipub,
            not_before: 0,
            not_after: 4_000_000_000,
            serial: &[2],
            profile: pki::Profile::intermediate(Some(0)),
        },
        pki::Signer::Ca {
            cert: &root.der,
            key: &root_key,
        },
    )
    .unwrap();
    let leaf = pki::issue_leaf(
        "www.example.com",
        &["www.example.com".into()],
        &srv_key.to_public_key(),
        &inter.der,
        &inter_key,
        0,
        4_000_000_000,
        &[3],
        false,
        false,
    )
    .unwrap();
    let now = DEFAULT_NOW;
    let root_crl = pki::issue_crl(
        &root.der,
        &root_key,
        now - 10,
        now + 10,
        1,
        &[(vec![2], now - 5)],
    )
    .unwrap();
    let inter_crl = pki::issue_crl(&inter.der, &inter_key, now - 10, now + 10, 1, &[]).unwrap();
    let policy = pki::CertPolicy {
        crls: Some(vec![root_crl.der.clone(), inter_crl.der.clone()]),
        min_key_bits: 0,
        ..Default::default()
    };
    let chain = [leaf.der.clone(), inter.der.clone()];
    let v = pki::verify_path(
        &chain,
        std::slice::from_ref(&root.der),
        &policy,
        now,
        Some("www.example.com"),
    );
    let err = v.result.unwrap_err();
    assert!(matches!(err, Error::CertificateRevoked(_)), "{err}");
    assert_eq!(
        v.checks.len(),
        6,
        "the first link's revocation check: {:?}",
        v.checks
    );
    // No CRL for an issuer: unknown_ca; a CRL past its nextUpdate: certificate_expired.
    let only_root = pki::CertPolicy {
        crls: Some(vec![root_crl.der.clone()]),
        min_key_bits: 0,
        ..Default::default()
    };
    let clean_root = pki::issue_crl(&root.der, &root_key, now - 10, now + 10, 2, &[]).unwrap();
    let p = pki::CertPolicy {
        crls: Some(vec![clean_root.der.clone()]),
        ..only_root
    };
    let v = pki::verify_path(
        &chain,
        std::slice::from_ref(&root.der),
        &p,
        now,
        Some("www.example.com"),
    );
    assert_eq!(v.result.unwrap_err().alert(), AlertDescription::UnknownCa);
    let p = pki::CertPolicy {
        crls: Some(vec![clean_root.der, inter_crl.der]),
        min_key_bits: 0,
        ..Default::default()
    };
    let v = pki::verify_path(&chain, &[root.der], &p, now + 60, Some("www.example.com"));
    assert_eq!(
        v.result.unwrap_err().alert(),
        AlertDescription::CertificateExpired
    );
}

#[test]
fn a_chain_depth_out_of_range_is_bad_input() {
    for depth in [0u8, 3, 200] {
        let s = Scenario {
            chain_depth: depth,
            ..Scenario::default()
        };
        let e = simulate(&s, SEED, DEFAULT_NOW).unwrap_err();
        assert!(e.is_input(), "{e}");
        assert_eq!(
            e.reason(),
            Msg::from(SimMsg::ChainDepth {
                depth: depth.into()
            })
        );
    }
}

#[test]
fn cert_faults_are_deterministic_and_named_both_ways() {
    for f in CertFault::ALL {
        assert_eq!(CertFault::from_name(f.cli_name()), Some(f));
        assert_eq!(CertFault::from_name(f.name()), Some(f));
        let a = run(&with(f));
        let b = run(&with(f));
        assert_eq!(a, b, "{f:?}");
    }
    assert_eq!(CertFault::from_name("sha1"), None);
}
