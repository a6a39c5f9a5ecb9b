//! The server's session cache: session ID -> [`SessionState`], bounded, oldest out first.
//!
//! One cache serves every connection of a server, so it is shared ([`SharedCache`]); each
//! connection looks up the ID its ClientHello offers and, after a full handshake, stores its own.

use super::SessionState;
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

/// A cache shared by a server's connections.
pub type SharedCache = Arc<Mutex<SessionCache>>;

/// How many sessions a cache keeps by default.
pub const DEFAULT_CAPACITY: usize = 1024;

/// At most `capacity` sessions; inserting into a full cache drops the oldest.
#[derive(Clone, Debug)]
pub struct SessionCache {
    capacity: usize,
    entries: VecDeque<(Vec<u8>, SessionState)>,
}

impl SessionCache {
    /// An empty cache for `capacity` sessions (at least one).
    pub fn new(capacity: usize) -> Self {
        Self {
            capacity: capacity.max(1),
            entries: VecDeque::new(),
        }
    }

    /// An empty cache, shared.
    pub fn shared(capacity: usize) -> SharedCache {
        Arc::new(Mutex::new(Self::new(capacity)))
    }

    /// Keep `state` under `id` (an empty ID is not kept).
    pub fn insert(&mut self, id: &[u8], state: SessionState) {
        if id.is_empty() {
            return;
        }
        self.entries.retain(|(k, _)| k != id);
        if self.entries.len() >= self.capacity {
            self.entries.pop_front();
        }
        self.entries.push_back((id.to_vec(), state));
    }

    /// The session kept under `id`.
    pub fn get(&self, id: &[u8]) -> Option<&SessionState> {
        self.entries.iter().find(|(k, _)| k == id).map(|(_, s)| s)
    }

    /// Forget the session under `id` (e.g. after it failed).
    pub fn remove(&mut self, id: &[u8]) {
        self.entries.retain(|(k, _)| k != id);
    }

    /// Forget every session (a restarted server).
    pub fn clear(&mut self) {
        self.entries.clear();
    }

    /// How many sessions are kept.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Is the cache empty?
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(n: u8) -> SessionState {
        SessionState {
            suite: 0x009c,
            master: [n; 48],
            ems: true,
            host: "www.example.com".into(),
            created: 0,
        }
    }

    #[test]
    fn a_full_cache_drops_its_oldest_and_an_empty_id_is_not_kept() {
        let mut c = SessionCache::new(2);
        c.insert(&[1], state(1));
        c.insert(&[2], state(2));
        c.insert(&[3], state(3));
        assert_eq!(c.len(), 2);
        assert!(c.get(&[1]).is_none(), "oldest dropped");
        assert_eq!(c.get(&[3]).map(|s| s.master[0]), Some(3));
        c.insert(&[], state(9));
        assert_eq!(c.len(), 2);
        c.remove(&[2]);
        assert!(c.get(&[2]).is_none());
        c.clear();
        assert!(c.is_empty());
    }
}
