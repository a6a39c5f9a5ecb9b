//! The math behind the derived values (issue 11), checked against independent computations: the
//! `rsa` crate's own high-level PKCS#1 v1.5 API, plain `BigUint` exponentiation with the key's
//! d (no CRT), the `hmac` and `aes-gcm` crates, and the bytes on the wire.
//! Keys: the built-in 2048-bit teaching keys.

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes128Gcm, Nonce};
use der::{Decode, Encode};
use hmac::{Hmac, Mac};
use rand_chacha::ChaCha20Rng;
use rand_core::SeedableRng;
use rsa::traits::{PrivateKeyParts, PublicKeyParts};
use rsa::{BigUint, Pkcs1v15Encrypt, Pkcs1v15Sign, RsaPublicKey};
use sha1::Sha1;
use sha2::{Digest, Sha256, Sha384, Sha512};
use tlsim_core::math::{self, HashAlg, Math, Signed, SHA256_DIGEST_INFO};
use tlsim_core::scenario::DEFAULT_NOW;
use tlsim_core::{
    pki, simulate, Derived, Fault, FieldName, Scenario, StepKey, Transcript, ValueId,
};
use x509_cert::Certificate;

const SEED: [u8; 32] = [42; 32];

fn run(s: &Scenario) -> Transcript {
    simulate(s, SEED, DEFAULT_NOW).expect("valid input")
}

fn find(t: &Transcript, step: StepKey, name: ValueId) -> &Derived {
    t.steps
        .iter()
        .filter(|s| s.key == step)
        .flat_map(|s| s.derived.iter())
        .find(|d| d.name == name)
        .unwrap_or_else(|| panic!("{step:?} derives {name:?}"))
}

fn math(d: &Derived) -> &Math {
    d.math.as_deref().expect("the value carries its math")
}

/// The bytes of the field `name` in the first step `step`, without the 2-byte length of an
/// `opaque <0..2^16-1>` vector.
fn vector_field(t: &Transcript, step: StepKey, name: FieldName) -> Vec<u8> {
    let s = t.steps.iter().find(|s| s.key == step).expect("step");
    let f = s
        .fields
        .iter()
        .rev()
        .find(|f| f.name == name)
        .expect("field");
    let v = &s.bytes[f.offset..f.offset + f.len];
    assert_eq!(usize::from(u16::from_be_bytes([v[0], v[1]])), v.len() - 2);
    v[2..].to_vec()
}

fn server_cert(t: &Transcript) -> Certificate {
    Certificate::from_der(&pki::pem_to_der(&t.server_cert_pem, "cert").expect("pem")).expect("der")
}

#[test]
fn encryption_block_raised_to_e_is_the_client_key_exchange_ciphertext() {
    let t = run(&Scenario::default());
    let pre_master = find(&t, StepKey::ClientKeyExchange, ValueId::PreMasterSecret)
        .value
        .clone();
    let enc = find(&t, StepKey::ClientKeyExchange, ValueId::EncryptedPreMaster);
    let Math::RsaEncrypt {
        n,
        e,
        em,
        ps_len,
        c,
    } = math(enc)
    else {
        panic!("RsaEncrypt")
    };
    // n and e are the server certificate's key.
    let key = pki::cert_public_key(&server_cert(&t)).expect("rsa key");
    assert_eq!(n.0, key.n().to_bytes_be());
    assert_eq!(e.0, key.e().to_bytes_be());
    // EM = 00 02 || PS (nonzero) || 00 || pre_master
    let k = key.size();
    assert_eq!(em.0.len(), k);
    assert_eq!(&em.0[..2], &[0, 2]);
    assert_eq!(*ps_len, k - 3 - 48);
    assert!(em.0[2..2 + ps_len].iter().all(|b| *b != 0));
    assert_eq!(em.0[2 + ps_len], 0);
    assert_eq!(em.0[3 + ps_len..], pre_master[..]);
    // c = EM^e mod n, computed here with plain BigUint arithmetic, is what went on the wire.
    let c_here = BigUint::from_bytes_be(&em.0)
        .modpow(key.e(), key.n())
        .to_bytes_be();
    let wire = vector_field(
        &t,
        StepKey::ClientKeyExchange,
        FieldName::EncryptedPreMaster,
    );
    assert_eq!(c.0, wire);
    assert_eq!(enc.value, wire);
    let mut padded = vec![0u8; k - c_here.len()];
    padded.extend_from_slice(&c_here);
    assert_eq!(padded, wire);
    // and the rsa crate's own PKCS#1 v1.5 decryption opens it to the pre-master.
    let sk = pki::key_from_pem(&t.server_key_pem, "key").expect("key");
    assert_eq!(
        sk.decrypt(Pkcs1v15Encrypt, &wire).expect("opens"),
        pre_master
    );
}

#[test]
fn the_padding_draws_the_same_bytes_as_the_rsa_crate() {
    let t = run(&Scenario::default());
    let key = pki::cert_public_key(&server_cert(&t)).expect("rsa key");
    for seed in 0..8u8 {
        let msg = [seed; 48];
        let (c, _) =
            math::encrypt(&mut ChaCha20Rng::from_seed([seed; 32]), &key, &msg).expect("ok");
        let theirs = key
            .encrypt(
                &mut ChaCha20Rng::from_seed([seed; 32]),
                Pkcs1v15Encrypt,
                &msg,
            )
            .expect("ok");
        assert_eq!(c, theirs);
    }
}

#[test]
fn the_server_recovers_the_block_with_d() {
    let t = run(&Scenario::default());
    let Math::RsaEncrypt { em: sent, .. } = math(find(
        &t,
        StepKey::ClientKeyExchange,
        ValueId::EncryptedPreMaster,
    )) else {
        panic!("RsaEncrypt")
    };
    let dec = find(&t, StepKey::DecryptPreMaster, ValueId::PreMasterSecret);
    let Math::RsaDecrypt {
        n,
        d,
        c,
        em,
        ps_len,
    } = math(dec)
    else {
        panic!("RsaDecrypt")
    };
    let sk = pki::key_from_pem(&t.server_key_pem, "key").expect("key");
    assert_eq!(d.0, sk.d().to_bytes_be());
    // m = c^d mod n without the CRT: the same block the client built.
    let m = BigUint::from_bytes_be(&c.0)
        .modpow(&BigUint::from_bytes_be(&d.0), &BigUint::from_bytes_be(&n.0))
        .to_bytes_be();
    assert_eq!(em.0[1..], m[..], "EM has a leading zero byte");
    assert_eq!(em.0, sent.0);
    assert_eq!(*ps_len, Some(sk.size() - 3 - 48));
    assert_eq!(em.0[sk.size() - 48..], dec.value[..]);
}

#[test]
fn a_corrupted_ciphertext_opens_to_a_block_without_the_padding() {
    // The server decrypts a ciphertext that is not the client's: here the decryption math of a
    // random number below n is a block whose padding fails, and the math says so (ps_len None).
    let t = run(&Scenario::default());
    let sk = pki::key_from_pem(&t.server_key_pem, "key").expect("key");
    let mut c = vector_field(
        &t,
        StepKey::ClientKeyExchange,
        FieldName::EncryptedPreMaster,
    );
    c[100] ^= 0x40;
    let (m, dm) = math::decrypt(&sk, &c);
    let Math::RsaDecrypt { em, ps_len, .. } = dm else {
        panic!("RsaDecrypt")
    };
    assert_eq!(m, None);
    assert_eq!(ps_len, None);
    assert_eq!(
        sk.decrypt(Pkcs1v15Encrypt, &c).ok(),
        None,
        "the rsa crate agrees"
    );
    let raw = BigUint::from_bytes_be(&c)
        .modpow(sk.d(), sk.n())
        .to_bytes_be();
    assert_eq!(BigUint::from_bytes_be(&em.0).to_bytes_be(), raw);
}

#[test]
fn the_ca_signs_its_block_and_the_client_recovers_it() {
    let t = run(&Scenario::default());
    let cert = server_cert(&t);
    let sig = find(&t, StepKey::IssueServerCert, ValueId::Signature);
    let Math::RsaSign {
        signed,
        alg,
        n,
        d: _,
        digest_info,
        hash,
        em,
        s,
    } = math(sig)
    else {
        panic!("RsaSign")
    };
    assert_eq!((*signed, *alg), (Signed::TbsCertificate, HashAlg::Sha256));
    // H = SHA-256(tbsCertificate), computed here from the certificate.
    let tbs = cert.tbs_certificate.to_der().expect("der");
    let h = Sha256::digest(&tbs).to_vec();
    assert_eq!(hash.0, h);
    assert_eq!(digest_info.0, SHA256_DIGEST_INFO);
    // EM = 00 01 FF..FF 00 || DigestInfo || H
    let k = n.0.len();
    assert_eq!(em.0.len(), k);
    assert_eq!(&em.0[..2], &[0, 1]);
    let t_len = 19 + 32;
    assert!(em.0[2..k - t_len - 1].iter().all(|b| *b == 0xff));
    assert_eq!(em.0[k - t_len - 1], 0);
    assert_eq!(em.0[k - t_len..k - 32], SHA256_DIGEST_INFO);
    assert_eq!(em.0[k - 32..], h[..]);
    // s is the certificate's signatureValue, and the rsa crate's verify accepts it.
    assert_eq!(s.0, cert.signature.raw_bytes());
    assert_eq!(sig.value, s.0);
    let ca = Certificate::from_der(&pki::pem_to_der(&t.ca_pem, "ca").expect("pem")).expect("der");
    let ca_key: RsaPublicKey = pki::cert_public_key(&ca).expect("key");
    assert_eq!(n.0, ca_key.n().to_bytes_be());
    ca_key
        .verify(Pkcs1v15Sign::new::<Sha256>(), &h, &s.0)
        .expect("verifies");

    // The client: s^e mod n = EM, equal byte for byte to the block of its own hash.
    let rec = find(&t, StepKey::VerifyServerCert, ValueId::EncodedMessage);
    let Math::RsaVerify {
        n: vn,
        e,
        s: vs,
        recovered,
        expected,
        hash: vh,
        ..
    } = math(rec)
    else {
        panic!("RsaVerify")
    };
    assert_eq!(vn.0, n.0);
    assert_eq!(e.0, ca_key.e().to_bytes_be());
    assert_eq!(vs.0, s.0);
    let back = BigUint::from_bytes_be(&s.0)
        .modpow(ca_key.e(), ca_key.n())
        .to_bytes_be();
    assert_eq!(recovered.0[1..], back[..]);
    assert_eq!(recovered.0, em.0);
    assert_eq!(expected.0, em.0);
    assert_eq!(vh.0, h);
    assert_eq!(
        find(&t, StepKey::VerifyServerCert, ValueId::TbsHash).value,
        h
    );
}

#[test]
fn a_forged_signature_recovers_a_block_that_differs() {
    let s = Scenario {
        faults: vec![Fault::ForgedSignature],
        ..Scenario::default()
    };
    let t = run(&s);
    let sig = find(&t, StepKey::IssueServerCert, ValueId::Signature);
    let Math::RsaSign { s: computed, .. } = math(sig) else {
        panic!("RsaSign")
    };
    let diff = computed
        .0
        .iter()
        .zip(&sig.value)
        .filter(|(a, b)| a != b)
        .count();
    assert_eq!(diff, 1, "the fault changes one byte after signing");
    let Math::RsaVerify {
        recovered,
        expected,
        ..
    } = math(find(&t, StepKey::VerifyServerCert, ValueId::EncodedMessage))
    else {
        panic!("RsaVerify")
    };
    assert_eq!(recovered.0.len(), expected.0.len());
    assert_ne!(recovered.0, expected.0);
}

fn hmac(key: &[u8], parts: &[&[u8]]) -> Vec<u8> {
    let mut m = <Hmac<Sha256> as Mac>::new_from_slice(key).expect("any length");
    for p in parts {
        m.update(p);
    }
    m.finalize().into_bytes().to_vec()
}

/// Recompute the chain with the hmac crate and check it, and that the blocks give `value`.
fn check_prf(m: &Math, secret: &[u8], label: &str, value: &[u8]) {
    let Math::Prf {
        secret: ms,
        label: ml,
        seed,
        a,
        blocks,
        len,
        ..
    } = m
    else {
        panic!("Prf")
    };
    assert_eq!(ms.0, secret);
    assert_eq!(ml, label);
    assert_eq!(*len, value.len());
    let a0 = [label.as_bytes(), &seed.0].concat();
    let mut prev = a0.clone();
    for (i, (ai, bi)) in a.iter().zip(blocks).enumerate() {
        let want = hmac(secret, &[&prev]);
        assert_eq!(ai.0, want, "A({})", i + 1);
        assert_eq!(bi.0, hmac(secret, &[&want, &a0]), "block {}", i + 1);
        prev = want;
    }
    assert_eq!(blocks.len(), value.len().div_ceil(32));
    assert_eq!(
        blocks
            .iter()
            .flat_map(|b| b.0.clone())
            .take(*len)
            .collect::<Vec<_>>(),
        value
    );
}

#[test]
fn the_prf_chain_gives_the_master_secret_the_key_block_and_verify_data() {
    for ems in [true, false] {
        let s = Scenario {
            client_ems: ems,
            server_ems: ems,
            ..Scenario::default()
        };
        let t = run(&s);
        let pm = find(&t, StepKey::DeriveKeysClient, ValueId::PreMasterSecret)
            .value
            .clone();
        let ms = find(&t, StepKey::DeriveKeysClient, ValueId::MasterSecret);
        let label = if ems {
            "extended master secret"
        } else {
            "master secret"
        };
        check_prf(math(ms), &pm, label, &ms.value);
        if ems {
            let sh = find(&t, StepKey::DeriveKeysClient, ValueId::SessionHash);
            let Math::TranscriptHash {
                alg,
                messages,
                total,
            } = math(sh)
            else {
                panic!("TranscriptHash")
            };
            // ClientHello, ServerHello, Certificate, ServerHelloDone, ClientKeyExchange.
            assert_eq!(*alg, HashAlg::Sha256);
            let types: Vec<u8> = messages.iter().map(|m| m.typ).collect();
            assert_eq!(types, [1, 2, 11, 14, 16]);
            assert_eq!(messages.iter().map(|m| m.len).sum::<usize>(), *total);
            let Math::Prf { seed, .. } = math(ms) else {
                panic!()
            };
            assert_eq!(seed.0, sh.value);
        }
        let kb = find(&t, StepKey::DeriveKeysClient, ValueId::KeyBlock);
        check_prf(math(kb), &ms.value, "key expansion", &kb.value);
        let Math::Prf { parts, .. } = math(kb) else {
            panic!()
        };
        assert_eq!(parts.len(), 4);
        for p in parts {
            let v = &find(&t, StepKey::DeriveKeysClient, p.name).value;
            assert_eq!(&kb.value[p.start..p.end], &v[..], "{:?}", p.name);
        }
        for (step, name, label) in [
            (
                StepKey::FinishedClient,
                ValueId::ClientVerifyData,
                "client finished",
            ),
            (
                StepKey::FinishedServer,
                ValueId::ServerVerifyData,
                "server finished",
            ),
        ] {
            let vd = find(&t, step, name);
            check_prf(math(vd), &ms.value, label, &vd.value);
            // and the value is the Finished body on the wire is covered by the record tests.
        }
    }
}

#[test]
fn the_gcm_parts_open_with_the_write_key() {
    let t = run(&Scenario::default());
    let key = find(&t, StepKey::DeriveKeysClient, ValueId::ClientWriteKey)
        .value
        .clone();
    let iv = find(&t, StepKey::DeriveKeysClient, ValueId::ClientWriteIv)
        .value
        .clone();
    let step = t
        .steps
        .iter()
        .find(|s| s.key == StepKey::FinishedClient)
        .expect("finished");
    let ct = step
        .derived
        .iter()
        .find(|d| d.name == ValueId::Ciphertext)
        .expect("ciphertext");
    let Math::Gcm {
        implicit_iv,
        explicit_nonce,
        seq,
        content_type,
        version,
        length,
        aad,
        ciphertext,
        tag,
    } = math(ct)
    else {
        panic!("Gcm")
    };
    assert_eq!(implicit_iv.0, iv);
    assert_eq!(*seq, 0);
    assert_eq!(explicit_nonce.0, seq.to_be_bytes());
    assert_eq!((*content_type, *version, *length), (22, 0x0303, 16));
    let mut want_aad = seq.to_be_bytes().to_vec();
    want_aad.extend_from_slice(&[22, 3, 3, 0, 16]);
    assert_eq!(aad.0, want_aad);
    // The record on the wire: header || explicit_nonce || ciphertext || tag.
    assert_eq!(
        step.bytes[5..],
        [&explicit_nonce.0[..], &ciphertext.0, &tag.0].concat()[..]
    );
    let nonce = [&implicit_iv.0[..], &explicit_nonce.0].concat();
    let opened = Aes128Gcm::new_from_slice(&key)
        .expect("16 bytes")
        .decrypt(
            Nonce::from_slice(&nonce),
            Payload {
                msg: &[&ciphertext.0[..], &tag.0].concat(),
                aad: &aad.0,
            },
        )
        .expect("the tag checks");
    let plain = step
        .derived
        .iter()
        .find(|d| d.name == ValueId::Plaintext)
        .expect("plaintext");
    assert_eq!(opened, plain.value);
}

#[test]
fn remembered_private_key_results_change_nothing() {
    // The memo of private-key operations and parsed keys (a thread-local) must be invisible: the
    // same session run on a fresh thread (empty memo) and again here (memo warm) is the same
    // transcript, for scenarios that sign, decrypt and fail.
    let scenarios = [
        Scenario::default(),
        Scenario {
            faults: vec![Fault::ForgedSignature],
            ..Scenario::default()
        },
        Scenario {
            client_auth: true,
            ..Scenario::default()
        },
        Scenario {
            server_name: "other.example.org".into(),
            ..Scenario::default()
        },
    ];
    for s in scenarios {
        let cold = {
            let s = s.clone();
            std::thread::spawn(move || run(&s)).join().expect("thread")
        };
        let warm1 = run(&s);
        let warm2 = run(&s);
        assert_eq!(cold, warm1);
        assert_eq!(warm1, warm2);
    }
}

#[test]
fn the_digest_info_prefixes_are_the_rsa_crates() {
    // RFC 8017 §9.2 note 1, as written in math.rs, against the rsa crate's own table.
    for (alg, scheme) in [
        (HashAlg::Sha1, Pkcs1v15Sign::new::<Sha1>()),
        (HashAlg::Sha256, Pkcs1v15Sign::new::<Sha256>()),
        (HashAlg::Sha384, Pkcs1v15Sign::new::<Sha384>()),
        (HashAlg::Sha512, Pkcs1v15Sign::new::<Sha512>()),
    ] {
        assert_eq!(alg.digest_info(), &scheme.prefix[..], "{alg:?}");
        assert_eq!(Some(alg.output_len()), scheme.hash_len, "{alg:?}");
    }
}

#[test]
fn every_hash_signs_as_the_rsa_crate_does_and_verifies_by_its_math() {
    // The CertificateVerify's SHA-384 and SHA-512 (and the SHA-1 of the certificate failures):
    // the block signed by the math is the rsa crate's signature, and the verification math of it
    // recovers exactly the expected block.
    let sk = pki::key_from_pem(
        pki::builtin_pem("client").expect("builtin client key"),
        "key",
    )
    .expect("key");
    let pk = sk.to_public_key();
    let data = b"handshake messages, or any signed bytes";
    for (alg, hash, scheme) in [
        (
            HashAlg::Sha1,
            Sha1::digest(data).to_vec(),
            Pkcs1v15Sign::new::<Sha1>(),
        ),
        (
            HashAlg::Sha256,
            Sha256::digest(data).to_vec(),
            Pkcs1v15Sign::new::<Sha256>(),
        ),
        (
            HashAlg::Sha384,
            Sha384::digest(data).to_vec(),
            Pkcs1v15Sign::new::<Sha384>(),
        ),
        (
            HashAlg::Sha512,
            Sha512::digest(data).to_vec(),
            Pkcs1v15Sign::new::<Sha512>(),
        ),
    ] {
        let (s, m) = math::sign(&sk, Signed::HandshakeMessages, alg, &hash).expect("signs");
        let theirs = sk.sign(scheme.clone(), &hash).expect("signs");
        assert_eq!(s, theirs, "{alg:?}");
        let Math::RsaSign { em, .. } = &m else {
            panic!("RsaSign")
        };
        assert_eq!(em.0[em.0.len() - hash.len()..], hash[..]);
        let Math::RsaVerify {
            recovered,
            expected,
            ..
        } = math::verify(&pk, Signed::HandshakeMessages, alg, &hash, &s)
        else {
            panic!("RsaVerify")
        };
        assert_eq!(recovered.0, em.0, "{alg:?}");
        assert_eq!(expected.0, em.0, "{alg:?}");
        // a hash of the wrong length is refused, not padded
        assert!(math::sign(&sk, Signed::HandshakeMessages, alg, &hash[1..]).is_err());
    }
}

#[test]
fn the_certificate_verify_signature_and_its_check_carry_their_math() {
    let s = Scenario {
        client_auth: true,
        ..Scenario::default()
    };
    let t = run(&s);
    let sig = find(
        &t,
        StepKey::CertificateVerify,
        ValueId::CertificateVerifySignature,
    );
    let Math::RsaSign {
        signed,
        alg,
        s: computed,
        em,
        ..
    } = math(sig)
    else {
        panic!("RsaSign")
    };
    assert_eq!(
        (*signed, *alg),
        (Signed::HandshakeMessages, HashAlg::Sha256)
    );
    assert_eq!(computed.0, sig.value);
    let hash = find(&t, StepKey::CertificateVerify, ValueId::HandshakeHash);
    let Math::TranscriptHash { alg, messages, .. } = math(hash) else {
        panic!("TranscriptHash")
    };
    assert_eq!(*alg, HashAlg::Sha256);
    // ClientHello .. ClientKeyExchange, the client's Certificate included.
    let types: Vec<u8> = messages.iter().map(|m| m.typ).collect();
    assert_eq!(types, [1, 2, 11, 13, 14, 11, 16]);
    // the server's check: the same block, recovered with the client's public key
    let rec = find(
        &t,
        StepKey::VerifyCertificateVerify,
        ValueId::EncodedMessage,
    );
    let Math::RsaVerify {
        signed,
        recovered,
        expected,
        s: vs,
        ..
    } = math(rec)
    else {
        panic!("RsaVerify")
    };
    assert_eq!(*signed, Signed::HandshakeMessages);
    assert_eq!(vs.0, sig.value);
    assert_eq!(recovered.0, em.0);
    assert_eq!(expected.0, em.0);
}

#[test]
fn the_csr_and_crl_signatures_carry_their_math() {
    let s = Scenario {
        chain_depth: 2,
        check_revocation: true,
        ..Scenario::default()
    };
    let t = run(&s);
    for (step, signed) in [
        (StepKey::ServerCsr, Signed::CertificationRequestInfo),
        (StepKey::PublishCrl, Signed::TbsCertList),
        (StepKey::IssueIntermediateCert, Signed::TbsCertificate),
    ] {
        let sig = find(&t, step, ValueId::Signature);
        let Math::RsaSign {
            signed: got,
            s,
            em,
            n,
            ..
        } = math(sig)
        else {
            panic!("RsaSign")
        };
        assert_eq!(*got, signed);
        assert_eq!(s.0, sig.value, "{step:?}");
        // s^e mod n is EM again (e = 65537 for every teaching key)
        let back = BigUint::from_bytes_be(&s.0)
            .modpow(&BigUint::from(65537u32), &BigUint::from_bytes_be(&n.0))
            .to_bytes_be();
        assert_eq!(em.0[1..], back[..], "{step:?}");
    }
}
