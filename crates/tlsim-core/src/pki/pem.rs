//! PEM helpers (RFC 7468): certificates and private keys.

use crate::error::Error;
use der::pem::LineEnding;
use der::Decode;
use rsa::pkcs1::DecodeRsaPrivateKey;
use rsa::pkcs8::{DecodePrivateKey, EncodePrivateKey};
use rsa::RsaPrivateKey;
use x509_cert::Certificate;

/// Parse a certificate PEM into DER (clear error on a mangled PEM).
/// The first `CERTIFICATE` block is taken; the DER must parse as an X.509 certificate.
pub fn pem_to_der(pem: &str, what: &str) -> Result<Vec<u8>, Error> {
    let block = first_block(pem, what)?;
    let (label, der) = der::pem::decode_vec(block.as_bytes())
        .map_err(|e| Error::input(what, format!("mangled PEM: {e}")))?;
    if label != "CERTIFICATE" {
        return Err(Error::input(
            what,
            format!("expected a CERTIFICATE PEM block, got {label:?}"),
        ));
    }
    Certificate::from_der(&der).map_err(|e| {
        Error::input(
            what,
            format!("the PEM holds no valid X.509 certificate: {e}"),
        )
    })?;
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
        .map_err(|e| Error::Internal(format!("cannot encode the key as PKCS#8: {e}")))
}

/// Private key from PKCS#8 (`PRIVATE KEY`) or PKCS#1 (`RSA PRIVATE KEY`) PEM.
pub fn key_from_pem(pem: &str, what: &str) -> Result<RsaPrivateKey, Error> {
    let block = first_block(pem, what)?;
    let (label, _) = der::pem::decode_vec(block.as_bytes())
        .map_err(|e| Error::input(what, format!("mangled PEM: {e}")))?;
    match label {
        "PRIVATE KEY" => RsaPrivateKey::from_pkcs8_pem(&block)
            .map_err(|e| Error::input(what, format!("not an RSA PKCS#8 private key: {e}"))),
        "RSA PRIVATE KEY" => RsaPrivateKey::from_pkcs1_pem(&block)
            .map_err(|e| Error::input(what, format!("not a PKCS#1 RSA private key: {e}"))),
        other => Err(Error::input(
            what,
            format!("expected a PRIVATE KEY or RSA PRIVATE KEY PEM block, got {other:?}"),
        )),
    }
}

/// The first `-----BEGIN ...-----` .. `-----END ...-----` block of `text`, with surrounding text
/// (OpenSSL's "Bag Attributes", blank lines) dropped and line endings normalised to LF.
fn first_block(text: &str, what: &str) -> Result<String, Error> {
    let text = text.replace("\r\n", "\n");
    let start = text
        .find("-----BEGIN ")
        .ok_or_else(|| Error::input(what, "no \"-----BEGIN\" line: this is not PEM"))?;
    let rest = &text[start..];
    let end_marker = rest
        .find("-----END ")
        .ok_or_else(|| Error::input(what, "mangled PEM: no \"-----END\" line"))?;
    let after = &rest[end_marker + 9..];
    let close = after
        .find("-----")
        .ok_or_else(|| Error::input(what, "mangled PEM: unterminated \"-----END\" line"))?;
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
