//! Public-key infrastructure: keys, certificate issuance by the CA, and certificate verification.
//!
//! - [`load_key`] loads a builtin teaching key, a user PEM, or generates one from the seeded RNG;
//! - [`issue_ca`] and [`issue_leaf`] build real X.509 v3 certificates (DER) signed with
//!   RSA PKCS#1 v1.5 + SHA-256, and name every DER field for the UI ([`Issued::fields`]);
//! - [`verify_chain`] is the client's check of the server's chain, one [`Check`] per step;
//! - PEM helpers: [`pem_to_der`], [`cert_to_pem`], [`key_to_pem`], [`key_from_pem`].
//!
//! Nothing here reads a clock or the OS RNG: `now` and the RNG come in as arguments.

mod builtin;
mod crl;
mod csr;
mod der_walk;
mod fields;
mod issue;
mod keys;
mod pem;
mod sigmath;
mod verify;

use crate::error::Error;
use crate::transcript::{Check, Field};
use rsa::RsaPublicKey;

pub use builtin::{builtin_pem, BUILTIN_NAMES};
pub use crl::{crl_fields, crl_to_pem, issue_crl, Crl};
pub use csr::{build_csr, check_csr, csr_fields, dns_name_ok, Csr, CsrRequest};
pub use fields::cert_fields;
pub use issue::{issue, issue_ca, issue_leaf, CertRequest, Profile, SigHash, Signer};
pub use keys::{check_bits as check_key_bits, load_key, MAX_KEY_BITS, MIN_KEY_BITS};
pub use pem::{cert_to_pem, key_from_pem, key_to_pem, pem_to_der};
pub(crate) use sigmath::leaf_signature;
pub use verify::{
    cert_public_key, cert_public_key_der, host_matches, verify_chain, verify_path, CertPolicy,
};

/// A certificate as issued: DER plus the parts the UI explains.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Issued {
    /// The whole certificate, DER.
    pub der: Vec<u8>,
    /// The DER of tbsCertificate (what the CA signed).
    pub tbs: Vec<u8>,
    /// SHA-256(tbsCertificate).
    pub tbs_hash: Vec<u8>,
    /// The signature value (RSA PKCS#1 v1.5 with SHA-256, or SHA-1 in the SHA-1 failures).
    pub signature: Vec<u8>,
    /// How the CA computed it (EM and `s = EM^d mod n`, issue 11); `s` there differs from
    /// `signature` only under the forged-signature fault.
    pub sign_math: crate::math::Math,
    /// Named fields of `der` (version, serial, issuer, validity, subject, spki, extensions,
    /// signature), each meaning a [`CertMsg`](crate::msg::CertMsg).
    pub fields: Vec<Field>,
    /// The hash signed (SHA-256; SHA-1 only in the SHA-1 failures).
    pub hash: SigHash,
}

/// What the client learned from verifying the server's chain.
#[derive(Clone, Debug)]
pub struct Verified {
    /// Each check made, in order ([`crate::vocab::CheckId`] `Chain`, `CaSignature`, `Validity`,
    /// `HostName`), pass or fail, each detail a
    /// [`CertMsg`](crate::msg::CertMsg). Verification stops at the first failure, as a real
    /// client does.
    pub checks: Vec<Check>,
    /// The leaf's public key if every check passed, else the first failure.
    pub result: Result<RsaPublicKey, Error>,
}
