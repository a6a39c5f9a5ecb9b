//! The TLS 1.2 pseudo-random function and everything derived with it (RFC 5246 §5, §6.3, §7.4.9,
//! §8.1; RFC 7627 §4). The key schedule ([`crate::keys::Secrets`]) is built on them; they are
//! public for the known-answer tests.

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

type HmacSha256 = Hmac<Sha256>;

fn hmac(secret: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    // HMAC accepts keys of any length: new_from_slice cannot fail for HMAC.
    let mut m = match HmacSha256::new_from_slice(secret) {
        Ok(m) => m,
        Err(_) => return [0; 32],
    };
    for p in parts {
        m.update(p);
    }
    m.finalize().into_bytes().into()
}

/// `P_SHA256(secret, seed)` filling `out` (RFC 5246 §5):
///
/// ```text
/// P_hash(secret, seed) = HMAC_hash(secret, A(1) + seed) + HMAC_hash(secret, A(2) + seed) + ...
/// A(0) = seed;  A(i) = HMAC_hash(secret, A(i-1))
/// ```
pub fn p_sha256(secret: &[u8], seed: &[u8], out: &mut [u8]) {
    let mut a = hmac(secret, &[seed]);
    for chunk in out.chunks_mut(32) {
        let block = hmac(secret, &[&a, seed]);
        chunk.copy_from_slice(&block[..chunk.len()]);
        a = hmac(secret, &[&a]);
    }
}

/// The HMAC chain of `P_SHA256(secret, seed)` for `n` bytes: `A(1), A(2), ...` and the output
/// blocks `HMAC(secret, A(i) + seed)`, 32 bytes each (their concatenation, cut to `n`, is
/// [`p_sha256`]'s output).
pub fn p_sha256_chain(secret: &[u8], seed: &[u8], n: usize) -> (Vec<[u8; 32]>, Vec<[u8; 32]>) {
    let mut a = vec![hmac(secret, &[seed])];
    let mut blocks = Vec::new();
    while blocks.len() * 32 < n {
        let last = a[a.len() - 1];
        blocks.push(hmac(secret, &[&last, seed]));
        if blocks.len() * 32 < n {
            a.push(hmac(secret, &[&last]));
        }
    }
    (a, blocks)
}

/// `PRF(secret, label, seed) = P_SHA256(secret, label + seed)`, `n` bytes.
pub fn prf(secret: &[u8], label: &str, seed: &[u8], n: usize) -> Vec<u8> {
    let mut full = label.as_bytes().to_vec();
    full.extend_from_slice(seed);
    let mut out = vec![0; n];
    p_sha256(secret, &full, &mut out);
    out
}

/// The master secret of RFC 5246 §8.1:
/// `PRF(pre_master_secret, "master secret", ClientHello.random + ServerHello.random)[0..47]`.
pub fn master_secret(
    pre_master: &[u8],
    client_random: &[u8; 32],
    server_random: &[u8; 32],
) -> [u8; 48] {
    let seed = [client_random.as_slice(), server_random.as_slice()].concat();
    to48(prf(pre_master, "master secret", &seed, 48))
}

/// The extended master secret of RFC 7627 §4:
/// `PRF(pre_master_secret, "extended master secret", session_hash)[0..47]`, where `session_hash`
/// is the SHA-256 of the handshake messages up to and including ClientKeyExchange.
pub fn extended_master_secret(pre_master: &[u8], session_hash: &[u8; 32]) -> [u8; 48] {
    to48(prf(pre_master, "extended master secret", session_hash, 48))
}

fn to48(v: Vec<u8>) -> [u8; 48] {
    let mut a = [0u8; 48];
    a.copy_from_slice(&v[..48]);
    a
}

/// The keys of TLS_RSA_WITH_AES_128_GCM_SHA256 (RFC 5246 §6.3, RFC 5288 §3): no MAC keys; a
/// 16-byte AES key and a 4-byte implicit nonce ("salt") per direction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyBlock {
    /// The whole 40-byte key block.
    pub block: Vec<u8>,
    /// key_block[0..16]
    pub client_write_key: [u8; 16],
    /// key_block[16..32]
    pub server_write_key: [u8; 16],
    /// key_block[32..36]
    pub client_write_iv: [u8; 4],
    /// key_block[36..40]
    pub server_write_iv: [u8; 4],
}

/// `key_block = PRF(master_secret, "key expansion", server_random + client_random)`, 40 bytes,
/// split into client_write_key, server_write_key, client_write_IV, server_write_IV.
pub fn key_block(
    master: &[u8; 48],
    client_random: &[u8; 32],
    server_random: &[u8; 32],
) -> KeyBlock {
    let seed = [server_random.as_slice(), client_random.as_slice()].concat();
    let block = prf(master, "key expansion", &seed, 40);
    let mut kb = KeyBlock {
        block: block.clone(),
        client_write_key: [0; 16],
        server_write_key: [0; 16],
        client_write_iv: [0; 4],
        server_write_iv: [0; 4],
    };
    kb.client_write_key.copy_from_slice(&block[0..16]);
    kb.server_write_key.copy_from_slice(&block[16..32]);
    kb.client_write_iv.copy_from_slice(&block[32..36]);
    kb.server_write_iv.copy_from_slice(&block[36..40]);
    kb
}

/// The Finished label: "client finished" or "server finished".
pub fn finished_label(client: bool) -> &'static str {
    if client {
        "client finished"
    } else {
        "server finished"
    }
}

/// `verify_data = PRF(master_secret, finished_label, SHA-256(handshake_messages))[0..11]`.
pub fn verify_data(master: &[u8; 48], client: bool, handshake_hash: &[u8; 32]) -> [u8; 12] {
    let v = prf(master, finished_label(client), handshake_hash, 12);
    let mut a = [0u8; 12];
    a.copy_from_slice(&v);
    a
}

/// SHA-256 of the concatenated handshake messages (headers included).
pub fn transcript_hash(handshake_messages: &[u8]) -> [u8; 32] {
    Sha256::digest(handshake_messages).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn output_length_is_exact() {
        assert_eq!(prf(b"k", "l", b"s", 100).len(), 100);
        assert_eq!(
            prf(b"k", "l", b"s", 100)[..32],
            prf(b"k", "l", b"s", 32)[..]
        );
    }

    #[test]
    fn chain_joins_to_the_prf() {
        for n in [1, 12, 32, 40, 48, 100] {
            let (a, blocks) = p_sha256_chain(b"k", b"lseed", n);
            assert_eq!(a.len(), blocks.len());
            assert_eq!(blocks.len(), n.div_ceil(32));
            assert_eq!(a[0], hmac(b"k", &[b"lseed"]));
            let joined: Vec<u8> = blocks.concat();
            assert_eq!(joined[..n], prf(b"k", "l", b"seed", n)[..]);
        }
    }
}
