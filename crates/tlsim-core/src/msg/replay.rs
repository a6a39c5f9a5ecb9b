//! What replaying a recorded session says: the input file's problems and the report's lines.
//!
//! `line` is always a 1-based line of the messages file; `name` a handshake message's wire name
//! (`client_hello`, `new_session_ticket`, ...: [`crate::msgs::HandshakeType::name`]).

use super::{messages, Hex, Msg, Suite, Version};

messages! {
    /// Messages of [`crate::replay`].
    pub enum ReplayMsg / ReplayKey = "replay" {
        // ---- reading the file ----
        /// The file holds no handshake messages.
        NoMessages = "no_messages" {},
        /// The line is not hex (after comments, spaces and colons are removed).
        NotHex = "not_hex" { line: usize },
        /// The line holds an odd number of hex digits.
        OddHexDigits = "odd_hex_digits" { line: usize, digits: usize },
        /// The line holds `len` bytes, fewer than the 4-byte handshake header.
        ShorterThanHeader = "shorter_than_header" { line: usize, len: usize },
        /// The header of a `name` message gives `header` body bytes; the line holds `body`.
        LengthMismatch = "length_mismatch" { line: usize, name: String, header: usize, body: usize },
        /// A handshake type TLS 1.2 does not define.
        UnknownType = "unknown_type" { line: usize, typ: u8 },
        /// The codec cannot decode the `name` message on the line, because of `reason`.
        Undecodable = "undecodable" { line: usize, name: String, reason: Box<Msg> },
        // ---- the handshake's shape ----
        /// The message on the line is `got`; `expected` is due there.
        OutOfOrder = "out_of_order" { line: usize, expected: String, got: String },
        /// The file ends after the ClientHello: no ServerHello.
        NoServerHello = "no_server_hello" {},
        /// ServerHello.server_version is `version`, not TLS 1.2.
        NotTls12 = "not_tls12" { line: usize, version: Version },
        /// The server chose `suite`, which is not RSA key exchange with the SHA-256 PRF.
        SuiteNotReplayable = "suite_not_replayable" { line: usize, suite: Suite },
        /// A ServerKeyExchange: the key exchange is not RSA (ECDHE or DHE).
        NotRsaKeyExchange = "not_rsa_key_exchange" { line: usize },
        /// The key log has no CLIENT_RANDOM line for this session's client random.
        NoKeyLogEntry = "no_key_log_entry" { client_random: Hex },
        /// Key log line `line` is a CLIENT_RANDOM line without a 48-byte master secret.
        KeyLogLine = "key_log_line" { line: usize },
        /// No ClientKeyExchange: an abbreviated handshake (resumption) has no pre-master to decrypt.
        NoClientKeyExchange = "no_client_key_exchange" {},
        // ---- the pre-master secret ----
        /// The key does not decrypt the ClientKeyExchange on the line (PKCS#1 v1.5).
        PreMasterUndecryptable = "pre_master_undecryptable" { line: usize },
        /// The decrypted pre-master secret is `len` bytes, not 48.
        PreMasterLength = "pre_master_length" { line: usize, len: usize },
        /// The pre-master secret starts with `got`, not ClientHello.client_version `offered`.
        PreMasterVersion = "pre_master_version" { line: usize, got: Hex, offered: Hex },
        // ---- the Finished messages ----
        /// Not two Finished messages (the client's, then the server's): `count` of them; the
        /// file's last message is on line `last_line`.
        FinishedCount = "finished_count" { count: usize, last_line: usize },
        /// A Finished before the ClientKeyExchange.
        FinishedBeforeKeyExchange = "finished_before_key_exchange" { line: usize },
        /// A Finished of `len` bytes, not 12: most likely still encrypted.
        FinishedLength = "finished_length" { line: usize, len: usize },
        // ---- the report ----
        /// One message of the file: its line, its wire name and its length (header included).
        Message = "message" { line: usize, name: String, len: usize },
        /// A Finished verifies: the verify_data `computed` equals the one `received`.
        FinishedMatch = "finished_match" { computed: Hex, received: Hex },
        /// A Finished does not verify.
        FinishedMismatch = "finished_mismatch" { computed: Hex, received: Hex },
        /// Both Finished verify: the file and the key are one real, untampered session.
        Verified = "verified" {},
        /// At least one Finished does not verify.
        NotVerified = "not_verified" {},
        /// A resumed session has no key exchange to decrypt: only a key log opens it.
        ResumedNeedsKeyLog = "resumed_needs_key_log" {},
        // ---- TLS 1.3 (issue 15) ----
        /// The TLS 1.3 server chose `suite`; the replay re-derives TLS_AES_128_GCM_SHA256 only.
        SuiteNotReplayable13 = "suite_not_replayable_13" { line: usize, suite: Suite },
        /// The ServerHello on the line selects `version`, not TLS 1.3.
        NotTls13 = "not_tls13" { line: usize, version: Version },
        /// The key log has no `label` line for this session's client random.
        NoKeyLogEntry13 = "no_key_log_entry_13" { label: String, client_random: Hex },
        /// Key log line `line` is a `label` line without a 32-byte secret.
        KeyLogLine13 = "key_log_line_13" { line: usize, label: String },
        /// A TLS 1.3 session opens only with a key log (its key exchange is ephemeral).
        Tls13NeedsKeyLog = "tls13_needs_key_log" {},
    }
}
