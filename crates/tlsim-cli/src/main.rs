//! `tlsim`: the command-line shell around the sans-IO core. The core stays pure; this binary
//! supplies the clock, OS randomness, files and sockets.
#![forbid(unsafe_code)]
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

mod args;
mod commands;
mod net;
mod replay;
mod session;
mod text;
mod time;
mod versions;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = args::Cli::parse();
    match commands::dispatch(cli.command) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("tlsim: {e}");
            ExitCode::from(2)
        }
    }
}
