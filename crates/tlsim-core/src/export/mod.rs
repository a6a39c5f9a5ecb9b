//! Exports of a [`Transcript`](crate::Transcript): a libpcap capture of the wire and JSON (keys
//! and typed arguments, for any tool to render; the Markdown for course notes, in a language, is
//! `tlsim-text`'s). Pure functions of the transcript: no clock, no I/O.

mod keylog13;
mod pcap;

pub use keylog13::keylog13;

pub use pcap::{
    pcap, pcap_at, pcap_legs_at, CLIENT_PORT, DEFAULT_PCAP_TIME, MITM_CLIENT_PORT, SERVER_PORT,
};

/// The transcript as pretty JSON (serde): the same data the UI renders.
pub fn json(t: &crate::Transcript) -> String {
    serde_json::to_string_pretty(t).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
}
