//! The key schedule of one session: pre-master -> master secret -> key block -> record ciphers,
//! and the Finished values, each with the [`Derived`] entries the transcript shows.

use crate::conn::derived;
use crate::kx::KxAlg;
use crate::math::{self, Part};
use crate::msg::{CertMsg, HsMsg};
use crate::prf;
use crate::record::RecordCipher;
use crate::transcript::Derived;
use crate::vocab::ValueId;

/// The secrets of one session, once the pre-master secret is known.
#[derive(Clone, Debug)]
pub struct Secrets {
    /// The 48-byte master secret.
    pub master: [u8; 48],
    /// The key block split into keys and IVs.
    pub keys: prf::KeyBlock,
    /// Was the extended master secret (RFC 7627) used?
    pub ems: bool,
}

impl Secrets {
    /// From a known master secret (a key log's): the key block follows; `ems` is unknown and
    /// recorded as false, it only mattered for deriving the master secret.
    pub fn from_master(
        master: [u8; 48],
        client_random: &[u8; 32],
        server_random: &[u8; 32],
    ) -> Self {
        Self {
            master,
            keys: prf::key_block(&master, client_random, server_random),
            ems: false,
        }
    }

    /// Resume a session (RFC 5246 §7.3, the abbreviated handshake): the master secret is the
    /// session's, the key block is new because both randoms are.
    pub fn resume(
        master: [u8; 48],
        client_random: &[u8; 32],
        server_random: &[u8; 32],
        ems: bool,
    ) -> (Self, Vec<Derived>) {
        let mut d = vec![
            derived(ValueId::MasterSecret, "", &[], &master).aside(HsMsg::MasterFromSession {})
        ];
        let (keys, kd) = key_block_derived(&master, client_random, server_random);
        d.extend(kd);
        (Self { master, keys, ems }, d)
    }

    /// Derive from the pre-master secret. `transcript` is every handshake message up to and
    /// including ClientKeyExchange (its hash is the EMS session_hash). Returns the derived values
    /// for the transcript too.
    pub fn derive(
        pre_master: &[u8],
        client_random: &[u8; 32],
        server_random: &[u8; 32],
        ems: bool,
        transcript: &[u8],
    ) -> (Self, Vec<Derived>) {
        Self::derive_for(
            KxAlg::Rsa,
            pre_master,
            client_random,
            server_random,
            ems,
            transcript,
        )
    }

    /// [`Secrets::derive`] for a key exchange: with DHE and ECDHE the pre-master is the shared
    /// secret (its leading zero bytes removed for DHE, RFC 5246 §8.1.2), not version || random.
    pub fn derive_for(
        kx: KxAlg,
        pre_master: &[u8],
        client_random: &[u8; 32],
        server_random: &[u8; 32],
        ems: bool,
        transcript: &[u8],
    ) -> (Self, Vec<Derived>) {
        let mut d = vec![match kx {
            KxAlg::Rsa => derived(
                ValueId::PreMasterSecret,
                "client_version(2) || random(46)",
                &[],
                pre_master,
            )
            .aside(CertMsg::PreMasterAside {}),
            KxAlg::Dhe => derived(ValueId::PreMasterSecret, "g^(ab) mod p", &[], pre_master)
                .aside(HsMsg::SharedSecretAside {}),
            KxAlg::Ecdhe => derived(
                ValueId::PreMasterSecret,
                "x-coordinate of (ab)·G",
                &[],
                pre_master,
            )
            .aside(HsMsg::SharedSecretAside {}),
        }];
        let master = if ems {
            let session_hash = prf::transcript_hash(transcript);
            d.push(
                derived(
                    ValueId::SessionHash,
                    "SHA-256(handshake_messages)",
                    &[],
                    &session_hash,
                )
                .aside(CertMsg::SessionHashAside {})
                .math(math::transcript_hash(math::HashAlg::Sha256, transcript)),
            );
            let m = prf::extended_master_secret(pre_master, &session_hash);
            d.push(derived(
                ValueId::MasterSecret,
                "PRF(pre_master_secret, \"extended master secret\", session_hash)[0..48]  (RFC 7627)",
                &[
                    (ValueId::PreMasterSecret, pre_master),
                    (ValueId::SessionHash, &session_hash),
                ],
                &m,
            )
            .math(math::prf(
                pre_master,
                "extended master secret",
                &session_hash,
                48,
                Vec::new(),
            )));
            m
        } else {
            let m = prf::master_secret(pre_master, client_random, server_random);
            d.push(derived(
                ValueId::MasterSecret,
                "PRF(pre_master_secret, \"master secret\", client_random + server_random)[0..48]",
                &[
                    (ValueId::PreMasterSecret, pre_master),
                    (ValueId::ClientRandom, client_random),
                    (ValueId::ServerRandom, server_random),
                ],
                &m,
            )
            .math(math::prf(
                pre_master,
                "master secret",
                &[client_random.as_slice(), server_random.as_slice()].concat(),
                48,
                Vec::new(),
            )));
            m
        };
        let (keys, kd) = key_block_derived(&master, client_random, server_random);
        d.extend(kd);
        (Self { master, keys, ems }, d)
    }

    /// The record cipher for what the client writes (and the server reads).
    pub fn client_cipher(&self) -> RecordCipher {
        RecordCipher::new(&self.keys.client_write_key, &self.keys.client_write_iv)
    }

    /// The record cipher for what the server writes (and the client reads).
    pub fn server_cipher(&self) -> RecordCipher {
        RecordCipher::new(&self.keys.server_write_key, &self.keys.server_write_iv)
    }

    /// verify_data of the client's (`client`) or server's Finished over `transcript`, with the
    /// derived values (the transcript hash and verify_data).
    pub fn verify_data(&self, client: bool, transcript: &[u8]) -> ([u8; 12], Vec<Derived>) {
        let hash = prf::transcript_hash(transcript);
        let v = prf::verify_data(&self.master, client, &hash);
        let label = prf::finished_label(client);
        let name = if client {
            ValueId::ClientVerifyData
        } else {
            ValueId::ServerVerifyData
        };
        let d = vec![
            derived(
                ValueId::HandshakeHash,
                "SHA-256(handshake_messages)",
                &[],
                &hash,
            )
            .aside(CertMsg::HandshakeHashAside {})
            .math(math::transcript_hash(math::HashAlg::Sha256, transcript)),
            derived(
                name,
                &format!("PRF(master_secret, \"{label}\", SHA-256(handshake_messages))[0..12]"),
                &[
                    (ValueId::MasterSecret, &self.master),
                    (ValueId::HandshakeHash, &hash),
                ],
                &v,
            )
            .math(math::prf(&self.master, label, &hash, 12, Vec::new())),
        ];
        (v, d)
    }
}

/// The key block from a master secret and the randoms, split into keys and IVs, with the derived
/// values the transcript shows.
fn key_block_derived(
    master: &[u8; 48],
    client_random: &[u8; 32],
    server_random: &[u8; 32],
) -> (prf::KeyBlock, Vec<Derived>) {
    let keys = prf::key_block(master, client_random, server_random);
    let mut d = vec![derived(
        ValueId::KeyBlock,
        "PRF(master_secret, \"key expansion\", server_random + client_random)[0..40]",
        &[
            (ValueId::MasterSecret, master),
            (ValueId::ServerRandom, server_random),
            (ValueId::ClientRandom, client_random),
        ],
        &keys.block,
    )
    .math(math::prf(
        master,
        "key expansion",
        &[server_random.as_slice(), client_random.as_slice()].concat(),
        40,
        [
            (ValueId::ClientWriteKey, 0, 16),
            (ValueId::ServerWriteKey, 16, 32),
            (ValueId::ClientWriteIv, 32, 36),
            (ValueId::ServerWriteIv, 36, 40),
        ]
        .into_iter()
        .map(|(name, start, end)| Part { name, start, end })
        .collect(),
    ))];
    d.push(derived(
        ValueId::ClientWriteKey,
        "key_block[0..16]",
        &[],
        &keys.client_write_key,
    ));
    d.push(derived(
        ValueId::ServerWriteKey,
        "key_block[16..32]",
        &[],
        &keys.server_write_key,
    ));
    d.push(
        derived(
            ValueId::ClientWriteIv,
            "key_block[32..36]",
            &[],
            &keys.client_write_iv,
        )
        .aside(CertMsg::WriteIvAside {}),
    );
    d.push(
        derived(
            ValueId::ServerWriteIv,
            "key_block[36..40]",
            &[],
            &keys.server_write_iv,
        )
        .aside(CertMsg::WriteIvAside {}),
    );
    (keys, d)
}
