//! The plain warning that RSA key exchange is insecure today.

use yew::prelude::*;

/// The aside under the page title.
#[function_component]
pub fn RsaWarning() -> Html {
    html! {
        <aside class="rsa-warning" aria-label="Security warning" data-testid="rsa-warning">
            <strong>{ "For learning only: RSA key exchange is insecure today. " }</strong>
            { "It has no forward secrecy: anyone who records this traffic and later gets the server's private key decrypts the pre-master secret, and so every key and message of the session (see the ClientKeyExchange step). Its padding check also leaks (Bleichenbacher-style oracles). TLS 1.3 removed it; use ECDHE." }
        </aside>
    }
}
