//! The subcommands. Each returns its exit code, or an error message (exit 2).

use crate::args::{now_or_clock, seed_or_random, Command, Format, ReplayFormat, SessionArgs};
use crate::{net, replay, versions};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;
use tlsim_core::{export, pki, Outcome, Transcript};
use tlsim_text::Lang;

/// Run one subcommand.
pub fn dispatch(cmd: Command) -> Result<ExitCode, String> {
    match cmd {
        Command::Run {
            format,
            lang,
            session,
        } => run(format, lang, &session),
        Command::Export { out, lang, session } => export_dir(&out, lang, &session),
        Command::Replay {
            messages,
            server_key,
            keylog,
            format,
            lang,
        } => replay_cmd(
            &messages,
            server_key.as_deref(),
            keylog.as_deref(),
            format,
            lang,
        ),
        Command::Connect {
            kx,
            tls_version,
            addr,
            ca,
            servername,
            send,
            timeout,
            wait,
            no_ems,
            seed,
            keylog,
            cert,
            key,
            sess_out,
            sess_in,
            no_ticket,
        } => {
            let (suites, groups) = kx.suites_and_groups()?;
            let mut only12 = only12_kx(&kx);
            let flags = [
                (no_ems, "--no-ems", versions::EMS),
                (sess_in.is_some(), "--sess-in", versions::RESUME),
                (sess_out.is_some(), "--sess-out", versions::RESUME),
                (no_ticket, "--no-ticket", versions::RESUME),
            ];
            only12.extend(
                flags
                    .into_iter()
                    .filter(|f| f.0)
                    .map(|(_, o, why)| (o.to_string(), why)),
            );
            let opts = net::ConnectOpts {
                versions: versions::resolve(tls_version, &only12)?,
                suites,
                groups,
                addr: &addr,
                ca: &ca,
                servername: servername.as_deref(),
                send: &send,
                timeout,
                wait,
                ems: !no_ems,
                seed: seed_or_random(seed.as_deref())?,
                now: now_or_clock(None),
                keylog: keylog.as_deref(),
                identity: cert.as_deref().zip(key.as_deref()),
                sess_in: sess_in.as_deref(),
                sess_out: sess_out.as_deref(),
                ask_ticket: !no_ticket,
            };
            let received = net::connect(&opts)?;
            std::io::stdout()
                .write_all(&received)
                .map_err(|e| e.to_string())?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Serve {
            kx,
            tls_version,
            port,
            out,
            server_name,
            sans,
            reply,
            count,
            timeout,
            no_ems,
            seed,
            key_bits,
            client_auth,
            max_connections,
            chain_depth,
            no_tickets,
            no_session_cache,
        } => {
            if let Some(bits) = key_bits {
                tlsim_core::pki::check_key_bits(bits, "--key-bits")
                    .map_err(|e| core_error(Lang::En, &e))?;
            }
            let (suites, groups) = kx.suites_and_groups()?;
            let mut only12 = only12_kx(&kx);
            let flags = [
                (no_ems, "--no-ems", versions::EMS),
                (no_tickets, "--no-tickets", versions::RESUME),
                (no_session_cache, "--no-session-cache", versions::RESUME),
                (client_auth, "--client-auth", versions::CLIENT_AUTH),
            ];
            only12.extend(
                flags
                    .into_iter()
                    .filter(|f| f.0)
                    .map(|(_, o, why)| (o.to_string(), why)),
            );
            let opts = net::ServeOpts {
                versions: versions::resolve(tls_version, &only12)?,
                suites,
                groups,
                port,
                out: &out,
                server_name: &server_name,
                sans: &sans,
                reply: &reply,
                count,
                timeout,
                ems: !no_ems,
                seed: seed_or_random(seed.as_deref())?,
                now: now_or_clock(None),
                key_bits,
                client_auth,
                max_connections: max_connections.into(),
                chain_depth,
                tickets: !no_tickets,
                session_cache: !no_session_cache,
            };
            net::serve(&opts)?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// The TLS 1.2-only key-exchange options given: any --kx (a TLS 1.2 suite choice) and
/// --group ffdhe2048.
fn only12_kx(kx: &crate::args::KxArgs) -> Vec<(String, &'static str)> {
    let mut v = Vec::new();
    if let Some(k) = kx.kx {
        v.push((format!("--kx {}", k.name()), versions::KX));
    }
    if let Some(g) = kx.group.filter(|g| !g.is_ec()) {
        v.push((format!("--group {}", g.name()), versions::FFDHE));
    }
    v
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

fn write(dir: &Path, name: &str, data: &[u8]) -> Result<(), String> {
    let p = dir.join(name);
    std::fs::write(&p, data).map_err(|e| format!("cannot write {}: {e}", p.display()))
}

/// Simulate the session the arguments describe.
fn simulate(s: &SessionArgs, lang: Lang) -> Result<(Transcript, [u8; 32], i64), String> {
    let seed = seed_or_random(s.seed.as_deref())?;
    let now = now_or_clock(s.now);
    if let Some(bits) = s.scenario.key_bits {
        tlsim_core::pki::check_key_bits(bits, "--key-bits").map_err(|e| core_error(lang, &e))?;
    }
    s.scenario.kx.resolve()?;
    let scenario = s.scenario_at(now)?;
    let t = crate::session::simulate(&scenario, &seed, now).map_err(|e| core_error(lang, &e))?;
    Ok((t, seed, now))
}

fn outcome_code(t: &Transcript) -> ExitCode {
    match t.outcome {
        Outcome::Success => ExitCode::SUCCESS,
        Outcome::Failed { .. } | Outcome::Refused { .. } => ExitCode::from(1),
    }
}

/// A core error in `lang`: the alert it maps to, then its typed reason rendered.
pub fn core_error(lang: Lang, e: &tlsim_core::Error) -> String {
    if e.is_input() {
        tlsim_text::render(lang, &e.reason())
    } else {
        format!(
            "{}: {}",
            e.alert().name(),
            tlsim_text::render(lang, &e.reason())
        )
    }
}

fn run(format: Format, lang: Lang, s: &SessionArgs) -> Result<ExitCode, String> {
    let (t, seed, now) = simulate(s, lang)?;
    match format {
        Format::Text => print!("{}", crate::text::text(&t, &seed, now, lang)),
        Format::Json => println!("{}", export::json(&t)),
        Format::Markdown => print!("{}", tlsim_text::markdown(&t, lang)),
    }
    Ok(outcome_code(&t))
}

fn export_dir(out: &Path, lang: Lang, s: &SessionArgs) -> Result<ExitCode, String> {
    let (t, seed, now) = simulate(s, lang)?;
    std::fs::create_dir_all(out).map_err(|e| format!("cannot create {}: {e}", out.display()))?;
    let mut names = vec!["ca.pem", "server.csr"];
    write(out, "ca.pem", t.ca_pem.as_bytes())?;
    write(out, "server.csr", t.server_csr_pem.as_bytes())?;
    // No server.pem when the CA refused the CSR.
    if !t.server_cert_pem.is_empty() {
        write(out, "server.pem", t.server_cert_pem.as_bytes())?;
        names.push("server.pem");
    }
    write(out, "server-key.pem", t.server_key_pem.as_bytes())?;
    names.push("server-key.pem");
    if let Some(c) = &t.client_cert_pem {
        write(out, "client.pem", c.as_bytes())?;
        names.push("client.pem");
    }
    // intermediate.pem: the CA the root issued; chain.pem: what the server sends after its own
    // certificate, the leaf's issuer first (none in the incomplete-chain failure).
    if let Some(i) = t.intermediate_pems.last() {
        write(out, "intermediate.pem", i.as_bytes())?;
        names.push("intermediate.pem");
    }
    if !t.chain_pem.is_empty() {
        write(out, "chain.pem", t.chain_pem.as_bytes())?;
        names.push("chain.pem");
    }
    if let Some(c) = &t.crl_pem {
        write(out, "crl.pem", c.as_bytes())?;
        names.push("crl.pem");
    }
    write(out, "transcript.json", export::json(&t).as_bytes())?;
    write(
        out,
        "transcript.md",
        tlsim_text::markdown(&t, lang).as_bytes(),
    )?;
    let mut keylog = t.keylog.clone();
    if !keylog.is_empty() && !keylog.ends_with('\n') {
        keylog.push('\n');
    }
    write(out, "keylog.txt", keylog.as_bytes())?;
    write(
        out,
        "handshake.pcap",
        &export::pcap_legs_at(&t.wire, &t.server_leg, now),
    )?;
    names.extend([
        "transcript.json",
        "transcript.md",
        "keylog.txt",
        "handshake.pcap",
    ]);
    eprintln!(
        "wrote {} to {} (seed {})",
        names.join(" "),
        out.display(),
        hex::encode(seed)
    );
    Ok(outcome_code(&t))
}

fn replay_cmd(
    messages: &Path,
    key: Option<&Path>,
    keylog: Option<&Path>,
    format: ReplayFormat,
    lang: Lang,
) -> Result<ExitCode, String> {
    use tlsim_core::replay::Secret;
    // A key log opens any session; the server's key only an RSA key exchange.
    let (log, key) = match (keylog, key) {
        (Some(p), _) => (Some(read(p)?), None),
        (None, Some(k)) => {
            let pem = read(k)?;
            let key = pki::key_from_pem(&pem, &k.display().to_string())
                .map_err(|e| core_error(lang, &e))?;
            (None, Some(key))
        }
        (None, None) => return Err("want --server-key or --keylog".into()),
    };
    let text = read(messages)?;
    // A TLS 1.3 session (its ServerHello selects 0x0304): both Finished from the key log's
    // handshake traffic secrets.
    if tlsim_core::tls13::replay::is_tls13_session(&text) {
        let Some(log) = &log else {
            let e = tlsim_core::Error::input(tlsim_core::msg::ReplayMsg::Tls13NeedsKeyLog {});
            return Err(format!(
                "{}: {}",
                messages.display(),
                replay::error_text(lang, &e)
            ));
        };
        let r = tlsim_core::tls13::replay::replay13(&text, log)
            .map_err(|e| format!("{}: {}", messages.display(), replay::error_text(lang, &e)))?;
        match format {
            ReplayFormat::Text => print!("{}", replay::report13_text(&r, lang)),
            ReplayFormat::Json => println!(
                "{}",
                serde_json::to_string_pretty(&r).map_err(|e| e.to_string())?
            ),
        }
        return Ok(if r.verified() {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        });
    }
    let secret = match (&log, &key) {
        (Some(l), _) => Secret::KeyLog(l),
        (None, Some(k)) => Secret::ServerKey(k),
        (None, None) => return Err("want --server-key or --keylog".into()),
    };
    let r = tlsim_core::replay::replay_with(&text, secret)
        .map_err(|e| format!("{}: {}", messages.display(), replay::error_text(lang, &e)))?;
    match format {
        ReplayFormat::Text => print!("{}", replay::report_text(&r, lang)),
        ReplayFormat::Json => println!(
            "{}",
            serde_json::to_string_pretty(&r).map_err(|e| e.to_string())?
        ),
    }
    Ok(if r.verified() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
