//! The server's signature over its ephemeral parameters (RFC 5246 §7.4.3, RFC 8422 §5.4):
//! `Sign(server_key, Hash(client_random || server_random || params))`, made by the server and
//! checked by the client, each with the values the transcript shows.

use crate::conn::derived;
use crate::msg::{Hex, HsMsg, SigAlg};
use crate::msgs::ske::{KxParams, ServerKeyExchange};
use crate::sigalg;
use crate::transcript::{Check, Derived};
use crate::vocab::{CheckId, ValueId};
use rsa::{RsaPrivateKey, RsaPublicKey};

/// The hash's formula for a scheme.
fn formula(alg: u16) -> &'static str {
    match alg {
        sigalg::RSA_PKCS1_SHA384 => "SHA-384(client_random || server_random || params)",
        sigalg::RSA_PKCS1_SHA512 => "SHA-512(client_random || server_random || params)",
        _ => "SHA-256(client_random || server_random || params)",
    }
}

/// The signed data, its hash under `alg`, as derived values (the signature follows).
fn hashed(alg: u16, signed: &[u8]) -> Option<(Vec<u8>, Vec<Derived>)> {
    let (hash, _, _) = sigalg::digest(alg, signed)?;
    let d = vec![
        derived(ValueId::SkeSignedData, "", &[], signed).aside(HsMsg::SkeSignedAside {}),
        derived(
            ValueId::Hash,
            formula(alg),
            &[(ValueId::SkeSignedData, signed)],
            &hash,
        ),
    ];
    Some((hash, d))
}

/// The server signs its params with `alg` (one of [`sigalg::ACCEPTED`]).
pub fn sign(
    key: &RsaPrivateKey,
    alg: u16,
    randoms: (&[u8; 32], &[u8; 32]),
    params: &KxParams,
) -> Option<(Vec<u8>, Vec<Derived>)> {
    let signed = ServerKeyExchange::signed_data(randoms.0, randoms.1, params);
    let (hash, mut d) = hashed(alg, &signed)?;
    let signature = sigalg::sign(key, alg, &signed)?;
    d.push(derived(
        ValueId::SkeSignature,
        "RSASSA-PKCS1-v1_5-SIGN(server_private_key, hash)",
        &[(ValueId::Hash, &hash)],
        &signature,
    ));
    Some((signature, d))
}

/// The client checks the signature with the certificate's key: the check and the values;
/// `None` when `alg` is not one this engine offers.
pub fn verify(
    key: &RsaPublicKey,
    randoms: (&[u8; 32], &[u8; 32]),
    ske: &ServerKeyExchange,
) -> Option<(bool, Vec<Derived>, Check)> {
    let signed = ServerKeyExchange::signed_data(randoms.0, randoms.1, &ske.params);
    let (hash, mut d) = hashed(ske.algorithm, &signed)?;
    d.push(derived(ValueId::SkeSignature, "", &[], &ske.signature));
    let ok = sigalg::verify(key, ske.algorithm, &signed, &ske.signature);
    let check = Check {
        name: CheckId::SkeSignature,
        ok,
        detail: HsMsg::SkeSignatureDetail {
            alg: SigAlg(ske.algorithm),
            hash: Hex(hash),
        }
        .into(),
    };
    Some((ok, d, check))
}
