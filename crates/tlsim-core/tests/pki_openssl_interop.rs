//! Certificates made by the `openssl` binary (not by us) verify with `verify_chain`, and their
//! fields can be named: the verifier hashes the tbsCertificate bytes as received.
//! 1024-bit keys (small, for speed; never for real use).

use std::process::Command;
use tlsim_core::pki;
use tlsim_core::FieldName;

fn openssl(dir: &std::path::Path, args: &[&str]) {
    let out = Command::new("openssl")
        .current_dir(dir)
        .args(args)
        .output()
        .expect("openssl");
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn openssl_made_chain_verifies() {
    let dir = std::env::temp_dir().join(format!("tlsim-pki-interop-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    openssl(
        &dir,
        &[
            "req",
            "-x509",
            "-newkey",
            "rsa:1024",
            "-nodes",
            "-sha256",
            "-keyout",
            "ca.key",
            "-out",
            "ca.pem",
            "-subj",
            "/CN=OpenSSL Test CA",
            "-days",
            "3650",
        ],
    );
    openssl(
        &dir,
        &[
            "req",
            "-newkey",
            "rsa:1024",
            "-nodes",
            "-keyout",
            "srv.key",
            "-out",
            "srv.csr",
            "-subj",
            "/CN=svc.test",
        ],
    );
    std::fs::write(
        dir.join("ext.cnf"),
        "subjectAltName=DNS:svc.test,DNS:*.svc.test\n",
    )
    .unwrap();
    openssl(
        &dir,
        &[
            "x509",
            "-req",
            "-sha256",
            "-in",
            "srv.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-out",
            "srv.pem",
            "-days",
            "365",
            "-extfile",
            "ext.cnf",
        ],
    );
    let read = |f: &str| std::fs::read_to_string(dir.join(f)).unwrap();
    let ca = pki::pem_to_der(&read("ca.pem"), "ca").unwrap();
    let leaf = pki::pem_to_der(&read("srv.pem"), "leaf").unwrap();
    // The clock of this machine is inside the validity OpenSSL just wrote.
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let v = pki::verify_chain(
        std::slice::from_ref(&leaf),
        std::slice::from_ref(&ca),
        now,
        Some("api.svc.test"),
    );
    assert!(v.result.is_ok(), "{:?}", v.checks);
    // chain, signature, validity, basicConstraints, the CA's keyUsage, the leaf's keyUsage,
    // extendedKeyUsage, host name
    assert_eq!(v.checks.len(), 8);
    assert!(v.checks.iter().all(|c| c.ok));
    let names: Vec<FieldName> = pki::cert_fields(&leaf)
        .unwrap()
        .into_iter()
        .map(|f| f.name)
        .collect();
    assert!(
        names.contains(&FieldName::SubjectAltName) && names.contains(&FieldName::Modulus),
        "{names:?}"
    );
    // The key loads too (OpenSSL writes PKCS#8).
    let k = pki::key_from_pem(&read("srv.key"), "srv.key").unwrap();
    assert_eq!(rsa::traits::PublicKeyParts::size(&k), 128);
    let _ = std::fs::remove_dir_all(&dir);
}
