//! The language switch and the "copy link" / "copy embed code" buttons.

use crate::embed::EmbedOptions;
use crate::i18n::{t, Lang};
use crate::url::{self, UrlState};
use yew::prelude::*;

/// Props of [`Share`].
#[derive(Properties, PartialEq)]
pub struct ShareProps {
    /// what the link carries
    pub url_state: UrlState,
    /// page language
    pub lang: Lang,
    /// switch language
    pub on_lang: Callback<Lang>,
}

/// The bar.
#[function_component]
pub fn Share(p: &ShareProps) -> Html {
    let lang = p.lang;
    // the last copy result: (which button, ok?)
    let copied = use_state(|| None::<(&'static str, bool)>);
    let copy = |which: &'static str| {
        let copied = copied.clone();
        let st = p.url_state.clone();
        Callback::from(move |_: MouseEvent| {
            let text = if which == "link" {
                url::share_link(&st)
            } else {
                url::embed_code(&st, EmbedOptions::embedded(), lang)
            };
            copied.set(Some((which, url::copy_to_clipboard(&text).is_ok())));
        })
    };
    let status = |which: &'static str| match *copied {
        Some((w, true)) if w == which => t(lang, "button.copied"),
        Some((w, false)) if w == which => t(lang, "button.copy_failed"),
        _ => "",
    };
    html! {
        <div class="share">
            <div class="lang-switch" role="group" aria-label={t(lang, "lang.label")}>
                { for Lang::ALL.iter().map(|&l| {
                    let on_lang = p.on_lang.clone();
                    html! {
                        <button type="button" lang={l.code()} data-testid={format!("lang-{}", l.code())}
                            aria-pressed={if l == lang { "true" } else { "false" }}
                            class={classes!((l == lang).then_some("active"))}
                            onclick={Callback::from(move |_| on_lang.emit(l))}>{ l.native_name() }</button>
                    }
                }) }
            </div>
            <button type="button" data-testid="copy-link" onclick={copy("link")}>{ t(lang, "button.copy_link") }</button>
            <button type="button" data-testid="copy-embed" onclick={copy("embed")}>{ t(lang, "button.copy_embed") }</button>
            <span class="copy-status" aria-live="polite" data-testid="copy-status">{ status("link") }{ status("embed") }</span>
        </div>
    }
}
