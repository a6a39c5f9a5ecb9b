//! PEM import: `pki::pem_to_der` (certificates), `pki::key_from_pem` (PKCS#8 / PKCS#1 private
//! keys) and `pki::load_key` with a user PEM, on arbitrary text. Never a panic; a certificate that
//! imports exports to PEM that imports to the same DER.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use tlsim_core::{pki, KeySource};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(der) = pki::pem_to_der(&text, "fuzz") {
        let again = pki::pem_to_der(&pki::cert_to_pem(&der), "fuzz").expect("re-import");
        assert_eq!(again, der);
        let _ = pki::cert_fields(&der);
    }
    if let Ok(key) = pki::key_from_pem(&text, "fuzz") {
        // a key that imports exports as PKCS#8 and imports again
        let pem = pki::key_to_pem(&key).expect("export");
        assert_eq!(pki::key_from_pem(&pem, "fuzz").expect("re-import"), key);
    }
    let _ = pki::load_key(
        &KeySource::Pem(text.into_owned()),
        &mut ChaCha20Rng::from_seed([0; 32]),
        "fuzz",
    );
});
