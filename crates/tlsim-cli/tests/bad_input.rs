//! Every flag and file input of `tlsim` refuses garbage with exit code 2 and a message that names
//! the input (the flag, or the file's path), one case per input.

mod common;

use common::{tlsim, TempDir};

/// Run tlsim with `args`; assert exit code 2 and that stderr names `names`.
fn refused(args: &[&str], names: &str) {
    let out = tlsim().args(args).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
    assert!(
        err.contains(names),
        "{args:?}: stderr does not name {names:?}: {err}"
    );
    assert!(!err.contains("panicked"), "{args:?}: {err}");
}

#[test]
fn garbage_in_flags_is_refused_naming_the_flag() {
    let cases: &[(&[&str], &str)] = &[
        (&["run", "--seed", "xyz"], "--seed"),
        (&["run", "--seed", &"f".repeat(65)], "--seed"),
        (&["run", "--now", "yesterday"], "--now"),
        (&["run", "--not-before", "2026-13-45"], "--not-before"),
        (&["run", "--not-after", "12:00"], "--not-after"),
        (&["run", "--key-bits", "100"], "--key-bits"),
        (&["run", "--key-bits", "1025"], "--key-bits"),
        (&["run", "--fault", "nonsense"], "--fault"),
        (&["run", "--kx", "nonsense"], "--kx"),
        (&["run", "--group", "p384"], "--group"),
        (&["run", "--kx", "rsa", "--group", "x25519"], "--group"),
        (&["run", "--kx", "dhe", "--group", "x25519"], "--group"),
        (&["run", "--kx-fault", "nope"], "--kx-fault"),
        (&["run", "--client-ephemeral", "abc"], "--client-ephemeral"),
        (&["serve", "--out", "/tmp/x", "--kx", "nonsense"], "--kx"),
        (
            &[
                "connect",
                "127.0.0.1:1",
                "--ca",
                "/tmp/x",
                "--group",
                "x448",
            ],
            "--group",
        ),
        (&["run", "--fault", "flip:a:b"], "--fault"),
        (&["run", "--lang", "xx"], "--lang"),
        (&["run", "--format", "yaml"], "--format"),
        (&["serve", "--out", "x", "--port", "70000"], "--port"),
        (&["serve", "--out", "x", "--port", "abc"], "--port"),
        (&["serve", "--out", "x", "--seed", "nothex"], "--seed"),
        (&["serve", "--out", "x", "--key-bits", "7"], "--key-bits"),
        (
            &["serve", "--out", "x", "--max-connections", "0"],
            "--max-connections",
        ),
        (&["serve", "--out", "x", "--timeout", "soon"], "--timeout"),
        (
            &["connect", "127.0.0.1:1", "--ca", "x", "--seed", "zz"],
            "--seed",
        ),
        (
            &["connect", "127.0.0.1:1", "--ca", "x", "--wait", "-3"],
            "-3",
        ),
        (&["connect", "nothost", "--ca", "x"], "nothost"),
        (
            &["connect", "127.0.0.1:99999", "--ca", "x"],
            "127.0.0.1:99999",
        ),
        (&["connect", "8.8.8.8:443", "--ca", "x"], "8.8.8.8:443"),
    ];
    for (args, names) in cases {
        refused(args, names);
    }
}

#[test]
fn garbage_files_are_refused_naming_the_file() {
    let dir = TempDir::new("bad-input");
    let bad_pem = dir.path("bad.pem");
    std::fs::write(
        &bad_pem,
        "-----BEGIN CERTIFICATE-----\ngarbage!!\n-----END CERTIFICATE-----\n",
    )
    .unwrap();
    let binary = dir.path("random.bin");
    std::fs::write(&binary, (0..=255u8).rev().collect::<Vec<u8>>()).unwrap();
    let truncated = dir.path("truncated.pem");
    let good = tlsim_core::pki::cert_to_pem(&[0x30, 0x03, 0x02, 0x01, 0x01]);
    std::fs::write(&truncated, &good[..good.len() / 2]).unwrap();
    let messages = dir.path("messages.txt");
    std::fs::write(&messages, "ClientHello: not hex at all\n").unwrap();
    let missing = dir.path("missing.pem");
    let (b, t, r, m, x) = (
        bad_pem.to_str().unwrap(),
        truncated.to_str().unwrap(),
        binary.to_str().unwrap(),
        messages.to_str().unwrap(),
        missing.to_str().unwrap(),
    );
    let out_file = dir.path("a-file");
    std::fs::write(&out_file, "").unwrap();
    let of = out_file.to_str().unwrap();
    let cases: &[(&[&str], &str)] = &[
        (&["connect", "127.0.0.1:1", "--ca", b], b),
        (&["connect", "127.0.0.1:1", "--ca", t], t),
        (&["connect", "127.0.0.1:1", "--ca", r], r),
        (&["connect", "127.0.0.1:1", "--ca", x], x),
        (
            &["connect", "127.0.0.1:1", "--ca", b, "--cert", b, "--key", b],
            b,
        ),
        (&["replay", "--messages", m, "--server-key", b], b),
        (&["replay", "--messages", m, "--server-key", r], r),
        (&["replay", "--messages", x, "--server-key", b], b),
        (&["export", "--out", &format!("{of}/sub")], of),
        (&["serve", "--out", &format!("{of}/sub"), "--port", "0"], of),
    ];
    for (args, names) in cases {
        refused(args, names);
    }
    // a real server key (from `tlsim export`) with a messages file that is not one
    let ex = dir.path("export");
    let e = ex.to_str().unwrap();
    let status = tlsim()
        .args(["export", "--seed", "1", "--out", e])
        .output()
        .unwrap();
    assert!(status.status.success());
    let key = ex.join("server-key.pem");
    let k = key.to_str().unwrap();
    refused(&["replay", "--messages", m, "--server-key", k], m);
    refused(&["replay", "--messages", r, "--server-key", k], r);
    refused(&["replay", "--messages", x, "--server-key", k], x);
    // a key log that is missing, or holds no line for the session
    refused(&["replay", "--messages", m, "--keylog", x], x);
    let kl = ex.join("keylog.txt");
    refused(
        &["replay", "--messages", m, "--keylog", kl.to_str().unwrap()],
        m,
    );
}
