//! What the bytes of a record's fields mean (the byte map of a message step).

use super::{messages, Hex, SigAlg, Suite, Version};
use crate::error::AlertDescription;

messages! {
    /// Field meanings for the byte map of a TLS record.
    pub enum FieldMsg / FieldKey = "field" {
        /// A wire enum: its name and value, e.g. handshake (22).
        Named = "named" { name: String, value: u64 },
        /// A protocol version.
        Version = "version" { version: Version },
        /// `len` bytes follow.
        Follow = "follow" { len: usize },
        /// The explicit nonce: the sequence number, sent so the receiver can build the nonce.
        ExplicitNonce = "explicit_nonce" {},
        /// `len` bytes of AES-128-GCM ciphertext of a `content` record.
        EncryptedContent = "encrypted_content" { len: usize, content: String },
        /// The GCM tag over ciphertext and additional data.
        Tag = "tag" {},
        /// A fatal alert level.
        AlertFatal = "alert_fatal" { value: u8 },
        /// A warning alert level.
        AlertWarning = "alert_warning" { value: u8 },
        /// An alert description.
        AlertDescription = "alert_description" { alert: AlertDescription, code: u8 },
        /// The length of a handshake message's body.
        HandshakeLength = "handshake_length" { len: usize, name: String },
        /// The RSA-encrypted pre-master secret (2-byte length first).
        EncryptedPreMaster = "encrypted_pre_master" { len: usize },
        /// A signature scheme.
        SigAlg = "sig_alg" { alg: SigAlg },
        /// An RSA signature of `len` bytes (2-byte length first).
        Signature = "signature" { len: usize },
        /// Bytes shown as hex (a random, verify_data).
        Hex = "hex" { value: Hex },
        /// An empty session ID.
        SessionIdEmpty = "session_id_empty" {},
        /// A session ID of `len` bytes.
        SessionId = "session_id" { len: usize, value: Hex },
        /// `count` cipher suites offered.
        CipherSuites = "cipher_suites" { count: usize },
        /// One cipher suite.
        CipherSuite = "cipher_suite" { suite: Suite },
        /// The compression methods offered (0 = null).
        CompressionMethods = "compression_methods" { methods: Hex },
        /// The compression method chosen (0 = null).
        CompressionMethod = "compression_method" { value: u8 },
        /// `len` bytes of extensions.
        Extensions = "extensions" { len: usize },
        /// server_name: the host the client asks for.
        ServerName = "server_name" { host: String },
        /// extended_master_secret (RFC 7627), empty.
        ExtendedMasterSecret = "extended_master_secret" {},
        /// renegotiation_info (RFC 5746) empty: this is a first handshake.
        RenegotiationInfoEmpty = "renegotiation_info_empty" {},
        /// renegotiation_info (RFC 5746) with a previous Finished: a renegotiation.
        RenegotiationInfo = "renegotiation_info" { value: Hex },
        /// signature_algorithms: the schemes offered.
        SignatureAlgorithms = "signature_algorithms" { algs: Vec<SigAlg> },
        /// An extension this engine does not name.
        OtherExtension = "other_extension" { name: String, len: usize },
        /// `len` bytes of certificates.
        CertificateList = "certificate_list" { len: usize },
        /// One X.509 certificate of `len` bytes of DER (3-byte length first).
        Certificate = "certificate" { len: usize },
        /// CertificateRequest.certificate_types (1 = rsa_sign).
        CertificateTypes = "certificate_types" { types: Hex },
        /// CertificateRequest.supported_signature_algorithms.
        SupportedSignatureAlgorithms = "supported_signature_algorithms" { algs: Vec<SigAlg> },
        /// `len` bytes of DER distinguished names.
        CertificateAuthorities = "certificate_authorities" { len: usize },
        // ---- (EC)DHE (issue 13) ----
        /// supported_groups: the groups the client takes, in its order.
        SupportedGroups = "supported_groups" { groups: Vec<String> },
        /// ec_point_formats (0 = uncompressed).
        EcPointFormats = "ec_point_formats" { formats: Hex },
        /// curve_type 3: a named curve follows.
        NamedCurveType = "named_curve_type" {},
        /// The named group.
        Group = "group" { group: String },
        /// An elliptic-curve point of `len` bytes (1-byte length first).
        EcPoint = "ec_point" { len: usize },
        /// The DH prime p, `bits` bits (2-byte length first).
        DhPrime = "dh_prime" { bits: usize },
        /// The DH generator g (2-byte length first).
        DhGenerator = "dh_generator" { len: usize },
        /// A DH public value of `len` bytes (2-byte length first).
        DhPublic = "dh_public" { len: usize },
        /// session_ticket, empty: the client asks for a ticket, or the server will send one.
        SessionTicketEmpty = "session_ticket_empty" {},
        /// session_ticket with a ticket of `len` bytes: the client resumes with it.
        SessionTicket = "session_ticket" { len: usize },
        /// The client may keep the ticket `seconds` seconds (0: unspecified).
        TicketLifetimeHint = "ticket_lifetime_hint" { seconds: u32 },
        /// A ticket of `len` bytes, opaque to the client.
        Ticket = "ticket" { len: usize },
        // ---- TLS 1.3 (issue 15, RFC 8446) ----
        /// A TLS 1.3 hello's legacy_version: 0x0303, the real version is in supported_versions.
        LegacyVersion = "legacy_version" { version: Version },
        /// supported_versions in a ClientHello: the versions offered, in preference order.
        SupportedVersionsOffered = "supported_versions_offered" { versions: Vec<Version> },
        /// supported_versions in a ServerHello or HelloRetryRequest: the version chosen.
        SupportedVersionSelected = "supported_version_selected" { version: Version },
        /// key_share in a ClientHello: `count` key shares, `len` bytes.
        KeyShares = "key_shares" { count: usize, len: usize },
        /// key_share in a ServerHello: the server's share for `group`.
        KeyShareServer = "key_share_server" { group: String },
        /// key_share in a HelloRetryRequest: the client must retry with a share for `group`.
        KeyShareRetry = "key_share_retry" { group: String },
        /// One KeyShareEntry: a public value for `group`.
        KeyShareEntry = "key_share_entry" { group: String, len: usize },
        /// A key_exchange value (a public key) of `len` bytes (2-byte length first).
        KeyExchange = "key_exchange" { len: usize },
        /// server_name from a server, empty: it used the name the client sent.
        ServerNameAck = "server_name_ack" {},
        /// ServerHello.random is SHA-256("HelloRetryRequest"): this is a HelloRetryRequest.
        HelloRetryRequestRandom = "hello_retry_request_random" {},
        /// ServerHello.random ends in the downgrade sentinel for `version` (RFC 8446 §4.1.3).
        DowngradeSentinel = "downgrade_sentinel" { value: Hex, version: Version },
        /// certificate_request_context of `len` bytes (empty in a server's Certificate).
        CertificateRequestContext = "certificate_request_context" { len: usize },
        /// One CertificateEntry: a certificate and its extensions, `len` bytes.
        CertificateEntry = "certificate_entry" { len: usize },
        /// The ticket may be used for `seconds` seconds.
        TicketLifetime = "ticket_lifetime" { seconds: u32 },
        /// ticket_age_add: added to the ticket's age the client reports, to hide it.
        TicketAgeAdd = "ticket_age_add" { value: u32 },
        /// ticket_nonce: makes each ticket's PSK unique.
        TicketNonce = "ticket_nonce" { value: Hex },
    }
}
