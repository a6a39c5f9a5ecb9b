//! What the simulated session says: the CA's issuance steps, the network and its faults, the man
//! in the middle, the end of the session, and the learner's inputs it refuses.

use super::{messages, Hex, Msg, Suite};
use crate::error::AlertDescription;
use crate::transcript::Actor;

messages! {
    /// Messages of the simulation around the two engines.
    pub enum SimMsg / SimKey = "sim" {
        // ---- issuance ----
        /// The CA `ca` signs its own certificate (a self-signed root) that clients keep in their
        /// trust store.
        CaSelfSigned = "ca_self_signed" { ca: String },
        /// The server sends its name and public key to the CA, which signs SHA-256 of the
        /// tbsCertificate with its private key.
        ServerCertIssued = "server_cert_issued" { name: String },
        /// Fault: one byte of the signature is flipped after signing.
        SignatureForged = "signature_forged" {},
        /// The client gets a certificate from the same CA, for client authentication.
        ClientCertIssued = "client_cert_issued" { name: String },
        /// The signature is PKCS#1 v1.5 over the hash: a signature, not an encryption.
        SignatureAside = "signature_aside" {},
        // ---- issue 12: the CSR, the intermediate, the CRL ----
        /// The server puts its name `name`, the DNS names it wants `sans` and its public key in a
        /// PKCS#10 request, and signs it with its own private key.
        CsrBuilt = "csr_built" { name: String, sans: Vec<String> },
        /// The CA issues from the CSR: the subject, names and key it asked for, with the CA's own
        /// dates, serial and extensions, signed by `issuer`.
        IssuedFromCsr = "issued_from_csr" { issuer: String },
        /// The CA refuses the request: no certificate, no TLS session.
        CsrRefused = "csr_refused" {},
        /// `issuer` issues the CA certificate of `name` (CA:TRUE, pathLen `path_len`).
        IntermediateIssued = "intermediate_issued" { issuer: String, name: String, path_len: u64 },
        /// `issuer` issues the CA certificate of `name` (CA:TRUE, no path length limit).
        CaIssuedNoLimit = "ca_issued_no_limit" { issuer: String, name: String },
        /// The root keeps its key offline: an intermediate signs the servers' certificates, and
        /// the server must send that intermediate with its own certificate.
        IntermediateWhy = "intermediate_why" {},
        /// `issuer` publishes its CRL listing `count` revoked serials; the client fetches it.
        CrlPublished = "crl_published" { issuer: String, count: usize },
        /// The chain depth asked is `depth`; 1 (root, leaf) or 2 (root, intermediate, leaf).
        ChainDepth = "chain_depth" { depth: u64 },
        /// Failure incomplete-chain: what it is and why the rule exists.
        WhyIncompleteChain = "why_incomplete_chain" {},
        /// Failure intermediate-not-ca.
        WhyIntermediateNotCa = "why_intermediate_not_ca" {},
        /// Failure path-len.
        WhyPathLen = "why_path_len" {},
        /// Failure self-signed.
        WhySelfSigned = "why_self_signed" {},
        /// Failure sha1-leaf.
        WhySha1Leaf = "why_sha1_leaf" {},
        /// Failure sha1-intermediate.
        WhySha1Intermediate = "why_sha1_intermediate" {},
        /// Failure weak-key.
        WhyWeakKey = "why_weak_key" {},
        /// Failure no-san.
        WhyNoSan = "why_no_san" {},
        /// Failure no-server-auth.
        WhyNoServerAuth = "why_no_server_auth" {},
        /// Failure no-key-encipherment.
        WhyNoKeyEncipherment = "why_no_key_encipherment" {},
        /// Failure not-yet-valid.
        WhyNotYetValid = "why_not_yet_valid" {},
        /// Failure revoked.
        WhyRevoked = "why_revoked" {},
        /// Failure bad-csr.
        WhyBadCsr = "why_bad_csr" {},
        // ---- the network ----
        /// `by` decrypts and reads `text`.
        Reads = "reads" { by: Actor, text: String },
        /// The man in the middle removes supported_versions and key_share from the ClientHello:
        /// what is left is a TLS 1.2 ClientHello, and the server answers TLS 1.2.
        DowngradeStripped = "downgrade_stripped" {},
        /// The network flips one bit of byte `offset` of record `record` in flight.
        ByteFlipped = "byte_flipped" { record: usize, offset: usize, before: Hex, after: Hex },
        /// The byte flip aims outside the record: nothing changed.
        FlipOutside = "flip_outside" { record: usize, offset: usize, len: usize },
        /// The byte the network changed.
        FlippedField = "flipped_field" { before: Hex, after: Hex },
        /// `by` stops the session with a fatal `alert` (in the clear) because of `reason`.
        AlertSent = "alert_sent" { by: Actor, alert: AlertDescription, reason: Box<Msg> },
        /// `by` stops the session with a fatal `alert`, encrypted (keys were on), because of `reason`.
        AlertSentEncrypted = "alert_sent_encrypted" { by: Actor, alert: AlertDescription, reason: Box<Msg> },
        /// `pending` bytes of an incomplete record or message are buffered and nothing more
        /// arrives, at stage `stage`.
        Incomplete = "incomplete" { pending: usize, stage: Box<Msg> },
        /// The session stalled at stage `stage`.
        Stalled = "stalled" { stage: Box<Msg> },
        /// Stage: the handshake did not complete.
        StageHandshake = "stage_handshake" {},
        /// Stage: the client's application data did not arrive.
        StageAppData = "stage_app_data" {},
        /// Stage: close_notify did not arrive.
        StageCloseNotify = "stage_close_notify" {},
        // ---- the man in the middle ----
        /// His server answers the client's ClientHello itself, as if it were the server.
        MitmAnswers = "mitm_answers" {},
        /// His server presents his own certificate in place of the server's: the same host name,
        /// his own key, signed by his own CA.
        MitmSwap = "mitm_swap" {},
        /// How to see the attack succeed: trust the attacker's CA (its PEM).
        MitmTrustHint = "mitm_trust_hint" { pem: String },
        /// The client encrypted the pre-master to his key: his server decrypts it and derives
        /// the keys of the client's session.
        MitmReadsPreMaster = "mitm_reads_pre_master" {},
        /// Each of his two connections is an ordinary handshake of its own, so its Finished
        /// checks pass: nothing to forge.
        MitmOwnFinished = "mitm_own_finished" {},
        /// His client opens its own connection to the real server, with its own random.
        MitmConnects = "mitm_connects" { random: Hex },
        /// His client picks its own pre-master secret for the real server: the two sessions
        /// have different keys.
        MitmOwnPreMaster = "mitm_own_pre_master" {},
        /// He decrypted `text` on one connection and encrypts it again for the other.
        MitmReads = "mitm_reads" { text: String },
        // ---- inputs ----
        /// The session ID is `len` bytes; at most 32.
        SessionIdTooLong = "session_id_too_long" { len: usize },
        /// The pre-master secret is `len` bytes; it must be 48.
        PreMasterLength = "pre_master_length" { len: usize },
        // ---- issue 14: the second connection ----
        /// Later, a new connection: the client offers session `id` by its ID.
        ReconnectById = "reconnect_by_id" { id: Hex },
        /// Later, a new connection: the client offers its ticket of `len` bytes.
        ReconnectByTicket = "reconnect_by_ticket" { len: usize },
        /// Between the connections the server restarted: its cache is empty, its ticket key new.
        ServerRestarted = "server_restarted" {},
        /// Between the connections the server rotated its ticket key.
        TicketKeyRotated = "ticket_key_rotated" {},
        /// The second connection comes `seconds` seconds after the first.
        ComesLater = "comes_later" { seconds: i64 },
        /// Byte `offset` of the ticket the client keeps was changed.
        TicketChanged = "ticket_changed" { offset: usize },
        /// This time the client asks for `host`.
        AsksOtherHost = "asks_other_host" { host: String },
        /// This time the client does not offer the extended master secret.
        EmsOffNow = "ems_off_now" {},
        /// This time the client offers the extended master secret.
        EmsOnNow = "ems_on_now" {},
        /// This time the client offers only `suite`.
        OffersOtherSuite = "offers_other_suite" { suite: Suite },
        /// The ticket key is `len` bytes; it must be 16.
        TicketKeyLength = "ticket_key_length" { len: usize },
    }
}
