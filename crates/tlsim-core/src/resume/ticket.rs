//! Session tickets as this server makes them (RFC 5077 §4 recommends a format; a server may
//! choose its own, since only it reads them):
//!
//! ```text
//! struct {
//!     opaque key_name[16];    // which of the server's keys sealed it
//!     opaque nonce[12];       // fresh for every ticket
//!     opaque sealed<..>;      // AES-128-GCM(key, nonce, SessionState, aad = key_name) || tag(16)
//! } ticket;
//! ```
//! GCM both encrypts the state (the master secret must stay secret on the wire) and authenticates
//! it: a ticket changed in flight, or sealed under a key the server no longer has, is refused,
//! and the server falls back to a full handshake (RFC 5077 §3.4).

use super::SessionState;
use crate::conn::derived;
use crate::msg::HsMsg;
use crate::transcript::Derived;
use crate::vocab::ValueId;
use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes128Gcm, Nonce};
use sha2::{Digest, Sha256};

/// key_name || nonce: the ticket's clear header.
pub const HEADER_LEN: usize = 16 + 12;

/// One ticket key of the server's: the AES-128 key and the name tickets carry to say which key
/// sealed them.
#[derive(Clone, PartialEq, Eq)]
pub struct TicketKey {
    /// The 16-byte AES-128-GCM key.
    pub key: [u8; 16],
    /// key_name: the first 16 bytes of SHA-256("tlsim ticket key name" || key).
    pub name: [u8; 16],
}

impl std::fmt::Debug for TicketKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "TicketKey {{ name: {} }}", hex::encode(self.name))
    }
}

/// Why a ticket could not be opened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refused {
    /// Shorter than key_name || nonce || tag.
    TooShort,
    /// key_name is none of the server's keys (rotated, or another server's).
    UnknownKey,
    /// The GCM tag does not verify: the ticket was changed.
    Forged,
    /// It decrypts, but the state inside does not parse.
    BadState,
}

impl Refused {
    /// The message that says why.
    pub fn msg(self) -> HsMsg {
        match self {
            Refused::TooShort => HsMsg::TicketTooShort {},
            Refused::UnknownKey => HsMsg::TicketUnknownKey {},
            Refused::Forged => HsMsg::TicketForged {},
            Refused::BadState => HsMsg::TicketBadState {},
        }
    }
}

impl TicketKey {
    /// The key with its name.
    pub fn new(key: [u8; 16]) -> Self {
        let mut h = Sha256::new();
        h.update(b"tlsim ticket key name");
        h.update(key);
        let d = h.finalize();
        let mut name = [0u8; 16];
        name.copy_from_slice(&d[..16]);
        Self { key, name }
    }

    fn aead(&self) -> Aes128Gcm {
        Aes128Gcm::new((&self.key).into())
    }

    /// Seal `state` into a ticket under this key with `nonce`; with the derived values the
    /// transcript shows (the key, the state, the ticket).
    pub fn seal(&self, state: &SessionState, nonce: [u8; 12]) -> (Vec<u8>, Vec<Derived>) {
        let plain = state.encode();
        let sealed = self
            .aead()
            .encrypt(
                Nonce::from_slice(&nonce),
                Payload {
                    msg: &plain,
                    aad: &self.name,
                },
            )
            .unwrap_or_default();
        let mut ticket = self.name.to_vec();
        ticket.extend_from_slice(&nonce);
        ticket.extend_from_slice(&sealed);
        let d = vec![
            derived(ValueId::TicketKey, "", &[], &self.key).aside(HsMsg::TicketKeyAside {}),
            derived(
                ValueId::TicketState,
                "version || suite || ems || master_secret || created || host",
                &[],
                &plain,
            )
            .aside(HsMsg::TicketStateAside {}),
            derived(
                ValueId::SessionTicket,
                "key_name(16) || nonce(12) || AES-128-GCM(ticket_key, nonce, state, key_name)",
                &[
                    (ValueId::TicketKey, &self.key),
                    (ValueId::TicketState, &plain),
                ],
                &ticket,
            ),
        ];
        (ticket, d)
    }

    /// Open a ticket sealed by any of `keys` (the current one first, then older ones still
    /// accepted).
    pub fn open(
        keys: &[TicketKey],
        ticket: &[u8],
    ) -> Result<(SessionState, Vec<Derived>), Refused> {
        if ticket.len() < HEADER_LEN + 16 {
            return Err(Refused::TooShort);
        }
        let (name, rest) = ticket.split_at(16);
        let (nonce, sealed) = rest.split_at(12);
        let key = keys
            .iter()
            .find(|k| k.name == name)
            .ok_or(Refused::UnknownKey)?;
        let plain = key
            .aead()
            .decrypt(
                Nonce::from_slice(nonce),
                Payload {
                    msg: sealed,
                    aad: name,
                },
            )
            .map_err(|_| Refused::Forged)?;
        let state = SessionState::decode(&plain).map_err(|_| Refused::BadState)?;
        let d = vec![
            derived(ValueId::TicketKey, "", &[], &key.key).aside(HsMsg::TicketKeyAside {}),
            derived(
                ValueId::TicketState,
                "AES-128-GCM-Decrypt(ticket_key, nonce, sealed, key_name)",
                &[
                    (ValueId::TicketKey, &key.key),
                    (ValueId::SessionTicket, ticket),
                ],
                &plain,
            )
            .aside(HsMsg::TicketStateAside {}),
        ];
        Ok((state, d))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state() -> SessionState {
        SessionState {
            suite: 0xc02f,
            master: [7; 48],
            ems: true,
            host: "www.example.com".into(),
            created: 1_795_424_400,
        }
    }

    #[test]
    fn a_ticket_opens_under_its_key_only_and_any_changed_byte_is_refused() {
        let k = TicketKey::new([1; 16]);
        let (t, _) = k.seal(&state(), [2; 12]);
        assert_eq!(&t[..16], &k.name);
        assert_eq!(
            TicketKey::open(std::slice::from_ref(&k), &t).map(|x| x.0),
            Ok(state())
        );
        // the master secret is not in the clear
        assert!(!t.windows(48).any(|w| w == [7; 48]));
        let other = TicketKey::new([3; 16]);
        assert_eq!(
            TicketKey::open(std::slice::from_ref(&other), &t).err(),
            Some(Refused::UnknownKey)
        );
        assert!(
            TicketKey::open(&[other, k.clone()], &t).is_ok(),
            "an older key still opens it"
        );
        for i in 16..t.len() {
            let mut bad = t.clone();
            bad[i] ^= 1;
            assert_eq!(
                TicketKey::open(std::slice::from_ref(&k), &bad).err(),
                Some(Refused::Forged),
                "byte {i}"
            );
        }
        assert_eq!(
            TicketKey::open(&[k], &t[..40]).err(),
            Some(Refused::TooShort)
        );
    }
}
