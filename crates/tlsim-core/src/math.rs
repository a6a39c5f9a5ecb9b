//! How a derived value was computed, with this run's numbers (issue 11, "open the math").
//!
//! A [`Math`] hangs on a [`Derived`](crate::transcript::Derived) value and carries every
//! intermediate the formula hides: the PKCS#1 v1.5 blocks and the RSA numbers behind an
//! encryption, a decryption, a signature and its verification (RFC 8017 §7.2, §8.2, §9.2), the
//! HMAC chain of `P_SHA256` (RFC 5246 §5) with how its output is split, the handshake messages a
//! hash covers, and the parts of an AES-GCM record (RFC 5288 §3).
//!
//! The RSA operations of the engine go through here too, so the blocks shown are the blocks used:
//! padding is done in this module, the modular exponentiation by the `rsa` crate's raw
//! primitives (`rsa::hazmat`, CRT for the private key).

use rand_core::{CryptoRng, RngCore};
use rsa::hazmat::{rsa_decrypt_and_check, rsa_encrypt};
use rsa::traits::{PrivateKeyParts, PublicKeyParts};
use rsa::{BigUint, RsaPrivateKey, RsaPublicKey};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Bytes, serialized as lowercase hex.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Bytes(pub Vec<u8>);

impl Serialize for Bytes {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&hex::encode(&self.0))
    }
}

impl<'de> Deserialize<'de> for Bytes {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::transcript::hex_bytes::deserialize(d).map(Bytes)
    }
}

impl From<&[u8]> for Bytes {
    fn from(v: &[u8]) -> Self {
        Self(v.to_vec())
    }
}

/// A named byte range of a PRF output (e.g. `client_write_key` = key_block[0..16]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Part {
    /// Which value the range is.
    pub name: crate::vocab::ValueId,
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

/// One handshake message covered by a hash: its type (wire value), where it starts in the hashed
/// bytes, and its length with the 4-byte header.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Covered {
    /// HandshakeType (1 = client_hello, 2 = server_hello, ...).
    pub typ: u8,
    /// Offset in the hashed bytes.
    pub offset: usize,
    /// Length, header included.
    pub len: usize,
}

crate::tag_first::tag_first_enum! {
tag = "kind";
/// The computation behind one derived value, with its real numbers.
///
/// JSON: `{"kind":"rsa_encrypt","n":...}`, the tag first (read in one pass: see
/// `tag_first.rs`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Math {
    /// RSAES-PKCS1-v1_5-ENCRYPT: `EM = 00 02 || PS || 00 || M` (PS nonzero random, at least 8
    /// bytes), `c = EM^e mod n`.
    RsaEncrypt {
        /// modulus
        n: Bytes,
        /// public exponent
        e: Bytes,
        /// the encryption block
        em: Bytes,
        /// length of PS
        ps_len: usize,
        /// the ciphertext (k bytes)
        c: Bytes,
    },
    /// RSAES-PKCS1-v1_5-DECRYPT: `EM = c^d mod n`, then the padding is checked and removed.
    RsaDecrypt {
        /// modulus
        n: Bytes,
        /// private exponent
        d: Bytes,
        /// the ciphertext received
        c: Bytes,
        /// the block recovered (empty when c is not below n or not k bytes)
        em: Bytes,
        /// length of PS when the padding is well formed
        ps_len: Option<usize>,
    },
    /// RSASSA-PKCS1-v1_5-SIGN: `EM = 00 01 || FF..FF || 00 || DigestInfo || H`, `s = EM^d mod n`.
    RsaSign {
        /// what was signed (and so who signs: the CA, the server or the client)
        signed: Signed,
        /// the hash function
        alg: HashAlg,
        /// modulus
        n: Bytes,
        /// private exponent
        d: Bytes,
        /// the DER DigestInfo prefix of the hash (19 bytes for SHA-256)
        digest_info: Bytes,
        /// H, the hash of what is signed
        hash: Bytes,
        /// the signature block
        em: Bytes,
        /// `EM^d mod n` as computed (the value attached, unless a fault changed it afterwards)
        s: Bytes,
    },
    /// RSASSA-PKCS1-v1_5-VERIFY: `EM' = s^e mod n` with the signer's public key, compared byte
    /// by byte with the `EM` built from the hash the verifier computes itself.
    RsaVerify {
        /// what was signed (and so whose key checks it)
        signed: Signed,
        /// the hash function
        alg: HashAlg,
        /// modulus of the signer's key
        n: Bytes,
        /// its public exponent
        e: Bytes,
        /// the signature received
        s: Bytes,
        /// `s^e mod n`, k bytes (empty when s has the wrong length or is not below n)
        recovered: Bytes,
        /// the block expected from the verifier's own hash
        expected: Bytes,
        /// the verifier's hash
        hash: Bytes,
    },
    /// `P_SHA256(secret, label || seed)`: `A(0) = label || seed`, `A(i) = HMAC(secret, A(i-1))`,
    /// block i = `HMAC(secret, A(i) || label || seed)`; the output is the blocks joined, cut to
    /// `len` and split into `parts`.
    Prf {
        /// the secret (HMAC key)
        secret: Bytes,
        /// the ASCII label
        label: String,
        /// the seed after the label
        seed: Bytes,
        /// A(1), A(2), ...
        a: Vec<Bytes>,
        /// the output blocks, 32 bytes each
        blocks: Vec<Bytes>,
        /// bytes taken
        len: usize,
        /// named ranges of the output
        parts: Vec<Part>,
    },
    /// A hash over handshake messages: which ones, in order.
    TranscriptHash {
        /// the hash function (SHA-256, or the CertificateVerify's)
        alg: HashAlg,
        /// the messages hashed
        messages: Vec<Covered>,
        /// total bytes hashed
        total: usize,
    },
    /// One AES-128-GCM record: `nonce = write_iv || explicit_nonce`, `additional_data = seq_num ||
    /// type || version || length`, fragment = `explicit_nonce || ciphertext || tag`.
    Gcm {
        /// the implicit part of the nonce (write_IV, 4 bytes, from the key block)
        implicit_iv: Bytes,
        /// the explicit part (8 bytes, the sequence number, sent in the record)
        explicit_nonce: Bytes,
        /// the sequence number
        seq: u64,
        /// content type
        content_type: u8,
        /// record version
        version: u16,
        /// plaintext length
        length: usize,
        /// the 13 bytes of additional data
        aad: Bytes,
        /// the ciphertext (as long as the plaintext)
        ciphertext: Bytes,
        /// the 16-byte tag
        tag: Bytes,
    },
}
}

/// The DER DigestInfo prefix of SHA-256 (RFC 8017 §9.2 note 1).
pub const SHA256_DIGEST_INFO: [u8; 19] = [
    0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05,
    0x00, 0x04, 0x20,
];

/// The DER DigestInfo prefix of SHA-1 (RFC 8017 §9.2 note 1).
pub const SHA1_DIGEST_INFO: [u8; 15] = [
    0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e, 0x03, 0x02, 0x1a, 0x05, 0x00, 0x04, 0x14,
];

/// The DER DigestInfo prefix of SHA-384 (RFC 8017 §9.2 note 1).
pub const SHA384_DIGEST_INFO: [u8; 19] = [
    0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02, 0x05,
    0x00, 0x04, 0x30,
];

/// The DER DigestInfo prefix of SHA-512 (RFC 8017 §9.2 note 1).
pub const SHA512_DIGEST_INFO: [u8; 19] = [
    0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03, 0x05,
    0x00, 0x04, 0x40,
];

/// A hash function a PKCS#1 v1.5 signature names in its DigestInfo.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HashAlg {
    /// SHA-1 (only in the SHA-1 certificate failures)
    Sha1,
    /// SHA-256
    Sha256,
    /// SHA-384 (a CertificateVerify may use it)
    Sha384,
    /// SHA-512 (a CertificateVerify may use it)
    Sha512,
}

impl HashAlg {
    /// Its name in formulas: `SHA-256`, ...
    pub fn name(self) -> &'static str {
        match self {
            HashAlg::Sha1 => "SHA-1",
            HashAlg::Sha256 => "SHA-256",
            HashAlg::Sha384 => "SHA-384",
            HashAlg::Sha512 => "SHA-512",
        }
    }

    /// The DER DigestInfo prefix that names it in a signature block.
    pub fn digest_info(self) -> &'static [u8] {
        match self {
            HashAlg::Sha1 => &SHA1_DIGEST_INFO,
            HashAlg::Sha256 => &SHA256_DIGEST_INFO,
            HashAlg::Sha384 => &SHA384_DIGEST_INFO,
            HashAlg::Sha512 => &SHA512_DIGEST_INFO,
        }
    }

    /// The length of its output in bytes.
    pub fn output_len(self) -> usize {
        match self {
            HashAlg::Sha1 => 20,
            HashAlg::Sha256 => 32,
            HashAlg::Sha384 => 48,
            HashAlg::Sha512 => 64,
        }
    }
}

/// What a signature is over, which says who signs it: the CA (a certificate, a CRL), the server
/// (its CSR) or the client (its CertificateVerify).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Signed {
    /// a certificate's tbsCertificate, signed by its issuer
    TbsCertificate,
    /// a CSR's certificationRequestInfo, signed by the requester's own key
    CertificationRequestInfo,
    /// a CRL's tbsCertList, signed by the CA
    TbsCertList,
    /// the handshake messages so far, signed by the client (CertificateVerify)
    HandshakeMessages,
}

impl Signed {
    /// Its name in formulas: the ASN.1 or RFC 5246 name of the signed bytes.
    pub fn name(self) -> &'static str {
        match self {
            Signed::TbsCertificate => "tbsCertificate",
            Signed::CertificationRequestInfo => "certificationRequestInfo",
            Signed::TbsCertList => "tbsCertList",
            Signed::HandshakeMessages => "handshake_messages",
        }
    }
}

/// Why an RSA operation could not be done (the message is too long for the key, or the number is
/// not below the modulus).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RsaFailed;

fn be_pad(x: &BigUint, k: usize) -> Result<Vec<u8>, RsaFailed> {
    let b = x.to_bytes_be();
    if b.len() > k {
        return Err(RsaFailed);
    }
    let mut out = vec![0u8; k - b.len()];
    out.extend_from_slice(&b);
    Ok(out)
}

/// `x^e mod n`, k bytes.
pub fn rsa_public(key: &RsaPublicKey, x: &[u8]) -> Result<Vec<u8>, RsaFailed> {
    let m = BigUint::from_bytes_be(x);
    if &m >= key.n() {
        return Err(RsaFailed);
    }
    let c = rsa_encrypt(key, &m).map_err(|_| RsaFailed)?;
    be_pad(&c, key.size())
}

/// `x^d mod n` (CRT, checked by re-encryption), k bytes.
///
/// The private-key operation is the one expensive step of a run (a 2048-bit one costs a few
/// milliseconds natively, several times that in wasm), and a page re-runs the whole session on
/// every keystroke: most edits (a host name, the message) leave the CA's two signatures and the
/// server's decryption unchanged. So results are remembered, keyed by the key and the input: a
/// pure function's memo, invisible in the output (issue 11, "every keystroke within a frame").
pub fn rsa_private(key: &RsaPrivateKey, x: &[u8]) -> Result<Vec<u8>, RsaFailed> {
    if x.len() > key.size() {
        return Err(RsaFailed);
    }
    let id = memo_key(key, x);
    if let Some(hit) = PRIVATE_MEMO.with(|m| m.borrow().get(&id)) {
        return Ok(hit);
    }
    let c = BigUint::from_bytes_be(x);
    let m = rsa_decrypt_and_check(key, None::<&mut rand_chacha::ChaCha20Rng>, &c)
        .map_err(|_| RsaFailed)?;
    let out = be_pad(&m, key.size())?;
    PRIVATE_MEMO.with(|m| m.borrow_mut().put(id, out.clone()));
    Ok(out)
}

/// SHA-256 of (n, d, input): which private operation.
fn memo_key(key: &RsaPrivateKey, x: &[u8]) -> [u8; 32] {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    for part in [key.n().to_bytes_be(), key.d().to_bytes_be()] {
        h.update((part.len() as u32).to_be_bytes());
        h.update(&part);
    }
    h.update(x);
    h.finalize().into()
}

/// A small memo of the most recent results, oldest dropped first.
struct Memo {
    entries: std::collections::VecDeque<([u8; 32], Vec<u8>)>,
}

/// How many private-key results are kept: a session uses at most about six (the CA's root and
/// leaf signatures, a client certificate, the decryption, a CertificateVerify, the man in the
/// middle's), so a few sessions' worth.
const MEMO_CAP: usize = 32;

impl Memo {
    fn get(&self, k: &[u8; 32]) -> Option<Vec<u8>> {
        self.entries
            .iter()
            .find(|(id, _)| id == k)
            .map(|(_, v)| v.clone())
    }

    fn put(&mut self, k: [u8; 32], v: Vec<u8>) {
        if self.entries.len() >= MEMO_CAP {
            self.entries.pop_front();
        }
        self.entries.push_back((k, v));
    }
}

thread_local! {
    static PRIVATE_MEMO: std::cell::RefCell<Memo> = const {
        std::cell::RefCell::new(Memo { entries: std::collections::VecDeque::new() })
    };
}

/// EME-PKCS1-v1_5 encoding (RFC 8017 §7.2.1 step 2): `00 02 || PS || 00 || msg`, PS nonzero
/// random bytes drawn from `rng` (any zero byte is redrawn, one byte at a time, as the `rsa` crate
/// does, so the same seed gives the same block).
pub fn eme_pad<R: RngCore + CryptoRng>(
    rng: &mut R,
    msg: &[u8],
    k: usize,
) -> Result<Vec<u8>, RsaFailed> {
    if msg.len() + 11 > k {
        return Err(RsaFailed);
    }
    let mut em = vec![0u8; k];
    em[1] = 2;
    let ps = &mut em[2..k - msg.len() - 1];
    rng.fill_bytes(ps);
    for b in ps.iter_mut() {
        while *b == 0 {
            rng.fill_bytes(std::slice::from_mut(b));
        }
    }
    em[k - msg.len()..].copy_from_slice(msg);
    Ok(em)
}

/// The PS length of a well-formed EME-PKCS1-v1_5 block (`00 02`, at least 8 nonzero bytes, `00`),
/// else `None`.
pub fn eme_ps_len(em: &[u8]) -> Option<usize> {
    if em.len() < 11 || em[0] != 0 || em[1] != 2 {
        return None;
    }
    let zero = em[2..].iter().position(|b| *b == 0)?;
    (zero >= 8).then_some(zero)
}

/// EMSA-PKCS1-v1_5 encoding (RFC 8017 §9.2): `00 01 || FF..FF || 00 || DigestInfo(alg) ||
/// hash`, k bytes.
pub fn emsa(alg: HashAlg, hash: &[u8], k: usize) -> Result<Vec<u8>, RsaFailed> {
    let info = alg.digest_info();
    let t = info.len() + hash.len();
    if k < t + 11 {
        return Err(RsaFailed);
    }
    let mut em = vec![0xff; k];
    em[0] = 0;
    em[1] = 1;
    em[k - t - 1] = 0;
    em[k - t..k - hash.len()].copy_from_slice(info);
    em[k - hash.len()..].copy_from_slice(hash);
    Ok(em)
}

/// [`emsa`] with SHA-256.
pub fn emsa_sha256(hash: &[u8], k: usize) -> Result<Vec<u8>, RsaFailed> {
    emsa(HashAlg::Sha256, hash, k)
}

/// RSAES-PKCS1-v1_5-ENCRYPT of `msg` to `key`, with the math.
pub fn encrypt<R: RngCore + CryptoRng>(
    rng: &mut R,
    key: &RsaPublicKey,
    msg: &[u8],
) -> Result<(Vec<u8>, Math), RsaFailed> {
    let k = key.size();
    let em = eme_pad(rng, msg, k)?;
    let c = rsa_public(key, &em)?;
    let math = Math::RsaEncrypt {
        n: Bytes(key.n().to_bytes_be()),
        e: Bytes(key.e().to_bytes_be()),
        ps_len: k - msg.len() - 3,
        em: Bytes(em),
        c: Bytes(c.clone()),
    };
    Ok((c, math))
}

/// RSAES-PKCS1-v1_5-DECRYPT of `c` with `key`: the message if the block is well formed, and the
/// math either way.
pub fn decrypt(key: &RsaPrivateKey, c: &[u8]) -> (Option<Vec<u8>>, Math) {
    let k = key.size();
    let em = if c.len() == k {
        rsa_private(key, c).unwrap_or_default()
    } else {
        Vec::new()
    };
    let ps_len = eme_ps_len(&em);
    let m = ps_len.map(|p| em[p + 3..].to_vec());
    let math = Math::RsaDecrypt {
        n: Bytes(key.n().to_bytes_be()),
        d: Bytes(key.d().to_bytes_be()),
        c: Bytes(c.to_vec()),
        em: Bytes(em),
        ps_len,
    };
    (m, math)
}

/// RSASSA-PKCS1-v1_5-SIGN of `hash` (an `alg` hash of the `signed` bytes) with `key`, with the
/// math.
pub fn sign(
    key: &RsaPrivateKey,
    signed: Signed,
    alg: HashAlg,
    hash: &[u8],
) -> Result<(Vec<u8>, Math), RsaFailed> {
    if hash.len() != alg.output_len() {
        return Err(RsaFailed);
    }
    let em = emsa(alg, hash, key.size())?;
    let s = rsa_private(key, &em)?;
    let math = Math::RsaSign {
        signed,
        alg,
        n: Bytes(key.n().to_bytes_be()),
        d: Bytes(key.d().to_bytes_be()),
        digest_info: Bytes(alg.digest_info().to_vec()),
        hash: Bytes(hash.to_vec()),
        em: Bytes(em),
        s: Bytes(s.clone()),
    };
    Ok((s, math))
}

/// The verification math of signature `s` over `hash` (an `alg` hash of the `signed` bytes) with
/// `key` (the caller decides pass or fail; here `recovered == expected` is the whole test).
pub fn verify(key: &RsaPublicKey, signed: Signed, alg: HashAlg, hash: &[u8], s: &[u8]) -> Math {
    let k = key.size();
    let recovered = if s.len() == k {
        rsa_public(key, s).unwrap_or_default()
    } else {
        Vec::new()
    };
    Math::RsaVerify {
        signed,
        alg,
        n: Bytes(key.n().to_bytes_be()),
        e: Bytes(key.e().to_bytes_be()),
        s: Bytes(s.to_vec()),
        recovered: Bytes(recovered),
        expected: Bytes(emsa(alg, hash, k).unwrap_or_default()),
        hash: Bytes(hash.to_vec()),
    }
}

/// The HMAC chain of `PRF(secret, label, seed)` for `len` bytes, split into `parts`.
pub fn prf(secret: &[u8], label: &str, seed: &[u8], len: usize, parts: Vec<Part>) -> Math {
    let full = [label.as_bytes(), seed].concat();
    let (a, blocks) = crate::prf::p_sha256_chain(secret, &full, len);
    Math::Prf {
        secret: secret.into(),
        label: label.into(),
        seed: seed.into(),
        a: a.iter().map(|x| Bytes(x.to_vec())).collect(),
        blocks: blocks.iter().map(|x| Bytes(x.to_vec())).collect(),
        len,
        parts,
    }
}

/// The handshake messages in `hashed` (each a 4-byte header, type and 24-bit length, then the
/// body), for an `alg` hash over them. A truncated tail is listed as one last message of what
/// remains.
pub fn transcript_hash(alg: HashAlg, hashed: &[u8]) -> Math {
    let mut messages = Vec::new();
    let mut at = 0;
    while at < hashed.len() {
        let body = match hashed.get(at + 1..at + 4) {
            Some(l) => usize::from(l[0]) << 16 | usize::from(l[1]) << 8 | usize::from(l[2]),
            None => 0,
        };
        let len = (4 + body).min(hashed.len() - at);
        messages.push(Covered {
            typ: hashed[at],
            offset: at,
            len,
        });
        at += len;
    }
    Math::TranscriptHash {
        alg,
        messages,
        total: hashed.len(),
    }
}

/// The parts of one sealed record.
pub fn gcm(s: &crate::record::Sealed) -> Math {
    let f = &s.fragment;
    let a = &s.aad;
    let tag_at = f.len().saturating_sub(crate::record::TAG_LEN);
    let ct_at = crate::record::EXPLICIT_NONCE_LEN.min(tag_at);
    Math::Gcm {
        implicit_iv: s.nonce[..4].into(),
        explicit_nonce: f[..ct_at].into(),
        seq: s.seq,
        content_type: a[8],
        version: u16::from_be_bytes([a[9], a[10]]),
        length: usize::from(u16::from_be_bytes([a[11], a[12]])),
        aad: s.aad[..].into(),
        ciphertext: f[ct_at..tag_at].into(),
        tag: f[tag_at..].into(),
    }
}
