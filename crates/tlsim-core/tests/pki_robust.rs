//! Robustness: truncated or altered certificates never panic and never verify.
//! Builtin 2048-bit teaching keys (no generation).

use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use tlsim_core::pki;
use tlsim_core::scenario::{DEFAULT_NOT_AFTER, DEFAULT_NOT_BEFORE, DEFAULT_NOW};
use tlsim_core::{Error, KeySource};

fn setup() -> (pki::Issued, pki::Issued) {
    let mut rng = ChaCha20Rng::from_seed([1; 32]);
    let ca_key = pki::load_key(&KeySource::Builtin("ca".into()), &mut rng, "ca").unwrap();
    let srv = pki::load_key(&KeySource::Builtin("server".into()), &mut rng, "server").unwrap();
    let ca = pki::issue_ca(
        "Teaching Root CA",
        &ca_key,
        DEFAULT_NOT_BEFORE,
        DEFAULT_NOT_AFTER,
        &[1],
    )
    .unwrap();
    let leaf = pki::issue_leaf(
        "www.example.com",
        &["www.example.com".into()],
        &srv.to_public_key(),
        &ca.der,
        &ca_key,
        DEFAULT_NOT_BEFORE,
        DEFAULT_NOT_AFTER,
        &[2],
        false,
        false,
    )
    .unwrap();
    (ca, leaf)
}

#[test]
fn truncated_leaf_at_every_length_is_bad_certificate() {
    let (ca, leaf) = setup();
    for n in 0..leaf.der.len() {
        let v = pki::verify_chain(
            &[leaf.der[..n].to_vec()],
            std::slice::from_ref(&ca.der),
            DEFAULT_NOW,
            Some("www.example.com"),
        );
        assert!(
            matches!(v.result, Err(Error::BadCertificate(_))),
            "length {n}: {:?}",
            v.result
        );
        assert!(pki::cert_fields(&leaf.der[..n]).is_err(), "length {n}");
    }
}

#[test]
fn any_changed_byte_of_tbs_fails() {
    // Flip one bit in every byte of tbsCertificate: the certificate either no longer decodes, or
    // its signature (or, for a changed name, the chain) no longer checks out. Never a pass.
    let (ca, leaf) = setup();
    let tbs_start = leaf
        .der
        .windows(leaf.tbs.len())
        .position(|w| w == &leaf.tbs[..])
        .unwrap();
    for i in tbs_start..tbs_start + leaf.tbs.len() {
        let mut d = leaf.der.clone();
        d[i] ^= 0x01;
        let v = pki::verify_chain(
            &[d],
            std::slice::from_ref(&ca.der),
            DEFAULT_NOW,
            Some("www.example.com"),
        );
        assert!(
            matches!(
                v.result,
                Err(Error::BadCertificate(_) | Error::UnknownCa(_))
            ),
            "byte {i}: {:?}",
            v.result
        );
    }
}

#[test]
fn garbage_trust_store_entries_are_skipped() {
    let (ca, leaf) = setup();
    let store = vec![vec![], vec![0x30, 0x80], ca.der.clone()];
    assert!(
        pki::verify_chain(&[leaf.der], &store, DEFAULT_NOW, Some("www.example.com"))
            .result
            .is_ok()
    );
}
