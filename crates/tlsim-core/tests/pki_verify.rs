//! The client's chain verification: each failure gives the right error variant (and so the right
//! alert), with a detail that shows the values compared. Builtin 2048-bit teaching keys.

use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use tlsim_core::error::AlertDescription;
use tlsim_core::pki::{self, host_matches, Issued};
use tlsim_core::scenario::{DEFAULT_NOT_AFTER, DEFAULT_NOT_BEFORE, DEFAULT_NOW};
use tlsim_core::{Error, KeySource};

fn key(name: &str) -> rsa::RsaPrivateKey {
    pki::load_key(
        &KeySource::Builtin(name.into()),
        &mut ChaCha20Rng::from_seed([0; 32]),
        name,
    )
    .unwrap()
}

fn ca(name: &str, key_name: &str) -> Issued {
    pki::issue_ca(
        name,
        &key(key_name),
        DEFAULT_NOT_BEFORE,
        DEFAULT_NOT_AFTER,
        &[1],
    )
    .unwrap()
}

fn leaf_by(ca: &Issued, ca_key: &str, sans: &[&str], forge: bool) -> Issued {
    let sans: Vec<String> = sans.iter().map(|s| s.to_string()).collect();
    pki::issue_leaf(
        "www.example.com",
        &sans,
        &key("server").to_public_key(),
        &ca.der,
        &key(ca_key),
        DEFAULT_NOT_BEFORE,
        DEFAULT_NOT_AFTER,
        &[2],
        false,
        forge,
    )
    .unwrap()
}

fn names(v: &pki::Verified) -> Vec<(&str, bool)> {
    v.checks.iter().map(|c| (c.name.as_str(), c.ok)).collect()
}

#[test]
fn good_chain_passes_all_four_checks() {
    let ca = ca("Teaching Root CA", "ca");
    let leaf = leaf_by(&ca, "ca", &["www.example.com", "example.com"], false);
    let v = pki::verify_chain(
        std::slice::from_ref(&leaf.der),
        std::slice::from_ref(&ca.der),
        DEFAULT_NOW,
        Some("www.example.com"),
    );
    assert_eq!(
        names(&v),
        [
            ("chain", true),
            ("signature", true),
            ("validity", true),
            ("host_name", true)
        ]
    );
    assert_eq!(v.result.unwrap(), key("server").to_public_key());
    let sig = &v.checks[1].detail;
    let h = hex::encode(&leaf.tbs_hash);
    assert_eq!(sig.matches(&h).count(), 2, "both hashes shown: {sig}");
    assert!(sig.ends_with("(match)"), "{sig}");
    assert!(
        v.checks[2].detail.contains("now 2026-11-23T09:00:00Z"),
        "{}",
        v.checks[2].detail
    );
    assert!(v.checks[3].detail.contains("DNS:www.example.com"));
    // The chain may carry the root too; it is ignored.
    let v = pki::verify_chain(
        &[leaf.der.clone(), ca.der.clone()],
        &[ca.der],
        DEFAULT_NOW,
        None,
    );
    assert_eq!(names(&v).len(), 3, "host check skipped with None");
    assert!(v.result.is_ok());
}

#[test]
fn untrusted_ca_is_unknown_ca() {
    let mitm_ca = ca("Evil CA", "mitm-ca");
    let leaf = leaf_by(&mitm_ca, "mitm-ca", &["www.example.com"], false);
    let trusted = ca("Teaching Root CA", "ca");
    let v = pki::verify_chain(
        &[leaf.der],
        &[trusted.der],
        DEFAULT_NOW,
        Some("www.example.com"),
    );
    assert_eq!(names(&v), [("chain", false)]);
    let e = v.result.unwrap_err();
    assert!(matches!(e, Error::UnknownCa(_)), "{e}");
    assert_eq!(e.alert(), AlertDescription::UnknownCa);
    assert!(
        e.to_string()
            .contains("\"CN=Evil CA\" is not in the trust store (\"CN=Teaching Root CA\")"),
        "{e}"
    );
    // empty trust store
    let leaf = leaf_by(&mitm_ca, "mitm-ca", &["www.example.com"], false);
    assert!(matches!(
        pki::verify_chain(&[leaf.der], &[], DEFAULT_NOW, None).result,
        Err(Error::UnknownCa(_))
    ));
}

#[test]
fn same_name_different_key_is_a_bad_signature() {
    // The attacker names his CA like the real one: the chain check passes, the signature does not.
    let fake = ca("Teaching Root CA", "mitm-ca");
    let leaf = leaf_by(&fake, "mitm-ca", &["www.example.com"], false);
    let real = ca("Teaching Root CA", "ca");
    let v = pki::verify_chain(
        &[leaf.der],
        &[real.der],
        DEFAULT_NOW,
        Some("www.example.com"),
    );
    assert_eq!(names(&v), [("chain", true), ("signature", false)]);
    assert!(matches!(v.result, Err(Error::BadCertificate(_))));
    assert!(
        v.checks[1].detail.contains("not valid PKCS#1 v1.5 padding"),
        "{}",
        v.checks[1].detail
    );
}

#[test]
fn forged_signature_is_bad_certificate() {
    let ca = ca("Teaching Root CA", "ca");
    let leaf = leaf_by(&ca, "ca", &["www.example.com"], true);
    let v = pki::verify_chain(
        std::slice::from_ref(&leaf.der),
        &[ca.der],
        DEFAULT_NOW,
        Some("www.example.com"),
    );
    assert_eq!(names(&v), [("chain", true), ("signature", false)]);
    let e = v.result.unwrap_err();
    assert!(matches!(e, Error::BadCertificate(_)), "{e}");
    assert_eq!(e.alert(), AlertDescription::BadCertificate);
    let d = &v.checks[1].detail;
    assert!(
        d.contains(&hex::encode(&leaf.tbs_hash)) && d.ends_with("(MISMATCH)"),
        "{d}"
    );
}

#[test]
fn expired_and_not_yet_valid_are_certificate_expired() {
    let ca = ca("Teaching Root CA", "ca");
    let leaf = leaf_by(&ca, "ca", &["www.example.com"], false);
    for (now, word) in [
        (DEFAULT_NOT_AFTER + 1, "expired"),
        (DEFAULT_NOT_BEFORE - 1, "not yet valid"),
    ] {
        let v = pki::verify_chain(
            std::slice::from_ref(&leaf.der),
            std::slice::from_ref(&ca.der),
            now,
            Some("www.example.com"),
        );
        assert_eq!(
            names(&v),
            [("chain", true), ("signature", true), ("validity", false)]
        );
        let e = v.result.unwrap_err();
        assert!(matches!(e, Error::CertificateExpired(_)), "{e}");
        assert_eq!(e.alert(), AlertDescription::CertificateExpired);
        assert!(e.to_string().contains(word), "{e}");
    }
    // The bounds themselves are inside.
    for now in [DEFAULT_NOT_BEFORE, DEFAULT_NOT_AFTER] {
        assert!(pki::verify_chain(
            std::slice::from_ref(&leaf.der),
            std::slice::from_ref(&ca.der),
            now,
            None
        )
        .result
        .is_ok());
    }
}

#[test]
fn wrong_host_is_certificate_unknown() {
    let ca = ca("Teaching Root CA", "ca");
    let leaf = leaf_by(&ca, "ca", &["www.example.com", "*.example.net"], false);
    let v = pki::verify_chain(
        std::slice::from_ref(&leaf.der),
        std::slice::from_ref(&ca.der),
        DEFAULT_NOW,
        Some("evil.example"),
    );
    assert_eq!(names(&v).last(), Some(&("host_name", false)));
    let e = v.result.unwrap_err();
    assert!(matches!(e, Error::CertificateUnknown(_)), "{e}");
    assert_eq!(e.alert(), AlertDescription::CertificateUnknown);
    assert!(
        e.to_string()
            .contains("DNS:www.example.com, DNS:*.example.net"),
        "{e}"
    );
    let ok = pki::verify_chain(
        std::slice::from_ref(&leaf.der),
        std::slice::from_ref(&ca.der),
        DEFAULT_NOW,
        Some("A.Example.NET"),
    );
    assert!(ok.result.is_ok());
    let deep = pki::verify_chain(
        &[leaf.der],
        std::slice::from_ref(&ca.der),
        DEFAULT_NOW,
        Some("a.b.example.net"),
    );
    assert!(matches!(deep.result, Err(Error::CertificateUnknown(_))));
    // No SAN at all: the CN is not used.
    let bare = leaf_by(&ca, "ca", &[], false);
    let v = pki::verify_chain(&[bare.der], &[ca.der], DEFAULT_NOW, Some("www.example.com"));
    assert!(
        matches!(v.result, Err(Error::CertificateUnknown(ref d)) if d.contains("no DNS subjectAltName"))
    );
}

#[test]
fn wildcard_rules() {
    let table = [
        ("*.example.com", "www.example.com", true),
        ("*.example.com", "WWW.EXAMPLE.COM.", true),
        ("*.example.com", "example.com", false),
        ("*.example.com", "a.b.example.com", false),
        ("*.example.com", ".example.com", false),
        ("*.com", "example.com", false),
        ("w*.example.com", "www.example.com", false),
        ("www.*.com", "www.example.com", false),
        ("*", "localhost", false),
        ("example.com", "example.com", true),
        ("example.com", "www.example.com", false),
        ("", "", false),
    ];
    for (p, h, want) in table {
        assert_eq!(host_matches(p, h), want, "{p} vs {h}");
    }
}

#[test]
fn garbage_chain_is_bad_certificate() {
    let ca = ca("Teaching Root CA", "ca");
    for chain in [vec![], vec![vec![0x30, 0x03, 1, 2, 3]]] {
        let v = pki::verify_chain(&chain, std::slice::from_ref(&ca.der), DEFAULT_NOW, None);
        assert!(matches!(v.result, Err(Error::BadCertificate(_))));
        assert_eq!(names(&v), [("chain", false)]);
    }
}
