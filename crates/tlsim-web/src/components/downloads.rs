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
    let files = use_memo((p.transcript.clone(), lang), |(t, l)| {
        download::artifacts(t, *l)
    });
    html! {
        <section class="downloads" data-testid="downloads">
            <h3>{ t(lang, "button.downloads") }</h3>
            <p class="hint">{ t(lang, "download.help") }</p>
            <ul>
            { for files.iter().map(|a| {
                let a2 = a.clone();
                let failure = failure.clone();
                let onclick = Callback::from(move |_: MouseEvent| {
                    if let Err(e) = a2.download() {
                        failure.set(Some(tf(lang, "download.failed", &[("error", &e)])));
                    }
                });
                html! {
                    <li><button type="button" data-testid={format!("download-{}", a.filename)} {onclick}>
                        { t(lang, a.label_key) }{ " · " }<code>{ a.filename }</code></button></li>
                }
            }) }
            </ul>
            if let Some(e) = &*failure { <p class="error" role="alert">{ e.clone() }</p> }
        </section>
    }
}
