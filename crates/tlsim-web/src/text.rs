//! English texts of the page. TEMPORARY shim: replaced by the i18n module (`t(lang, key)`) when it
//! lands; the keys here are the step keys of the core and the alert names.

use tlsim_core::error::AlertDescription;
use tlsim_core::Actor;

/// A lane's name.
pub fn actor(a: Actor) -> &'static str {
    match a {
        Actor::Ca => "CA",
        Actor::Client => "Client",
        Actor::Network => "Network",
        Actor::Server => "Server",
    }
}

/// A short explanation of a step for a learner who has never seen TLS.
pub fn explain(key: &str) -> &'static str {
    match key {
        "issue_server_cert" => "Before any connection, the server asks a certificate authority (CA) to vouch for it. The server sends its name and public key; the CA checks the request and signs a certificate: RSA-sign(CA key, SHA-256(tbsCertificate)). The certificate is signed, not encrypted: anyone can read it, and anyone with the CA's public key can check the signature.",
        "client_hello" => "The client opens the conversation: the TLS version it speaks, 32 random bytes (client random), the cipher suites it can use, and extensions such as the host name it wants (SNI). Everything here travels in the clear.",
        "server_hello" => "The server picks one cipher suite from the client's list, adds its own 32 random bytes (server random) and a session ID. Both randoms make every session's keys different.",
        "certificate" => "The server sends its certificate chain. The client will use the public key inside to encrypt the pre-master secret, but only after checking that a CA it trusts vouches for that key and this host name.",
        "certificate_request" => "The server asks the client to prove who it is with a certificate of its own (mutual TLS).",
        "server_hello_done" => "The server is done with its part of the hello phase and waits for the client.",
        "verify_server_cert" => "The client checks the certificate: is it signed by a CA in its trust store (verify the signature: decode it with the CA's public key and compare the hash with SHA-256 of tbsCertificate)? Is today inside its validity dates? Does it name the host the client asked for? Any failure ends the handshake.",
        "client_certificate" => "The client sends its own certificate, because the server asked for one.",
        "client_key_exchange" => "The client makes a 48-byte pre-master secret (03 03 and 46 random bytes) and encrypts it with the server's public key: RSA-encrypt(server public key, pre-master). Public-key crypto is slow but lets two strangers agree on a secret; only the holder of the server's private key can decrypt it.",
        "decrypt_pre_master" => "The server decrypts the pre-master secret with its private key. Now both sides know the same secret, and nobody on the network saw it in the clear.",
        "derive_keys_client" | "derive_keys_server" => "Both sides run the same PRF over the pre-master and the two randoms to get the master secret, then expand it into a key block split into write keys and IVs. From here on, fast symmetric crypto (AES-GCM) protects the data.",
        "certificate_verify" => "The client signs a hash of the handshake so far with its private key, proving it owns the certificate it sent.",
        "change_cipher_spec_client" | "change_cipher_spec_server" => "\"From my next record on, I encrypt with the keys we just derived.\"",
        "finished_client" | "finished_server" => "The first encrypted message: verify_data = PRF(master secret, \"client finished\" or \"server finished\", SHA-256(all handshake messages)). It proves that both sides saw the same handshake and derived the same keys: any tampering shows up here.",
        "app_data_client" | "app_data_server" => "Application data, encrypted and authenticated with AES-128-GCM using the session keys. The network sees only ciphertext.",
        "close_notify_client" | "close_notify_server" => "A close_notify alert ends the session cleanly, so an attacker cannot cut the data short unnoticed.",
        "tamper" => "Something on the network changed bytes in flight. TLS cannot stop that, but it detects it.",
        "mitm" => "A man in the middle replaces the server's certificate with his own, so that the client would encrypt the pre-master to his key. The certificate check is what stops him: no trusted CA signed his certificate for this name.",
        "alert" => "A fatal alert: the side that found a problem tells the other why and ends the handshake. No application data is sent.",
        _ => "",
    }
}

/// What an alert means, for a learner.
pub fn alert_meaning(a: AlertDescription) -> &'static str {
    match a {
        AlertDescription::UnknownCa => "The certificate chain does not end at a CA the client trusts.",
        AlertDescription::CertificateExpired => "The certificate is outside its validity dates at the client's current time.",
        AlertDescription::CertificateUnknown => "The certificate could not be accepted, for example because it does not name the host the client asked for.",
        AlertDescription::BadCertificate => "The certificate is corrupt or its signature does not verify.",
        AlertDescription::DecryptError => "A signature or the Finished check failed: the peers do not share the same handshake or keys.",
        AlertDescription::BadRecordMac => "A record failed authentication (AES-GCM tag): its bytes were changed in flight.",
        AlertDescription::HandshakeFailure => "The two sides found no parameters they both accept (e.g. no common cipher suite).",
        AlertDescription::IllegalParameter => "A field had a value the receiver must reject.",
        AlertDescription::DecodeError => "A message could not be parsed.",
        AlertDescription::UnexpectedMessage => "A message arrived out of order.",
        AlertDescription::ProtocolVersion => "The peer does not speak TLS 1.2.",
        AlertDescription::CloseNotify => "The sender closes the connection cleanly.",
        _ => "",
    }
}

/// The extra note on steps where RSA key exchange shows its weakness.
pub fn rsa_weakness(key: &str) -> Option<&'static str> {
    match key {
        "client_key_exchange" | "decrypt_pre_master" => Some("Why RSA key exchange is retired: this encrypted pre-master is all an eavesdropper needs. Whoever records the session and later obtains the server's private key (a breach, a subpoena, a weak key) decrypts it and every session key with it: no forward secrecy. The padding check on decryption also leaks (Bleichenbacher-style oracles). TLS 1.3 removed RSA key exchange for ECDHE."),
        _ => None,
    }
}
