//! The math of a certificate signature check (issue 11): `s^e mod n` with the issuer's key next to
//! the block expected from the verifier's own SHA-256 of the tbsCertificate.

use super::der_walk::Tlv;
use super::fields::SHA256_WITH_RSA;
use super::verify::cert_public_key;
use crate::conn::derived;
use crate::math;
use crate::transcript::Derived;
use crate::vocab::ValueId;
use der::Decode;
use sha2::{Digest, Sha256};
use x509_cert::Certificate;

/// The derived values of checking the leaf's signature: the hash the verifier computes over the
/// tbsCertificate as received, and the block the signature opens to under the issuer's key (with
/// the math). The issuer is the first certificate named by the leaf's issuer among the rest of the
/// chain and the trust store; empty when there is none (the chain check fails first), the leaf
/// cannot be read, or it is not signed with SHA-256.
pub(crate) fn leaf_signature(chain: &[Vec<u8>], trust_store: &[Vec<u8>]) -> Vec<Derived> {
    let Some(leaf_der) = chain.first() else {
        return Vec::new();
    };
    let Ok(leaf) = Certificate::from_der(leaf_der) else {
        return Vec::new();
    };
    // Only sha256WithRSAEncryption is checked (SHA-1 is refused before any arithmetic).
    if leaf.signature_algorithm.oid != SHA256_WITH_RSA {
        return Vec::new();
    }
    let issuer_key = chain[1..]
        .iter()
        .chain(trust_store)
        .filter_map(|d| Certificate::from_der(d).ok())
        .filter(|c| c.tbs_certificate.subject == leaf.tbs_certificate.issuer)
        .find_map(|c| cert_public_key(&c).ok());
    let Some(key) = issuer_key else {
        return Vec::new();
    };
    // The signed bytes exactly as received (not re-encoded), as the check itself reads them.
    let Some(tbs) = Tlv::at(leaf_der, 0)
        .and_then(|top| Tlv::at(leaf_der, top.body))
        .ok()
        .map(|t| &leaf_der[t.start..t.end])
    else {
        return Vec::new();
    };
    let hash = Sha256::digest(tbs).to_vec();
    let s = leaf.signature.raw_bytes();
    let m = math::verify(
        &key,
        math::Signed::TbsCertificate,
        math::HashAlg::Sha256,
        &hash,
        s,
    );
    let recovered = match &m {
        math::Math::RsaVerify { recovered, .. } => recovered.0.clone(),
        _ => Vec::new(),
    };
    vec![
        derived(ValueId::TbsHash, "SHA-256(tbsCertificate)", &[], &hash),
        derived(
            ValueId::EncodedMessage,
            "signature^e mod n  (e, n: the issuer's public key)",
            &[(ValueId::Signature, s)],
            &recovered,
        )
        .math(m),
    ]
}
