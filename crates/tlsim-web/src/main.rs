//! The page's entry point: see `tlsim_web::start` (after its language's texts, `i18n::boot`).
fn main() {
    tlsim_web::i18n::boot(tlsim_web::start);
}
