//! DHE and ECDHE against real peers on 127.0.0.1, both ways: OpenSSL (`s_client` / `s_server`)
//! and GnuTLS (`gnutls-cli` / `gnutls-serv`), each group, extended master secret on and off, and
//! with client certificates. What the peer itself reports (cipher, temporary key, EMS) is checked,
//! and the master secrets in both sides' key logs are compared.

mod common;

use common::{free_port, no_ems_conf, s_server, serve, tlsim, write_certs, Proc, TempDir};
use std::process::Command;

/// OpenSSL's name for a suite and its -groups value.
const OPENSSL: [(&str, &str, &str, &str); 3] = [
    // (openssl cipher, -groups, tlsim suite, what s_client prints as the temporary key)
    (
        "ECDHE-RSA-AES128-GCM-SHA256",
        "X25519",
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        "Server Temp Key: X25519",
    ),
    (
        "ECDHE-RSA-AES128-GCM-SHA256",
        "P-256",
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        "Server Temp Key: ECDH, prime256v1",
    ),
    (
        "DHE-RSA-AES128-GCM-SHA256",
        "ffdhe2048",
        "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256",
        "Server Temp Key: DH, 2048 bits",
    ),
];

#[test]
fn openssl_s_client_to_tlsim_serve_every_group_ems_on_and_off_and_client_auth() {
    // (serve's options, [(the client's EMS, a client certificate)])
    type Clients = &'static [(bool, bool)];
    let servers: [(&[&str], Clients); 3] = [
        (&[], &[(true, false), (false, false)]),
        (&["--no-ems"], &[(true, false)]),
        (&["--client-auth"], &[(true, true)]),
    ];
    for (options, clients) in servers {
        let dir = TempDir::new("kx-serve");
        let count = (clients.len() * OPENSSL.len()).to_string();
        let mut extra = vec!["--count", &count];
        extra.extend_from_slice(options);
        let server_ems = !options.contains(&"--no-ems");
        let (mut server, port) = serve(&dir, &extra);
        for (cipher, groups, suite, temp) in OPENSSL {
            for &(client_ems, cert) in clients {
                let mut cmd = Command::new("openssl");
                cmd.args([
                    "s_client",
                    "-tls1_2",
                    "-servername",
                    "localhost",
                    "-connect",
                ])
                .arg(format!("127.0.0.1:{port}"))
                .args(["-verify_return_error", "-cipher", cipher, "-groups", groups])
                .arg("-CAfile")
                .arg(dir.path("ca.pem"));
                if cert {
                    cmd.arg("-cert")
                        .arg(dir.path("client.pem"))
                        .arg("-key")
                        .arg(dir.path("client-key.pem"));
                }
                if !client_ems {
                    cmd.env("OPENSSL_CONF", no_ems_conf(&dir));
                }
                let what =
                    format!("{cipher} {groups} {options:?} client_ems={client_ems} cert={cert}");
                let mut client = Proc::spawn(cmd);
                client.wait_for(&format!("Cipher is {cipher}"), 15);
                client.wait_for(temp, 5);
                let ems = if server_ems && client_ems {
                    "yes"
                } else {
                    "no"
                };
                client.wait_for(&format!("Extended master secret: {ems}"), 5);
                client.wait_for("Verify return code: 0 (ok)", 5);
                let line = server.wait_for(&format!("handshake complete: {suite}"), 10);
                assert!(
                    line.contains(&format!("extended master secret {ems}")),
                    "{what}: {line}"
                );
                let msg = format!("ping {groups} {client_ems} {cert}\n");
                client.send(&msg);
                server.wait_for(&format!("received: {}", msg.trim_end()), 10);
                client.wait_for("hello from tlsim serve", 10);
                client.finish(5);
                server.seen.clear();
            }
        }
        let (code, out) = server.finish(15);
        assert_eq!(code, Some(0), "{out}");
    }
}

/// The master secret of an NSS key log's CLIENT_RANDOM line.
fn keylog_master(path: &std::path::Path) -> String {
    let s = std::fs::read_to_string(path).unwrap_or_default();
    s.lines()
        .find_map(|l| l.strip_prefix("CLIENT_RANDOM "))
        .and_then(|l| l.split_whitespace().nth(1))
        .unwrap_or_else(|| panic!("no CLIENT_RANDOM line in {}: {s}", path.display()))
        .to_string()
}

#[test]
fn tlsim_connect_to_openssl_s_server_every_group_ems_on_and_off_and_client_auth() {
    for (cipher, groups, suite, _) in OPENSSL {
        for (server_ems, cert) in [(true, false), (false, false), (true, true)] {
            let dir = TempDir::new("kx-connect");
            write_certs(&dir, "localhost");
            let port = free_port();
            let sk = dir.path("server-keylog.txt");
            let mut extra = vec![
                "-cipher",
                cipher,
                "-groups",
                groups,
                "-keylogfile",
                sk.to_str().unwrap(),
            ];
            if cert {
                extra.extend(["-Verify", "1", "-CAfile"]);
                extra.push(dir.0.join("ca.pem").to_str().unwrap().to_string().leak());
            }
            let mut server = s_server(&dir, port, !server_ems, &extra);
            let mut cmd = tlsim();
            cmd.args([
                "connect",
                &format!("127.0.0.1:{port}"),
                "--servername",
                "localhost",
            ])
            .args([
                "--wait",
                "10",
                "--timeout",
                "10",
                "--send",
                "ping-kx\n",
                "--ca",
            ])
            .arg(dir.path("ca.pem"))
            .arg("--keylog")
            .arg(dir.path("client-keylog.txt"));
            if cert {
                common::write_client_cert(&dir);
                cmd.arg("--cert")
                    .arg(dir.path("client.pem"))
                    .arg("--key")
                    .arg(dir.path("client-key.pem"));
            }
            let what = format!("{cipher} {groups} server_ems={server_ems} cert={cert}");
            let mut client = Proc::spawn(cmd);
            let ems = if server_ems { "yes" } else { "no" };
            let line = client.wait_for("handshake complete with", 15);
            assert!(
                line.contains(suite) && line.contains(&format!("extended master secret {ems}")),
                "{what}: {line}"
            );
            server.wait_for("ping-kx", 10);
            if cert {
                server.wait_for("Client certificate", 5);
            }
            server.send("pong-kx\n");
            client.wait_for("pong-kx", 10);
            let (code, out) = client.finish(15);
            assert_eq!(code, Some(0), "{what}: {out}");
            assert!(
                out.contains("[ok] ServerKeyExchange signature"),
                "{what}: {out}"
            );
            assert_eq!(
                keylog_master(&dir.path("client-keylog.txt")),
                keylog_master(&sk),
                "{what}: same master secret"
            );
        }
    }
}

#[test]
fn gnutls_cli_to_tlsim_serve_with_ecdhe_and_dhe() {
    for (kx, groups, suite) in [
        (
            "+ECDHE-RSA",
            "+GROUP-X25519",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        ),
        (
            "+ECDHE-RSA",
            "+GROUP-SECP256R1",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        ),
        (
            "+DHE-RSA",
            "+GROUP-FFDHE2048",
            "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256",
        ),
    ] {
        let dir = TempDir::new("kx-gnutls");
        let (mut server, port) = serve(&dir, &["--count", "1"]);
        let mut cmd = Command::new("gnutls-cli");
        cmd.arg("--x509cafile")
            .arg(dir.path("ca.pem"))
            .args(["-p", &port.to_string(), "localhost", "--priority"])
            .arg(format!(
                "NORMAL:-VERS-ALL:+VERS-TLS1.2:-KX-ALL:{kx}:-GROUP-ALL:{groups}"
            ));
        let mut client = Proc::spawn(cmd);
        client.wait_for("Handshake was completed", 15);
        server.wait_for(&format!("handshake complete: {suite}"), 10);
        client.send("ping from gnutls\n");
        server.wait_for("received: ping from gnutls", 10);
        client.wait_for("hello from tlsim serve", 10);
        let (_, out) = client.finish(5);
        let kx_name = kx[1..].trim_end_matches("-RSA");
        assert!(out.contains(&format!(")-({kx_name}-")), "{kx}: {out}");
    }
}

#[test]
fn tlsim_connect_to_gnutls_serv_with_ecdhe_and_dhe() {
    // gnutls-serv listens on every interface: run it in a network namespace holding only
    // loopback (see TOOLCHAIN.md), with the client beside it.
    for (prio, group, suite) in [
        (
            "+ECDHE-RSA:-GROUP-ALL:+GROUP-X25519",
            "x25519",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        ),
        (
            "+ECDHE-RSA:-GROUP-ALL:+GROUP-SECP256R1",
            "secp256r1",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        ),
        (
            "+DHE-RSA:-GROUP-ALL:+GROUP-FFDHE2048",
            "ffdhe2048",
            "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256",
        ),
    ] {
        let dir = TempDir::new("kx-gnutls-serv");
        write_certs(&dir, "localhost");
        let d = dir.0.display();
        let tlsim_bin = env!("CARGO_BIN_EXE_tlsim");
        let script = format!(
            "ip link set lo up && \
             {{ gnutls-serv --echo -p 5556 --x509certfile {d}/server.pem --x509keyfile {d}/server-key.pem \
               --priority 'NORMAL:-VERS-ALL:+VERS-TLS1.2:-KX-ALL:{prio}' > {d}/serv.log 2>&1 & }} ; SERV=$!; \
             for i in 1 2 3 4 5 6 7 8 9 10; do sleep 0.3; grep -q 'listening' {d}/serv.log 2>/dev/null && break; done; \
             {tlsim_bin} connect 127.0.0.1:5556 --servername localhost --ca {d}/ca.pem --wait 2 --send 'ping-gnutls\n'; \
             rc=$?; kill $SERV; exit $rc"
        );
        let out = Command::new("unshare")
            .args(["-n", "sh", "-c", &script])
            .output()
            .expect("unshare (util-linux)");
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{prio}: {stdout}\n{stderr}");
        let line = stderr
            .lines()
            .find(|l| l.contains("handshake complete"))
            .unwrap_or_else(|| panic!("{prio}: {stderr}"));
        assert!(line.contains(suite), "{prio}: {line}");
        if group != "ffdhe2048" {
            assert!(line.contains(&format!("group {group}")), "{prio}: {line}");
        }
        // gnutls-serv --echo sends our message back.
        assert!(stdout.contains("ping-gnutls"), "{prio}: {stdout}\n{stderr}");
    }
}

#[test]
fn an_openssl_dhe_or_ecdhe_session_replays_from_its_key_log_and_not_from_the_server_key() {
    for (cipher, groups, _, _) in OPENSSL {
        let dir = TempDir::new("kx-replay");
        let (mut server, port) = serve(&dir, &["--count", "1"]);
        let mut cmd = Command::new("openssl");
        cmd.args([
            "s_client",
            "-tls1_2",
            "-servername",
            "localhost",
            "-connect",
        ])
        .arg(format!("127.0.0.1:{port}"))
        .args(["-cipher", cipher, "-groups", groups, "-msg", "-msgfile"])
        .arg(dir.path("msg.txt"))
        .arg("-keylogfile")
        .arg(dir.path("keylog.txt"))
        .arg("-CAfile")
        .arg(dir.path("ca.pem"));
        let mut client = Proc::spawn(cmd);
        client.wait_for("Verify return code: 0 (ok)", 15);
        client.send("ping replay\n");
        server.wait_for("received: ping replay", 10);
        client.wait_for("hello from tlsim serve", 10);
        client.finish(5);
        server.finish(10);
        let messages = common::messages_from_msg_output(&common::read(&dir.path("msg.txt")));
        std::fs::write(dir.path("messages.txt"), &messages).unwrap();
        // The key log opens it: both Finished and the ServerKeyExchange signature verify.
        let r = tlsim()
            .args(["replay", "--format", "json", "--messages"])
            .arg(dir.path("messages.txt"))
            .arg("--keylog")
            .arg(dir.path("keylog.txt"))
            .output()
            .unwrap();
        assert_eq!(
            r.status.code(),
            Some(0),
            "{cipher}: {}",
            String::from_utf8_lossy(&r.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&r.stdout).unwrap();
        assert_eq!(v["server_key_exchange_ok"], true, "{v}");
        assert_eq!(v["client_finished_ok"], true, "{v}");
        assert_eq!(v["server_finished_ok"], true, "{v}");
        let kx = if cipher.starts_with("ECDHE") {
            "ecdhe"
        } else {
            "dhe"
        };
        assert_eq!(v["key_exchange"], kx);
        // A wrong master secret in the key log: neither Finished verifies.
        let log = common::read(&dir.path("keylog.txt"));
        let bad: String = log
            .lines()
            .map(|l| match l.strip_prefix("CLIENT_RANDOM ") {
                Some(rest) => {
                    let (cr, ms) = rest.split_once(' ').unwrap();
                    let flipped = if ms.starts_with('0') { "1" } else { "0" };
                    format!("CLIENT_RANDOM {cr} {flipped}{}\n", &ms[1..])
                }
                None => format!("{l}\n"),
            })
            .collect();
        std::fs::write(dir.path("bad-keylog.txt"), bad).unwrap();
        let r = tlsim()
            .args(["replay", "--format", "json", "--messages"])
            .arg(dir.path("messages.txt"))
            .arg("--keylog")
            .arg(dir.path("bad-keylog.txt"))
            .output()
            .unwrap();
        assert_eq!(
            r.status.code(),
            Some(1),
            "{}",
            String::from_utf8_lossy(&r.stderr)
        );
        // The server's private key cannot: forward secrecy.
        let r = tlsim()
            .args(["replay", "--messages"])
            .arg(dir.path("messages.txt"))
            .arg("--server-key")
            .arg(dir.path("server-key.pem"))
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&r.stderr);
        assert_eq!(r.status.code(), Some(2), "{err}");
        assert!(
            err.contains("forward secrecy") && err.contains("--keylog"),
            "{err}"
        );
    }
}

#[test]
fn gnutls_cli_without_ems_and_with_a_client_certificate() {
    for (kx, group, cert) in [
        ("+ECDHE-RSA", "+GROUP-X25519", false),
        ("+DHE-RSA", "+GROUP-FFDHE2048", false),
        ("+ECDHE-RSA", "+GROUP-SECP256R1", true),
    ] {
        let dir = TempDir::new("kx-gnutls-more");
        let extra: &[&str] = if cert {
            &["--count", "1", "--client-auth"]
        } else {
            &["--count", "1"]
        };
        let (mut server, port) = serve(&dir, extra);
        let mut cmd = Command::new("gnutls-cli");
        cmd.arg("--x509cafile").arg(dir.path("ca.pem")).args([
            "-p",
            &port.to_string(),
            "localhost",
            "--priority",
        ]);
        if cert {
            cmd.arg(format!(
                "NORMAL:-VERS-ALL:+VERS-TLS1.2:-KX-ALL:{kx}:-GROUP-ALL:{group}"
            ))
            .arg("--x509certfile")
            .arg(dir.path("client.pem"))
            .arg("--x509keyfile")
            .arg(dir.path("client-key.pem"));
        } else {
            // %NO_SESSION_HASH: no extended_master_secret in the hello.
            cmd.arg(format!(
                "NORMAL:-VERS-ALL:+VERS-TLS1.2:-KX-ALL:{kx}:-GROUP-ALL:{group}:%NO_SESSION_HASH"
            ));
        }
        let mut client = Proc::spawn(cmd);
        client.wait_for("Handshake was completed", 15);
        let ems = if cert { "yes" } else { "no" };
        let line = server.wait_for("handshake complete:", 10);
        assert!(
            line.contains(&format!("extended master secret {ems}")),
            "{kx} cert={cert}: {line}"
        );
        client.send("ping from gnutls\n");
        server.wait_for("received: ping from gnutls", 10);
        client.wait_for("hello from tlsim serve", 10);
        client.finish(5);
        let (_, out) = server.finish(10);
        if cert {
            assert!(
                out.contains("[ok] Client's signature (CertificateVerify)"),
                "{out}"
            );
        }
    }
}
