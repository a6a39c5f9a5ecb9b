//! Certificate parsing and verification on arbitrary DER: `pki::verify_chain` with the input as the
//! server's leaf (against the fixed CA), as a trusted root (under which the fixed leaf is checked),
//! and as both halves of a two-certificate chain; `pki::cert_fields` (the DER walker that names
//! fields for the UI). Never a panic; field ranges always lie inside the input; a leaf that is not
//! exactly the CA-signed one never verifies.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use tlsim_core::pki;

fuzz_target!(|data: &[u8]| {
    let w = common::world();
    // 1. the input as the leaf, the fixed CA trusted
    let v = pki::verify_chain(
        &[data.to_vec()],
        std::slice::from_ref(&w.ca_der),
        common::NOW,
        Some(common::HOST),
    );
    if v.result.is_ok() {
        // Only a certificate the CA signed can pass; the fuzzer cannot forge one, so the leaf
        // must be the CA-signed one up to DER re-encoding (x509-cert re-encodes tbsCertificate).
        // Every link check passed, and the name was checked last (issue 12 added the
        // basicConstraints / keyUsage / extendedKeyUsage checks between).
        assert!(v.checks.iter().all(|c| c.ok));
        assert_eq!(
            v.checks.last().map(|c| c.name),
            Some(tlsim_core::CheckId::HostName),
            "{:?}",
            v.checks
        );
    } else {
        assert!(
            v.checks.last().is_some_and(|c| !c.ok),
            "a failure ends with a failed check"
        );
    }
    // 2. the input as a trusted root for the real leaf
    let v = pki::verify_chain(
        std::slice::from_ref(&w.leaf_der),
        &[data.to_vec()],
        common::NOW,
        Some(common::HOST),
    );
    let _ = v.result;
    // 3. split into leaf and root
    if data.len() > 2 {
        let cut = data[0] as usize % data.len();
        let (a, b) = data.split_at(cut);
        let _ = pki::verify_chain(&[a.to_vec(), b.to_vec()], &[b.to_vec()], common::NOW, None);
    }
    // 4. named DER fields
    if let Ok(fields) = pki::cert_fields(data) {
        for f in &fields {
            assert!(
                f.offset + f.len <= data.len(),
                "field {} out of range",
                f.name
            );
        }
    }
});
