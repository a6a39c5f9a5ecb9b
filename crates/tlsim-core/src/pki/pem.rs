//! PEM helpers (RFC 7468): certificates and private keys.

use crate::error::Error;
use crate::msg::CertMsg;
use der::pem::LineEnding;
use der::Decode;
use rsa::pkcs1::DecodeRsaPrivateKey;
use rsa::pkcs8::{DecodePrivateKey, EncodePrivateKey};
use rsa::RsaPrivateKey;
use x509_cert::Certificate;

/// Parse a certificate PEM into DER (clear error on a mangled PEM). `what` names the input in
/// the error (e.g. `server_cert`, or a file name).
/// The first `CERTIFICATE` block is taken; the DER must parse as an X.509 certificate.
pub fn pem_to_der(pem: &str, what: &str) -> Result<Vec<u8>, Error> {
    let input = || what.to_string();
    let block = first_block(pem, what)?;
    let (label, der) = der::pem::decode_vec(block.as_bytes())
        .map_err(|_| Error::input(CertMsg::PemMangled { input: input() }))?;
    if label != "CERTIFICATE" {
        return Err(Error::input(CertMsg::PemNotCertificate {
            input: input(),
            label: label.into(),
        }));
    }
    Certificate::from_der(&der)
        .map_err(|_| Error::input(CertMsg::PemNoCertificate { input: input() }))?;
    Ok(der)
}

/// DER certificate to PEM ("CERTIFICATE").
pub fn cert_to_pem(der: &[u8]) -> String {
    // Encoding fails only for an invalid label or a length overflow, neither possible here.
    der::pem::encode_string("CERTIFICATE", LineEnding::LF, der).unwrap_or_default()
}

/// Private key to PKCS#8 PEM.
pub fn key_to_pem(key: &RsaPrivateKey) -> Result<String, Error> {
    key.to_pkcs8_pem(LineEnding::LF)
        .map(|z| z.to_string())
        .map_err(|_| Error::Internal(CertMsg::Pkcs8Encode {}.into()))
}

/// Private key from PKCS#8 (`PRIVATE KEY`) or PKCS#1 (`RSA PRIVATE KEY`) PEM. `what` names the
/// input in the error.
pub fn key_from_pem(pem: &str, what: &str) -> Result<RsaPrivateKey, Error> {
    let input = || what.to_string();
    let block = first_block(pem, what)?;
    let (label, _) = der::pem::decode_vec(block.as_bytes())
        .map_err(|_| Error::input(CertMsg::PemMangled { input: input() }))?;
    match label {
        "PRIVATE KEY" => RsaPrivateKey::from_pkcs8_pem(&block)
            .map_err(|_| Error::input(CertMsg::NotPkcs8RsaKey { input: input() })),
        "RSA PRIVATE KEY" => RsaPrivateKey::from_pkcs1_pem(&block)
            .map_err(|_| Error::input(CertMsg::NotPkcs1RsaKey { input: input() })),
        other => Err(Error::input(CertMsg::PemNotKey {
            input: input(),
            label: other.into(),
        })),
    }
}

/// The first `-----BEGIN ...-----` .. `-----END ...-----` block of `text`, with surrounding text
/// (OpenSSL's "Bag Attributes", blank lines) dropped and line endings normalised to LF.
fn first_block(text: &str, what: &str) -> Result<String, Error> {
    let input = || what.to_string();
    let text = text.replace("\r\n", "\n");
    let start = text
        .find("-----BEGIN ")
        .ok_or_else(|| Error::input(CertMsg::PemNoBegin { input: input() }))?;
    let rest = &text[start..];
    let end_marker = rest
        .find("-----END ")
        .ok_or_else(|| Error::input(CertMsg::PemNoEnd { input: input() }))?;
    let after = &rest[end_marker + 9..];
    let close = after
        .find("-----")
        .ok_or_else(|| Error::input(CertMsg::PemUnterminatedEnd { input: input() }))?;
    let mut block: String = rest[..end_marker + 9 + close + 5].to_string();
    block.push('\n');
    // Trim trailing spaces on every line (copy-paste from web pages).
    Ok(block
        .lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n")
        + "\n")
}
