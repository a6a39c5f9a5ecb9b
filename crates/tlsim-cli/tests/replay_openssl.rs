//! `tlsim replay` on sessions recorded live: `openssl s_client -msg` against `openssl s_server`
//! on loopback, with and without the extended master secret. The master secret must equal the one
//! in s_client's key log, both Finished must verify; bad input exits 2 naming the line.

mod common;
use common::*;
use std::process::Command;

/// Record a session; returns (messages file text, master secret from s_client's key log).
fn record(dir: &TempDir, no_ems: bool) -> (String, String) {
    record_with(dir, no_ems, false)
}

/// As `record`, optionally with client authentication (s_server -Verify, s_client -cert).
fn record_with(dir: &TempDir, no_ems: bool, client_auth: bool) -> (String, String) {
    write_certs(dir, "localhost");
    let port = free_port();
    let ca = dir.path("ca.pem");
    let verify = ["-Verify", "1", "-CAfile", ca.to_str().unwrap()];
    let _server = s_server(
        dir,
        port,
        no_ems,
        if client_auth { &verify[..] } else { &[] },
    );
    let mut cmd = Command::new("openssl");
    // -msgfile: the -msg dump goes to its own file, not interleaved with stderr.
    cmd.args([
        "s_client",
        "-tls1_2",
        "-msg",
        "-servername",
        "localhost",
        "-connect",
    ])
    .arg(format!("127.0.0.1:{port}"))
    .arg("-CAfile")
    .arg(dir.path("ca.pem"))
    .arg("-msgfile")
    .arg(dir.path("msg.txt"))
    .arg("-keylogfile")
    .arg(dir.path("keylog.txt"));
    if no_ems {
        cmd.env("OPENSSL_CONF", no_ems_conf(dir));
    }
    if client_auth {
        write_client_cert(dir);
        cmd.arg("-cert")
            .arg(dir.path("client.pem"))
            .arg("-key")
            .arg(dir.path("client-key.pem"));
    }
    let mut client = Proc::spawn(cmd);
    client.wait_for("Verify return code: 0", 10);
    client.send("hello\n");
    client.finish(5);
    let out = read(&dir.path("msg.txt"));
    let keylog = read(&dir.path("keylog.txt"));
    let ms = keylog
        .lines()
        .find_map(|l| {
            l.strip_prefix("CLIENT_RANDOM ")
                .and_then(|r| r.split_whitespace().nth(1))
        })
        .expect("a CLIENT_RANDOM line")
        .to_string();
    (messages_from_msg_output(&out), ms)
}

fn replay(dir: &TempDir, messages: &str, json: bool) -> (Option<i32>, String, String) {
    replay_in(dir, messages, json, "en")
}

/// `tlsim replay --lang LANG` on `messages`: (exit code, stdout, stderr).
fn replay_in(
    dir: &TempDir,
    messages: &str,
    json: bool,
    lang: &str,
) -> (Option<i32>, String, String) {
    let f = dir.path("messages.txt");
    std::fs::write(&f, messages).unwrap();
    let mut cmd = tlsim();
    cmd.arg("replay")
        .arg("--messages")
        .arg(&f)
        .arg("--server-key")
        .arg(dir.path("server-key.pem"));
    if json {
        cmd.args(["--format", "json"]);
    }
    cmd.args(["--lang", lang]);
    let out = cmd.output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn check_live(no_ems: bool) {
    let dir = TempDir::new(if no_ems { "replay-noems" } else { "replay-ems" });
    let (messages, keylog_ms) = record(&dir, no_ems);
    let names: Vec<u8> = messages
        .lines()
        .map(|l| u8::from_str_radix(&l[..2], 16).unwrap())
        .collect();
    // ClientHello, ServerHello, Certificate, ServerHelloDone, ClientKeyExchange, Finished,
    // NewSessionTicket, Finished
    assert_eq!(names, [1, 2, 11, 14, 16, 20, 4, 20], "{messages}");
    let (code, out, err) = replay(&dir, &messages, true);
    assert_eq!(code, Some(0), "{out}{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["cipher_suite"], "0x009c");
    assert_eq!(v["extended_master_secret"], !no_ems);
    assert_eq!(v["client_finished_ok"], true);
    assert_eq!(v["server_finished_ok"], true);
    assert_eq!(
        v["master_secret"],
        keylog_ms.to_lowercase(),
        "master secret equals OpenSSL's key log"
    );
    let pms = v["pre_master_secret"].as_str().unwrap();
    assert!(pms.starts_with("0303") && pms.len() == 96, "{pms}");
    assert_eq!(v["session_hash"].is_string(), !no_ems);
    // The message list: typed messages (key and arguments), the NewSessionTicket among them.
    assert_eq!(v["messages"][0]["key"], "replay.message");
    assert_eq!(v["messages"][0]["args"]["line"]["num"], 1);
    assert_eq!(v["messages"][0]["args"]["name"]["text"], "client_hello");
    assert_eq!(
        v["messages"][6]["args"]["name"]["text"],
        "new_session_ticket"
    );
    // Text output too.
    let (code, out, _) = replay(&dir, &messages, false);
    assert_eq!(code, Some(0));
    assert!(
        out.contains("client Finished") && out.contains(": OK"),
        "{out}"
    );
    assert!(out.contains("line 7: new_session_ticket ("), "{out}");
    assert!(out.contains("Both Finished verify"), "{out}");

    // A changed verify_data byte: exit 1, that side reported false.
    let mut lines: Vec<String> = messages.lines().map(String::from).collect();
    let last = lines.len() - 1;
    let l = &mut lines[last];
    let flipped = if l.ends_with('0') { "1" } else { "0" };
    l.replace_range(l.len() - 1.., flipped);
    let (code, out, _) = replay(&dir, &(lines.join("\n") + "\n"), true);
    assert_eq!(code, Some(1), "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        (
            v["client_finished_ok"].as_bool(),
            v["server_finished_ok"].as_bool()
        ),
        (Some(true), Some(false))
    );
}

#[test]
fn replay_live_session_with_ems() {
    check_live(false);
}

#[test]
fn replay_live_session_without_ems() {
    check_live(true);
}

#[test]
fn replay_live_session_with_client_authentication() {
    let dir = TempDir::new("replay-clientauth");
    let (messages, keylog_ms) = record_with(&dir, false, true);
    let types: Vec<u8> = messages
        .lines()
        .map(|l| u8::from_str_radix(&l[..2], 16).unwrap())
        .collect();
    // ... CertificateRequest, ServerHelloDone, client Certificate, ClientKeyExchange, CertificateVerify ...
    assert_eq!(
        types,
        [1, 2, 11, 13, 14, 11, 16, 15, 20, 4, 20],
        "{messages}"
    );
    let (code, out, err) = replay(&dir, &messages, true);
    assert_eq!(code, Some(0), "{out}{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["master_secret"], keylog_ms.to_lowercase());
    assert_eq!(v["extended_master_secret"], true);
}

#[test]
fn bad_input_names_the_line_and_exits_2() {
    let dir = TempDir::new("replay-bad");
    write_certs(&dir, "localhost");
    let cases = [
        ("zz00\n", "line 1: not hex"),
        ("010\n", "line 1: 3 hex digits, an odd number"),
        (
            "01000005 0303\n",
            "line 1: the client_hello header says 5 body bytes, the line holds 2 after the header",
        ),
        (
            "# comment\n\n0100\n",
            "line 3: 2 bytes, shorter than the 4-byte handshake header",
        ),
        (
            "0e000000\n",
            "line 1: expected client_hello here, got server_hello_done",
        ),
        (
            "0e000000\n02000000\n",
            "line 2: cannot decode server_hello: ",
        ),
        ("63000000\n", "line 1: unknown handshake type 99"),
        ("", "the file holds no handshake messages"),
        ("# only a comment\n", "the file holds no handshake messages"),
        ("01000002 0303\n", "line 1: cannot decode client_hello: "),
    ];
    for (text, want) in cases {
        let (code, out, err) = replay(&dir, text, false);
        assert_eq!(code, Some(2), "{text:?}: {out}{err}");
        assert!(err.contains(want), "{text:?}: got {err:?}, want {want:?}");
    }
    // A missing file, a mangled key.
    let out = tlsim()
        .args(["replay", "--messages", "/nonexistent/m.txt", "--server-key"])
        .arg(dir.path("server-key.pem"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read /nonexistent/m.txt"));
    std::fs::write(
        dir.path("bad.pem"),
        "-----BEGIN PRIVATE KEY-----\nAA!A\n-----END PRIVATE KEY-----\n",
    )
    .unwrap();
    std::fs::write(dir.path("m.txt"), "01000000\n").unwrap();
    let out = tlsim()
        .args(["replay", "--messages"])
        .arg(dir.path("m.txt"))
        .arg("--server-key")
        .arg(dir.path("bad.pem"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("mangled PEM"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn wrong_key_exits_2_naming_the_client_key_exchange_line() {
    let dir = TempDir::new("replay-wrongkey");
    let (messages, _) = record(&dir, false);
    // Replace the server key by another teaching key.
    std::fs::write(
        dir.path("server-key.pem"),
        tlsim_core::pki::builtin_pem("client").unwrap(),
    )
    .unwrap();
    let (code, _, err) = replay(&dir, &messages, false);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("line 5: cannot decrypt the pre-master secret with this key"),
        "{err}"
    );
}

#[test]
fn a_session_missing_its_parts_says_what_is_missing() {
    let dir = TempDir::new("replay-parts");
    let (messages, _) = record(&dir, false);
    let lines: Vec<&str> = messages.lines().collect();
    let keep = |idx: &[usize]| idx.iter().map(|&i| lines[i]).collect::<Vec<_>>().join("\n") + "\n";
    // ClientHello, ServerHello, Certificate, ServerHelloDone, ClientKeyExchange, Finished,
    // NewSessionTicket, Finished
    let cases = [
        (keep(&[0]), "the file ends after the ClientHello: no ServerHello follows".to_string()),
        (keep(&[1, 0]), "line 1: expected client_hello here, got server_hello".into()),
        (keep(&[0, 1, 2, 3, 5, 6, 7]), "no ClientKeyExchange".into()),
        (
            keep(&[0, 1, 2, 3, 4, 5, 6]),
            "expected two Finished messages (the client's, then the server's), found 1; the last message is on line 7".into(),
        ),
        (keep(&[0, 1, 2, 3, 5, 4, 6, 7]), "line 5: a Finished before the ClientKeyExchange".into()),
    ];
    for (text, want) in &cases {
        let (code, out, err) = replay(&dir, text, false);
        assert_eq!(code, Some(2), "{text}: {out}{err}");
        assert!(err.contains(want.as_str()), "got {err:?}, want {want:?}");
    }
    // A Finished still encrypted (40 bytes: explicit nonce, 16 bytes of ciphertext, the tag).
    let mut enc: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    enc[7] = format!("14000028{}", "ab".repeat(40));
    let (code, _, err) = replay(&dir, &(enc.join("\n") + "\n"), false);
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains("line 8: the Finished holds 40 bytes, verify_data is 12"),
        "{err}"
    );
}

#[test]
fn replay_speaks_korean() {
    let dir = TempDir::new("replay-ko");
    let (messages, _) = record(&dir, false);
    let (code, out, err) = replay_in(&dir, &messages, false, "ko");
    assert_eq!(code, Some(0), "{out}{err}");
    for want in [
        "핸드셰이크 메시지:",
        "1번째 줄: client_hello (",
        "7번째 줄: new_session_ticket (",
        "암호 스위트(cipher suite)",
        "확장 마스터 시크릿(EMS)",
        "마스터 시크릿(master secret)",
        "클라이언트의 Finished",
        "일치합니다",
        "두 Finished가 모두 검증됩니다",
    ] {
        assert!(out.contains(want), "want {want:?} in:\n{out}");
    }
    assert!(
        !out.contains("OK") && !out.contains("bytes"),
        "English left in:\n{out}"
    );
    // JSON is the same in every language: keys and arguments.
    let (_, en, _) = replay_in(&dir, &messages, true, "en");
    let (_, ko, _) = replay_in(&dir, &messages, true, "ko");
    assert_eq!(en, ko);

    // A changed verify_data byte: Korean verdicts.
    let flipped = {
        let mut l: Vec<String> = messages.lines().map(String::from).collect();
        let last = l.len() - 1;
        let c = if l[last].ends_with('0') { "1" } else { "0" };
        let n = l[last].len();
        l[last].replace_range(n - 1.., c);
        l.join("\n") + "\n"
    };
    let (code, out, _) = replay_in(&dir, &flipped, false, "ko");
    assert_eq!(code, Some(1), "{out}");
    assert!(
        out.contains("일치하지 않습니다") && out.contains("검증되지 않는 Finished가 있습니다"),
        "{out}"
    );

    // Bad files: the reason in Korean, naming the line.
    for (text, want) in [
        ("zz00\n", "1번째 줄: 16진수(hex)가 아닙니다"),
        ("# comment\n0100\n", "2번째 줄: 길이가 2바이트뿐이라 4바이트 핸드셰이크 헤더보다 짧습니다"),
        (
            "0e000000\n",
            "1번째 줄: 이 자리에는 client_hello 메시지가 와야 하는데 server_hello_done 메시지가 있습니다",
        ),
        ("", "파일에 핸드셰이크 메시지가 하나도 없습니다"),
    ] {
        let (code, out, err) = replay_in(&dir, text, false, "ko");
        assert_eq!(code, Some(2), "{text:?}: {out}{err}");
        assert!(err.contains(want), "{text:?}: got {err:?}, want {want:?}");
    }
    // The wrong key, in Korean.
    std::fs::write(
        dir.path("server-key.pem"),
        tlsim_core::pki::builtin_pem("client").unwrap(),
    )
    .unwrap();
    let (code, _, err) = replay_in(&dir, &messages, false, "ko");
    assert_eq!(code, Some(2), "{err}");
    assert!(
        err.contains(
            "5번째 줄: 이 키로는 프리마스터 시크릿(pre-master secret)을 복호화할 수 없습니다"
        ),
        "{err}"
    );
}
