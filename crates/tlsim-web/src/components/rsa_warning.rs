//! The plain warning that RSA key exchange is insecure today.

use crate::i18n::{t, Lang};
use yew::prelude::*;

/// Props of [`RsaWarning`].
#[derive(Properties, PartialEq)]
pub struct RsaWarningProps {
    /// page language
    pub lang: Lang,
}

/// The aside under the page title.
#[function_component]
pub fn RsaWarning(p: &RsaWarningProps) -> Html {
    html! {
        <aside class="rsa-warning" data-testid="rsa-warning">
            <p>{ t(p.lang, "banner.rsa_kex") }</p>
            <p class="small">{ t(p.lang, "banner.teaching_key") }</p>
        </aside>
    }
}
