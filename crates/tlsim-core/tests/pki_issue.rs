//! Certificate issuance: real X.509 that x509-cert parses and `openssl verify` accepts.
//! The CA and server use the builtin 2048-bit teaching keys (loading is instant); one test uses a
//! freshly generated 512-bit key (small, for speed; never use 512-bit RSA for anything real).

use der::Decode;
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use std::path::PathBuf;
use std::process::Command;
use tlsim_core::msg::{CertKey, CertMsg, Time as MsgTime};
use tlsim_core::pki::{self, Issued};
use tlsim_core::scenario::{DEFAULT_NOT_AFTER, DEFAULT_NOT_BEFORE, DEFAULT_NOW};
use tlsim_core::{KeySource, Msg, MsgKey};
use x509_cert::time::Time;
use x509_cert::Certificate;

fn rng() -> ChaCha20Rng {
    ChaCha20Rng::from_seed([7; 32])
}

fn key(name: &str) -> rsa::RsaPrivateKey {
    pki::load_key(&KeySource::Builtin(name.into()), &mut rng(), name).unwrap()
}

fn ca() -> Issued {
    pki::issue_ca(
        "Teaching Root CA",
        &key("ca"),
        DEFAULT_NOT_BEFORE,
        DEFAULT_NOT_AFTER,
        &[1],
    )
    .unwrap()
}

fn leaf(ca: &Issued, nb: i64, na: i64, client: bool) -> Issued {
    let sans = vec!["www.example.com".to_string(), "*.example.org".to_string()];
    let k = key(if client { "client" } else { "server" });
    pki::issue_leaf(
        "www.example.com",
        &sans,
        &k.to_public_key(),
        &ca.der,
        &key("ca"),
        nb,
        na,
        &[0x80, 2],
        client,
        false,
    )
    .unwrap()
}

fn tmpdir(tag: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("tlsim-pki-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// `openssl verify` with the given extra args; returns (success, stdout+stderr).
fn openssl_verify(ca: &Issued, leaf: &Issued, tag: &str, args: &[&str]) -> (bool, String) {
    let d = tmpdir(tag);
    std::fs::write(d.join("ca.pem"), pki::cert_to_pem(&ca.der)).unwrap();
    std::fs::write(d.join("leaf.pem"), pki::cert_to_pem(&leaf.der)).unwrap();
    let out = Command::new("openssl")
        .arg("verify")
        .args(args)
        .arg("-CAfile")
        .arg(d.join("ca.pem"))
        .arg(d.join("leaf.pem"))
        .output()
        .expect("the openssl binary");
    let _ = std::fs::remove_dir_all(&d);
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

#[test]
fn issued_certificates_parse_with_x509_cert() {
    let ca = ca();
    let leaf = leaf(&ca, DEFAULT_NOT_BEFORE, DEFAULT_NOT_AFTER, false);
    for c in [&ca, &leaf] {
        let cert = Certificate::from_der(&c.der).unwrap();
        assert_eq!(
            cert.tbs_certificate.version,
            x509_cert::certificate::Version::V3
        );
        assert_eq!(cert.signature.raw_bytes(), &c.signature[..]);
        assert_eq!(
            c.tbs_hash,
            <sha2::Sha256 as sha2::Digest>::digest(&c.tbs).to_vec()
        );
        assert!(c.der.windows(c.tbs.len()).any(|w| w == &c.tbs[..]));
    }
    let cert = Certificate::from_der(&leaf.der).unwrap();
    let tbs = cert.tbs_certificate;
    assert_eq!(tbs.issuer.to_string(), "CN=Teaching Root CA");
    assert_eq!(tbs.subject.to_string(), "CN=www.example.com");
    assert_eq!(tbs.serial_number.as_bytes(), &[0x00, 0x80, 0x02]); // positive INTEGER: leading 00
    assert!(matches!(tbs.validity.not_before, Time::UtcTime(_)));
    assert_eq!(
        tbs.validity.not_before.to_unix_duration().as_secs() as i64,
        DEFAULT_NOT_BEFORE
    );
    assert_eq!(
        tbs.validity.not_after.to_unix_duration().as_secs() as i64,
        DEFAULT_NOT_AFTER
    );
    assert_eq!(tbs.extensions.unwrap().len(), 6);
}

#[test]
fn fields_name_every_part_inside_the_der() {
    let ca = ca();
    let leaf = leaf(&ca, DEFAULT_NOT_BEFORE, DEFAULT_NOT_AFTER, false);
    let names: Vec<&str> = leaf.fields.iter().map(|f| f.name.name()).collect();
    for want in [
        "tbsCertificate",
        "version",
        "serialNumber",
        "signature",
        "issuer",
        "validity",
        "notBefore",
        "notAfter",
        "subject",
        "subjectPublicKeyInfo",
        "modulus",
        "publicExponent",
        "extensions",
        "basicConstraints",
        "keyUsage",
        "extendedKeyUsage",
        "subjectAltName",
        "subjectKeyIdentifier",
        "authorityKeyIdentifier",
        "signatureAlgorithm",
        "signatureValue",
    ] {
        assert!(names.contains(&want), "missing field {want} in {names:?}");
    }
    for f in &leaf.fields {
        assert!(
            f.offset + f.len <= leaf.der.len(),
            "{} out of range",
            f.name
        );
    }
    let get = |n: &str| leaf.fields.iter().find(|f| f.name.name() == n).unwrap();
    let msg = |m: CertMsg| -> Msg { m.into() };
    let critical = |m: CertMsg| -> Msg {
        CertMsg::Critical {
            meaning: Box::new(m.into()),
        }
        .into()
    };
    // The modulus field is the INTEGER holding n (02 82 01 01 00 <256 bytes>).
    let m = get("modulus");
    assert_eq!(
        &leaf.der[m.offset..m.offset + 5],
        &[0x02, 0x82, 0x01, 0x01, 0x00]
    );
    assert!(
        matches!(
            CertMsg::of(&m.meaning),
            Some(CertMsg::Modulus {
                bits: 2048,
                len: 256,
                ..
            })
        ),
        "{}",
        m.meaning
    );
    assert_eq!(
        get("publicExponent").meaning,
        msg(CertMsg::PublicExponent { e: 65537 })
    );
    let sv = get("signatureValue");
    assert_eq!(
        &leaf.der[sv.offset + sv.len - 256..sv.offset + sv.len],
        &leaf.signature[..]
    );
    let t = get("tbsCertificate");
    assert_eq!(&leaf.der[t.offset..t.offset + t.len], &leaf.tbs[..]);
    assert_eq!(
        get("subjectAltName").meaning,
        msg(CertMsg::SubjectAltNames {
            names: vec!["DNS:www.example.com".into(), "DNS:*.example.org".into()]
        })
    );
    assert_eq!(
        get("basicConstraints").meaning,
        critical(CertMsg::CaFalse {})
    );
    assert_eq!(
        get("notBefore").meaning,
        msg(CertMsg::UtcTime {
            time: MsgTime(DEFAULT_NOT_BEFORE)
        })
    );
    assert_eq!(
        get("issuer").meaning,
        msg(CertMsg::Name {
            name: "CN=Teaching Root CA".into()
        })
    );
    let cafields: Vec<&str> = ca.fields.iter().map(|f| f.name.name()).collect();
    assert!(cafields.contains(&"basicConstraints"));
    assert!(ca
        .fields
        .iter()
        .any(|f| f.meaning == critical(CertMsg::CaTrue {})));
    assert!(ca.fields.iter().any(|f| f.meaning
        == critical(CertMsg::KeyUsage {
            flags: vec!["keyCertSign".into(), "cRLSign".into()]
        })));
}

#[test]
fn issuance_is_deterministic() {
    let a = ca();
    let b = ca();
    assert_eq!(a, b);
    assert_eq!(leaf(&a, 0, 1, false).der, leaf(&b, 0, 1, false).der);
}

#[test]
fn openssl_verify_accepts_server_certificate() {
    let ca = ca();
    let leaf = leaf(&ca, DEFAULT_NOT_BEFORE, DEFAULT_NOT_AFTER, false);
    let now = DEFAULT_NOW.to_string();
    let (ok, out) = openssl_verify(
        &ca,
        &leaf,
        "server",
        &[
            "-x509_strict",
            "-attime",
            &now,
            "-purpose",
            "sslserver",
            "-verify_hostname",
            "www.example.com",
        ],
    );
    assert!(ok, "{out}");
    assert!(out.contains(": OK"), "{out}");
    // and its wildcard SAN
    let (ok, out) = openssl_verify(
        &ca,
        &leaf,
        "wild",
        &["-attime", &now, "-verify_hostname", "a.example.org"],
    );
    assert!(ok, "{out}");
}

#[test]
fn openssl_verify_accepts_client_certificate() {
    let ca = ca();
    let leaf = leaf(&ca, DEFAULT_NOT_BEFORE, DEFAULT_NOT_AFTER, true);
    let now = DEFAULT_NOW.to_string();
    let (ok, out) = openssl_verify(
        &ca,
        &leaf,
        "client",
        &["-x509_strict", "-attime", &now, "-purpose", "sslclient"],
    );
    assert!(ok, "{out}");
}

#[test]
fn openssl_verify_rejects_forged_signature_and_expired() {
    let ca = ca();
    let sans = vec!["www.example.com".to_string()];
    let forged = pki::issue_leaf(
        "www.example.com",
        &sans,
        &key("server").to_public_key(),
        &ca.der,
        &key("ca"),
        DEFAULT_NOT_BEFORE,
        DEFAULT_NOT_AFTER,
        &[3],
        false,
        true,
    )
    .unwrap();
    let now = DEFAULT_NOW.to_string();
    let (ok, out) = openssl_verify(&ca, &forged, "forged", &["-attime", &now]);
    assert!(!ok, "{out}");
    assert!(out.contains("signature failure"), "{out}");
    let leaf = leaf(&ca, DEFAULT_NOT_BEFORE, DEFAULT_NOT_AFTER, false);
    let late = (DEFAULT_NOT_AFTER + 1).to_string();
    let (ok, out) = openssl_verify(&ca, &leaf, "late", &["-attime", &late]);
    assert!(!ok && out.contains("expired"), "{out}");
}

#[test]
fn dates_from_2050_are_generalized_time_and_openssl_accepts_them() {
    // 512-bit generated CA key: small for speed (the test is about the dates, not the key).
    let mut r = rng();
    let ca_key = pki::load_key(&KeySource::Generate(512), &mut r, "ca_key").unwrap();
    let not_after = 2_840_140_800; // 2060-01-01T00:00:00Z
    let ca = pki::issue_ca("Long CA", &ca_key, DEFAULT_NOT_BEFORE, not_after, &[9]).unwrap();
    let srv_key = pki::load_key(&KeySource::Generate(512), &mut r, "server_key").unwrap();
    let leaf = pki::issue_leaf(
        "long.example",
        &["long.example".into()],
        &srv_key.to_public_key(),
        &ca.der,
        &ca_key,
        DEFAULT_NOT_BEFORE,
        not_after,
        &[10],
        false,
        false,
    )
    .unwrap();
    let cert = Certificate::from_der(&leaf.der).unwrap();
    assert!(matches!(
        cert.tbs_certificate.validity.not_after,
        Time::GeneralTime(_)
    ));
    assert_eq!(
        cert.tbs_certificate
            .validity
            .not_after
            .to_unix_duration()
            .as_secs(),
        2_840_140_800
    );
    assert!(leaf.fields.iter().any(|f| f.meaning
        == CertMsg::GeneralizedTime {
            time: MsgTime(2_840_140_800)
        }
        .into()));
    // OpenSSL's default security level 1 refuses 512-bit keys; level 0 is for this teaching case.
    let at = "2650000000".to_string(); // 2053
    let (ok, out) = openssl_verify(&ca, &leaf, "gentime", &["-auth_level", "0", "-attime", &at]);
    assert!(ok, "{out}");
}

#[test]
fn bad_issuance_inputs_are_invalid_input() {
    let ca = ca();
    let k = key("server").to_public_key();
    fn is_input(r: Result<Issued, tlsim_core::Error>, want: CertKey) -> bool {
        match r {
            Err(tlsim_core::Error::InvalidInput(m)) => m.key() == MsgKey::Cert(want),
            _ => false,
        }
    }
    assert!(is_input(
        pki::issue_ca("x", &key("ca"), 10, 5, &[1]),
        CertKey::DatesReversed
    ));
    assert!(is_input(
        pki::issue_ca("x", &key("ca"), -5, 5, &[1]),
        CertKey::DateBefore1970
    ));
    assert!(is_input(
        pki::issue_ca("x", &key("ca"), 0, 5, &[]),
        CertKey::SerialNotPositive
    ));
    assert!(is_input(
        pki::issue_ca("x", &key("ca"), 0, 5, &[1; 21]),
        CertKey::SerialTooLong
    ));
    let sans = vec!["bücher.example".to_string()];
    assert!(is_input(
        pki::issue_leaf(
            "x",
            &sans,
            &k,
            &ca.der,
            &key("ca"),
            0,
            5,
            &[1],
            false,
            false
        ),
        CertKey::SanNotAscii
    ));
    // signing with a key that is not the issuer certificate's key
    assert!(is_input(
        pki::issue_leaf(
            "x",
            &[],
            &k,
            &ca.der,
            &key("mitm-ca"),
            0,
            5,
            &[1],
            false,
            false
        ),
        CertKey::IssuerKeyMismatch
    ));
}
