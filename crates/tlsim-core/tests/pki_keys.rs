//! Keys and PEM: builtin teaching keys, seeded generation (512-bit keys here: small for speed,
//! never for real use), user PEM in PKCS#8 and PKCS#1, and clear errors on bad input.

use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use rsa::pkcs1::EncodeRsaPrivateKey;
use rsa::traits::PublicKeyParts;
use tlsim_core::msg::{CertKey, CertMsg};
use tlsim_core::pki;
use tlsim_core::{Arg, Error, KeySource, Msg, MsgKey};

fn rng(b: u8) -> ChaCha20Rng {
    ChaCha20Rng::from_seed([b; 32])
}

/// The typed reason of an input error.
fn input_err(r: Result<impl std::fmt::Debug, Error>) -> Msg {
    match r {
        Err(Error::InvalidInput(m)) => m,
        other => panic!("expected InvalidInput, got {other:?}"),
    }
}

/// The input a reason names (its `input` argument).
fn input_of(m: &Msg) -> Option<Arg> {
    m.arg("input").cloned()
}

#[test]
fn builtin_keys_load_and_are_distinct_2048_bit() {
    let mut seen = Vec::new();
    for name in pki::BUILTIN_NAMES {
        let k = pki::load_key(&KeySource::Builtin(name.into()), &mut rng(0), name).unwrap();
        // weak-server is the weak-key failure's RSA-1024 (issue 12); every other one is 2048.
        let want = if name == "weak-server" { 128 } else { 256 };
        assert_eq!(k.size(), want, "{name}");
        assert!(!seen.contains(k.n()), "{name} repeats a key");
        seen.push(k.n().clone());
    }
    let e = input_err(pki::load_key(
        &KeySource::Builtin("nope".into()),
        &mut rng(0),
        "ca_key",
    ));
    assert_eq!(
        e,
        CertMsg::UnknownBuiltinKey {
            input: "ca_key".into(),
            name: "nope".into(),
            known: pki::BUILTIN_NAMES.iter().map(|n| n.to_string()).collect(),
        }
        .into()
    );
}

#[test]
fn generation_is_seeded_and_sized() {
    let a = pki::load_key(&KeySource::Generate(512), &mut rng(1), "k").unwrap();
    let b = pki::load_key(&KeySource::Generate(512), &mut rng(1), "k").unwrap();
    let c = pki::load_key(&KeySource::Generate(512), &mut rng(2), "k").unwrap();
    assert_eq!(a, b, "same seed, same key");
    assert_ne!(a, c);
    assert_eq!(a.size(), 64);
    for (bits, want) in [
        (0, CertKey::KeyTooSmall),
        (256, CertKey::KeyTooSmall),
        (511, CertKey::KeyTooSmall),
        (520 + 1, CertKey::KeyBitsNotByteMultiple),
        (4097, CertKey::KeyTooLarge),
        (8192, CertKey::KeyTooLarge),
    ] {
        let e = input_err(pki::load_key(
            &KeySource::Generate(bits),
            &mut rng(1),
            "server_key",
        ));
        assert_eq!(e.key(), MsgKey::Cert(want), "{e}");
        assert_eq!(input_of(&e), Some(Arg::Text("server_key".into())), "{e}");
    }
}

#[test]
fn pem_round_trips_pkcs8_and_pkcs1() {
    let k = pki::load_key(&KeySource::Generate(512), &mut rng(3), "k").unwrap();
    let p8 = pki::key_to_pem(&k).unwrap();
    assert!(p8.starts_with("-----BEGIN PRIVATE KEY-----\n"));
    assert_eq!(pki::key_from_pem(&p8, "k").unwrap(), k);
    let p1 = k
        .to_pkcs1_pem(rsa::pkcs8::LineEnding::CRLF)
        .unwrap()
        .to_string();
    assert!(p1.starts_with("-----BEGIN RSA PRIVATE KEY-----"));
    // With CRLF and text around it, as pasted from a web page.
    let pasted = format!("Bag Attributes\n{p1}\ntrailing words");
    assert_eq!(
        pki::load_key(&KeySource::Pem(pasted), &mut rng(0), "k").unwrap(),
        k
    );
}

#[test]
fn mangled_pem_is_invalid_input() {
    let good = pki::builtin_pem("server").unwrap();
    let cases = [
        ("", CertKey::PemNoBegin),
        ("hello", CertKey::PemNoBegin),
        ("-----BEGIN PRIVATE KEY-----\nMIIE\n", CertKey::PemNoEnd),
        (&good.replace("MII", "M!I")[..], CertKey::PemMangled),
        (
            &good.replace("PRIVATE KEY", "CERTIFICATE")[..],
            CertKey::PemNotKey,
        ),
    ];
    for (pem, want) in cases {
        let e = input_err(pki::key_from_pem(pem, "server_key"));
        assert_eq!(e.key(), MsgKey::Cert(want), "{pem:?}: {e}");
        assert_eq!(input_of(&e), Some(Arg::Text("server_key".into())), "{e}");
        let e = input_err(pki::load_key(
            &KeySource::Pem(pem.into()),
            &mut rng(0),
            "server_key",
        ));
        assert_eq!(e.key(), MsgKey::Cert(want), "{e}");
    }
    let e = input_err(pki::key_from_pem(
        &good.replace("PRIVATE KEY", "CERTIFICATE"),
        "server_key",
    ));
    assert_eq!(
        e,
        CertMsg::PemNotKey {
            input: "server_key".into(),
            label: "CERTIFICATE".into()
        }
        .into()
    );
    // Base64 that decodes but is not a key.
    let junk = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n";
    assert_eq!(
        input_err(pki::key_from_pem(junk, "k")),
        CertMsg::NotPkcs8RsaKey { input: "k".into() }.into()
    );
}

#[test]
fn certificate_pem_round_trip_and_errors() {
    let k = pki::load_key(&KeySource::Builtin("ca".into()), &mut rng(0), "ca").unwrap();
    let ca = pki::issue_ca("Teaching Root CA", &k, 0, 100, &[1]).unwrap();
    let pem = pki::cert_to_pem(&ca.der);
    assert!(
        pem.starts_with("-----BEGIN CERTIFICATE-----\n")
            && pem.ends_with("-----END CERTIFICATE-----\n")
    );
    assert_eq!(pki::pem_to_der(&pem, "ca").unwrap(), ca.der);
    assert_eq!(
        input_err(pki::pem_to_der(&pem.replace('A', "*"), "ca")),
        CertMsg::PemMangled { input: "ca".into() }.into()
    );
    assert_eq!(
        input_err(pki::pem_to_der(pki::builtin_pem("ca").unwrap(), "ca")),
        CertMsg::PemNotCertificate {
            input: "ca".into(),
            label: "PRIVATE KEY".into()
        }
        .into()
    );
    let not_cert = "-----BEGIN CERTIFICATE-----\nMAMCAQE=\n-----END CERTIFICATE-----\n";
    assert_eq!(
        input_err(pki::pem_to_der(not_cert, "trusted")),
        CertMsg::PemNoCertificate {
            input: "trusted".into()
        }
        .into()
    );
}
