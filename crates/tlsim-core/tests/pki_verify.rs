//! The client's chain verification: each failure gives the right error variant (and so the right
//! alert), with a detail that shows the values compared. Builtin 2048-bit teaching keys.

use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use tlsim_core::error::AlertDescription;
use tlsim_core::msg::{CertMsg, Time};
use tlsim_core::pki::{self, host_matches, Issued};
use tlsim_core::scenario::{DEFAULT_NOT_AFTER, DEFAULT_NOT_BEFORE, DEFAULT_NOW};
use tlsim_core::{CheckId, Error, KeySource, Msg};

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

fn names(v: &pki::Verified) -> Vec<(CheckId, bool)> {
    v.checks.iter().map(|c| (c.name, c.ok)).collect()
}

fn cert(m: impl Into<Msg>) -> Msg {
    m.into()
}

#[test]
fn good_chain_passes_every_check() {
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
            (CheckId::Chain, true),
            (CheckId::CaSignature, true),
            (CheckId::Validity, true),
            (CheckId::BasicConstraints, true),
            (CheckId::KeyUsage, true),
            (CheckId::KeyUsage, true),
            (CheckId::ExtKeyUsage, true),
            (CheckId::HostName, true)
        ]
    );
    assert_eq!(v.result.unwrap(), key("server").to_public_key());
    assert_eq!(
        v.checks[0].detail,
        cert(CertMsg::IssuerTrusted {
            issuer: "CN=Teaching Root CA".into()
        })
    );
    // Both hashes shown: SHA-256(tbsCertificate) and the one recovered from the signature.
    match CertMsg::of(&v.checks[1].detail) {
        Some(CertMsg::SignatureOk { hash, recovered }) => {
            assert_eq!(hash.0, leaf.tbs_hash);
            assert_eq!(recovered.0, leaf.tbs_hash);
        }
        _ => panic!("{}", v.checks[1].detail),
    }
    assert_eq!(
        v.checks[2].detail,
        cert(CertMsg::ValidityOk {
            not_before: Time(DEFAULT_NOT_BEFORE),
            not_after: Time(DEFAULT_NOT_AFTER),
            now: Time(DEFAULT_NOW),
        })
    );
    assert_eq!(
        v.checks[7].detail,
        cert(CertMsg::HostMatches {
            host: "www.example.com".into(),
            san: "www.example.com".into(),
        })
    );
    // The chain may carry the root too; it is ignored.
    let v = pki::verify_chain(
        &[leaf.der.clone(), ca.der.clone()],
        &[ca.der],
        DEFAULT_NOW,
        None,
    );
    // chain, signature, validity, basicConstraints, the CA's keyUsage: no leaf checks with None
    assert_eq!(names(&v).len(), 5, "leaf and host checks skipped with None");
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
    assert_eq!(names(&v), [(CheckId::Chain, false)]);
    assert_eq!(
        v.checks[0].detail,
        cert(CertMsg::IssuerNotInTrustStore {
            issuer: "CN=Evil CA".into(),
            trusted: vec!["CN=Teaching Root CA".into()],
        })
    );
    let e = v.result.unwrap_err();
    assert!(
        matches!(&e, Error::UnknownCa(m) if CertMsg::of(m) == Some(CertMsg::IssuerNotTrusted { issuer: "CN=Evil CA".into() })),
        "{e}"
    );
    assert_eq!(e.alert(), AlertDescription::UnknownCa);
    // empty trust store
    let leaf = leaf_by(&mitm_ca, "mitm-ca", &["www.example.com"], false);
    let v = pki::verify_chain(&[leaf.der], &[], DEFAULT_NOW, None);
    assert!(matches!(v.result, Err(Error::UnknownCa(_))));
    assert_eq!(
        v.checks[0].detail,
        cert(CertMsg::TrustStoreEmpty {
            issuer: "CN=Evil CA".into()
        })
    );
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
    assert_eq!(
        names(&v),
        [(CheckId::Chain, true), (CheckId::CaSignature, false)]
    );
    assert!(matches!(v.result, Err(Error::BadCertificate(_))));
    // Opened with the wrong key, the signature is no PKCS#1 v1.5 block at all.
    assert!(
        matches!(
            CertMsg::of(&v.checks[1].detail),
            Some(CertMsg::SignatureUnrecoverable { why, .. })
                if matches!(CertMsg::of(&why), Some(CertMsg::BadPadding { .. }))
        ),
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
    assert_eq!(
        names(&v),
        [(CheckId::Chain, true), (CheckId::CaSignature, false)]
    );
    let e = v.result.unwrap_err();
    assert!(matches!(e, Error::BadCertificate(_)), "{e}");
    assert_eq!(e.alert(), AlertDescription::BadCertificate);
    let d = &v.checks[1].detail;
    assert_eq!(&e.reason(), d, "the error says what the check says");
    // One flipped byte: s^e mod n is no longer a PKCS#1 v1.5 block, so no hash comes back.
    assert!(
        matches!(
            CertMsg::of(d),
            Some(CertMsg::SignatureUnrecoverable { hash, why })
                if hash.0 == leaf.tbs_hash
                    && matches!(CertMsg::of(&why), Some(CertMsg::BadPadding { .. }))
        ),
        "{d}"
    );
}

#[test]
fn expired_is_certificate_expired_and_not_yet_valid_bad_certificate() {
    let ca = ca("Teaching Root CA", "ca");
    let leaf = leaf_by(&ca, "ca", &["www.example.com"], false);
    let times = |now| (Time(DEFAULT_NOT_BEFORE), Time(DEFAULT_NOT_AFTER), Time(now));
    for now in [DEFAULT_NOT_AFTER + 1, DEFAULT_NOT_BEFORE - 1] {
        let (not_before, not_after, now_t) = times(now);
        let want = if now > DEFAULT_NOT_AFTER {
            CertMsg::Expired {
                not_before,
                not_after,
                now: now_t,
            }
        } else {
            CertMsg::NotYetValid {
                not_before,
                not_after,
                now: now_t,
            }
        };
        let v = pki::verify_chain(
            std::slice::from_ref(&leaf.der),
            std::slice::from_ref(&ca.der),
            now,
            Some("www.example.com"),
        );
        assert_eq!(
            names(&v),
            [
                (CheckId::Chain, true),
                (CheckId::CaSignature, true),
                (CheckId::Validity, false)
            ]
        );
        let e = v.result.unwrap_err();
        // Expired: certificate_expired; not yet valid: bad_certificate (as OpenSSL's client).
        if now > DEFAULT_NOT_AFTER {
            assert_eq!(e, Error::CertificateExpired(want.into()));
            assert_eq!(e.alert(), AlertDescription::CertificateExpired);
        } else {
            assert_eq!(e, Error::BadCertificate(want.into()));
            assert_eq!(e.alert(), AlertDescription::BadCertificate);
        }
        assert_eq!(v.checks[2].detail, e.reason());
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
    assert_eq!(names(&v).last(), Some(&(CheckId::HostName, false)));
    let e = v.result.unwrap_err();
    assert_eq!(
        e,
        Error::CertificateUnknown(cert(CertMsg::HostMismatch {
            host: "evil.example".into(),
            sans: vec!["www.example.com".into(), "*.example.net".into()],
        }))
    );
    assert_eq!(e.alert(), AlertDescription::CertificateUnknown);
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
    assert_eq!(
        v.result.unwrap_err(),
        Error::CertificateUnknown(cert(CertMsg::NoDnsSan {
            host: "www.example.com".into()
        }))
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
    for (chain, why) in [
        (vec![], cert(CertMsg::NoCertificate {})),
        (
            vec![vec![0x30, 0x03, 1, 2, 3]],
            cert(CertMsg::Undecodable {}),
        ),
    ] {
        let v = pki::verify_chain(&chain, std::slice::from_ref(&ca.der), DEFAULT_NOW, None);
        assert_eq!(names(&v), [(CheckId::Chain, false)]);
        assert_eq!(v.result.unwrap_err(), Error::BadCertificate(why.clone()));
        assert_eq!(v.checks[0].detail, why);
    }
}
