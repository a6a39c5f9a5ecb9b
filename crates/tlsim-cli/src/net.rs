//! `tlsim connect` and `tlsim serve`: the core's sans-IO client and server on real TCP sockets,
//! loopback only. The shell does the I/O, the clock and the OS randomness; the core does TLS.

use crate::time::format_time;
use crate::versions::suite_label;
use rand_core::RngCore;
use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream, ToSocketAddrs};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use tlsim_core::client::{ClientConfig, ClientIdentity};
use tlsim_core::conn::{Event, Output};
use tlsim_core::keygen::{derive_key, purpose_rng};
use tlsim_core::kx::Group;
use tlsim_core::negotiate::{DualClient, DualClientConfig, DualServer, DualServerConfig};
use tlsim_core::resume::server::Resumption;
use tlsim_core::resume::{cache, Session, TicketKey};
use tlsim_core::server::responder::{End, Responder};
use tlsim_core::server::{ClientAuth, ServerConfig};
use tlsim_core::tls13::{Client13Config, Server13Config};
use tlsim_core::{pki, Error, KeySource};
use tlsim_core::{StepKey, TlsVersion};
use tlsim_text::Lang;

/// Options of `tlsim connect`.
pub struct ConnectOpts<'a> {
    /// The versions to offer (one ClientHello for both).
    pub versions: Vec<TlsVersion>,
    /// Suites to offer, in preference order.
    pub suites: Vec<u16>,
    /// Groups to offer (supported_groups).
    pub groups: Vec<Group>,
    /// HOST:PORT.
    pub addr: &'a str,
    /// CA PEM file.
    pub ca: &'a Path,
    /// SNI / expected name.
    pub servername: Option<&'a str>,
    /// Data to send.
    pub send: &'a str,
    /// Seconds before giving up on the peer.
    pub timeout: u64,
    /// Seconds to wait for the server's reply after sending.
    pub wait: u64,
    /// Offer EMS?
    pub ems: bool,
    /// Seed.
    pub seed: [u8; 32],
    /// Unix time.
    pub now: i64,
    /// NSS key log file to write.
    pub keylog: Option<&'a Path>,
    /// Client certificate and key files (PEM).
    pub identity: Option<(&'a Path, &'a Path)>,
    /// A session file to resume.
    pub sess_in: Option<&'a Path>,
    /// Where to save the session.
    pub sess_out: Option<&'a Path>,
    /// Ask for a session ticket?
    pub ask_ticket: bool,
}

fn io(e: std::io::Error) -> String {
    format!("network: {e}")
}

/// A core error in English (connect and serve log in English).
fn en(e: &tlsim_core::Error) -> String {
    crate::commands::core_error(Lang::En, e)
}

fn send_records(s: &mut TcpStream, out: &Output) -> Result<(), String> {
    for r in &out.records {
        s.write_all(r).map_err(io)?;
    }
    s.flush().map_err(io)
}

/// Print what happened (events with their checks) to stderr.
fn log_events(who: &str, events: &[Event]) {
    for e in events {
        let dir = if e.sent.is_some() { "sent" } else { "did" };
        eprintln!("[{who}] {dir}: {}", tlsim_text::step_title(Lang::En, e.key));
        // what these steps decided is in their notes: the version chosen (and the downgrade
        // sentinel), a ticket ignored, a certificate asked for and what answers it
        if matches!(
            e.key,
            StepKey::NegotiateVersion
                | StepKey::NewSessionTicket
                | StepKey::CertificateRequest13
                | StepKey::Certificate13Client
        ) {
            for n in &e.notes {
                eprintln!("[{who}]   {}", tlsim_text::render(Lang::En, n));
            }
        }
        for c in &e.checks {
            eprintln!(
                "[{who}]   [{}] {}: {}",
                if c.ok { "ok" } else { "FAIL" },
                tlsim_text::check_label(Lang::En, c.name),
                tlsim_text::render(Lang::En, &c.detail)
            );
        }
    }
}

/// Read once; `Ok(None)` on a read time-out, `Ok(Some(empty))` when the peer closed.
fn read_some(s: &mut TcpStream) -> Result<Option<Vec<u8>>, String> {
    let mut buf = vec![0u8; 32 * 1024];
    match s.read(&mut buf) {
        Ok(n) => Ok(Some(buf[..n].to_vec())),
        Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => Ok(None),
        Err(e) => Err(io(e)),
    }
}

/// Resolve HOST:PORT to a loopback address (refuse anything else).
fn loopback(addr: &str) -> Result<SocketAddr, String> {
    let addrs: Vec<SocketAddr> = addr
        .to_socket_addrs()
        .map_err(|e| format!("{addr}: cannot resolve ({e}); want HOST:PORT"))?
        .collect();
    addrs
        .iter()
        .find(|a| a.ip().is_loopback())
        .copied()
        .ok_or_else(|| {
            format!("{addr}: tlsim connects to loopback addresses only (127.0.0.1, ::1, localhost)")
        })
}

/// Run the client. Returns the data the server sent.
pub fn connect(o: &ConnectOpts) -> Result<Vec<u8>, String> {
    let addr = loopback(o.addr)?;
    let host = match o.servername {
        Some(h) => h.to_string(),
        None => o
            .addr
            .rsplit_once(':')
            .map(|(h, _)| h.trim_matches(['[', ']']).to_string())
            .unwrap_or_default(),
    };
    let ca_pem = std::fs::read_to_string(o.ca)
        .map_err(|e| format!("cannot read {}: {e}", o.ca.display()))?;
    let ca = pki::pem_to_der(&ca_pem, &o.ca.display().to_string()).map_err(|e| en(&e))?;
    let mut config = ClientConfig::new(&host, vec![ca]);
    config.ems = o.ems;
    config.offered_suites = o.suites.clone();
    config.groups = o.groups.iter().map(|g| g.id()).collect();
    // What real clients accept from a server's ServerKeyExchange.
    config.signature_algorithms = tlsim_core::sigalg::ACCEPTED.to_vec();
    if let Some((cert, key)) = o.identity {
        let read = |p: &Path| {
            std::fs::read_to_string(p).map_err(|e| format!("cannot read {}: {e}", p.display()))
        };
        let chain =
            vec![pki::pem_to_der(&read(cert)?, &cert.display().to_string()).map_err(|e| en(&e))?];
        let key = pki::key_from_pem(&read(key)?, &key.display().to_string()).map_err(|e| en(&e))?;
        config.identity = Some(ClientIdentity { chain, key });
    }
    // TLS 1.3: the curves asked for (both by default), a key share for the first
    let groups13: Vec<Group> = o.groups.iter().copied().filter(|g| g.is_ec()).collect();
    let mut config13 = Client13Config::new(&host, config.trust_store.clone());
    if !groups13.is_empty() {
        config13.key_shares = groups13[..1].to_vec();
        config13.groups = groups13;
    }
    config13.identity = config.identity.clone();
    config.ask_ticket = o.ask_ticket;
    if let Some(p) = o.sess_in {
        let text =
            std::fs::read_to_string(p).map_err(|e| format!("cannot read {}: {e}", p.display()))?;
        let s = Session::from_pem(&text, &p.display().to_string()).map_err(|e| en(&e))?;
        // A real client offers a session only to the host it was made for, and not after the
        // ticket's lifetime.
        let age = o.now.saturating_sub(s.created);
        if s.lifetime_hint > 0 && age > i64::from(s.lifetime_hint) {
            eprintln!(
                "[client] the session in {} is {age}s old, past its lifetime of {}s: not offered (a full handshake)",
                p.display(),
                s.lifetime_hint
            );
        } else if s.host.eq_ignore_ascii_case(&host) {
            eprintln!(
                "[client] offering the session in {} ({}{})",
                p.display(),
                if s.id.is_empty() {
                    "no session ID".to_string()
                } else {
                    format!("session ID {}", hex::encode(&s.id))
                },
                s.ticket
                    .as_ref()
                    .map(|t| format!(", a ticket of {} bytes", t.len()))
                    .unwrap_or_default()
            );
            config.resume = Some(s);
        } else {
            eprintln!(
                "[client] the session in {} was made for {}, not {host}: not offered (a full handshake)",
                p.display(),
                s.host
            );
        }
    }
    let timeout = Duration::from_secs(o.timeout.max(1));
    let mut s =
        TcpStream::connect_timeout(&addr, timeout).map_err(|e| format!("connect {addr}: {e}"))?;
    s.set_read_timeout(Some(Duration::from_millis(100)))
        .map_err(io)?;
    let dual = DualClientConfig {
        tls12: o.versions.contains(&TlsVersion::Tls12).then_some(config),
        tls13: o.versions.contains(&TlsVersion::Tls13).then_some(config13),
    };
    eprintln!(
        "[client] offering {}",
        o.versions
            .iter()
            .map(|v| v.to_string())
            .collect::<Vec<_>>()
            .join(" and ")
    );
    let (mut client, out) =
        DualClient::new(dual, purpose_rng(&o.seed, "connect"), o.now).map_err(|e| en(&e))?;
    log_events("client", &out.events);
    send_records(&mut s, &out)?;

    // 1. the handshake
    let deadline = Instant::now() + timeout;
    let fail = |client: &mut DualClient, s: &mut TcpStream, e: Error| -> String {
        log_events("client", &client.take_output().events);
        let alert = client.alert(&e);
        let _ = s.write_all(&alert);
        format!(
            "handshake failed: {} (alert {} ({}))",
            tlsim_text::render(Lang::En, &e.reason()),
            e.alert().name(),
            e.alert().code()
        )
    };
    while !client.is_handshake_complete() {
        if Instant::now() > deadline {
            return Err(format!(
                "timed out after {}s during the handshake",
                o.timeout
            ));
        }
        let Some(bytes) = read_some(&mut s)? else {
            continue;
        };
        if bytes.is_empty() {
            return Err("the server closed the connection during the handshake".into());
        }
        match client.feed(&bytes) {
            Ok(out) => {
                log_events("client", &out.events);
                send_records(&mut s, &out)?;
            }
            Err(e) => return Err(fail(&mut client, &mut s, e)),
        }
    }
    report_connect(&client, addr, &host, o)?;
    if let Some(p) = o.keylog {
        std::fs::write(p, client.keylog())
            .map_err(|e| format!("cannot write {}: {e}", p.display()))?;
    }

    // 2. application data out, then whatever comes back within `wait` seconds
    let out = client
        .send_app_data(o.send.as_bytes())
        .map_err(|e| en(&e))?;
    send_records(&mut s, &out)?;
    let mut received = Vec::new();
    let mut deadline = Instant::now() + Duration::from_secs(o.wait);
    let mut peer_closed = false;
    while Instant::now() < deadline && !peer_closed {
        let Some(bytes) = read_some(&mut s)? else {
            continue;
        };
        if bytes.is_empty() {
            break;
        }
        match client.feed(&bytes) {
            Ok(out) => {
                // after the handshake: a TLS 1.3 server's NewSessionTicket, shown and ignored
                log_events("client", &out.events);
                for d in &out.app_data {
                    received.extend_from_slice(d);
                    // More may follow; wait a little for it.
                    deadline = deadline.min(Instant::now() + Duration::from_millis(300));
                }
                peer_closed = out.peer_closed;
                send_records(&mut s, &out)?;
            }
            Err(e) => return Err(fail(&mut client, &mut s, e)),
        }
    }
    // 3. close_notify
    if let Ok(out) = client.close() {
        let _ = send_records(&mut s, &out);
    }
    let _ = s.shutdown(std::net::Shutdown::Write);
    Ok(received)
}

/// What the handshake settled, in s_client's words where it has them.
fn report_connect(
    client: &DualClient,
    addr: SocketAddr,
    host: &str,
    o: &ConnectOpts,
) -> Result<(), String> {
    let version = client.version().map(|v| v.to_string()).unwrap_or_default();
    let suite = client
        .negotiated_suite()
        .map(suite_label)
        .unwrap_or_default();
    let group = client
        .negotiated_group()
        .map(|g| format!(", group {}", g.name()))
        .unwrap_or_default();
    if let Some(c) = client.tls13() {
        eprintln!(
            "[client] handshake complete with {addr} (host {host}): {suite}{group}, {version}{}{}",
            if c.retried() {
                ", after a HelloRetryRequest"
            } else {
                ""
            },
            if c.certificate_requested() {
                ", client certificate requested"
            } else {
                ""
            }
        );
        return Ok(());
    }
    let Some(c) = client.tls12() else {
        return Ok(());
    };
    eprintln!(
        "[client] handshake complete with {addr} (host {host}): {suite}{group}, extended master secret {}, {version}",
        if c.extended_master_secret() { "yes" } else { "no" }
    );
    // As OpenSSL's s_client says it: "Reused" or "New".
    eprintln!(
        "[client] session: {}",
        if c.resumed() { "Reused" } else { "New" }
    );
    if let Some(p) = o.sess_out {
        let s = c
            .session()
            .ok_or_else(|| "no session to save".to_string())?;
        std::fs::write(p, s.to_pem()).map_err(|e| format!("cannot write {}: {e}", p.display()))?;
        eprintln!("[client] session saved to {}", p.display());
    }
    Ok(())
}

/// Options of `tlsim serve`.
pub struct ServeOpts<'a> {
    /// The versions to take.
    pub versions: Vec<TlsVersion>,
    /// Suites to accept, in preference order.
    pub suites: Vec<u16>,
    /// Groups to accept, in preference order.
    pub groups: Vec<Group>,
    /// Port on 127.0.0.1 (0: any).
    pub port: u16,
    /// Directory for ca.pem, server.pem, server-key.pem.
    pub out: &'a Path,
    /// Certificate name.
    pub server_name: &'a str,
    /// Extra SANs.
    pub sans: &'a [String],
    /// The reply to each message.
    pub reply: &'a str,
    /// Connections to serve (0: forever).
    pub count: usize,
    /// Idle seconds per connection.
    pub timeout: u64,
    /// Accept EMS?
    pub ems: bool,
    /// Seed.
    pub seed: [u8; 32],
    /// Unix time.
    pub now: i64,
    /// Fresh keys of this size (else the builtin teaching keys).
    pub key_bits: Option<usize>,
    /// Require a client certificate from this server's CA.
    pub client_auth: bool,
    /// Connections served at once.
    pub max_connections: usize,
    /// 1: the CA signs the server certificate; 2: through an intermediate CA (issue 12).
    pub chain_depth: u8,
    /// Issue session tickets?
    pub tickets: bool,
    /// Keep a session cache?
    pub session_cache: bool,
}

/// Issue the CA and server certificate and write them (and the server key) to `out`.
fn credentials(o: &ServeOpts) -> Result<DualServerConfig, String> {
    let key = |role: &str| -> Result<rsa::RsaPrivateKey, String> {
        match o.key_bits {
            Some(bits) => derive_key(&o.seed, role, bits),
            None => pki::load_key(
                &KeySource::Builtin(role.into()),
                &mut purpose_rng(&o.seed, role),
                role,
            ),
        }
        .map_err(|e| en(&e))
    };
    let (ca_key, srv_key) = (key("ca")?, key("server")?);
    // Valid from an hour ago for 30 days (the CLI's clock; the core never reads one).
    let (nb, na) = (o.now - 3600, o.now + 30 * 86_400);
    let serial = |tag: &str| -> Vec<u8> { purpose_rng(&o.seed, tag).get_seed()[..8].to_vec() };
    let ca = pki::issue_ca(
        "tlsim serve CA",
        &ca_key,
        nb,
        na,
        &[&[0x01][..], &serial("ca-serial")].concat(),
    )
    .map_err(|e| en(&e))?;
    let mut sans = vec![o.server_name.to_string()];
    sans.extend(
        o.sans
            .iter()
            .filter(|s| s.as_str() != o.server_name)
            .cloned(),
    );
    // Chain depth 2: the root issues an intermediate (CA:TRUE, pathLen 0), which issues the leaf.
    let intermediate = if o.chain_depth >= 2 {
        let key = match o.key_bits {
            Some(bits) => derive_key(&o.seed, "intermediate", bits),
            None => pki::load_key(
                &KeySource::Builtin("intermediate".into()),
                &mut purpose_rng(&o.seed, "intermediate"),
                "intermediate",
            ),
        }
        .map_err(|e| en(&e))?;
        let public = key.to_public_key();
        let serial = [&[0x04][..], &serial("intermediate-serial")].concat();
        let req = pki::CertRequest {
            cn: "tlsim serve Intermediate CA",
            sans: &[],
            key: &public,
            not_before: nb,
            not_after: na,
            serial: &serial,
            profile: pki::Profile::intermediate(Some(0)),
        };
        let signer = pki::Signer::Ca {
            cert: &ca.der,
            key: &ca_key,
        };
        Some((pki::issue(&req, signer).map_err(|e| en(&e))?, key))
    } else {
        None
    };
    let (issuer_der, issuer_key) = match &intermediate {
        Some((c, k)) => (&c.der, k),
        None => (&ca.der, &ca_key),
    };
    let leaf = pki::issue_leaf(
        o.server_name,
        &sans,
        &srv_key.to_public_key(),
        issuer_der,
        issuer_key,
        nb,
        na,
        &[&[0x02][..], &serial("server-serial")].concat(),
        false,
        false,
    )
    .map_err(|e| en(&e))?;
    std::fs::create_dir_all(o.out)
        .map_err(|e| format!("cannot create {}: {e}", o.out.display()))?;
    let key_pem = pki::key_to_pem(&srv_key).map_err(|e| en(&e))?;
    let mut files = vec![
        ("ca.pem", pki::cert_to_pem(&ca.der)),
        ("server.pem", pki::cert_to_pem(&leaf.der)),
        ("server-key.pem", key_pem),
    ];
    if let Some((c, _)) = &intermediate {
        files.push(("intermediate.pem", pki::cert_to_pem(&c.der)));
        files.push(("chain.pem", pki::cert_to_pem(&c.der)));
    }
    if o.client_auth {
        // A client certificate from the same CA, for the client to present.
        let client_key = key("client")?;
        let client = pki::issue_leaf(
            "tlsim client",
            &[],
            &client_key.to_public_key(),
            &ca.der,
            &ca_key,
            nb,
            na,
            &[&[0x03][..], &serial("client-serial")].concat(),
            true,
            false,
        )
        .map_err(|e| en(&e))?;
        files.push(("client.pem", pki::cert_to_pem(&client.der)));
        let client_key_pem = pki::key_to_pem(&client_key).map_err(|e| en(&e))?;
        files.push(("client-key.pem", client_key_pem));
    }
    let names: Vec<&str> = files.iter().map(|(n, _)| *n).collect();
    let names = names.join(", ");
    for (name, data) in files {
        let p = o.out.join(name);
        std::fs::write(&p, data).map_err(|e| format!("cannot write {}: {e}", p.display()))?;
    }
    eprintln!(
        "[server] wrote {names} to {} (certificate for {}, valid {} to {})",
        o.out.display(),
        sans.join(", "),
        format_time(nb),
        format_time(na)
    );
    let mut chain = vec![leaf.der];
    chain.extend(intermediate.map(|(c, _)| c.der));
    let mut config13 = Server13Config::new(chain.clone(), srv_key.clone());
    let groups13: Vec<Group> = o.groups.iter().copied().filter(|g| g.is_ec()).collect();
    if !groups13.is_empty() {
        config13.groups = groups13;
    }
    let mut config = ServerConfig::new(chain, srv_key);
    config.ems = o.ems;
    config.accepted_suites = o.suites.clone();
    config.groups = o.groups.clone();
    if o.client_auth {
        config.client_auth =
            Some(ClientAuth::from_roots(vec![ca.der.clone()]).map_err(|e| en(&e))?);
    }
    // Resumption (issue 14): one bounded cache and one ticket key for every connection.
    let mut ticket_key = [0u8; 16];
    purpose_rng(&o.seed, "serve-ticket-key").fill_bytes(&mut ticket_key);
    config.resumption = Resumption::with(
        if o.session_cache {
            cache::DEFAULT_CAPACITY
        } else {
            0
        },
        o.tickets.then(|| TicketKey::new(ticket_key)),
    );
    if !o.session_cache {
        // No cache: an empty session ID says this session cannot be resumed by ID.
        config.session_id = Some(Vec::new());
    }
    Ok(DualServerConfig {
        tls12: o.versions.contains(&TlsVersion::Tls12).then_some(config),
        tls13: o.versions.contains(&TlsVersion::Tls13).then_some(config13),
    })
}

/// Run the server: connections are served concurrently, each on its own thread with its own
/// time-outs, at most `max_connections` at once (further clients wait in the listen backlog), so
/// a silent or slow client never holds up the others.
pub fn serve(o: &ServeOpts) -> Result<(), String> {
    let config = credentials(o)?;
    let listener = TcpListener::bind(("127.0.0.1", o.port))
        .map_err(|e| format!("bind 127.0.0.1:{}: {e}", o.port))?;
    let local = listener.local_addr().map_err(io)?;
    eprintln!(
        "[server] taking {}",
        o.versions
            .iter()
            .map(|v| v.to_string())
            .collect::<Vec<_>>()
            .join(" and ")
    );
    println!("listening on {local}");
    let _ = std::io::stdout().flush();
    let active = AtomicUsize::new(0);
    let max = o.max_connections.max(1);
    std::thread::scope(|scope| {
        let mut n = 0usize;
        loop {
            // At the bound, wait for a connection to end before accepting the next.
            while active.load(Ordering::SeqCst) >= max {
                std::thread::sleep(Duration::from_millis(5));
            }
            let mut s = match listener.accept() {
                Ok((s, _)) => s,
                Err(e) => {
                    eprintln!("[server] accept: {e}");
                    continue;
                }
            };
            n += 1;
            let peer = s.peer_addr().map(|a| a.to_string()).unwrap_or_default();
            eprintln!("[server] connection {n} from {peer}");
            let rng = purpose_rng(&o.seed, &format!("serve-connection-{n}"));
            let config = config.clone();
            let active = &active;
            active.fetch_add(1, Ordering::SeqCst);
            scope.spawn(move || {
                match serve_one(&mut s, config, rng, o) {
                    Ok(()) => eprintln!("[server] connection {n} closed"),
                    Err(e) => eprintln!("[server] connection {n}: {e}"),
                }
                active.fetch_sub(1, Ordering::SeqCst);
            });
            if o.count != 0 && n >= o.count {
                break;
            }
        }
    });
    Ok(())
}

/// One connection: the core's [`Responder`] on a socket, with an idle time-out and a deadline
/// for the whole handshake (a client that trickles one byte at a time cannot keep it open).
fn serve_one(
    s: &mut TcpStream,
    config: DualServerConfig,
    rng: rand_chacha::ChaCha20Rng,
    o: &ServeOpts,
) -> Result<(), String> {
    s.set_read_timeout(Some(Duration::from_millis(100)))
        .map_err(io)?;
    let server = DualServer::new(config, rng, o.now).map_err(|e| en(&e))?;
    let mut responder = Responder::over(server, o.reply.as_bytes().to_vec());
    let limit = Duration::from_secs(o.timeout.max(1));
    let started = Instant::now();
    let mut last = Instant::now();
    loop {
        if last.elapsed() > limit {
            return Err(format!("idle for {}s, closing", o.timeout));
        }
        if !responder.server().is_handshake_complete() && started.elapsed() > limit {
            return Err(format!(
                "handshake not complete after {}s, closing",
                o.timeout
            ));
        }
        let Some(bytes) = read_some(s)? else { continue };
        if bytes.is_empty() {
            return Ok(());
        }
        last = Instant::now();
        let turn = responder.feed(&bytes);
        log_events("server", &turn.events);
        // Whatever the turn produced goes out, an alert last.
        s.write_all(&turn.send).map_err(io)?;
        s.flush().map_err(io)?;
        if turn.handshake_completed {
            report_serve(responder.server());
        }
        for d in &turn.received {
            println!("received: {}", String::from_utf8_lossy(d).trim_end());
            let _ = std::io::stdout().flush();
        }
        match turn.end {
            None => {}
            Some(End::PeerClosed) => return Ok(()),
            Some(End::Failed(e)) => {
                return Err(format!(
                    "handshake failed: {} (alert {})",
                    tlsim_text::render(Lang::En, &e.reason()),
                    e.alert().name()
                ))
            }
        }
    }
}

/// What the handshake settled.
fn report_serve(server: &DualServer) {
    let version = server.version().map(|v| v.to_string()).unwrap_or_default();
    let suite = server
        .negotiated_suite()
        .map(suite_label)
        .unwrap_or_default();
    let group = server
        .negotiated_group()
        .map(|g| format!(", group {}", g.name()))
        .unwrap_or_default();
    if let Some(s) = server.tls13() {
        eprintln!(
            "[server] handshake complete: {suite}{group}, {version}{}",
            if s.retried() {
                ", after a HelloRetryRequest"
            } else {
                ""
            }
        );
    } else if let Some(s) = server.tls12() {
        eprintln!(
            "[server] handshake complete: {suite}{group}, extended master secret {}, {}, {version}",
            if s.extended_master_secret() {
                "yes"
            } else {
                "no"
            },
            if s.resumed() {
                "session resumed"
            } else {
                "new session"
            }
        );
    }
}
