//! "Record now, decrypt later" on sessions the core simulated: with the server's leaked key the
//! RSA session opens (the eavesdropper reads both messages); the ECDHE and DHE sessions of the
//! same inputs stay shut, and the account says what is missing (the ephemeral secrets).

use tlsim_core::eavesdrop::decrypt_later;
use tlsim_core::kx::{Group, KxAlg};
use tlsim_core::scenario::DEFAULT_NOW;
use tlsim_core::{pki, simulate, Outcome, Scenario, ValueId};

#[test]
fn the_leaked_key_opens_the_rsa_session_and_not_the_ephemeral_ones() {
    let base = Scenario::default();
    for (kx, group) in [
        (KxAlg::Rsa, None),
        (KxAlg::Ecdhe, Some(Group::X25519)),
        (KxAlg::Ecdhe, Some(Group::Secp256r1)),
        (KxAlg::Dhe, Some(Group::Ffdhe2048)),
    ] {
        for ems in [true, false] {
            let mut s = base.clone();
            s.client_ems = ems;
            if kx != KxAlg::Rsa {
                s.set_kx(kx);
            }
            if let Some(g) = group {
                s.set_group(g);
            }
            let t = simulate(&s, [9; 32], DEFAULT_NOW).unwrap();
            assert_eq!(t.outcome, Outcome::Success);
            let key = pki::key_from_pem(&t.server_key_pem, "server").unwrap();
            let a = decrypt_later(&t.wire, &key).unwrap();
            assert_eq!(a.kx, kx);
            assert!(
                a.encrypted_records >= 4,
                "{kx:?}: Finished and application data"
            );
            if kx == KxAlg::Rsa {
                assert!(a.opened());
                let client: Vec<&Vec<u8>> =
                    a.plaintext.iter().filter(|p| p.0).map(|p| &p.1).collect();
                let server: Vec<&Vec<u8>> =
                    a.plaintext.iter().filter(|p| !p.0).map(|p| &p.1).collect();
                assert_eq!(client, vec![s.app_message.as_bytes()]);
                assert_eq!(server, vec![s.server_reply.as_bytes()]);
                // The master secret it computed is the session's own (the key log says so).
                let ms = a
                    .computed
                    .iter()
                    .find(|d| d.name == ValueId::MasterSecret)
                    .unwrap();
                assert!(t.keylog.contains(&hex::encode(&ms.value)), "ems={ems}");
                assert!(a.missing.is_empty());
            } else {
                assert!(!a.opened(), "{kx:?}");
                assert!(a.computed.is_empty());
                assert_eq!(
                    a.missing,
                    vec![
                        ValueId::ClientEphemeralSecret,
                        ValueId::ServerEphemeralSecret
                    ]
                );
                let names: Vec<ValueId> = a.recorded.iter().map(|d| d.name).collect();
                for n in [
                    ValueId::ServerEphemeralPublic,
                    ValueId::ClientEphemeralPublic,
                    ValueId::SkeSignature,
                ] {
                    assert!(names.contains(&n), "{kx:?}: {n} in {names:?}");
                }
            }
        }
    }
}

#[test]
fn another_servers_key_opens_nothing() {
    let t = simulate(&Scenario::default(), [9; 32], DEFAULT_NOW).unwrap();
    let other = pki::key_from_pem(pki::builtin_pem("client").unwrap(), "client").unwrap();
    let a = decrypt_later(&t.wire, &other).unwrap();
    assert!(!a.opened());
    assert_eq!(a.missing, vec![ValueId::PreMasterSecret]);
}
