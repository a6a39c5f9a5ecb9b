//! Download buttons for the session's files (made in the browser from the transcript).

use crate::download;
use crate::i18n::{t, tf, Lang};
use std::rc::Rc;
use tlsim_core::Transcript;
use yew::prelude::*;

/// Props of [`Downloads`].
#[derive(Properties, PartialEq)]
pub struct DownloadsProps {
    /// the transcript
    pub transcript: Rc<Transcript>,
    /// page language
    pub lang: Lang,
}

/// The list of buttons.
#[function_component]
pub fn Downloads(p: &DownloadsProps) -> Html {
    let lang = p.lang;
    let failure = use_state(|| None::<String>);
    // Names only: the files are made when a button is pressed, not on every run (issue 11).
    let files = download::files(&p.transcript);
    html! {
        <section class="downloads" data-testid="downloads">
            <h3>{ t(lang, "button.downloads") }</h3>
            <p class="hint">{ t(lang, "download.help") }</p>
            <ul>
            { for files.into_iter().map(|(filename, label_key)| {
                let transcript = p.transcript.clone();
                let failure = failure.clone();
                let onclick = Callback::from(move |_: MouseEvent| {
                    let made = download::artifacts(&transcript, lang)
                        .into_iter()
                        .find(|a| a.filename == filename);
                    if let Some(Err(e)) = made.map(|a| a.download()) {
                        failure.set(Some(tf(lang, "download.failed", &[("error", &e)])));
                    }
                });
                html! {
                    <li><button type="button" data-testid={format!("download-{filename}")} {onclick}>
                        { t(lang, label_key) }{ " · " }<code>{ filename }</code></button></li>
                }
            }) }
            </ul>
            if let Some(e) = &*failure { <p class="error" role="alert">{ e.clone() }</p> }
        </section>
    }
}
