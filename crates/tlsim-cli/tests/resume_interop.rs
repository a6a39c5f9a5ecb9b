//! Session resumption (issue 14) against real peers on 127.0.0.1: OpenSSL's `s_client` resumes
//! from `tlsim serve` (`-sess_out` / `-sess_in` and `-reconnect`), by session ID and by ticket,
//! extended master secret on and off; `tlsim connect --sess-out` / `--sess-in` resumes with
//! `openssl s_server` and `gnutls-serv` and with `tlsim serve`; and a session file that is not
//! one is refused with a message naming it.

mod common;

use common::{no_ems_conf, s_server, serve, tlsim, write_certs, TempDir};
use std::process::{Command, Stdio};

/// One `openssl s_client` connection (stdin closed: it ends after the handshake).
fn s_client(dir: &TempDir, port: u16, args: &[&str], no_ems: bool) -> String {
    let mut cmd = Command::new("openssl");
    cmd.args([
        "s_client",
        "-tls1_2",
        "-servername",
        "localhost",
        "-connect",
    ])
    .arg(format!("127.0.0.1:{port}"))
    .arg("-CAfile")
    .arg(dir.path("ca.pem"))
    .args(args)
    .stdin(Stdio::null());
    if no_ems {
        cmd.env("OPENSSL_CONF", no_ems_conf(dir));
    }
    let out = cmd.output().expect("openssl s_client");
    String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr)
}

#[test]
fn openssl_s_client_resumes_from_tlsim_serve_by_id_and_by_ticket_ems_on_and_off() {
    for ticket in [true, false] {
        for ems in [true, false] {
            let what = format!("ticket={ticket} ems={ems}");
            let dir = TempDir::new("resume-s-client");
            let (mut srv, port) = serve(&dir, &["--server-name", "localhost"]);
            let sess = dir.path("s.pem");
            let sess = sess.to_str().unwrap();
            let mut base = vec![];
            if !ticket {
                base.push("-no_ticket");
            }
            let first = s_client(
                &dir,
                port,
                &[&base[..], &["-sess_out", sess]].concat(),
                !ems,
            );
            assert!(first.contains("New, TLSv1.2"), "{what}: {first}");
            assert_eq!(
                first.contains("TLS session ticket:"),
                ticket,
                "{what}: {first}"
            );
            let second = s_client(&dir, port, &[&base[..], &["-sess_in", sess]].concat(), !ems);
            assert!(second.contains("Reused, TLSv1.2"), "{what}: {second}");
            let want = if ems {
                "Extended master secret: yes"
            } else {
                "Extended master secret: no"
            };
            assert!(second.contains(want), "{what}: {second}");
            srv.wait_for("session resumed", 10);
        }
    }
}

#[test]
fn openssl_s_client_reconnect_resumes_five_times() {
    let dir = TempDir::new("resume-reconnect");
    let (_srv, port) = serve(&dir, &["--server-name", "localhost"]);
    let out = s_client(&dir, port, &["-reconnect"], false);
    // One full handshake, then five reconnections that each resume it.
    assert_eq!(out.matches("Reused, TLSv1.2").count(), 5, "{out}");
}

#[test]
fn without_cache_and_tickets_nothing_is_resumed() {
    let dir = TempDir::new("resume-off");
    let (_srv, port) = serve(
        &dir,
        &[
            "--server-name",
            "localhost",
            "--no-tickets",
            "--no-session-cache",
        ],
    );
    // An empty session ID and no ticket: the session cannot be resumed, and OpenSSL does not
    // even write it out; each of -reconnect's connections is a new full handshake.
    let sess = dir.path("s.pem");
    let first = s_client(&dir, port, &["-sess_out", sess.to_str().unwrap()], false);
    assert!(first.contains("New, TLSv1.2"), "{first}");
    assert!(!first.contains("TLS session ticket:"), "{first}");
    assert!(!sess.exists(), "{first}");
    let out = s_client(&dir, port, &["-reconnect"], false);
    assert_eq!(out.matches("Reused, TLSv1.2").count(), 0, "{out}");
    assert_eq!(out.matches("New, TLSv1.2").count(), 6, "{out}");
}

/// `tlsim connect` with `args`; (stderr, success).
fn connect(dir: &TempDir, port: u16, args: &[&str]) -> (String, bool) {
    let out = tlsim()
        .args([
            "connect",
            "--servername",
            "localhost",
            "--wait",
            "1",
            "--ca",
        ])
        .arg(dir.path("ca.pem"))
        .arg(format!("127.0.0.1:{port}"))
        .args(args)
        .output()
        .expect("tlsim connect");
    (
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.success(),
    )
}

#[test]
fn tlsim_connect_resumes_with_openssl_s_server_and_tlsim_serve() {
    for ticket in [true, false] {
        for ems in [true, false] {
            let what = format!("ticket={ticket} ems={ems}");
            let dir = TempDir::new("resume-connect");
            write_certs(&dir, "localhost");
            let port = common::free_port();
            let _srv = s_server(&dir, port, !ems, &[]);
            let sess = dir.path("c.pem");
            let sess = sess.to_str().unwrap();
            let mut base = vec![];
            if !ticket {
                base.push("--no-ticket");
            }
            if !ems {
                base.push("--no-ems");
            }
            let (e, ok) = connect(&dir, port, &[&base[..], &["--sess-out", sess]].concat());
            assert!(ok && e.contains("session: New"), "{what}: {e}");
            let (e, ok) = connect(&dir, port, &[&base[..], &["--sess-in", sess]].concat());
            assert!(ok && e.contains("session: Reused"), "{what}: {e}");
            assert_eq!(e.contains("a ticket of"), ticket, "{what}: {e}");
        }
    }
    // and tlsim with itself
    let dir = TempDir::new("resume-self");
    let (_srv, port) = serve(&dir, &["--server-name", "localhost"]);
    let sess = dir.path("c.pem");
    let sess = sess.to_str().unwrap();
    let (e, ok) = connect(&dir, port, &["--sess-out", sess]);
    assert!(ok && e.contains("session: New"), "{e}");
    let (e, ok) = connect(&dir, port, &["--sess-in", sess]);
    assert!(ok && e.contains("session: Reused"), "{e}");
}

#[test]
fn tlsim_connect_resumes_with_gnutls_serv() {
    for (flag, what) in [("", "ticket"), ("--no-ticket", "session ID")] {
        let dir = TempDir::new("resume-gnutls-serv");
        write_certs(&dir, "localhost");
        let d = dir.0.display();
        let tlsim_bin = env!("CARGO_BIN_EXE_tlsim");
        // gnutls-serv listens on every interface: in a network namespace holding only loopback.
        let connect = |extra: &str| {
            format!(
                "{tlsim_bin} connect 127.0.0.1:5557 --servername localhost --ca {d}/ca.pem --wait 1 {flag} {extra}"
            )
        };
        let script = format!(
            "ip link set lo up && \
             {{ gnutls-serv --echo -p 5557 --x509certfile {d}/server.pem --x509keyfile {d}/server-key.pem \
               --priority 'NORMAL:-VERS-ALL:+VERS-TLS1.2' > {d}/serv.log 2>&1 & }} ; SERV=$!; \
             for i in 1 2 3 4 5 6 7 8 9 10; do sleep 0.3; grep -q 'listening' {d}/serv.log 2>/dev/null && break; done; \
             {} && {}; rc=$?; kill $SERV; exit $rc",
            connect(&format!("--sess-out {d}/g.pem")),
            connect(&format!("--sess-in {d}/g.pem")),
        );
        let out = Command::new("unshare")
            .args(["-n", "sh", "-c", &script])
            .output()
            .expect("unshare (util-linux)");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{what}: {stderr}");
        assert!(stderr.contains("session: New"), "{what}: {stderr}");
        assert!(stderr.contains("session: Reused"), "{what}: {stderr}");
    }
}

#[test]
fn a_session_file_that_is_not_one_is_refused_by_name() {
    let dir = TempDir::new("resume-bad");
    let (_srv, port) = serve(&dir, &["--server-name", "localhost"]);
    let good = dir.path("good.pem");
    let (e, ok) = connect(&dir, port, &["--sess-out", good.to_str().unwrap()]);
    assert!(ok, "{e}");
    let text = std::fs::read_to_string(&good).unwrap();
    let body: String = text.lines().filter(|l| !l.starts_with("-----")).collect();
    let cut = format!(
        "-----BEGIN TLSIM SESSION-----\n{}\n-----END TLSIM SESSION-----\n",
        &body[..16]
    );
    let cert = std::fs::read_to_string(dir.path("ca.pem")).unwrap();
    for (name, content, says) in [
        (
            "garbage.pem",
            "not a session\n".to_string(),
            "is not a session file",
        ),
        ("cut.pem", cut, "ends too early"),
        ("cert.pem", cert, "not a TLSIM SESSION"),
    ] {
        let p = dir.path(name);
        std::fs::write(&p, content).unwrap();
        let (e, ok) = connect(&dir, port, &["--sess-in", p.to_str().unwrap()]);
        assert!(!ok, "{name}: refused");
        assert!(e.contains(name) && e.contains(says), "{name}: {e}");
    }
}

#[test]
fn tlsim_replay_checks_an_abbreviated_handshake_recorded_from_openssl() {
    for ticket in [true, false] {
        let dir = TempDir::new("resume-replay");
        let (_srv, port) = serve(&dir, &["--server-name", "localhost"]);
        let p = |n: &str| dir.path(n).to_str().unwrap().to_string();
        let mut base = vec![];
        if !ticket {
            base.push("-no_ticket".to_string());
        }
        let args = |extra: &[String]| -> Vec<String> { [&base[..], extra].concat() };
        let first = s_client(
            &dir,
            port,
            &args(&[
                "-sess_out".into(),
                p("s.pem"),
                "-keylogfile".into(),
                p("k1.txt"),
            ])
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
            false,
        );
        assert!(first.contains("New, TLSv1.2"), "{first}");
        let second = s_client(
            &dir,
            port,
            &args(&[
                "-sess_in".into(),
                p("s.pem"),
                "-msg".into(),
                "-msgfile".into(),
                p("msg.txt"),
            ])
            .iter()
            .map(String::as_str)
            .collect::<Vec<_>>(),
            false,
        );
        assert!(second.contains("Reused, TLSv1.2"), "{second}");
        let messages = common::messages_from_msg_output(&common::read(&dir.path("msg.txt")));
        std::fs::write(dir.path("messages.txt"), &messages).unwrap();
        // The first session's key log opens the resumed one: both Finished verify.
        let r = tlsim()
            .args(["replay", "--format", "json", "--messages"])
            .arg(dir.path("messages.txt"))
            .arg("--keylog")
            .arg(dir.path("k1.txt"))
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&r.stderr);
        assert_eq!(
            r.status.code(),
            Some(0),
            "ticket={ticket}: {err}\n{messages}"
        );
        let v: serde_json::Value = serde_json::from_slice(&r.stdout).unwrap();
        assert_eq!(v["resumed"], true, "{v}");
        assert_eq!(v["client_finished_ok"], true, "{v}");
        assert_eq!(v["server_finished_ok"], true, "{v}");
        let names: Vec<String> = v["messages"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["args"]["name"].as_str().unwrap_or_default().to_string())
            .collect();
        assert!(
            !names.contains(&"client_key_exchange".to_string()),
            "{names:?}"
        );
        // A key log of another session: neither Finished verifies.
        std::fs::write(
            dir.path("other.txt"),
            format!("CLIENT_RANDOM {} {}\n", "00".repeat(32), "11".repeat(48)),
        )
        .unwrap();
        let r = tlsim()
            .args(["replay", "--format", "json", "--messages"])
            .arg(dir.path("messages.txt"))
            .arg("--keylog")
            .arg(dir.path("other.txt"))
            .output()
            .unwrap();
        let v: serde_json::Value = serde_json::from_slice(&r.stdout).unwrap_or_default();
        assert_ne!(r.status.code(), Some(0), "{v}");
        assert_eq!(v["server_finished_ok"], false, "{v}");
    }
}

#[test]
fn export_of_a_resumed_session_opens_in_tshark_both_connections() {
    let dir = TempDir::new("resume-export");
    let out = tlsim()
        .args(["export", "--seed", "01", "--resume", "ticket", "--out"])
        .arg(&dir.0)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let t = Command::new("tshark")
        .arg("-r")
        .arg(dir.path("handshake.pcap"))
        .arg("-o")
        .arg(format!(
            "tls.keylog_file:{}",
            dir.path("keylog.txt").display()
        ))
        .args([
            "-Y",
            "http",
            "-T",
            "fields",
            "-e",
            "tcp.srcport",
            "-e",
            "tcp.dstport",
        ])
        .output()
        .expect("tshark");
    let rows = String::from_utf8_lossy(&t.stdout);
    // The request and the reply on each TCP connection, decrypted with the key log.
    for port in ["50000", "50001"] {
        assert_eq!(rows.matches(port).count(), 2, "{port}: {rows}");
    }
    // A bad ticket key is refused by the parser with a message.
    let bad = tlsim()
        .args(["run", "--ticket-key", "abc"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("ticket"));
}

#[test]
fn gnutls_cli_resume_resumes_from_tlsim_serve_by_ticket_and_by_id() {
    for (prio, what) in [
        ("NORMAL:-VERS-ALL:+VERS-TLS1.2", "ticket"),
        ("NORMAL:-VERS-ALL:+VERS-TLS1.2:%NO_TICKETS", "session ID"),
    ] {
        let dir = TempDir::new("resume-gnutls-cli");
        let (mut srv, port) = serve(&dir, &["--server-name", "localhost"]);
        let out = Command::new("gnutls-cli")
            .args([
                "--resume",
                "--priority",
                prio,
                "-p",
                &port.to_string(),
                "--x509cafile",
            ])
            .arg(dir.path("ca.pem"))
            .arg("localhost")
            .stdin(Stdio::null())
            .output()
            .expect("gnutls-cli");
        let text = String::from_utf8_lossy(&out.stdout).into_owned()
            + &String::from_utf8_lossy(&out.stderr);
        assert!(text.contains("This is a resumed session"), "{what}: {text}");
        srv.wait_for("session resumed", 10);
    }
}
