//! English templates of the core's messages (`tlsim_core::msg`), by key name.
//! Placeholders `{name}` are the message's arguments; every key of every group has a text, and
//! a text names exactly its key's arguments (tested from the enums in `lib.rs`).

/// (message key, template)
pub(crate) const TEXTS: &[(&str, &str)] = &[
    // ---- cert: issuing and checking certificates (tlsim_core::msg::CertMsg) ----
    // (end of cert)
    // ---- hs: the handshake engines, records, codec (tlsim_core::msg::HsMsg) ----
    // (end of hs)
    // ---- sim: the simulated network, the man in the middle, set-up (tlsim_core::msg::SimMsg) ----
    ("sim.ca_self_signed", "The CA \"{ca}\" signs its own certificate: a self-signed root. Clients that trust it keep it in their trust store."),
    ("sim.server_cert_issued", "The server sends its name \"{name}\" and its public key to the CA; the CA signs the SHA-256 hash of the tbsCertificate with its private key (a signature, not an encryption)."),
    ("sim.signature_forged", "Fault: one byte of the signature is flipped after signing (a forged signature)."),
    ("sim.client_cert_issued", "The client (\"{name}\") gets a certificate from the same CA, for client authentication."),
    ("sim.signature_aside", "PKCS#1 v1.5 signature over the hash: the CA's private key signs; nothing is encrypted."),
    ("sim.reads", "The {by} decrypts the record and reads: \"{text}\"."),
    ("sim.byte_flipped", "The network flips one bit of byte {offset} of record #{record} in flight: {before} → {after}. The receiver cannot know; only its checks can catch it."),
    ("sim.flip_outside", "Record #{record} has only {len} bytes: offset {offset} lies outside it, so nothing changed."),
    ("sim.flipped_field", "flipped: {before} → {after}"),
    ("sim.alert_sent", "The {by} stops the session with a fatal {alert} alert (sent encrypted: {protected}). Reason: {reason}"),
    ("sim.incomplete", "{pending} bytes of an incomplete record or message are buffered and nothing more arrives ({stage})."),
    ("sim.stalled", "The session stalled: {stage}."),
    ("sim.stage_handshake", "the handshake did not complete"),
    ("sim.stage_app_data", "the client's application data did not arrive"),
    ("sim.stage_close_notify", "close_notify did not arrive"),
    ("sim.mitm_swap", "The attacker drops the server's Certificate and sends his own instead: the same host name, his own public key, signed by his own CA. Only the client's trust store can tell them apart."),
    ("sim.mitm_trust_hint", "To see the attack succeed, add the attacker's CA to the client's trusted roots (as corporate policy or malware would): {pem}"),
    ("sim.mitm_reads_pre_master", "The client trusted the attacker's certificate, so it encrypted the pre-master secret to the attacker's key. He decrypts it, derives the client's session keys, and re-encrypts the same secret to the real server's key so that the server suspects nothing."),
    ("sim.mitm_finished", "The attacker decrypts the Finished and replaces its verify_data with {verify_data}, computed over the other side's view of the handshake, then re-encrypts it under the other side's keys."),
    ("sim.mitm_reads", "The attacker decrypts and reads \"{text}\", then re-encrypts it for the other side."),
    ("sim.mitm_plaintext_aside", "What the attacker decrypted with the sender's keys."),
    ("sim.mitm_reseal_aside", "Sealed again under the keys the attacker shares with the receiver."),
    ("sim.mitm_decrypt_aside", "Decrypted with the attacker's private key: the client encrypted it to the attacker's certificate."),
    ("sim.mitm_crypto", "The attacker's own RSA or X.509 processing failed."),
    ("sim.session_id_too_long", "The session ID is {len} bytes; it can be at most 32."),
    ("sim.pre_master_length", "The pre-master secret is {len} bytes; it must be exactly 48."),
    // (end of sim)
    // ---- field: what a field's bytes mean (tlsim_core::msg::FieldMsg) ----
    ("field.named", "{name} ({value})"),
    ("field.version", "{version}"),
    ("field.follow", "{len} bytes follow"),
    ("field.explicit_nonce", "the sequence number, sent so that the receiver can build the nonce"),
    ("field.encrypted_content", "{len} bytes of AES-128-GCM ciphertext ({content})"),
    ("field.tag", "GCM authentication tag over the ciphertext and the additional data"),
    ("field.alert_fatal", "fatal ({value})"),
    ("field.alert_warning", "warning ({value})"),
    ("field.alert_description", "{alert} ({code})"),
    ("field.handshake_length", "{len} bytes of {name}"),
    ("field.encrypted_pre_master", "{len}-byte RSA ciphertext (a 2-byte length first)"),
    ("field.sig_alg", "{alg}"),
    ("field.signature", "{len}-byte RSA signature (a 2-byte length first)"),
    ("field.hex", "{value}"),
    ("field.session_id_empty", "empty: the client offers no session to resume"),
    ("field.session_id", "{len} bytes: {value}"),
    ("field.cipher_suites", "{count} suites offered"),
    ("field.cipher_suite", "{suite}"),
    ("field.compression_methods", "{methods} (00 = null, no compression)"),
    ("field.compression_method", "{value} (0 = null, no compression)"),
    ("field.extensions", "{len} bytes of extensions"),
    ("field.server_name", "server_name (SNI): host \"{host}\""),
    ("field.extended_master_secret", "extended_master_secret (RFC 7627): empty"),
    ("field.renegotiation_info_empty", "renegotiation_info (RFC 5746): empty, so this is a first handshake"),
    ("field.renegotiation_info", "renegotiation_info (RFC 5746): a previous Finished, {value}: a renegotiation"),
    ("field.signature_algorithms", "signature_algorithms: {algs}"),
    ("field.other_extension", "{name}: {len} bytes"),
    ("field.certificate_list", "{len} bytes of certificates"),
    ("field.certificate", "X.509 certificate, {len} bytes of DER (a 3-byte length first)"),
    ("field.certificate_types", "{types} (01 = rsa_sign)"),
    ("field.supported_signature_algorithms", "{algs}"),
    ("field.certificate_authorities", "{len} bytes of DER distinguished names"),
    // (end of field)
];
