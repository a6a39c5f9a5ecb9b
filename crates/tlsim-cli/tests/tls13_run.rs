//! `tlsim run --version 1.3` and `tlsim export --version 1.3` (issue 15): a TLS 1.3 session
//! from the command line, each `--fault tls13-*` ending in its alert (exit 1), the export's key
//! log and pcap that a real tshark decrypts, TLS 1.2 still the default, and usage errors (exit 2).

mod common;
use common::*;
use std::process::Command;

const NOW: &str = "2026-11-23T09:00:00Z";

fn run(extra: &[&str]) -> (Option<i32>, String, String) {
    let r = tlsim()
        .args(["run", "--seed", "01", "--now", NOW])
        .args(extra)
        .output()
        .unwrap();
    (
        r.status.code(),
        String::from_utf8_lossy(&r.stdout).into_owned(),
        String::from_utf8_lossy(&r.stderr).into_owned(),
    )
}

fn json(extra: &[&str]) -> (Option<i32>, serde_json::Value) {
    let mut args = vec!["--format", "json"];
    args.extend_from_slice(extra);
    let (code, out, err) = run(&args);
    let v = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out} {err}"));
    (code, v)
}

fn step_keys(v: &serde_json::Value) -> Vec<String> {
    v["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["key"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn run_version_13_succeeds() {
    let (code, v) = json(&["--version", "1.3"]);
    assert_eq!(code, Some(0));
    assert_eq!(v["version"], "tls13");
    assert_eq!(v["outcome"]["result"], "success");
    assert_eq!(v["cipher_suite"], 0x1301);
    let k = step_keys(&v);
    for want in [
        "client_hello_13",
        "server_hello_13",
        "encrypted_extensions",
        "certificate_13",
        "certificate_verify_13",
        "finished_13_server",
        "finished_13_client",
    ] {
        assert!(k.iter().any(|x| x == want), "{want} not in {k:?}");
    }
    assert_eq!(v["keylog"].as_str().unwrap().lines().count(), 4);
    // The text output, in both languages.
    for lang in ["en", "ko"] {
        let (code, out, err) = run(&["--version", "1.3", "--lang", lang]);
        assert_eq!(code, Some(0), "{err}");
        assert!(out.contains("EncryptedExtensions"), "{lang}: {out}");
    }
    // The same seed, the same session.
    let (_, again) = json(&["--version", "tls13"]);
    assert_eq!(v, again);
}

#[test]
fn run_defaults_to_tls12() {
    let (code, v) = json(&[]);
    assert_eq!(code, Some(0));
    assert!(v.get("version").is_none(), "TLS 1.2 JSON as before");
    assert!(step_keys(&v).iter().any(|k| k == "client_hello"));
    let (code, v) = json(&["--version", "1.2"]);
    assert_eq!(code, Some(0));
    assert!(step_keys(&v).iter().any(|k| k == "client_hello"));
}

#[test]
fn each_tls13_fault_ends_in_its_alert() {
    for (fault, alert) in [
        ("tls13-untrusted-ca", "unknown_ca"),
        ("tls13-wrong-host", "certificate_unknown"),
        ("tls13-expired", "certificate_expired"),
        ("tls13-forged-certificate-verify", "decrypt_error"),
        ("tls13-flipped-record", "bad_record_mac"),
        ("tls13-downgrade", "illegal_parameter"),
    ] {
        // --version 1.3 is implied by the fault, and may be given.
        for extra in [
            vec!["--fault", fault],
            vec!["--version", "1.3", "--fault", fault],
        ] {
            let (code, v) = json(&extra);
            assert_eq!(code, Some(1), "{fault}");
            assert_eq!(v["version"], "tls13", "{fault}");
            assert_eq!(v["outcome"]["result"], "failed", "{fault}");
            assert_eq!(v["outcome"]["alert"], alert, "{fault}");
            assert_eq!(v["outcome"]["by"], "client", "{fault}");
            let last = v["steps"].as_array().unwrap().last().unwrap().clone();
            assert_eq!(last["key"], "alert");
            // After ServerHello the alert is encrypted: outer type 23 (0x17).
            let first = &last["bytes"].as_str().unwrap()[..2];
            let want = if fault == "tls13-downgrade" {
                "15"
            } else {
                "17"
            };
            assert_eq!(first, want, "{fault}");
        }
    }
}

#[test]
fn usage_errors_exit_2() {
    let (code, _, err) = run(&["--version", "1.4"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("1.4"), "{err}");
    let (code, _, err) = run(&["--version", "1.2", "--fault", "tls13-expired"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("--version 1.3"), "{err}");
    let (code, _, err) = run(&["--fault", "tls13-nonsense"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("tls13-downgrade"), "{err}");
}

#[test]
fn export_version_13_tshark_decrypts_it() {
    let dir = TempDir::new("export13");
    let out = dir.path("out");
    let r = tlsim()
        .args([
            "export",
            "--seed",
            "01",
            "--now",
            NOW,
            "--version",
            "1.3",
            "--out",
        ])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(
        r.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&r.stderr)
    );
    let keylog = read(&out.join("keylog.txt"));
    let labels: Vec<&str> = keylog
        .lines()
        .map(|l| l.split(' ').next().unwrap())
        .collect();
    assert_eq!(
        labels,
        [
            "CLIENT_HANDSHAKE_TRAFFIC_SECRET",
            "SERVER_HANDSHAKE_TRAFFIC_SECRET",
            "CLIENT_TRAFFIC_SECRET_0",
            "SERVER_TRAFFIC_SECRET_0"
        ]
    );
    let t = Command::new("tshark")
        .arg("-r")
        .arg(out.join("handshake.pcap"))
        .arg("-o")
        .arg(format!(
            "tls.keylog_file:{}",
            out.join("keylog.txt").display()
        ))
        .args([
            "-T",
            "fields",
            "-e",
            "tls.handshake.type",
            "-e",
            "http.request.method",
            "-e",
            "http.response.code",
        ])
        .output()
        .expect("tshark");
    assert!(t.status.success(), "{}", String::from_utf8_lossy(&t.stderr));
    let fields = String::from_utf8_lossy(&t.stdout);
    let types: Vec<&str> = fields
        .lines()
        .flat_map(|l| l.split(['\t', ',']))
        .filter(|x| !x.is_empty())
        .collect();
    // ClientHello 1, ServerHello 2, EncryptedExtensions 8, Certificate 11, CertificateVerify 15,
    // Finished 20 twice; the GET request and the 200 reply, decrypted.
    for want in ["1", "2", "8", "11", "15", "GET", "200"] {
        assert!(types.contains(&want), "{want} not in {types:?}");
    }
    assert_eq!(types.iter().filter(|x| **x == "20").count(), 2, "{types:?}");
}
