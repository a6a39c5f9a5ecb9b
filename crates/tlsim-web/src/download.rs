//! Downloads made in the browser from the current transcript: certificates, the teaching server
//! key, the NSS key log, a pcap of the session and the transcript as JSON and Markdown. No network:
//! a `Blob`, an object URL and a temporary `<a download>` click.
//!
//! ## How to integrate
//!
//! ```ignore
//! for a in download::artifacts(&transcript, Lang::En) {          // 7 files (8 with a client certificate)
//!     // a button: data-testid={format!("download-{}", a.filename)}, label t(lang, a.label_key)
//!     let on_click = move |_| { if let Err(e) = a.download() { /* tf(lang, "download.failed", ..) */ } };
//! }
//! ```
//! Show `t(lang, "download.help")` near the buttons (how to open the pcap with the key log in
//! Wireshark). The files are pure functions of the transcript: the same link gives the same bytes.

use tlsim_core::Transcript;

/// The first line of `server-key.pem`. OpenSSL (`openssl pkey`, `openssl rsa`) and the core's
/// PEM reader skip text before `-----BEGIN`, so the file still loads.
pub const TEACHING_KEY_HEADER: &str = "# TEACHING KEY from the TLS 1.2 handshake simulator: it is published, never use it for anything real.\n";

/// The file names [`artifacts`] produces for a session without client authentication, in order.
pub const ARTIFACT_NAMES: [&str; 7] = [
    "ca.pem",
    "server.pem",
    "server-key.pem",
    "keylog.txt",
    "handshake.pcap",
    "transcript.json",
    "transcript.md",
];

/// One downloadable file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Artifact {
    /// File name, e.g. `server.pem` (also the suffix of the button's `data-testid="download-.."`).
    pub filename: &'static str,
    /// MIME type.
    pub mime: &'static str,
    /// The i18n key of the button label, e.g. `download.server_pem`.
    pub label_key: &'static str,
    /// The content.
    pub bytes: Vec<u8>,
}

impl Artifact {
    /// Save this file in the browser ([`download_bytes`]).
    pub fn download(&self) -> Result<(), String> {
        download_bytes(self.filename, self.mime, &self.bytes)
    }
}

/// The files of a session. Certificates and keys are those the server had (before any network
/// tampering); `transcript.md` is in the page's language `lang` (the JSON keeps message keys and
/// typed arguments, for any tool to render); the key log is empty (a comment) if no master secret was derived.
pub fn artifacts(t: &Transcript, lang: crate::i18n::Lang) -> Vec<Artifact> {
    let pem = "application/x-pem-file";
    let mut v = vec![
        Artifact {
            filename: "ca.pem",
            mime: pem,
            label_key: "download.ca_pem",
            bytes: t.ca_pem.as_bytes().to_vec(),
        },
        Artifact {
            filename: "server.pem",
            mime: pem,
            label_key: "download.server_pem",
            bytes: t.server_cert_pem.as_bytes().to_vec(),
        },
        Artifact {
            filename: "server-key.pem",
            mime: pem,
            label_key: "download.server_key_pem",
            bytes: format!("{TEACHING_KEY_HEADER}{}", t.server_key_pem).into_bytes(),
        },
        Artifact {
            filename: "keylog.txt",
            mime: "text/plain",
            label_key: "download.keylog",
            bytes: keylog(t).into_bytes(),
        },
        Artifact {
            filename: "handshake.pcap",
            mime: "application/vnd.tcpdump.pcap",
            label_key: "download.pcap",
            bytes: tlsim_core::export::pcap_legs_at(
                &t.wire,
                &t.server_leg,
                tlsim_core::export::DEFAULT_PCAP_TIME,
            ),
        },
        Artifact {
            filename: "transcript.json",
            mime: "application/json",
            label_key: "download.transcript_json",
            bytes: tlsim_core::export::json(t).into_bytes(),
        },
        Artifact {
            filename: "transcript.md",
            mime: "text/markdown",
            label_key: "download.transcript_md",
            bytes: tlsim_text::markdown(t, lang).into_bytes(),
        },
    ];
    if let Some(c) = &t.client_cert_pem {
        v.insert(
            2,
            Artifact {
                filename: "client.pem",
                mime: pem,
                label_key: "download.client_pem",
                bytes: c.as_bytes().to_vec(),
            },
        );
    }
    v
}

/// The files of a session as the buttons list them, (file name, label key), in the order of
/// [`artifacts`], without making any: the page makes them when a button is pressed (issue 11:
/// not on every run).
pub fn files(t: &Transcript) -> Vec<(&'static str, &'static str)> {
    let mut v = vec![
        ("ca.pem", "download.ca_pem"),
        ("server.pem", "download.server_pem"),
        ("server-key.pem", "download.server_key_pem"),
        ("keylog.txt", "download.keylog"),
        ("handshake.pcap", "download.pcap"),
        ("transcript.json", "download.transcript_json"),
        ("transcript.md", "download.transcript_md"),
    ];
    if t.client_cert_pem.is_some() {
        v.insert(2, ("client.pem", "download.client_pem"));
    }
    v
}

/// The NSS key log (`CLIENT_RANDOM <client random> <master secret>`), ending in a newline; a
/// comment line when the session derived no master secret (Wireshark skips `#` lines).
pub fn keylog(t: &Transcript) -> String {
    let k = t.keylog.trim_end();
    if k.is_empty() {
        "# no master secret was derived in this session\n".to_string()
    } else {
        format!("{k}\n")
    }
}

/// Save `bytes` as `filename` (Blob + object URL + a temporary `<a download>` click; no network).
/// The object URL is revoked a few seconds later.
pub fn download_bytes(filename: &str, mime: &str, bytes: &[u8]) -> Result<(), String> {
    #[cfg(target_arch = "wasm32")]
    {
        use wasm_bindgen::JsCast;
        let err = |what: &str, e: wasm_bindgen::JsValue| format!("{what}: {e:?}");
        let window = web_sys::window().ok_or("no window")?;
        let document = window.document().ok_or("no document")?;
        let array = js_sys::Uint8Array::from(bytes);
        let parts = js_sys::Array::of1(&array);
        let opts = web_sys::BlobPropertyBag::new();
        opts.set_type(mime);
        let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &opts)
            .map_err(|e| err("Blob", e))?;
        let url = web_sys::Url::create_object_url_with_blob(&blob)
            .map_err(|e| err("URL.createObjectURL", e))?;
        let a: web_sys::HtmlAnchorElement = document
            .create_element("a")
            .map_err(|e| err("createElement", e))?
            .unchecked_into();
        a.set_href(&url);
        a.set_download(filename);
        a.set_hidden(true);
        let body = document.body().ok_or("no body")?;
        body.append_child(&a).map_err(|e| err("appendChild", e))?;
        a.click();
        a.remove();
        // Revoke later: revoking at once can cancel the download in some browsers.
        gloo::timers::callback::Timeout::new(10_000, move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        })
        .forget();
        Ok(())
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        let _ = (filename, mime, bytes);
        Err("not in a browser".into())
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn the_buttons_list_the_files_artifacts_makes() {
        for s in [
            crate::state::Preset::Normal.scenario(tlsim_core::scenario::DEFAULT_NOW),
            crate::state::Preset::MutualTls.scenario(tlsim_core::scenario::DEFAULT_NOW),
        ] {
            let t = tlsim_core::simulate(&s, [7; 32], tlsim_core::scenario::DEFAULT_NOW).unwrap();
            let made: Vec<_> = artifacts(&t, crate::i18n::Lang::En)
                .iter()
                .map(|a| (a.filename, a.label_key))
                .collect();
            assert_eq!(files(&t), made);
        }
    }
}
