//! Known-answer tests, each naming its source.

use hex_literal::hex;
use tlsim_core::prf;
use tlsim_core::record::{additional_data, gcm_open, gcm_seal, RecordCipher};

/// The TLS 1.2 PRF (P_SHA256) test vector posted to the IETF TLS list by Joe Salowey
/// (https://www.ietf.org/mail-archive/web/tls/current/msg03416.html).
#[test]
fn ietf_tls12_prf_sha256_vector() {
    let secret = hex!("9bbe436ba940f017b17652849a71db35");
    let seed = hex!("a0ba9f936cda311827a6f796ffd5198c");
    let expected = hex!(
        "e3f229ba727be17b8d122620557cd453c2aab21d07c3d495329b52d4e61edb5a"
        "6b301791e90d35c9c9a46b4e14baf9af0fa022f7077def17abfd3797c0564bab"
        "4fbc91666e9def9b97fce34f796789baa48082d122ee42c5a72e5a5110fff701"
        "87347b66"
    );
    assert_eq!(
        prf::prf(&secret, "test label", &seed, 100),
        expected.to_vec()
    );
}

struct Gcm {
    key: [u8; 16],
    iv: [u8; 12],
    pt: &'static [u8],
    aad: &'static [u8],
    ct: &'static [u8],
    tag: [u8; 16],
}

/// AES-128 test cases 1-4 of McGrew & Viega, "The Galois/Counter Mode of Operation (GCM)"
/// (the spec submitted to NIST, Appendix B).
const GCM: &[Gcm] = &[
    Gcm {
        key: [0; 16],
        iv: [0; 12],
        pt: &[],
        aad: &[],
        ct: &[],
        tag: hex!("58e2fccefa7e3061367f1d57a4e7455a"),
    },
    Gcm {
        key: [0; 16],
        iv: [0; 12],
        pt: &[0; 16],
        aad: &[],
        ct: &hex!("0388dace60b6a392f328c2b971b2fe78"),
        tag: hex!("ab6e47d42cec13bdf53a67b21257bddf"),
    },
    Gcm {
        key: hex!("feffe9928665731c6d6a8f9467308308"),
        iv: hex!("cafebabefacedbaddecaf888"),
        pt: &hex!(
            "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
            "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255"
        ),
        aad: &[],
        ct: &hex!(
            "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
            "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091473f5985"
        ),
        tag: hex!("4d5c2af327cd64a62cf35abd2ba6fab4"),
    },
    Gcm {
        key: hex!("feffe9928665731c6d6a8f9467308308"),
        iv: hex!("cafebabefacedbaddecaf888"),
        pt: &hex!(
            "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
            "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39"
        ),
        aad: &hex!("feedfacedeadbeeffeedfacedeadbeefabaddad2"),
        ct: &hex!(
            "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
            "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091"
        ),
        tag: hex!("5bc94fbc3221a5db94fae95ae7121a47"),
    },
];

#[test]
fn mcgrew_viega_gcm_aes128_test_cases_1_to_4() {
    for (i, t) in GCM.iter().enumerate() {
        let sealed = gcm_seal(&t.key, &t.iv, t.aad, t.pt).unwrap();
        assert_eq!(&sealed[..t.ct.len()], t.ct, "case {} ciphertext", i + 1);
        assert_eq!(&sealed[t.ct.len()..], &t.tag, "case {} tag", i + 1);
        assert_eq!(gcm_open(&t.key, &t.iv, t.aad, &sealed).unwrap(), t.pt);
        let mut bad = sealed.clone();
        bad[0] ^= 1;
        assert!(matches!(
            gcm_open(&t.key, &t.iv, t.aad, &bad),
            Err(tlsim_core::Error::BadRecordMac(_))
        ));
    }
}

/// The record layer builds nonce = implicit IV || seq_num and additional_data =
/// seq_num || type || version || length (RFC 5246 §6.2.3.3, RFC 5288 §3), with the key of
/// GCM test case 3 (its IV split into the 4-byte implicit part and an 8-byte explicit part).
#[test]
fn record_nonce_and_additional_data_follow_rfc5288() {
    let key = hex!("feffe9928665731c6d6a8f9467308308");
    let mut c = RecordCipher::new(&key, &hex!("cafebabe"));
    let first = c.seal(23, 0x0303, b"hello").unwrap();
    let second = c.seal(23, 0x0303, b"hello").unwrap();
    assert_eq!(first.nonce, hex!("cafebabe0000000000000000"));
    assert_eq!(second.nonce, hex!("cafebabe0000000000000001"));
    assert_eq!(second.aad, hex!("0000000000000001 17 0303 0005"));
    assert_eq!(additional_data(1, 23, 0x0303, 5), second.aad);
    let manual = gcm_seal(&key, &second.nonce, &second.aad, b"hello").unwrap();
    assert_eq!(&second.fragment[..8], &hex!("0000000000000001"));
    assert_eq!(&second.fragment[8..], &manual[..]);
    // The peer opens them in order; out of order (wrong sequence number) fails.
    let mut r = RecordCipher::new(&key, &hex!("cafebabe"));
    assert!(r.clone().open(23, 0x0303, &second.fragment).is_err());
    assert_eq!(r.open(23, 0x0303, &first.fragment).unwrap(), b"hello");
    assert_eq!(r.open(23, 0x0303, &second.fragment).unwrap(), b"hello");
}

/// Master secret, EMS, key block and verify_data are the PRF with the RFC labels and seeds.
#[test]
fn key_schedule_uses_rfc_labels_and_seed_order() {
    let pms = [3u8; 48];
    let (cr, sr) = ([1u8; 32], [2u8; 32]);
    let ms = prf::master_secret(&pms, &cr, &sr);
    assert_eq!(
        ms.to_vec(),
        prf::prf(&pms, "master secret", &[cr, sr].concat(), 48)
    );
    let sh = [9u8; 32];
    assert_eq!(
        prf::extended_master_secret(&pms, &sh).to_vec(),
        prf::prf(&pms, "extended master secret", &sh, 48)
    );
    let kb = prf::key_block(&ms, &cr, &sr);
    assert_eq!(
        kb.block,
        prf::prf(&ms, "key expansion", &[sr, cr].concat(), 40)
    );
    assert_eq!(kb.client_write_iv, kb.block[32..36]);
    assert_eq!(
        prf::verify_data(&ms, true, &sh).to_vec(),
        prf::prf(&ms, "client finished", &sh, 12)
    );
    assert_eq!(
        prf::verify_data(&ms, false, &sh).to_vec(),
        prf::prf(&ms, "server finished", &sh, 12)
    );
}
