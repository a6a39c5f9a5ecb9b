//! The key schedule of one session: pre-master -> master secret -> key block -> record ciphers,
//! and the Finished values, each with the [`Derived`] entries the transcript shows.

use crate::conn::derived;
use crate::prf;
use crate::record::RecordCipher;
use crate::transcript::Derived;

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
        let mut d = vec![derived(
            "pre_master_secret",
            "client_version(2) || random(46), chosen by the client",
            &[],
            pre_master,
        )];
        let master = if ems {
            let session_hash = prf::transcript_hash(transcript);
            d.push(derived(
                "session_hash",
                "SHA-256(handshake_messages from ClientHello up to and including ClientKeyExchange)",
                &[],
                &session_hash,
            ));
            let m = prf::extended_master_secret(pre_master, &session_hash);
            d.push(derived(
                "master_secret",
                "PRF(pre_master_secret, \"extended master secret\", session_hash)[0..48]  (RFC 7627)",
                &[("pre_master_secret", pre_master), ("session_hash", &session_hash)],
                &m,
            ));
            m
        } else {
            let m = prf::master_secret(pre_master, client_random, server_random);
            d.push(derived(
                "master_secret",
                "PRF(pre_master_secret, \"master secret\", client_random + server_random)[0..48]",
                &[
                    ("pre_master_secret", pre_master),
                    ("client_random", client_random),
                    ("server_random", server_random),
                ],
                &m,
            ));
            m
        };
        let keys = prf::key_block(&master, client_random, server_random);
        d.push(derived(
            "key_block",
            "PRF(master_secret, \"key expansion\", server_random + client_random)[0..40]",
            &[
                ("master_secret", &master),
                ("server_random", server_random),
                ("client_random", client_random),
            ],
            &keys.block,
        ));
        d.push(derived(
            "client_write_key",
            "key_block[0..16]",
            &[],
            &keys.client_write_key,
        ));
        d.push(derived(
            "server_write_key",
            "key_block[16..32]",
            &[],
            &keys.server_write_key,
        ));
        d.push(derived(
            "client_write_iv",
            "key_block[32..36] (the implicit part of the GCM nonce)",
            &[],
            &keys.client_write_iv,
        ));
        d.push(derived(
            "server_write_iv",
            "key_block[36..40] (the implicit part of the GCM nonce)",
            &[],
            &keys.server_write_iv,
        ));
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
        let who = if client { "client" } else { "server" };
        let d = vec![
            derived(
                "handshake_hash",
                "SHA-256(handshake_messages so far, this Finished excluded)",
                &[],
                &hash,
            ),
            derived(
                &format!("{who}_verify_data"),
                &format!("PRF(master_secret, \"{label}\", SHA-256(handshake_messages))[0..12]"),
                &[("master_secret", &self.master), ("handshake_hash", &hash)],
                &v,
            ),
        ];
        (v, d)
    }
}
