//! The session's downloads: certificates, the teaching server key, the NSS key log, a pcap of
//! the session and the transcript as JSON and Markdown. The engine worker makes every file but
//! the Markdown ([`crate::engine_jobs::make_file`], asked for with
//! [`Job::File`](crate::engine_protocol::Job::File)), so the page's .wasm links neither the pcap
//! writer nor the transcript's serializer (issue 11); the page makes `transcript.md`, in its
//! language, and saves each file with [`download_bytes`]: a `Blob`, an object URL and a
//! temporary `<a download>` click. No network.
//!
//! ## How to integrate
//!
//! ```ignore
//! for f in download::files(&transcript) {                 // 7 files (8 with a client certificate)
//!     // a button: data-testid={format!("download-{}", f.name)}, label t(lang, f.label_key);
//!     // on click: `transcript.md` is download::markdown(..), any other the engine's Job::File
//! }
//! ```
//! Show `t(lang, "download.help")` near the buttons (how to open the pcap with the key log in
//! Wireshark). The files are pure functions of the transcript: the same link gives the same bytes.

use crate::engine_protocol::{FileInfo, MadeFile, FILES};
use tlsim_core::Transcript;

pub use crate::engine_jobs::{keylog, TEACHING_KEY_HEADER};

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

/// The file the page makes itself: the transcript as Markdown, in the page's language.
pub const MARKDOWN: &str = "transcript.md";

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

/// Every file of a session at once, made on this thread (tests and tools; the page asks its
/// worker for one file per click instead): the engine's files ([`crate::engine_jobs::make_file`])
/// and the Markdown in `lang`.
pub fn artifacts(t: &Transcript, lang: crate::i18n::Lang) -> Vec<Artifact> {
    files(t)
        .into_iter()
        .map(|f| Artifact {
            filename: f.name,
            mime: f.mime,
            label_key: f.label_key,
            bytes: match f.name {
                MARKDOWN => markdown(t, lang).bytes,
                name => crate::engine_jobs::make_file(t, name)
                    .map(|m| m.bytes)
                    .unwrap_or_default(),
            },
        })
        .collect()
}

/// `transcript.md`: the transcript as Markdown in the page's language `lang`.
pub fn markdown(t: &Transcript, lang: crate::i18n::Lang) -> MadeFile {
    MadeFile {
        name: MARKDOWN.into(),
        mime: "text/markdown".into(),
        bytes: tlsim_text::markdown(t, lang).into_bytes(),
    }
}

/// The files of a session as the buttons list them, in order, without making any: they are made
/// when a button is pressed (issue 11: not on every run, and not in the page).
pub fn files(t: &Transcript) -> Vec<FileInfo> {
    FILES
        .into_iter()
        .filter(|f| f.name != "client.pem" || t.client_cert_pem.is_some())
        .collect()
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
    use crate::engine_protocol::{Job, Reply, ReplyBody};
    use crate::i18n::Lang;
    use crate::state::Preset;
    use tlsim_core::scenario::DEFAULT_NOW;

    /// The files as the page made them before the engine worker did (issue 11), kept as the
    /// reference the worker's files must equal byte for byte.
    fn made_in_the_page(t: &Transcript, lang: Lang) -> Vec<(&'static str, &'static str, Vec<u8>)> {
        let pem = "application/x-pem-file";
        let header = "# TEACHING KEY from the TLS 1.2 handshake simulator: it is published, never use it for anything real.\n";
        let keylog = match t.keylog.trim_end() {
            "" => "# no master secret was derived in this session\n".to_string(),
            k => format!("{k}\n"),
        };
        let mut v = vec![
            ("ca.pem", pem, t.ca_pem.as_bytes().to_vec()),
            ("server.pem", pem, t.server_cert_pem.as_bytes().to_vec()),
            (
                "server-key.pem",
                pem,
                format!("{header}{}", t.server_key_pem).into_bytes(),
            ),
            ("keylog.txt", "text/plain", keylog.into_bytes()),
            (
                "handshake.pcap",
                "application/vnd.tcpdump.pcap",
                tlsim_core::export::pcap_legs_at(
                    &t.wire,
                    &t.server_leg,
                    tlsim_core::export::DEFAULT_PCAP_TIME,
                ),
            ),
            (
                "transcript.json",
                "application/json",
                tlsim_core::export::json(t).into_bytes(),
            ),
            (
                "transcript.md",
                "text/markdown",
                tlsim_text::markdown(t, lang).into_bytes(),
            ),
        ];
        if let Some(c) = &t.client_cert_pem {
            v.insert(2, ("client.pem", pem, c.as_bytes().to_vec()));
        }
        v
    }

    /// Every preset (TLS 1.2 and 1.3, completed and failed): each file the page's buttons ask
    /// the worker for, through the worker's JSON messages, is the file the page used to make;
    /// `artifacts` makes the same files.
    #[test]
    fn the_workers_files_are_the_files_the_page_made() {
        let mut caches = crate::engine_jobs::Caches::default();
        let mut checked = 0;
        for p in Preset::ALL {
            let scenario = p.scenario(DEFAULT_NOW);
            let seed = crate::state::DEFAULT_SEED;
            let Ok(t) = tlsim_core::simulate(&scenario, seed, DEFAULT_NOW) else {
                continue;
            };
            let want = made_in_the_page(&t, Lang::En);
            let listed: Vec<_> = files(&t).iter().map(|f| (f.name, f.mime)).collect();
            let wanted: Vec<_> = want.iter().map(|w| (w.0, w.1)).collect();
            assert_eq!(listed, wanted, "{}", p.name());
            let all: Vec<_> = artifacts(&t, Lang::En)
                .into_iter()
                .map(|a| (a.filename, a.mime, a.bytes))
                .collect();
            assert_eq!(all, want, "{}", p.name());
            for (name, mime, bytes) in &want {
                let job = Job::File {
                    scenario: scenario.clone(),
                    seed,
                    now: DEFAULT_NOW,
                    name: name.to_string(),
                };
                let mut got = Vec::new();
                crate::engine_jobs::execute(&job, &mut caches, &mut |body| {
                    let text = serde_json::to_string(&Reply { id: 3, body }).expect("json");
                    got.push(
                        serde_json::from_str::<Reply>(&text)
                            .expect("reads back")
                            .body,
                    );
                });
                let made = match *name {
                    MARKDOWN => {
                        assert_eq!(got, [ReplyBody::File(None)], "the page's own file");
                        markdown(&t, Lang::En)
                    }
                    _ => match got.as_slice() {
                        [ReplyBody::File(Some(f))] => f.clone(),
                        other => panic!("{} {name}: {other:?}", p.name()),
                    },
                };
                assert_eq!((made.name.as_str(), made.mime.as_str()), (*name, *mime));
                assert!(made.bytes == *bytes, "{} {name}: bytes differ", p.name());
                checked += 1;
            }
        }
        assert!(checked > 100, "{checked} files");
    }

    #[test]
    fn a_file_the_session_has_not_is_no_file() {
        let scenario = Preset::Normal.scenario(DEFAULT_NOW);
        let mut caches = crate::engine_jobs::Caches::default();
        for name in ["client.pem", "transcript.md", "../etc/passwd", ""] {
            let job = Job::File {
                scenario: scenario.clone(),
                seed: [7; 32],
                now: DEFAULT_NOW,
                name: name.into(),
            };
            let mut got = Vec::new();
            crate::engine_jobs::execute(&job, &mut caches, &mut |b| got.push(b));
            assert_eq!(got, [ReplyBody::File(None)], "{name}");
        }
    }
}
