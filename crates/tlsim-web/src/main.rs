//! The page's entry point: see `tlsim_web::start`.
fn main() {
    tlsim_web::start();
}
