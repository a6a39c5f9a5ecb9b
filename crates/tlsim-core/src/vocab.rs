//! The transcript's vocabulary: every step kind, check, derived value and field name the core can
//! emit, as enums. Each serializes as its stable snake_case name (the same names the JSON export
//! has always carried), and each lists all its values in `ALL`, so that the front ends' texts are
//! tested for completeness from the enums themselves.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Declares a fieldless enum with a stable snake_case name per variant, `ALL`, `name()`,
/// `from_name()`, and `Serialize`/`Deserialize` as the name.
macro_rules! named_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident { $( $(#[$vmeta:meta])* $variant:ident = $text:literal ),* $(,)? }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        $vis enum $name { $( $(#[$vmeta])* $variant ),* }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[ $( $name::$variant ),* ];

            /// The stable snake_case name (JSON, URLs, text keys).
            pub fn name(self) -> &'static str {
                match self { $( $name::$variant => $text ),* }
            }

            /// The value of a stable name (a search of `ALL`: far less code than a `match` on
            /// the strings, which matters in the page's .wasm).
            pub fn from_name(s: &str) -> Option<Self> {
                Self::ALL.iter().copied().find(|v| v.name() == s)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.name())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = String::deserialize(d)?;
                $name::from_name(&s)
                    .ok_or_else(|| serde::de::Error::custom(format!("unknown {} {s:?}", stringify!($name))))
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.name())
            }
        }
    };
}

named_enum! {
    /// What a step is: its texts (title, explanation) are looked up by this key.
    pub enum StepKey {
        /// The CA makes its self-signed root certificate.
        IssueCaCert = "issue_ca_cert",
        /// The CA issues the server's certificate.
        IssueServerCert = "issue_server_cert",
        /// The CA issues the client's certificate (mutual TLS).
        IssueClientCert = "issue_client_cert",
        /// ClientHello.
        ClientHello = "client_hello",
        /// ServerHello.
        ServerHello = "server_hello",
        /// The server's Certificate.
        Certificate = "certificate",
        /// CertificateRequest (mutual TLS).
        CertificateRequest = "certificate_request",
        /// ServerHelloDone.
        ServerHelloDone = "server_hello_done",
        /// The client checks the server's certificate.
        VerifyServerCert = "verify_server_cert",
        /// The client's Certificate (mutual TLS).
        ClientCertificate = "client_certificate",
        /// The server checks the client's certificate.
        VerifyClientCert = "verify_client_cert",
        /// ClientKeyExchange (the encrypted pre-master secret).
        ClientKeyExchange = "client_key_exchange",
        /// The server decrypts the pre-master secret.
        DecryptPreMaster = "decrypt_pre_master",
        /// The client derives the master secret and keys.
        DeriveKeysClient = "derive_keys_client",
        /// The server derives the master secret and keys.
        DeriveKeysServer = "derive_keys_server",
        /// CertificateVerify (mutual TLS).
        CertificateVerify = "certificate_verify",
        /// The server checks the client's CertificateVerify signature.
        VerifyCertificateVerify = "verify_certificate_verify",
        /// The client's ChangeCipherSpec.
        ChangeCipherSpecClient = "change_cipher_spec_client",
        /// The client's Finished.
        FinishedClient = "finished_client",
        /// The server checks the client's Finished.
        VerifyFinishedServer = "verify_finished_server",
        /// The server's ChangeCipherSpec.
        ChangeCipherSpecServer = "change_cipher_spec_server",
        /// The server's Finished.
        FinishedServer = "finished_server",
        /// The client checks the server's Finished.
        VerifyFinishedClient = "verify_finished_client",
        /// Application data from the client.
        AppDataClient = "app_data_client",
        /// Application data from the server.
        AppDataServer = "app_data_server",
        /// The client's close_notify.
        CloseNotifyClient = "close_notify_client",
        /// The server's close_notify.
        CloseNotifyServer = "close_notify_server",
        /// The network flips a byte in flight.
        Tamper = "tamper",
        /// The man in the middle presents his own certificate in place of the server's.
        Mitm = "mitm",
        /// The man in the middle reads the pre-master secret with his own key.
        MitmReadPreMaster = "mitm_read_pre_master",
        /// The man in the middle reads application data and re-encrypts it for the other side.
        MitmReencrypt = "mitm_reencrypt",
        /// A fatal alert ends the session.
        Alert = "alert",
        /// The man in the middle's client checks the real server's certificate.
        MitmVerifyServerCert = "mitm_verify_server_cert",
        /// The man in the middle checks a Finished on one of his two connections.
        MitmVerifyFinished = "mitm_verify_finished",
        /// One side refuses the other's request to renegotiate with a warning alert.
        NoRenegotiation = "no_renegotiation",
        // ---- issue 12: the CA as it really works ----
        /// The server sends its certificate signing request (PKCS#10) to the CA.
        ServerCsr = "server_csr",
        /// The CA checks the CSR (proof of possession) and its policy.
        VerifyCsr = "verify_csr",
        /// The root CA issues an intermediate CA's certificate.
        IssueIntermediateCert = "issue_intermediate_cert",
        /// A CA publishes its certificate revocation list (CRL) and the client fetches it.
        PublishCrl = "publish_crl",
        /// ServerKeyExchange: the server's ephemeral public value, signed.
        ServerKeyExchange = "server_key_exchange",
        /// The client checks the ServerKeyExchange signature.
        VerifyServerKeyExchange = "verify_server_key_exchange",
        /// The server computes the shared secret from the client's public value.
        ComputeSharedServer = "compute_shared_server",
        // ---- issue 14: session resumption ----
        /// The server's NewSessionTicket (RFC 5077 §3.3).
        NewSessionTicket = "new_session_ticket",
        /// The client keeps the session (ID, ticket, master secret) for a later connection.
        StoreSession = "store_session",
        /// A new connection: the client offers the session it kept.
        Reconnect = "reconnect",
        /// The server looks the offered session up (its cache, or the ticket it opens).
        LookupSession = "lookup_session",
        /// The server resumes: keys from the session's master secret and the new randoms.
        DeriveKeysResumedServer = "derive_keys_resumed_server",
        /// The client sees its session accepted and derives the same keys.
        DeriveKeysResumedClient = "derive_keys_resumed_client",
        // ---- issue 15: TLS 1.3 on real sockets (version negotiation, client certificates) ----
        /// The client reads the version the server chose from ServerHello.
        NegotiateVersion = "negotiate_version",
        /// The server asks the TLS 1.3 client for a certificate (CertificateRequest).
        CertificateRequest13 = "certificate_request_13",
        /// The client's TLS 1.3 Certificate (its chain, or none).
        Certificate13Client = "certificate_13_client",
        /// The client's TLS 1.3 CertificateVerify.
        CertificateVerify13Client = "certificate_verify_13_client",
        // ---- issue 15: TLS 1.3 ----
        /// The client's TLS 1.3 ClientHello, with supported_versions and a key share.
        ClientHello13 = "client_hello_13",
        /// The server asks for a key share in another group (HelloRetryRequest).
        HelloRetryRequest = "hello_retry_request",
        /// The client's second ClientHello, with the share the server asked for.
        ClientHello13Retry = "client_hello_13_retry",
        /// The server's TLS 1.3 ServerHello, with its key share.
        ServerHello13 = "server_hello_13",
        /// The server's middlebox-compatibility ChangeCipherSpec (RFC 8446 Appendix D.4).
        CompatCcsServer = "compat_ccs_server",
        /// The client's middlebox-compatibility ChangeCipherSpec.
        CompatCcsClient = "compat_ccs_client",
        /// The server derives the handshake secret and handshake traffic keys.
        DeriveHandshakeKeys13Server = "derive_handshake_keys_13_server",
        /// The client derives the same handshake secret and keys.
        DeriveHandshakeKeys13Client = "derive_handshake_keys_13_client",
        /// The server's EncryptedExtensions, its first encrypted message.
        EncryptedExtensions = "encrypted_extensions",
        /// The server's TLS 1.3 Certificate.
        Certificate13 = "certificate_13",
        /// The server's CertificateVerify: its signature over the transcript.
        CertificateVerify13 = "certificate_verify_13",
        /// The client checks the server's CertificateVerify.
        VerifyCertificateVerify13 = "verify_certificate_verify_13",
        /// The server's TLS 1.3 Finished.
        Finished13Server = "finished_13_server",
        /// The client checks the server's Finished.
        VerifyFinished13Client = "verify_finished_13_client",
        /// The server derives the master secret and application traffic keys.
        DeriveAppKeys13Server = "derive_app_keys_13_server",
        /// The client derives the master secret and application traffic keys.
        DeriveAppKeys13Client = "derive_app_keys_13_client",
        /// The client's TLS 1.3 Finished.
        Finished13Client = "finished_13_client",
        /// The server checks the client's Finished.
        VerifyFinished13Server = "verify_finished_13_server",
        /// The client checks a ServerHello that does not select TLS 1.3 for the downgrade
        /// sentinel (RFC 8446 §4.1.3).
        CheckDowngrade13 = "check_downgrade_13",
    }
}

named_enum! {
    /// A check one side makes; its label is looked up by this id.
    pub enum CheckId {
        /// The certificate chains to a trusted CA (the issuer is in the trust store).
        Chain = "chain",
        /// The CA's signature on the certificate verifies.
        CaSignature = "signature",
        /// The certificate is valid at `now`.
        Validity = "validity",
        /// The certificate names the host.
        HostName = "host_name",
        /// Finished.verify_data matches.
        Finished = "finished",
        /// The record's AEAD tag verifies.
        RecordMac = "record_mac",
        /// The server picked a suite both sides have.
        CipherSuite = "cipher_suite",
        /// The client's CertificateVerify signature verifies.
        CertificateVerify = "certificate_verify",
        /// The pre-master's PKCS#1 v1.5 encryption padding is well formed.
        Padding = "padding",
        /// The pre-master's first two bytes are the client's offered version.
        PreMasterVersion = "pre_master_version",
        // ---- issue 12: link by link ----
        /// The issuer is a CA (basicConstraints CA:TRUE) and its pathLenConstraint holds.
        BasicConstraints = "basic_constraints",
        /// keyUsage allows the use: keyCertSign for a CA, keyEncipherment for RSA key exchange.
        KeyUsage = "key_usage",
        /// extendedKeyUsage allows serverAuth (or clientAuth for a client certificate).
        ExtKeyUsage = "ext_key_usage",
        /// The key is at least the client's minimum size.
        KeySize = "key_size",
        /// The certificate is not on its issuer's CRL.
        Revocation = "revocation",
        /// The CSR's signature verifies under the public key it carries (proof of possession).
        CsrSignature = "csr_signature",
        /// The CA's policy accepts the request (names, key).
        CaPolicy = "ca_policy",
        /// The ServerKeyExchange signature verifies with the certificate's key.
        SkeSignature = "ske_signature",
        /// The peer's ephemeral public value is valid (on the curve, 1 < y < p-1).
        PeerPublic = "peer_public",
        // ---- issue 14 ----
        /// The offered session is known: in the server's cache, or in a ticket it can open.
        SessionKnown = "session_known",
        /// The ticket decrypts and its tag verifies under a key of the server's.
        TicketAuthentic = "ticket_authentic",
        /// The session has not expired.
        SessionFresh = "session_fresh",
        /// The session was made for the host the client asks for now (RFC 6066 §3).
        SessionHost = "session_host",
        /// The session's cipher suite is offered again.
        SessionSuite = "session_suite",
        /// The extended master secret is used as it was in the session (RFC 7627 §5.3).
        SessionEms = "session_ems",
        // ---- issue 15: TLS 1.3 ----
        /// The server's CertificateVerify (RSASSA-PSS over the transcript hash) verifies.
        ServerCertificateVerify = "server_certificate_verify",
        /// ServerHello.random does not end in a downgrade sentinel (RFC 8446 §4.1.3).
        DowngradeSentinel = "downgrade_sentinel",
    }
}

named_enum! {
    /// A scenario input by its field name: the ones a TLS 1.3 session ignores are listed in
    /// [`crate::Transcript::unused`], so the front ends can say which inputs did not apply.
    pub enum ScenarioField {
        /// The TLS 1.2 suites the client offers (TLS 1.3 offers TLS_AES_128_GCM_SHA256).
        OfferedSuites = "offered_suites",
        /// The TLS 1.2 suites the server accepts (RSA key exchange has no place in TLS 1.3).
        AcceptedSuites = "accepted_suites",
        /// The pre-master secret (TLS 1.3 has none: the (EC)DHE secret enters HKDF).
        PreMaster = "pre_master",
        /// extended_master_secret (TLS 1.3's key schedule hashes the transcript always).
        Ems = "ems",
        /// The server's session ID (TLS 1.3 echoes the client's legacy_session_id).
        SessionId = "session_id",
        /// A fixed client random.
        ClientRandom = "client_random",
        /// A fixed server random.
        ServerRandom = "server_random",
        /// Fixed ephemeral secrets.
        Ephemeral = "ephemeral",
        /// Client authentication (not in this TLS 1.3 engine yet).
        ClientAuth = "client_auth",
        /// Resumption and its ticket key (TLS 1.3 resumes by PSK, not in this engine yet).
        Resume = "resume",
        /// ffdhe2048 in the groups (TLS 1.3 here takes x25519 and secp256r1).
        Ffdhe = "ffdhe",
        /// Failures of TLS 1.2's key exchange, pre-master, resumption or man in the middle.
        Tls12Faults = "tls12_faults",
    }
}

named_enum! {
    /// A value derived (or an input of a derivation); its label is looked up by this id.
    pub enum ValueId {
        /// ClientHello.random
        ClientRandom = "client_random",
        /// ServerHello.random
        ServerRandom = "server_random",
        /// The session ID the server assigns.
        SessionId = "session_id",
        /// The 48-byte pre-master secret.
        PreMasterSecret = "pre_master_secret",
        /// The pre-master secret encrypted under the server's RSA key.
        EncryptedPreMaster = "encrypted_pre_master",
        /// The master secret.
        MasterSecret = "master_secret",
        /// SHA-256 of the handshake messages (for EMS, Finished, CertificateVerify).
        HandshakeHash = "handshake_hash",
        /// RFC 7627's session_hash.
        SessionHash = "session_hash",
        /// The key block.
        KeyBlock = "key_block",
        /// client_write_key
        ClientWriteKey = "client_write_key",
        /// server_write_key
        ServerWriteKey = "server_write_key",
        /// client_write_IV
        ClientWriteIv = "client_write_iv",
        /// server_write_IV
        ServerWriteIv = "server_write_iv",
        /// This side's write IV (an input of the nonce).
        WriteIv = "write_iv",
        /// The record sequence number.
        SeqNum = "seq_num",
        /// The AES-GCM nonce.
        Nonce = "nonce",
        /// The AES-GCM additional data.
        AdditionalData = "additional_data",
        /// A record's content before encryption.
        Plaintext = "plaintext",
        /// A record's fragment after encryption.
        Ciphertext = "ciphertext",
        /// The client's Finished.verify_data.
        ClientVerifyData = "client_verify_data",
        /// The server's Finished.verify_data.
        ServerVerifyData = "server_verify_data",
        /// A PRF label.
        Label = "label",
        /// A PRF seed.
        Seed = "seed",
        /// SHA-256 of a tbsCertificate.
        TbsHash = "tbs_hash",
        /// A signature.
        Signature = "signature",
        /// The CertificateVerify signature.
        CertificateVerifySignature = "certificate_verify_signature",
        /// The server's RSA modulus.
        ServerKey = "server_key",
        /// The client's RSA modulus.
        ClientKey = "client_key",
        /// The issuing CA's key.
        IssuerKey = "issuer_key",
        /// A certificate's serial number.
        Serial = "serial",
        /// A certificate's DER.
        CertificateDer = "certificate",
        /// The validity period.
        Validity = "validity",
        /// notBefore
        NotBefore = "not_before",
        /// notAfter
        NotAfter = "not_after",
        /// The certificate's subject alternative names.
        ServerSans = "server_sans",
        /// The RSA modulus.
        Modulus = "modulus",
        /// The data a signature covers.
        SignedData = "signed_data",
        /// A hash.
        Hash = "hash",
        /// The encoded message of a PKCS#1 v1.5 operation.
        EncodedMessage = "encoded_message",
        // ---- issue 12 ----
        /// SHA-256 of a CSR's certificationRequestInfo.
        CsrInfoHash = "csr_info_hash",
        /// SHA-256 of a CRL's tbsCertList.
        CrlHash = "crl_hash",
        /// The client's ephemeral secret a.
        ClientEphemeralSecret = "client_ephemeral_secret",
        /// The client's ephemeral public value (g^a mod p, a·G, X25519(a, 9)).
        ClientEphemeralPublic = "client_ephemeral_public",
        /// The server's ephemeral secret b.
        ServerEphemeralSecret = "server_ephemeral_secret",
        /// The server's ephemeral public value.
        ServerEphemeralPublic = "server_ephemeral_public",
        /// The DH prime p.
        DhPrime = "dh_prime",
        /// The DH generator g.
        DhGenerator = "dh_generator",
        /// What ServerKeyExchange's signature covers.
        SkeSignedData = "ske_signed_data",
        /// The ServerKeyExchange signature.
        SkeSignature = "ske_signature",
        // ---- issue 14 ----
        /// A session ticket (RFC 5077), as it crosses the wire.
        SessionTicket = "session_ticket",
        /// The server's ticket key (AES-128-GCM), which only the server knows.
        TicketKey = "ticket_key",
        /// The session state inside a ticket, decrypted.
        TicketState = "ticket_state",
        // ---- issue 15: TLS 1.3 (RFC 8446 §7) ----
        /// The (EC)DHE shared secret, the input keying material of the handshake secret.
        SharedSecret = "shared_secret",
        /// Transcript-Hash of the handshake messages so far (RFC 8446 §4.4.1).
        TranscriptHash = "transcript_hash",
        /// The early secret, HKDF-Extract over the PSK (zeros without one).
        EarlySecret = "early_secret",
        /// Derive-Secret(., "derived", ""), the salt of the next HKDF-Extract.
        DerivedSecret = "derived_secret",
        /// The handshake secret.
        HandshakeSecret = "handshake_secret",
        /// client_handshake_traffic_secret
        ClientHandshakeTrafficSecret = "client_handshake_traffic_secret",
        /// server_handshake_traffic_secret
        ServerHandshakeTrafficSecret = "server_handshake_traffic_secret",
        /// The TLS 1.3 master secret.
        Tls13MasterSecret = "tls13_master_secret",
        /// client_application_traffic_secret_0
        ClientApplicationTrafficSecret = "client_application_traffic_secret",
        /// server_application_traffic_secret_0
        ServerApplicationTrafficSecret = "server_application_traffic_secret",
        /// exporter_master_secret
        ExporterMasterSecret = "exporter_master_secret",
        /// resumption_master_secret
        ResumptionMasterSecret = "resumption_master_secret",
        /// The client's finished_key (RFC 8446 §4.4.4).
        ClientFinishedKey = "client_finished_key",
        /// The server's finished_key (RFC 8446 §4.4.4).
        ServerFinishedKey = "server_finished_key",
        /// TLSInnerPlaintext: content || type || zero padding (RFC 8446 §5.2).
        InnerPlaintext = "inner_plaintext",
    }
}

named_enum! {
    /// The name of a byte range in a step's bytes: the RFC structs' own field names.
    pub enum FieldName {
        /// TLSPlaintext.type, or ChangeCipherSpec.type
        Type = "type",
        /// TLSPlaintext.version, or a certificate's version
        Version = "version",
        /// a record's or a handshake message's length
        Length = "length",
        /// GenericAEADCipher.nonce_explicit
        ExplicitNonce = "explicit_nonce",
        /// the AEAD ciphertext
        EncryptedContent = "encrypted_content",
        /// the AEAD authentication tag
        Tag = "tag",
        /// Handshake.msg_type
        MsgType = "msg_type",
        /// ClientHello.client_version
        ClientVersion = "client_version",
        /// ServerHello.server_version
        ServerVersion = "server_version",
        /// a hello's random
        Random = "random",
        /// a hello's session_id
        SessionId = "session_id",
        /// ClientHello.cipher_suites
        CipherSuites = "cipher_suites",
        /// one cipher suite
        CipherSuite = "cipher_suite",
        /// ClientHello.compression_methods
        CompressionMethods = "compression_methods",
        /// ServerHello.compression_method
        CompressionMethod = "compression_method",
        /// a hello's or a certificate's extensions
        Extensions = "extensions",
        /// the server_name extension (RFC 6066)
        ServerName = "server_name",
        /// the extended_master_secret extension (RFC 7627)
        ExtendedMasterSecret = "extended_master_secret",
        /// the renegotiation_info extension (RFC 5746)
        RenegotiationInfo = "renegotiation_info",
        /// the signature_algorithms extension
        SignatureAlgorithms = "signature_algorithms",
        /// an extension this engine does not name
        Extension = "extension",
        /// Certificate.certificate_list
        CertificateList = "certificate_list",
        /// one ASN.1Cert
        Certificate = "certificate",
        /// CertificateRequest.certificate_types
        CertificateTypes = "certificate_types",
        /// CertificateRequest.supported_signature_algorithms
        SupportedSignatureAlgorithms = "supported_signature_algorithms",
        /// CertificateRequest.certificate_authorities
        CertificateAuthorities = "certificate_authorities",
        /// EncryptedPreMasterSecret
        EncryptedPreMaster = "encrypted_pre_master",
        /// a signature or key algorithm
        Algorithm = "algorithm",
        /// a signature, or tbsCertificate.signature
        Signature = "signature",
        /// Finished.verify_data
        VerifyData = "verify_data",
        /// Alert.level
        Level = "level",
        /// Alert.description
        Description = "description",
        /// the byte the network flipped
        FlippedByte = "flipped_byte",
        /// tbsCertificate (RFC 5280 §4.1)
        TbsCertificate = "tbsCertificate",
        /// serialNumber
        SerialNumber = "serialNumber",
        /// issuer
        Issuer = "issuer",
        /// validity
        Validity = "validity",
        /// notBefore
        NotBefore = "notBefore",
        /// notAfter
        NotAfter = "notAfter",
        /// subject
        Subject = "subject",
        /// subjectPublicKeyInfo
        SubjectPublicKeyInfo = "subjectPublicKeyInfo",
        /// subjectPublicKey
        SubjectPublicKey = "subjectPublicKey",
        /// the RSA modulus
        Modulus = "modulus",
        /// the RSA public exponent
        PublicExponent = "publicExponent",
        /// basicConstraints
        BasicConstraints = "basicConstraints",
        /// keyUsage
        KeyUsage = "keyUsage",
        /// extendedKeyUsage
        ExtendedKeyUsage = "extendedKeyUsage",
        /// subjectAltName
        SubjectAltName = "subjectAltName",
        /// subjectKeyIdentifier
        SubjectKeyIdentifier = "subjectKeyIdentifier",
        /// authorityKeyIdentifier
        AuthorityKeyIdentifier = "authorityKeyIdentifier",
        /// an X.509 extension this engine does not name
        X509Extension = "x509_extension",
        /// supported_groups.
        SupportedGroups = "supported_groups",
        /// ec_point_formats.
        EcPointFormats = "ec_point_formats",
        /// curve_type.
        CurveType = "curve_type",
        /// The named curve.
        NamedCurve = "named_curve",
        /// An EC point.
        EcPoint = "ec_point",
        /// The DH prime.
        DhP = "dh_p",
        /// The DH generator.
        DhG = "dh_g",
        /// A DH public value.
        DhPublic = "dh_public",
        /// signatureAlgorithm
        SignatureAlgorithm = "signatureAlgorithm",
        /// signatureValue
        SignatureValue = "signatureValue",
        // ---- issue 12: PKCS#10 (RFC 2986) and CRLs (RFC 5280 §5) ----
        /// certificationRequestInfo
        CertificationRequestInfo = "certificationRequestInfo",
        /// a CSR's attributes
        Attributes = "attributes",
        /// the extensionRequest attribute (PKCS#9)
        ExtensionRequest = "extensionRequest",
        /// tbsCertList
        TbsCertList = "tbsCertList",
        /// thisUpdate
        ThisUpdate = "thisUpdate",
        /// nextUpdate
        NextUpdate = "nextUpdate",
        /// revokedCertificates
        RevokedCertificates = "revokedCertificates",
        /// one revoked certificate's userCertificate (its serial number)
        UserCertificate = "userCertificate",
        /// revocationDate
        RevocationDate = "revocationDate",
        /// crlExtensions
        CrlExtensions = "crlExtensions",
        /// cRLNumber
        CrlNumber = "cRLNumber",
        // ---- issue 14 ----
        /// the session_ticket extension (RFC 5077 §3.2)
        SessionTicket = "session_ticket",
        /// NewSessionTicket.ticket_lifetime_hint
        TicketLifetimeHint = "ticket_lifetime_hint",
        /// NewSessionTicket.ticket
        Ticket = "ticket",
        // ---- issue 15: TLS 1.3 (RFC 8446) ----
        /// a TLS 1.3 hello's legacy_version
        LegacyVersion = "legacy_version",
        /// ClientHello.legacy_session_id (TLS 1.3)
        LegacySessionId = "legacy_session_id",
        /// ServerHello.legacy_session_id_echo (TLS 1.3)
        LegacySessionIdEcho = "legacy_session_id_echo",
        /// ClientHello.legacy_compression_methods (TLS 1.3)
        LegacyCompressionMethods = "legacy_compression_methods",
        /// ServerHello.legacy_compression_method (TLS 1.3)
        LegacyCompressionMethod = "legacy_compression_method",
        /// the supported_versions extension (RFC 8446 §4.2.1)
        SupportedVersions = "supported_versions",
        /// the key_share extension (RFC 8446 §4.2.8)
        KeyShare = "key_share",
        /// one KeyShareEntry
        KeyShareEntry = "key_share_entry",
        /// KeyShareEntry.group, or a HelloRetryRequest's selected_group
        Group = "group",
        /// KeyShareEntry.key_exchange
        KeyExchange = "key_exchange",
        /// Certificate.certificate_request_context (TLS 1.3)
        CertificateRequestContext = "certificate_request_context",
        /// one CertificateEntry (TLS 1.3)
        CertificateEntry = "certificate_entry",
        /// NewSessionTicket.ticket_lifetime (TLS 1.3)
        TicketLifetime = "ticket_lifetime",
        /// NewSessionTicket.ticket_age_add
        TicketAgeAdd = "ticket_age_add",
        /// NewSessionTicket.ticket_nonce
        TicketNonce = "ticket_nonce",
    }
}
