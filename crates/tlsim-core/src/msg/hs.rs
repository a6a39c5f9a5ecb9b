//! What the handshake engines say: the client's and the server's steps, their checks and
//! failures, the record layer and the codec.

use super::{messages, Hex, Msg, SigAlg, Suite, Version};
use crate::error::AlertDescription;

messages! {
    /// Messages of the handshake engines, the record layer and the codec.
    pub enum HsMsg / HsKey = "hs" {
        // ---- codec and record layer ----
        /// `what` needed `needed` bytes, `left` were left.
        Truncated = "truncated" { what: String, needed: usize, left: usize },
        /// `what` has `count` bytes left over after its end.
        TrailingBytes = "trailing_bytes" { what: String, count: usize },
        /// `what` must not be empty.
        Empty = "empty" { what: String },
        /// `what` has an odd length where it holds 2-byte values (or is empty).
        OddLength = "odd_length" { what: String },
        /// `what` is `len` bytes, at most `max` are allowed.
        TooLong = "too_long" { what: String, len: usize, max: usize },
        /// `what` is `got`, it must be `expected`.
        BadValue = "bad_value" { what: String, got: u64, expected: u64 },
        /// A handshake message longer than this engine accepts.
        HandshakeTooLong = "handshake_too_long" { len: usize, max: usize },
        /// A record's plaintext over 2^14 bytes.
        RecordTooLong = "record_too_long" { len: usize },
        /// The record's version is not TLS 1.2.
        RecordVersion = "record_version" { got: Version },
        /// A message of type `got` where the state expects `expected` (both wire names).
        UnexpectedMessage = "unexpected_message" { expected: String, got: String },
        /// A ChangeCipherSpec before any keys exist.
        CcsBeforeKeys = "ccs_before_keys" {},
        /// A record of another type in the middle of a fragmented handshake message.
        NotMidMessage = "not_mid_message" { got: String },
        /// Application data before the keys were switched on.
        AppDataBeforeKeys = "app_data_before_keys" {},
        /// A record type this engine does not know.
        UnknownRecordType = "unknown_record_type" { typ: u8 },
        /// Application data cannot be sent before the handshake completes.
        HandshakeNotComplete = "handshake_not_complete" {},
        /// The peer sent a fatal alert.
        PeerAlert = "peer_alert" { alert: AlertDescription },
        /// AES-GCM sealing failed (an engine error).
        SealFailed = "seal_failed" {},
        /// The record's AES-GCM tag does not verify: the record number `seq` was altered or the
        /// two sides hold different keys.
        RecordTagMismatch = "record_tag_mismatch" { seq: u64 },
        /// A protected record shorter than the explicit nonce and tag.
        RecordTooShort = "record_too_short" { len: usize, min: usize },
        /// `count` bytes of application data, sealed with AES-128-GCM under this side's write key.
        AppDataSent = "app_data_sent" { count: usize },
        /// The nonce's first 4 bytes are implicit (from the key block), the last 8 are the
        /// sequence number, sent as the explicit nonce.
        NonceAside = "nonce_aside" {},
        /// The record content before encryption.
        PlaintextAside = "plaintext_aside" {},
        /// The fragment is the explicit nonce, the ciphertext and the 16-byte tag.
        CiphertextAside = "ciphertext_aside" {},
        /// A cipher suite name, for fields and notes.
        SuiteName = "suite_name" { suite: Suite },
        /// Bytes, for a field or note that is only its value.
        Bytes = "bytes" { value: Hex },
        /// AES-128-GCM decryption failed: the tag does not verify (no record number known).
        GcmTagMismatch = "gcm_tag_mismatch" {},
        /// `what` is `len` bytes; it must be `expected`.
        WrongLength = "wrong_length" { what: String, len: usize, expected: usize },
        // ---- configuration and engine errors ----
        /// Entry `index` of the client-authentication trust store is not a DER certificate.
        ClientAuthRootInvalid = "client_auth_root_invalid" { index: usize },
        /// DER encoding of `what` failed (an engine error).
        EncodeFailed = "encode_failed" { what: String },
        /// RSA encryption of the pre-master secret failed (an engine error).
        RsaEncryptFailed = "rsa_encrypt_failed" {},
        /// RSA signing failed (an engine error).
        RsaSignFailed = "rsa_sign_failed" {},
        /// The connection has already failed; it takes no more input.
        ConnectionFailed = "connection_failed" {},
        /// The engine sends the fatal `alert` because of `reason`.
        FatalAlert = "fatal_alert" { alert: AlertDescription, reason: Box<Msg> },
        /// A value the learner fixed (a random, a secret) rather than drawn from the RNG.
        FixedByLearner = "fixed_by_learner" {},
        // ---- the client: ClientHello, the server's hello and certificate ----
        /// ClientHello: the version and the suites offered, the random.
        ClientHelloSent = "client_hello_sent" { version: Version, suites: Vec<Suite> },
        /// The client names `host` in the server_name extension.
        SniSent = "sni_sent" { host: String },
        /// No server_name: `host` is an IP address, which SNI does not carry (RFC 6066 §3).
        SniOmittedIp = "sni_omitted_ip" { host: String },
        /// No server_name: no host is set.
        SniOmittedEmpty = "sni_omitted_empty" {},
        /// The client offers the extended master secret (RFC 7627).
        EmsOffered = "ems_offered" {},
        /// ClientHello.random: 32 bytes from the client's RNG.
        ClientRandomAside = "client_random_aside" {},
        /// The server chose version `got`; the client speaks only TLS 1.2.
        ServerVersionUnsupported = "server_version_unsupported" { got: Version },
        /// The server chose `suite`, which the client did not offer.
        SuiteNotOffered = "suite_not_offered" { suite: Suite },
        /// The server chose `suite`, which this engine does not implement.
        SuiteNotImplemented = "suite_not_implemented" { suite: Suite },
        /// The server chose compression method `method`; only null (0) is allowed.
        CompressionNotNull = "compression_not_null" { method: u8 },
        /// The server sent extended_master_secret, which the client did not offer.
        EmsNotOffered = "ems_not_offered" {},
        /// renegotiation_info is not empty on a first handshake (RFC 5746 §3.4, §3.6).
        RenegotiationInfoNotEmpty = "renegotiation_info_not_empty" {},
        /// The client accepts the server's certificate for `host` and takes its public key.
        ServerCertAccepted = "server_cert_accepted" { host: String },
        /// The client rejects the server's certificate because of `reason`.
        ServerCertRejected = "server_cert_rejected" { reason: Box<Msg> },
        // ---- the client's flight ----
        /// The client sends the certificate its CA issued (asked by CertificateRequest).
        ClientCertSent = "client_cert_sent" {},
        /// Asked for a certificate, the client has none and sends an empty list.
        ClientCertEmpty = "client_cert_empty" {},
        /// Aside of the client's pre-master: client_version and R.
        PreMasterRngAside = "pre_master_rng_aside" {},
        /// Aside of a pre-master whose first bytes are not client_version: R only.
        PreMasterRAside = "pre_master_r_aside" {},
        /// Aside of the encrypted pre-master: whose key, random padding.
        EncryptedPreMasterAside = "encrypted_pre_master_aside" {},
        /// ClientKeyExchange: the pre-master starts with `first`, its ciphertext is `len` bytes.
        ClientKeyExchangeSent = "client_key_exchange_sent" { first: Hex, len: usize },
        /// The pre-master starts with `version`, not the ClientHello's 03 03 (the wrong-version
        /// fault, or the learner's own bytes).
        PreMasterWrongVersion = "pre_master_wrong_version" { version: Hex },
        /// The client derives the master secret from the pre-master and both randoms, then keys.
        KeysDerivedClient = "keys_derived_client" {},
        /// The client derives the extended master secret from the pre-master and session_hash.
        KeysDerivedClientEms = "keys_derived_client_ems" {},
        /// Aside of the CertificateVerify hash: which messages it covers.
        CertVerifyHashAside = "cert_verify_hash_aside" {},
        /// CertificateVerify: the client signs the handshake hash with its certificate's key.
        CertificateVerifySent = "certificate_verify_sent" {},
        /// The client's ChangeCipherSpec: its next record (Finished) is encrypted.
        ClientCcsSent = "client_ccs_sent" {},
        /// The client's Finished with its `verify_data`.
        ClientFinishedSent = "client_finished_sent" { verify_data: Hex },
        // ---- Finished checks ----
        /// A Finished check's detail: the verify_data received and the one computed.
        FinishedDetail = "finished_detail" { received: Hex, computed: Hex },
        /// The server's verify_data matches: the handshake is complete.
        ServerFinishedOk = "server_finished_ok" {},
        /// The server's Finished does not verify.
        ServerFinishedWrong = "server_finished_wrong" { received: Hex, computed: Hex },
        /// The client's verify_data matches.
        ClientFinishedOk = "client_finished_ok" {},
        /// The client's Finished does not verify.
        ClientFinishedWrong = "client_finished_wrong" { received: Hex, computed: Hex },
        // ---- the server: ClientHello in, its flight out ----
        /// The client offers at most `got`; the server needs TLS 1.2.
        ClientVersionTooLow = "client_version_too_low" { got: Version },
        /// No suite that the client offers, the server accepts and the engine implements.
        NoCommonSuite = "no_common_suite" { offered: Vec<Suite>, accepted: Vec<Suite> },
        /// The client does not offer null compression.
        NoNullCompression = "no_null_compression" {},
        /// ServerHello: version, suite, a session ID of `session_id_len` bytes.
        ServerHelloSent = "server_hello_sent" { version: Version, suite: Suite, session_id_len: usize },
        /// Both sides support the extended master secret: it is on.
        EmsOn = "ems_on" {},
        /// The client did not offer the extended master secret: it is off.
        EmsOffByClient = "ems_off_by_client" {},
        /// The client offered the extended master secret, this server does not accept it.
        EmsOffByServer = "ems_off_by_server" {},
        /// ServerHello.random: 32 bytes from the server's RNG.
        ServerRandomAside = "server_random_aside" {},
        /// Certificate: `count` certificates, the leaf is `leaf_len` bytes.
        CertificateSent = "certificate_sent" { count: usize, leaf_len: usize },
        /// CertificateRequest: an RSA certificate from a named CA, signatures in `sig_alg`.
        CertificateRequestSent = "certificate_request_sent" { sig_algs: Vec<SigAlg> },
        /// ServerHelloDone: no ServerKeyExchange with RSA key exchange.
        ServerHelloDoneSent = "server_hello_done_sent" {},
        // ---- the server: the client's certificate, the pre-master, CertificateVerify ----
        /// The client sent no certificate, but this server requires one.
        ClientCertMissing = "client_cert_missing" {},
        /// The server accepts the client's certificate.
        ClientCertAccepted = "client_cert_accepted" {},
        /// The server rejects the client's certificate because of `reason`.
        ClientCertRejected = "client_cert_rejected" { reason: Box<Msg> },
        /// Check detail: the padding is correct and the secret is 48 bytes.
        PaddingOk = "padding_ok" {},
        /// Check detail: the PKCS#1 v1.5 padding is not correct.
        PaddingBad = "padding_bad" {},
        /// Check detail: the decrypted secret is `len` bytes, not 48.
        PreMasterLength = "pre_master_length" { len: usize },
        /// Check detail: the pre-master starts with `got`, the ClientHello offered `offered`.
        PreMasterVersionDetail = "pre_master_version_detail" { got: Hex, offered: Hex },
        /// The server decrypts a well-formed pre-master secret.
        PreMasterDecrypted = "pre_master_decrypted" {},
        /// Bad padding or length: no alert, client_version || R instead (RFC 5246 §7.4.7.1).
        PreMasterRandomSubstituted = "pre_master_random_substituted" {},
        /// Wrong version: no alert, client_version || M[2..48] instead (RFC 5246 §7.4.7.1).
        PreMasterVersionSubstituted = "pre_master_version_substituted" { offered: Hex },
        /// Aside of the server's pre-master: M and the version put in front.
        PreMasterDecryptAside = "pre_master_decrypt_aside" {},
        /// Aside of the substitute pre-master: R from the server's RNG.
        PreMasterSubstituteAside = "pre_master_substitute_aside" {},
        /// The server derives the master secret and keys from its pre-master and both randoms.
        KeysDerivedServer = "keys_derived_server" {},
        /// The server derives the extended master secret and keys from its pre-master and session_hash.
        KeysDerivedServerEms = "keys_derived_server_ems" {},
        /// The server's pre-master (a substitute) differs from the client's, so do its keys.
        KeysDiffer = "keys_differ" {},
        /// Check detail: the RSA PKCS#1 v1.5 signature with scheme `alg` over handshake hash `hash`.
        CertVerifyDetail = "cert_verify_detail" { hash: Hex, alg: SigAlg },
        /// The client's signature verifies: it holds the private key.
        CertVerifyOk = "cert_verify_ok" {},
        /// The client's signature does not verify.
        CertVerifyBad = "cert_verify_bad" {},
        /// Failure: the CertificateVerify signature over `hash` does not verify.
        CertVerifyFailed = "cert_verify_failed" { hash: Hex },
        /// The server's ChangeCipherSpec.
        ServerCcsSent = "server_ccs_sent" {},
        /// The server's Finished with its `verify_data`.
        ServerFinishedSent = "server_finished_sent" { verify_data: Hex },
        // ---- closing ----
        /// The client's close_notify (encrypted).
        ClientCloseNotify = "client_close_notify" {},
        /// The server's close_notify (encrypted).
        ServerCloseNotify = "server_close_notify" {},
        /// A close_notify sent before the keys are on: not encrypted.
        CloseNotifyUnprotected = "close_notify_unprotected" {},
        // ---- a hostile peer ----
        /// An SSLv2-compatible ClientHello: this engine reads TLS 1.2 records only.
        SslV2Hello = "sslv2_hello" {},
        /// More warning alerts in a row than this engine tolerates.
        TooManyWarnings = "too_many_warnings" { count: usize, max: usize },
        /// More empty records in a row than this engine tolerates.
        TooManyEmptyRecords = "too_many_empty_records" { count: usize, max: usize },
        /// A ChangeCipherSpec whose body is not the single byte 01.
        CcsBody = "ccs_body" { body: Hex },
        /// server_name with an empty server_name_list (RFC 6066 §3: at least one name).
        SniListEmpty = "sni_list_empty" {},
        /// server_name with an empty host_name.
        SniNameEmpty = "sni_name_empty" {},
        /// A host_name holding a byte that is not printable ASCII (NUL, a control character).
        SniNameIllegal = "sni_name_illegal" { name: Hex },
        /// More than one host_name in server_name.
        SniTwoHostNames = "sni_two_host_names" { count: usize },
        /// The peer asked to renegotiate; this side does not, and says so with a warning.
        RenegotiationRefused = "renegotiation_refused" {},
        /// The client signed CertificateVerify with `got`, which the CertificateRequest did not
        /// offer (`offered`).
        CertVerifyNotOffered = "cert_verify_not_offered" { got: SigAlg, offered: Vec<SigAlg> },
        // ---- (EC)DHE (issue 13) ----
        /// A DH public value (or generator) of 0, 1 or p-1, or not below p: it would give away the
        /// shared secret.
        DhPublicInvalid = "dh_public_invalid" { value: Hex },
        /// The server's DH prime has `bits` bits; at least `min` are required (Logjam).
        DhPrimeTooSmall = "dh_prime_too_small" { bits: usize, min: usize },
        /// An EC point of `len` bytes where `want` were expected.
        EcPointLength = "ec_point_length" { len: usize, want: usize },
        /// The peer's x25519 value gives an all-zero shared secret (a low-order point).
        X25519AllZero = "x25519_all_zero" { peer: Hex },
        /// A P-256 point that is not on the curve.
        EcPointNotOnCurve = "ec_point_not_on_curve" { point: Hex },
        /// A P-256 secret scalar outside 1..n-1.
        EcScalarOutOfRange = "ec_scalar_out_of_range" { value: Hex },
        /// An ephemeral secret must be 32 bytes.
        EphemeralSecretLength = "ephemeral_secret_length" { len: usize },
        /// p is the RFC 7919 ffdhe2048 prime and g = 2: public, the same for everyone.
        DhPrimeAside = "dh_prime_aside" {},
        /// Both sides compute this value; it never crosses the wire.
        SharedSecretAside = "shared_secret_aside" {},
        /// The ephemeral secret, drawn from the session's seed and thrown away after the handshake.
        EphemeralSecretAside = "ephemeral_secret_aside" {},
        /// The ephemeral secret, as the learner set it.
        EphemeralSecretFixed = "ephemeral_secret_fixed" {},
        /// The server sends its ephemeral public value for `group`, signed with its certificate key.
        ServerKeyExchangeSent = "server_key_exchange_sent" { group: String, alg: SigAlg },
        /// The data the server signs: client_random || server_random || params.
        SkeSignedAside = "ske_signed_aside" {},
        /// Check detail: the RSA signature with `alg` over the randoms and params, hash `hash`.
        SkeSignatureDetail = "ske_signature_detail" { alg: SigAlg, hash: Hex },
        /// The server's parameters are signed by the key in its certificate.
        SkeSignatureOk = "ske_signature_ok" {},
        /// The ServerKeyExchange signature does not verify: someone other than the certificate's
        /// owner made these parameters.
        SkeSignatureBad = "ske_signature_bad" {},
        /// The server signed its parameters with `got`, which the client did not offer.
        SkeAlgorithmNotOffered = "ske_algorithm_not_offered" { got: SigAlg },
        /// ServerKeyExchange parameters of the wrong form for the negotiated suite.
        SkeWrongForm = "ske_wrong_form" { suite: Suite },
        /// The server chose a group the client did not offer (or none this engine implements).
        GroupNotOffered = "group_not_offered" { group: String },
        /// The client sends its ephemeral public value; the pre-master never crosses the wire.
        ClientKeyExchangeEphemeral = "client_key_exchange_ephemeral" {},
        /// The client and server computed the same shared secret from each other's public value.
        SharedSecretComputed = "shared_secret_computed" {},
        /// The server reused its "ephemeral" key: a recorded session falls open if it leaks.
        EphemeralReused = "ephemeral_reused" {},
        /// The client listed `offered` signature schemes, none of which this server signs with.
        NoCommonSigAlg = "no_common_sig_alg" { offered: Vec<SigAlg> },
        /// The server computed the shared secret from the client's public value.
        SharedSecretServer = "shared_secret_server" {},
        /// The client's ClientKeyExchange carries an ephemeral public value of the wrong form.
        CkeWrongForm = "cke_wrong_form" {},
        /// Check detail: the peer's public value is a valid element of `group`.
        PeerPublicOk = "peer_public_ok" { group: String },
        // ---- issue 14: session resumption ----
        /// The master secret is the session's: no key exchange this time.
        MasterFromSession = "master_from_session" {},
        /// The ticket is shorter than its header and tag.
        TicketTooShort = "ticket_too_short" {},
        /// The ticket names a key this server does not have (rotated, or another server's).
        TicketUnknownKey = "ticket_unknown_key" {},
        /// The ticket's tag does not verify: it was changed after the server sealed it.
        TicketForged = "ticket_forged" {},
        /// The ticket decrypts but holds no session state this server reads.
        TicketBadState = "ticket_bad_state" {},
        /// Aside: the ticket key never leaves the server.
        TicketKeyAside = "ticket_key_aside" {},
        /// Aside: what the ticket holds, readable only by the server.
        TicketStateAside = "ticket_state_aside" {},
        /// The session file `input` is not a PEM block.
        SessionFileMangled = "session_file_mangled" { input: String },
        /// The session file `input` holds a `label` block, not a session.
        SessionFileLabel = "session_file_label" { input: String, label: String },
        /// The session file `input` ends too early.
        SessionFileTruncated = "session_file_truncated" { input: String },
        /// The session file `input` is of format version `got`; this tlsim reads `expected`.
        SessionFileVersion = "session_file_version" { input: String, got: u8, expected: u8 },
        /// Check detail: the ticket of `len` bytes opened under the server's key.
        TicketOpened = "ticket_opened" { len: usize },
        /// This server keeps no session cache.
        SessionCacheOff = "session_cache_off" {},
        /// Check detail: session `id` is in the server's cache.
        SessionInCache = "session_in_cache" { id: Hex },
        /// Session `id` is not in the server's cache (forgotten, or never there).
        SessionNotInCache = "session_not_in_cache" { id: Hex },
        /// So a full handshake follows, as if no session had been offered.
        FullHandshakeInstead = "full_handshake_instead" {},
        /// Check detail: the session is `age` seconds old, resumable for `lifetime`.
        SessionAgeDetail = "session_age_detail" { age: i64, lifetime: u32 },
        /// Check detail: made for `session`, asked for `now`.
        SessionHostDetail = "session_host_detail" { session: String, now: String },
        /// Check detail: the session's suite `suite` is offered and accepted.
        SessionSuiteDetail = "session_suite_detail" { suite: Suite },
        /// Check detail: EMS in the session, EMS in this hello.
        SessionEmsDetail = "session_ems_detail" { session: bool, now: bool },
        /// The session is `age` seconds old, past its `lifetime`.
        SessionExpired = "session_expired" { age: i64, lifetime: u32 },
        /// The session was made for `session`; the client now asks for `now` (RFC 6066 §3).
        SessionOtherHost = "session_other_host" { session: String, now: String },
        /// The session's suite is not offered again (a resumed session keeps its suite).
        SessionSuiteNotOffered = "session_suite_not_offered" { suite: Suite },
        /// The session used the extended master secret and this hello drops it (RFC 7627 §5.3).
        SessionEmsDropped = "session_ems_dropped" {},
        /// The session did not use the extended master secret and this hello asks for it.
        SessionEmsAdded = "session_ems_added" {},
        /// The ticket opened and every condition holds: the server resumes.
        ResumeByTicket = "resume_by_ticket" {},
        /// Session `id` is in the cache and every condition holds: the server resumes.
        ResumeById = "resume_by_id" { id: Hex },
        /// The client offers to resume session `id`.
        SessionOffered = "session_offered" { id: Hex },
        /// The client offers a ticket of `len` bytes.
        TicketOffered = "ticket_offered" { len: usize },
        /// The client asks for a session ticket (an empty session_ticket).
        TicketAsked = "ticket_asked" {},
        /// The server echoes session ID `id`: the session is resumed.
        ServerResumes = "server_resumes" { id: Hex },
        /// The server will send a ticket (an empty session_ticket in its hello).
        TicketPromised = "ticket_promised" {},
        /// The server echoed the offered session ID: the abbreviated handshake follows.
        ClientSeesResumed = "client_sees_resumed" {},
        /// The server gave a new session ID: the offered session is not resumed, a full handshake follows.
        ClientSeesFull = "client_sees_full" {},
        /// The server resumed with `got`, but the session's suite is `offered`.
        ResumedSuiteChanged = "resumed_suite_changed" { offered: Suite, got: Suite },
        /// EMS in the session and in the resuming ServerHello differ (RFC 7627 §5.3).
        ResumedEmsMismatch = "resumed_ems_mismatch" { session: bool, now: bool },
        /// Keys from the session's master secret and the two new randoms.
        KeysDerivedResumed = "keys_derived_resumed" {},
        /// The server issues a ticket of `len` bytes, valid `lifetime` seconds.
        TicketIssued = "ticket_issued" { lifetime: u32, len: usize },
        /// The client got a ticket of `len` bytes, to keep `lifetime` seconds.
        TicketReceived = "ticket_received" { lifetime: u32, len: usize },
        /// The server keeps the session under `id` in its cache.
        SessionCached = "session_cached" { id: Hex },
        /// The client keeps the session: an ID of `id_len` bytes, a ticket of `ticket_len`.
        SessionKept = "session_kept" { id_len: usize, ticket_len: usize },

        // ---- issue 15: version negotiation and TLS 1.3 on real sockets ----
        /// Neither TLS 1.2 nor TLS 1.3 is enabled.
        NoVersionEnabled = "no_version_enabled" {},
        /// The server chose `version` (from supported_versions, else legacy_version).
        VersionChosen = "version_chosen" { version: Version },
        /// The server, able to speak TLS 1.3, answers TLS 1.2 and marks ServerHello.random.
        DowngradeSentinelSet = "downgrade_sentinel_set" {},
        /// The server asks for a client certificate; the client will send its chain of `count`.
        CertRequest13WillSend = "cert_request_13_will_send" { count: usize },
        /// The server asks for a client certificate; the client has none and sends an empty one.
        CertRequest13NoIdentity = "cert_request_13_no_identity" {},
        /// The client's Certificate is empty: it has no certificate to present.
        ClientCert13Empty = "client_cert_13_empty" {},
        // ---- issue 15: TLS 1.3 ----
        /// The client offers TLS 1.3 with a key share for `group`.
        Tls13Offered = "tls13_offered" { group: String },
        /// The ClientHello's supported_versions does not offer TLS 1.3 (or is missing).
        Tls13NotOffered = "tls13_not_offered" {},
        /// The ServerHello selects `got`, not TLS 1.3 (no supported_versions: TLS 1.2).
        Tls13NotSelected = "tls13_not_selected" { got: Version },
        /// No group in common for the key exchange.
        NoCommonGroup13 = "no_common_group_13" {},
        /// `what` is missing from the message.
        MissingExtension13 = "missing_extension_13" { what: String },
        /// The server asks the client for a key share in `group`.
        HrrSent = "hrr_sent" { group: String },
        /// The client answers the HelloRetryRequest with a share for `group`.
        HrrAnswered = "hrr_answered" { group: String },
        /// A HelloRetryRequest for `group`, which was not offered or already had a share.
        HrrBadGroup = "hrr_bad_group" { group: String },
        /// The transcript restarts as message_hash(ClientHello1) (RFC 8446 §4.4.1).
        MessageHashAside = "message_hash_aside" {},
        /// The server answers with TLS 1.3 and a share in `group`.
        Tls13ServerHelloSent = "tls13_server_hello_sent" { group: String },
        /// The key share in ServerHello is for `got`, the client's was for `offered`.
        KeyShareGroupMismatch = "key_share_group_mismatch" { got: String, offered: String },
        /// legacy_session_id_echo differs from the client's legacy_session_id.
        SessionIdEchoMismatch = "session_id_echo_mismatch" {},
        /// Handshake traffic keys derived: everything after ServerHello is encrypted.
        HandshakeKeys13 = "handshake_keys_13" {},
        /// Application traffic keys derived from the master secret.
        AppKeys13 = "app_keys_13" {},
        /// EncryptedExtensions sent with `count` extensions.
        EncryptedExtensionsSent = "encrypted_extensions_sent" { count: usize },
        /// A ChangeCipherSpec sent only for middleboxes; it changes nothing.
        CompatCcsSent = "compat_ccs_sent" {},
        /// The peer's middlebox ChangeCipherSpec, ignored.
        CompatCcsIgnored = "compat_ccs_ignored" {},
        /// A NewSessionTicket of `len` bytes, not kept (no resumption in TLS 1.3 yet).
        Ticket13Ignored = "ticket13_ignored" { len: usize },
        // ---- issue 15: the simulation's TLS 1.3 checks and failures ----
        /// ServerHello.random ends in `got`: the downgrade sentinel of a TLS 1.3 server that
        /// negotiated `version` (RFC 8446 §4.1.3).
        DowngradeSentinelFound = "downgrade_sentinel_found" { got: Hex, version: Version },
        /// ServerHello.random ends in `got`: no downgrade sentinel.
        NoDowngradeSentinel = "no_downgrade_sentinel" { got: Hex },
        /// The ServerHello selects `got` (no supported_versions extension).
        ServerHelloVersion = "server_hello_version" { got: Version },
        /// The server's CertificateVerify signature verifies with its certificate's key.
        ServerCertVerifyOk13 = "server_cert_verify_ok_13" {},
        /// The server's CertificateVerify signature does not verify.
        ServerCertVerifyBad13 = "server_cert_verify_bad_13" {},
        /// Fault: the server signs the client's context string instead of its own.
        CertVerifyForged13 = "cert_verify_forged_13" {},
    }
}
