//! "Record now, decrypt later": an eavesdropper recorded every record of a session; later the
//! server's private key leaks. What can it read? Sans-IO: the recorded wire and the leaked key in,
//! an account of what the recording holds, what the key let it compute, and what it still lacks.
//!
//! - RSA key exchange: the ClientKeyExchange holds the pre-master encrypted to that very key, so
//!   the eavesdropper decrypts it, runs the key schedule (the randoms, and the EMS session hash,
//!   are in the recording too), and opens every application-data record.
//! - DHE / ECDHE: the recording holds only public values (g^a, g^b, or the points) and the
//!   server's signature over its own. The leaked key can check or forge that signature, nothing
//!   more: the pre-master came from the ephemeral secrets a and b, never sent and thrown away.

use crate::codec::Codec;
use crate::conn::derived;
use crate::error::Error;
use crate::keys::Secrets;
use crate::kx::KxAlg;
use crate::msg::HsMsg;
use crate::msgs::{ContentType, HandshakeMessage, HandshakePayload, KxParams, Record};
use crate::record::RecordCipher;
use crate::transcript::Derived;
use crate::vocab::ValueId;
use rsa::{Pkcs1v15Encrypt, RsaPrivateKey};
use serde::{Deserialize, Serialize};

/// What the eavesdropper got.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attempt {
    /// The key exchange of the recorded session.
    pub kx: KxAlg,
    /// What the recording holds that matters: the randoms, the public values or the encrypted
    /// pre-master, the signature.
    pub recorded: Vec<Derived>,
    /// What it computed with the leaked key (RSA: the whole key schedule; (EC)DHE: nothing).
    pub computed: Vec<Derived>,
    /// What it would need and does not have (DHE / ECDHE: the ephemeral secrets).
    pub missing: Vec<ValueId>,
    /// The application data it read: (sent by the client?, plaintext).
    pub plaintext: Vec<(bool, Vec<u8>)>,
    /// How many encrypted records the recording holds.
    pub encrypted_records: usize,
}

impl Attempt {
    /// Did the leaked key open the session?
    pub fn opened(&self) -> bool {
        !self.plaintext.is_empty()
    }
}

/// A recording split: the handshake messages in the clear, the protected records.
type Split = (Vec<Vec<u8>>, Vec<(bool, Record)>);

/// The handshake messages in the clear (in wire order, each direction reassembled) and the
/// encrypted records after each side's ChangeCipherSpec.
fn split(wire: &[(bool, Vec<u8>)]) -> Result<Split, Error> {
    let mut messages = Vec::new();
    let mut pending = [Vec::new(), Vec::new()];
    let mut protected = [false, false];
    let mut sealed = Vec::new();
    for (from_client, bytes) in wire {
        let side = usize::from(*from_client);
        let rec = Record::from_bytes(bytes)?;
        if protected[side] {
            sealed.push((*from_client, rec));
            continue;
        }
        match rec.typ {
            ContentType::ChangeCipherSpec => protected[side] = true,
            ContentType::Handshake => {
                let buf = &mut pending[side];
                buf.extend_from_slice(&rec.fragment);
                while buf.len() >= 4 {
                    let len = u32::from_be_bytes([0, buf[1], buf[2], buf[3]]) as usize;
                    if buf.len() < 4 + len {
                        break;
                    }
                    messages.push(buf.drain(..4 + len).collect());
                }
            }
            _ => {}
        }
    }
    Ok((messages, sealed))
}

/// Try to read a recorded session with the leaked server key.
pub fn decrypt_later(wire: &[(bool, Vec<u8>)], leaked: &RsaPrivateKey) -> Result<Attempt, Error> {
    let (messages, sealed) = split(wire)?;
    let decoded: Vec<HandshakePayload> = messages
        .iter()
        .filter_map(|m| HandshakeMessage::from_bytes(m).ok().map(|h| h.payload))
        .collect();
    let missing_msg = |what: &str| {
        Error::input(HsMsg::Empty {
            what: what.to_string(),
        })
    };
    let ch = decoded
        .iter()
        .find_map(|p| match p {
            HandshakePayload::ClientHello(c) => Some(c),
            _ => None,
        })
        .ok_or_else(|| missing_msg("ClientHello"))?;
    let sh = decoded
        .iter()
        .find_map(|p| match p {
            HandshakePayload::ServerHello(s) => Some(s),
            _ => None,
        })
        .ok_or_else(|| missing_msg("ServerHello"))?;
    let kx = KxAlg::of(sh.cipher_suite).unwrap_or(KxAlg::Rsa);
    let ems = ch.has(crate::msgs::ExtensionType::ExtendedMasterSecret)
        && sh.has(crate::msgs::ExtensionType::ExtendedMasterSecret);
    let cke_index = messages
        .iter()
        .position(|m| m.first() == Some(&16))
        .ok_or_else(|| missing_msg("ClientKeyExchange"))?;
    let cke = &messages[cke_index];
    let mut recorded = vec![
        derived(ValueId::ClientRandom, "", &[], &ch.random),
        derived(ValueId::ServerRandom, "", &[], &sh.random),
    ];
    let mut attempt = Attempt {
        kx,
        recorded: Vec::new(),
        computed: Vec::new(),
        missing: Vec::new(),
        plaintext: Vec::new(),
        encrypted_records: sealed.len(),
    };
    if kx.is_ephemeral() {
        for p in &decoded {
            if let HandshakePayload::ServerKeyExchange(ske) = p {
                if let KxParams::Dh { p, g, .. } = &ske.params {
                    recorded.push(derived(ValueId::DhPrime, "", &[], p));
                    recorded.push(derived(ValueId::DhGenerator, "", &[], g));
                }
                recorded.push(derived(
                    ValueId::ServerEphemeralPublic,
                    "",
                    &[],
                    ske.params.public(),
                ));
                recorded.push(derived(ValueId::SkeSignature, "", &[], &ske.signature));
            }
        }
        // The client's public value: the ClientKeyExchange body after its length prefix.
        let body = cke.get(4..).unwrap_or_default();
        let public = match kx {
            KxAlg::Ecdhe => body.get(1..),
            _ => body.get(2..),
        };
        recorded.push(derived(
            ValueId::ClientEphemeralPublic,
            "",
            &[],
            public.unwrap_or_default(),
        ));
        attempt.recorded = recorded;
        attempt.missing = vec![
            ValueId::ClientEphemeralSecret,
            ValueId::ServerEphemeralSecret,
        ];
        return Ok(attempt);
    }
    // RSA: the leaked key opens the pre-master, and everything follows.
    let HandshakePayload::ClientKeyExchange(c) = HandshakeMessage::from_bytes(cke)?.payload else {
        return Err(missing_msg("ClientKeyExchange"));
    };
    recorded.push(derived(
        ValueId::EncryptedPreMaster,
        "",
        &[],
        &c.encrypted_pre_master,
    ));
    attempt.recorded = recorded;
    let Ok(pre_master) = leaked.decrypt(Pkcs1v15Encrypt, &c.encrypted_pre_master) else {
        // Not this key's ciphertext (another server's key leaked): nothing opens.
        attempt.missing = vec![ValueId::PreMasterSecret];
        return Ok(attempt);
    };
    let mut computed = vec![derived(
        ValueId::PreMasterSecret,
        "RSAES-PKCS1-v1_5-DECRYPT(leaked_server_private_key, encrypted_pre_master)",
        &[(ValueId::EncryptedPreMaster, &c.encrypted_pre_master)],
        &pre_master,
    )];
    let transcript: Vec<u8> = messages[..=cke_index].concat();
    let (secrets, d) = Secrets::derive(&pre_master, &ch.random, &sh.random, ems, &transcript);
    computed.extend(d.into_iter().filter(|v| v.name != ValueId::PreMasterSecret));
    attempt.computed = computed;
    let k = &secrets.keys;
    let mut ciphers = [
        RecordCipher::new(&k.server_write_key, &k.server_write_iv),
        RecordCipher::new(&k.client_write_key, &k.client_write_iv),
    ];
    for (from_client, rec) in &sealed {
        let c = &mut ciphers[usize::from(*from_client)];
        if let Ok(pt) = c.open(rec.typ.get(), rec.version, &rec.fragment) {
            if rec.typ == ContentType::ApplicationData {
                attempt.plaintext.push((*from_client, pt));
            }
        }
    }
    Ok(attempt)
}
