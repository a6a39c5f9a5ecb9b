//! `--lang ko` on `run`, `export` and `replay`'s neighbours: the same session, every sentence in
//! Korean (texts from tlsim-text, shared with the page), bad input answered in Korean too.

mod common;
use common::*;

const NOW: &str = "2026-11-23T09:00:00Z";

fn hangul(s: &str) -> bool {
    s.chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c))
}

fn stdout(args: &[&str]) -> (Option<i32>, String, String) {
    let r = tlsim().args(args).output().unwrap();
    (
        r.status.code(),
        String::from_utf8_lossy(&r.stdout).into_owned(),
        String::from_utf8_lossy(&r.stderr).into_owned(),
    )
}

#[test]
fn run_text_and_markdown_in_korean() {
    let (code, text, _) = stdout(&["run", "--seed", "01", "--now", NOW, "--lang", "ko"]);
    assert_eq!(code, Some(0));
    assert!(text.contains("결과: 성공"), "{text}");
    assert!(text.contains("클라이언트가 인증서를 검증"), "{text}");
    assert!(text.contains("[클라이언트 -> 서버] ClientHello"), "{text}");
    let (_, en, _) = stdout(&["run", "--seed", "01", "--now", NOW, "--lang", "en"]);
    assert!(en.contains("Outcome: success"), "{en}");
    assert!(!hangul(&en), "English output holds Korean: {en}");
    let (code, md, _) = stdout(&[
        "run", "--seed", "01", "--now", NOW, "--format", "markdown", "--lang", "ko", "--fault",
        "mitm",
    ]);
    assert_eq!(code, Some(1), "the man in the middle is refused");
    assert!(md.starts_with("# TLS 1.2 핸드셰이크\n"), "{md}");
    assert!(md.contains("`unknown_ca`"), "{md}");
    assert!(md.contains("중간자가 서버 대신 자기 인증서를 보냄"), "{md}");
}

#[test]
fn json_is_the_same_in_every_language() {
    let (_, a, _) = stdout(&[
        "run", "--seed", "05", "--now", NOW, "--format", "json", "--lang", "ko",
    ]);
    let (_, b, _) = stdout(&["run", "--seed", "05", "--now", NOW, "--format", "json"]);
    assert_eq!(a, b, "JSON keeps keys and arguments, not texts");
    assert!(a.contains("\"key\": \"sim.ca_self_signed\""), "{a}");
}

#[test]
fn export_writes_transcript_md_in_the_chosen_language() {
    let dir = TempDir::new("lang-export");
    let out = dir.path("out");
    let r = tlsim()
        .args([
            "export", "--seed", "01", "--now", NOW, "--lang", "ko", "--out",
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
    let md = std::fs::read_to_string(out.join("transcript.md")).unwrap();
    assert!(md.contains("**결과:** 성공"), "{md}");
}

#[test]
fn bad_input_and_unknown_language() {
    let (code, _, err) = stdout(&["run", "--seed", "01", "--key-bits", "100", "--lang", "ko"]);
    assert_eq!(code, Some(2));
    assert!(hangul(&err), "a Korean error: {err}");
    let (code, _, err) = stdout(&["run", "--seed", "01", "--key-bits", "100"]);
    assert_eq!(code, Some(2));
    assert!(
        !hangul(&err) && err.contains("100"),
        "an English error: {err}"
    );
    let (code, _, err) = stdout(&["run", "--lang", "fr"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("fr"), "{err}");
}
