//! Download buttons for the session's files. A click asks the engine worker for the file
//! ([`Job::File`]: the pcap writer and the JSON export are the worker's, issue 11) and saves its
//! answer; `transcript.md` is made here, in the page's language. While a file is being made its
//! button says so (`aria-busy`); a failure shows a message, in the page's language.

use crate::download::{self, download_bytes};
use crate::engine::Engine;
use crate::engine_protocol::{Job, MadeFile, ReplyBody};
use crate::i18n::{t, tf, Lang};
use std::collections::BTreeSet;
use std::rc::Rc;
use tlsim_core::Transcript;
use yew::prelude::*;

/// Props of [`Downloads`].
#[derive(Properties, PartialEq)]
pub struct DownloadsProps {
    /// the transcript
    pub transcript: Rc<Transcript>,
    /// the run whose answer `transcript` is ([`Job::Run`]): the engine makes its files
    pub run: Option<Rc<Job>>,
    /// where the files are made
    pub engine: Engine,
    /// page language
    pub lang: Lang,
}

/// The files being made: (started, name) or (done, name).
struct Busy(BTreeSet<&'static str>);

impl Reducible for Busy {
    type Action = (bool, &'static str);

    fn reduce(self: Rc<Self>, (started, name): Self::Action) -> Rc<Self> {
        let mut set = self.0.clone();
        if started {
            set.insert(name);
        } else {
            set.remove(name);
        }
        Rc::new(Busy(set))
    }
}

/// Why a file was not saved.
#[derive(Clone, PartialEq)]
enum Failure {
    /// The engine made no file (it stopped, or answered nothing for this name).
    Engine,
    /// The browser refused the download: its reason.
    Browser(String),
}

/// The list of buttons.
#[function_component]
pub fn Downloads(p: &DownloadsProps) -> Html {
    let lang = p.lang;
    let failure = use_state(|| None::<Failure>);
    let busy = use_reducer(|| Busy(BTreeSet::new()));
    // Names only: the files are made when a button is pressed, not on every run (issue 11).
    let files = download::files(&p.transcript);
    let save = {
        let failure = failure.clone();
        move |f: Option<MadeFile>| match f {
            Some(f) => match download_bytes(&f.name, &f.mime, &f.bytes) {
                Ok(()) => failure.set(None),
                Err(e) => failure.set(Some(Failure::Browser(e))),
            },
            None => failure.set(Some(Failure::Engine)),
        }
    };
    html! {
        <section class="downloads" data-testid="downloads">
            <h3>{ t(lang, "button.downloads") }</h3>
            <p class="hint">{ t(lang, "download.help") }</p>
            <ul>
            { for files.into_iter().map(|f| {
                let name = f.name;
                let is_busy = busy.0.contains(name);
                let onclick = {
                    let transcript = p.transcript.clone();
                    let run = p.run.clone();
                    let engine = p.engine.clone();
                    let busy = busy.dispatcher();
                    let save = save.clone();
                    Callback::from(move |_: MouseEvent| {
                        if is_busy {
                            return;
                        }
                        if name == download::MARKDOWN {
                            save(Some(download::markdown(&transcript, lang)));
                            return;
                        }
                        let Some(Job::Run { scenario, seed, now }) = run.as_deref().cloned() else {
                            save(None);
                            return;
                        };
                        busy.dispatch((true, name));
                        let done = busy.clone();
                        let save = save.clone();
                        let on_reply = Callback::from(move |b: ReplyBody| {
                            done.dispatch((false, name));
                            save(match b {
                                ReplyBody::File(f) => f,
                                _ => None,
                            });
                        });
                        let job = Job::File { scenario, seed, now, name: name.into() };
                        engine.submit(job, on_reply);
                    })
                };
                html! {
                    <li><button type="button" data-testid={format!("download-{name}")} aria-busy={is_busy.then_some("true")} {onclick}>
                        { t(lang, f.label_key) }{ " · " }<code>{ name }</code></button></li>
                }
            }) }
            </ul>
            if let Some(e) = &*failure {
                <p class="error" role="alert" data-testid="download-error">{ match e {
                    Failure::Engine => t(lang, "error.engine").to_string(),
                    Failure::Browser(why) => tf(lang, "download.failed", &[("error", why)]),
                } }</p>
            }
        </section>
    }
}
