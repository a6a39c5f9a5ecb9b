//! What issuing and checking certificates says: the CA, the chain checks, keys and PEM.

use super::{messages, Hex, Msg, Time};
use crate::vocab::FieldName;

messages! {
    /// Messages of the PKI: issuance, verification, keys, PEM and DER.
    pub enum CertMsg / CertKey = "cert" {
        // ---- the client's checks of a certificate (pki::verify_chain) ----
        /// The certificate's issuer is not in the trust store.
        IssuerNotTrusted = "issuer_not_trusted" { issuer: String },
        /// The chain check failed: the issuer is not among the subjects of the trust store.
        IssuerNotInTrustStore = "issuer_not_in_trust_store" { issuer: String, trusted: Vec<String> },
        /// The chain check failed: the trust store is empty.
        TrustStoreEmpty = "trust_store_empty" { issuer: String },
        /// The chain check passed: the issuer is a trusted root.
        IssuerTrusted = "issuer_trusted" { issuer: String },
        /// The peer's Certificate message held no certificate.
        NoCertificate = "no_certificate" {},
        /// The certificate does not decode as X.509.
        Undecodable = "undecodable" {},
        /// The certificate's subjectPublicKeyInfo is not an RSA public key.
        KeyNotRsa = "key_not_rsa" {},
        /// The certificate is signed with `algorithm` (an OID name), not sha256WithRSAEncryption.
        UnsupportedSignatureAlgorithm = "unsupported_signature_algorithm" { algorithm: String },
        /// The signed bytes (tbsCertificate) cannot be found in the certificate, for `reason`.
        NoTbs = "no_tbs" { reason: Box<Msg> },
        /// The signature check passed: SHA-256(tbsCertificate) equals the hash recovered from the
        /// signature with the CA's public key.
        SignatureOk = "signature_ok" { hash: Hex, recovered: Hex },
        /// The signature check failed: the recovered hash differs from SHA-256(tbsCertificate).
        SignatureMismatch = "signature_mismatch" { hash: Hex, recovered: Hex },
        /// Nothing could be recovered from the signature with the CA's public key, because `why`.
        SignatureUnrecoverable = "signature_unrecoverable" { hash: Hex, why: Box<Msg> },
        /// The signature is `len` bytes; the CA's key needs `need`.
        SignatureLength = "signature_length" { len: usize, need: usize },
        /// s^e mod n (its first bytes `em_head`) is not a PKCS#1 v1.5 signature block.
        BadPadding = "bad_padding" { em_head: Hex },
        /// The validity check passed: notBefore <= now <= notAfter.
        ValidityOk = "validity_ok" { not_before: Time, not_after: Time, now: Time },
        /// The validity check failed: now is before notBefore.
        NotYetValid = "not_yet_valid" { not_before: Time, not_after: Time, now: Time },
        /// The validity check failed: now is after notAfter.
        Expired = "expired" { not_before: Time, not_after: Time, now: Time },
        /// The host name check passed: `host` matches the DNS subjectAltName `san`.
        HostMatches = "host_matches" { host: String, san: String },
        /// The host name check failed: `host` matches none of the DNS subjectAltNames `sans`.
        HostMismatch = "host_mismatch" { host: String, sans: Vec<String> },
        /// The host name check failed: the certificate has no DNS subjectAltName (the subject's CN
        /// is not used).
        NoDnsSan = "no_dns_san" { host: String },

        // ---- issue 12: the chain link by link, revocation, the CA's check of a CSR ----
        /// With more than one link, a check's `detail` about the certificate `subject`.
        OnCert = "on_cert" { subject: String, detail: Box<Msg> },
        /// The chain check passed: the issuer is a CA certificate the peer sent.
        IssuerSent = "issuer_sent" { issuer: String },
        /// The chain check failed: the leaf `subject` names itself as its issuer (self-signed)
        /// and is not in the trust store.
        SelfSignedLeaf = "self_signed_leaf" { subject: String },
        /// The chain check failed: more than `max` CA certificates below the root.
        ChainTooLong = "chain_too_long" { max: usize },
        /// The signature check failed: `algorithm` uses SHA-1, refused whether or not it verifies.
        Sha1Refused = "sha1_refused" { algorithm: String },
        /// basicConstraints passed: `issuer` is a CA without a path length limit.
        IsCa = "is_ca" { issuer: String },
        /// basicConstraints passed: `issuer` is a CA, pathLen `path_len`, `below` CAs under it.
        IsCaPathLen = "is_ca_path_len" { issuer: String, path_len: u64, below: usize },
        /// basicConstraints failed: `issuer` is not a CA (CA:FALSE or no basicConstraints) yet
        /// signed a certificate.
        NotCa = "not_ca" { issuer: String },
        /// basicConstraints failed: `issuer` allows `path_len` CAs under it; `below` are.
        PathLenExceeded = "path_len_exceeded" { issuer: String, path_len: u64, below: usize },
        /// keyUsage passed: `usage` is among the `flags`.
        KeyUsageOk = "key_usage_ok" { usage: String, flags: Vec<String> },
        /// keyUsage failed: `usage` is not among the `flags`.
        KeyUsageMissing = "key_usage_missing" { usage: String, flags: Vec<String> },
        /// keyUsage passed: no keyUsage extension, so `usage` is allowed.
        KeyUsageUnrestricted = "key_usage_unrestricted" { usage: String },
        /// extendedKeyUsage passed: `purpose` is listed.
        PurposeOk = "purpose_ok" { purpose: String },
        /// extendedKeyUsage failed: `purpose` is not among `purposes`.
        PurposeMissing = "purpose_missing" { purpose: String, purposes: Vec<String> },
        /// extendedKeyUsage passed: no extendedKeyUsage extension, so any purpose.
        PurposeUnrestricted = "purpose_unrestricted" { purpose: String },
        /// The key size check passed: `bits` bits, the minimum `min`.
        KeySizeOk = "key_size_ok" { bits: usize, min: usize },
        /// The key size check failed: `bits` bits, under the client's minimum `min`.
        KeyBelowMinimum = "key_below_minimum" { bits: usize, min: usize },
        /// Revocation passed: serial `serial` is not on the CRL of `issuer` dated `this_update`.
        NotRevoked = "not_revoked" { serial: Hex, issuer: String, this_update: Time },
        /// Revocation failed: `issuer` revoked serial `serial` on `date`.
        CertRevoked = "cert_revoked" { serial: Hex, issuer: String, date: Time },
        /// Revocation failed: no CRL of `issuer` with a valid signature.
        NoCrl = "no_crl" { issuer: String },
        /// Revocation failed: the CRL of `issuer` is not current at `now`.
        CrlNotCurrent = "crl_not_current" { issuer: String, this_update: Time, next_update: Time, now: Time },
        /// The CSR does not decode as PKCS#10.
        CsrUndecodable = "csr_undecodable" {},
        /// The CSR's signature verifies under its own public key: the sender holds the private key.
        CsrSignatureOk = "csr_signature_ok" { hash: Hex },
        /// The CSR's signature does not verify under its own public key: the CA refuses.
        CsrSignatureBad = "csr_signature_bad" { hash: Hex },
        /// The CA's policy: the CSR has no subject CN.
        CsrNoCn = "csr_no_cn" {},
        /// The CA's policy: `name` is not a DNS name it can certify.
        CsrBadName = "csr_bad_name" { name: String },
        /// The CA's policy: a `bits`-bit key; it signs `min` to `max`.
        CsrKeySize = "csr_key_size" { bits: usize, min: usize, max: usize },
        /// The CA's policy accepts: CN `cn`, names `sans`, a `bits`-bit RSA key; the dates and
        /// extensions are the CA's own.
        CsrPolicyOk = "csr_policy_ok" { cn: String, sans: Vec<String>, bits: usize },
        /// A CSR's version (PKCS#10 v1, encoded 0).
        CsrVersion = "csr_version" {},
        /// certificationRequestInfo: what the server signs.
        CsrInfo = "csr_info" {},
        /// The CSR's attributes: `count` of them.
        CsrAttributes = "csr_attributes" { count: usize },
        /// The extensionRequest attribute: the extensions the server asks the CA to put in.
        ExtensionRequestAttr = "extension_request_attr" {},
        /// The CSR's signature: made with the server's own private key, `len` bytes beginning `head`.
        CsrSignatureValue = "csr_signature_value" { head: Hex, len: usize },
        /// The CRL does not decode.
        CrlUndecodable = "crl_undecodable" {},
        /// tbsCertList: the part the CA signs.
        CrlTbs = "crl_tbs" {},
        /// revokedCertificates: `count` entries.
        RevokedList = "revoked_list" { count: usize },
        /// revocationDate.
        RevokedAt = "revoked_at" { time: Time },
        /// cRLNumber: the CRL's sequence number.
        CrlNumberValue = "crl_number_value" { value: Hex },

        // ---- decoding a certificate's DER ----
        /// A Certificate is a SEQUENCE of 3 elements.
        CertificateShape = "certificate_shape" {},
        /// A subjectPublicKeyInfo is a SEQUENCE of 2 elements.
        SpkiShape = "spki_shape" {},
        /// tbsCertificate ends before its `field`.
        TbsLacks = "tbs_lacks" { field: FieldName },
        /// DER: the input ends where a tag byte is due, at `offset`.
        DerNoTag = "der_no_tag" { offset: usize },
        /// DER: a multi-byte tag at `offset` (X.509 uses none).
        DerLongTag = "der_long_tag" { offset: usize },
        /// DER: the input ends where a length byte is due, at the TLV at `offset`.
        DerNoLength = "der_no_length" { offset: usize },
        /// DER: a length encoding this reader does not take (indefinite, or over 4 bytes).
        DerLengthEncoding = "der_length_encoding" { offset: usize },
        /// DER: the long-form length bytes are cut off.
        DerLengthTruncated = "der_length_truncated" { offset: usize },
        /// DER: the length overflows.
        DerLengthOverflow = "der_length_overflow" { offset: usize },
        /// DER: a length `len` at `offset` runs past the end of the `total` bytes.
        DerPastEnd = "der_past_end" { offset: usize, len: usize, total: usize },
        /// DER: the TLV at `offset` runs past the end of the one that holds it.
        DerChildPastParent = "der_child_past_parent" { offset: usize },

        // ---- what a certificate's fields mean ----
        /// tbsCertificate: the part the CA signs (SHA-256 of these bytes).
        Tbs = "tbs" {},
        /// X.509 `version`, encoded as `encoded` (version - 1).
        CertVersion = "cert_version" { version: u64, encoded: u64 },
        /// serialNumber, in hex.
        Serial = "serial" { value: Hex },
        /// A signature algorithm (an OID name).
        SignatureAlgorithm = "signature_algorithm" { algorithm: String },
        /// A distinguished name (issuer, subject), as is.
        Name = "name" { name: String },
        /// validity: from `not_before` to `not_after`.
        ValidityPeriod = "validity_period" { not_before: Time, not_after: Time },
        /// A time encoded as UTCTime (through 2049).
        UtcTime = "utc_time" { time: Time },
        /// A time encoded as GeneralizedTime (from 2050).
        GeneralizedTime = "generalized_time" { time: Time },
        /// subjectPublicKeyInfo: a public key of `algorithm` (an OID name).
        PublicKeyInfo = "public_key_info" { algorithm: String },
        /// The key algorithm (an OID name) inside subjectPublicKeyInfo.
        KeyAlgorithm = "key_algorithm" { algorithm: String },
        /// subjectPublicKey: a BIT STRING holding RSAPublicKey (PKCS #1).
        RsaPublicKeyBits = "rsa_public_key_bits" {},
        /// The modulus n: `bits` bits, `len` bytes, beginning `head`.
        Modulus = "modulus" { bits: usize, head: Hex, len: usize },
        /// The public exponent e.
        PublicExponent = "public_exponent" { e: u64 },
        /// The X.509 v3 extensions.
        Extensions = "extensions" {},
        /// A critical extension (a verifier that does not know it must reject the certificate),
        /// meaning `meaning`.
        Critical = "critical" { meaning: Box<Msg> },
        /// basicConstraints CA:TRUE.
        CaTrue = "ca_true" {},
        /// basicConstraints CA:FALSE.
        CaFalse = "ca_false" {},
        /// basicConstraints CA:TRUE with a path length constraint.
        CaPathLen = "ca_path_len" { path_len: u64 },
        /// keyUsage: the flags set (their RFC 5280 names).
        KeyUsage = "key_usage" { flags: Vec<String> },
        /// extendedKeyUsage: the purposes (OID names).
        ExtKeyUsage = "ext_key_usage" { purposes: Vec<String> },
        /// subjectAltName: the names (`DNS:name`, or another GeneralName).
        SubjectAltNames = "subject_alt_names" { names: Vec<String> },
        /// subjectKeyIdentifier.
        SubjectKeyId = "subject_key_id" { id: Hex },
        /// authorityKeyIdentifier: the issuer's key identifier.
        AuthorityKeyId = "authority_key_id" { id: Hex },
        /// authorityKeyIdentifier without a key identifier.
        NoAuthorityKeyId = "no_authority_key_id" {},
        /// An extension whose value does not decode.
        ExtUndecodable = "ext_undecodable" {},
        /// An extension this engine does not name: its OID and the length of its value.
        UnknownExtension = "unknown_extension" { oid: String, len: usize },
        /// signatureValue: the CA's RSA signature over SHA-256(tbsCertificate), `len` bytes
        /// beginning `head`.
        SignatureValue = "signature_value" { head: Hex, len: usize },

        // ---- the CA issuing ----
        /// An engine error: `field` could not be DER-encoded.
        EncodeFailed = "encode_failed" { field: FieldName },
        /// An engine error: RSA signing failed.
        SigningFailed = "signing_failed" {},
        /// The date `input` (`secs` Unix seconds) is before 1970.
        DateBefore1970 = "date_before_1970" { input: String, secs: i64 },
        /// The date `input` (`secs` Unix seconds) cannot be written in a certificate.
        DateNotRepresentable = "date_not_representable" { input: String, secs: i64 },
        /// notAfter is before notBefore.
        DatesReversed = "dates_reversed" { not_before: Time, not_after: Time },
        /// The serial number is empty or zero.
        SerialNotPositive = "serial_not_positive" {},
        /// The serial number is `len` bytes; at most `max` are allowed.
        SerialTooLong = "serial_too_long" { len: usize, max: usize },
        /// The issuer certificate does not decode as X.509.
        IssuerCertInvalid = "issuer_cert_invalid" {},
        /// The issuer key is not the key of the issuer certificate.
        IssuerKeyMismatch = "issuer_key_mismatch" {},
        /// A subjectAltName that is not ASCII.
        SanNotAscii = "san_not_ascii" { san: String },

        // ---- keys and PEM ----
        /// `input` names a builtin key `name` that does not exist (`known` do).
        UnknownBuiltinKey = "unknown_builtin_key" { input: String, name: String, known: Vec<String> },
        /// An engine error: generating the `bits`-bit key `input` failed.
        KeyGenFailed = "key_gen_failed" { input: String, bits: usize },
        /// The key `input` is `bits` bits; the simulator takes a multiple of 8 from `min` to `max`.
        KeySizeOutOfRange = "key_size_out_of_range" { input: String, bits: usize, min: usize, max: usize },
        /// The key size asked for `input` is under `min` bits.
        KeyTooSmall = "key_too_small" { input: String, bits: usize, min: usize },
        /// The key size asked for `input` is over `max` bits.
        KeyTooLarge = "key_too_large" { input: String, bits: usize, max: usize },
        /// The key size asked for `input` is not a multiple of 8.
        KeyBitsNotByteMultiple = "key_bits_not_byte_multiple" { input: String, bits: usize },
        /// `input` has no `-----BEGIN` line: it is not PEM.
        PemNoBegin = "pem_no_begin" { input: String },
        /// `input` has no `-----END` line.
        PemNoEnd = "pem_no_end" { input: String },
        /// `input` has an unterminated `-----END` line.
        PemUnterminatedEnd = "pem_unterminated_end" { input: String },
        /// `input` is mangled PEM (bad base64 or headers).
        PemMangled = "pem_mangled" { input: String },
        /// `input` holds a PEM block labelled `label`, not CERTIFICATE.
        PemNotCertificate = "pem_not_certificate" { input: String, label: String },
        /// `input` is a CERTIFICATE block that holds no valid X.509 certificate.
        PemNoCertificate = "pem_no_certificate" { input: String },
        /// `input` holds a PEM block labelled `label`, not PRIVATE KEY or RSA PRIVATE KEY.
        PemNotKey = "pem_not_key" { input: String, label: String },
        /// `input` is a PRIVATE KEY block that holds no RSA PKCS#8 key.
        NotPkcs8RsaKey = "not_pkcs8_rsa_key" { input: String },
        /// `input` is an RSA PRIVATE KEY block that holds no PKCS#1 key.
        NotPkcs1RsaKey = "not_pkcs1_rsa_key" { input: String },
        /// An engine error: the key cannot be encoded as PKCS#8.
        Pkcs8Encode = "pkcs8_encode" {},

        // ---- the key schedule's asides (keys::Secrets) ----
        /// The pre-master secret is chosen by the client: its offered version, then 46 random
        /// bytes.
        PreMasterAside = "pre_master_aside" {},
        /// RFC 7627's session_hash covers the handshake messages from ClientHello up to and
        /// including ClientKeyExchange.
        SessionHashAside = "session_hash_aside" {},
        /// A write IV is the implicit part of the AES-GCM nonce.
        WriteIvAside = "write_iv_aside" {},
        /// The Finished hash covers every handshake message so far, this Finished excluded.
        HandshakeHashAside = "handshake_hash_aside" {},
    }
}
