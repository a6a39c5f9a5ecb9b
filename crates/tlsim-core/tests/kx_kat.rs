//! Known answers for the key-exchange building blocks (crates/tlsim-core/src/kx/): x25519 from
//! RFC 7748 §5.2 and §6.1, P-256 ECDH from NIST CAVS (KAS ECC CDH primitive, P-256 COUNT = 0),
//! ffdhe2048's prime against OpenSSL's built-in group, and the checks a peer's value must pass.

use hex_literal::hex;
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use std::process::Command;
use tlsim_core::error::AlertDescription;
use tlsim_core::kx::ephemeral::Params;
use tlsim_core::kx::{ecdh, ffdhe, Ephemeral, Group};

#[test]
fn x25519_rfc7748_section_5_2() {
    let k = hex!("a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4");
    let u = hex!("e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c");
    assert_eq!(
        ecdh::x25519_shared(&k, &u).unwrap(),
        hex!("c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552")
    );
}

#[test]
fn x25519_rfc7748_section_6_1() {
    let a = hex!("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
    let b = hex!("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
    let pa = ecdh::x25519_public(&a);
    let pb = ecdh::x25519_public(&b);
    assert_eq!(
        pa,
        hex!("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a")
    );
    assert_eq!(
        pb,
        hex!("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f")
    );
    let k = hex!("4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742");
    assert_eq!(ecdh::x25519_shared(&a, &pb).unwrap(), k);
    assert_eq!(ecdh::x25519_shared(&b, &pa).unwrap(), k);
    // the all-zero u-coordinate gives an all-zero secret: refused
    let e = ecdh::x25519_shared(&a, &[0; 32]).unwrap_err();
    assert_eq!(e.alert(), AlertDescription::IllegalParameter);
}

#[test]
fn p256_nist_cavs_ecdh_count_0() {
    let d = hex!("7d7dc5f71eb29ddaf80d6214632eeae03d9058af1fb6d22ed80badb62bc1a534");
    let q_cavs = [
        &[4u8][..],
        &hex!("700c48f77f56584c5cc632ca65640db91b6bacce3a4df6b42ce7cc838833d287"),
        &hex!("db71e509e3fd9b060ddb20ba5c51dcc5948d46fbf640dfe0441782cab85fa4ac"),
    ]
    .concat();
    let q_iut = [
        &[4u8][..],
        &hex!("ead218590119e8876b29146ff89ca61770c4edbbf97d38ce385ed281d8a6b230"),
        &hex!("28af61281fd35e2fa7002523acc85a429cb06ee6648325389f59edfce1405141"),
    ]
    .concat();
    assert_eq!(ecdh::p256_public(&d).unwrap(), q_iut);
    assert_eq!(
        ecdh::p256_shared(&d, &q_cavs).unwrap(),
        hex!("46fc62106420ff012e54a434fbdd2d25ccc5852060561e68040dd7778997bd7b")
    );
    // a point off the curve (y + 1) is refused
    let mut off = q_cavs.clone();
    off[64] ^= 1;
    let e = ecdh::p256_shared(&d, &off).unwrap_err();
    assert_eq!(e.alert(), AlertDescription::IllegalParameter);
}

#[test]
fn ffdhe2048_prime_is_openssls_and_rfc_7919s() {
    let p = ffdhe::ffdhe2048_p();
    assert_eq!(p.len(), 256);
    let dir = std::env::temp_dir().join(format!("tlsim-ffdhe-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let pem = dir.join("ffdhe2048.pem");
    let ok = Command::new("openssl")
        .args([
            "genpkey",
            "-genparam",
            "-algorithm",
            "DH",
            "-pkeyopt",
            "group:ffdhe2048",
            "-out",
        ])
        .arg(&pem)
        .status()
        .expect("openssl")
        .success();
    assert!(ok);
    let out = Command::new("openssl")
        .args(["asn1parse", "-in"])
        .arg(&pem)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    let ints: Vec<&str> = text
        .lines()
        .filter(|l| l.contains("INTEGER"))
        .filter_map(|l| l.rsplit(':').next())
        .collect();
    assert_eq!(ints[0], ffdhe::FFDHE2048_P_HEX, "p as OpenSSL has it");
    assert_eq!(ints[1], "02", "g = 2");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn dh_both_sides_compute_the_same_secret_and_bad_values_are_refused() {
    let mut rng = ChaCha20Rng::from_seed([4; 32]);
    for group in Group::ALL {
        let a = Ephemeral::new(Params::of(group), None, &mut rng).unwrap();
        let b = Ephemeral::new(Params::of(group), None, &mut rng).unwrap();
        assert_eq!(
            a.agree(&b.public).unwrap(),
            b.agree(&a.public).unwrap(),
            "{group:?}"
        );
    }
    let p = ffdhe::ffdhe2048_p();
    let mut p_minus_1 = p.clone();
    *p_minus_1.last_mut().unwrap() -= 1;
    for bad in [vec![0u8], vec![1], p_minus_1, p.clone()] {
        let e = ffdhe::check_public(&p, &bad).unwrap_err();
        assert_eq!(e.alert(), AlertDescription::IllegalParameter);
    }
    // a 1024-bit modulus (the first half of p): too small whatever it is
    let small = &p[..128];
    let e = ffdhe::check_group(small, &[2]).unwrap_err();
    assert_eq!(e.alert(), AlertDescription::InsufficientSecurity);
    ffdhe::check_group(&p, &[2]).unwrap();
}
