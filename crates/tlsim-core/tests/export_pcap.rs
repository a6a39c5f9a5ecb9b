//! The pcap export read back by tshark: every packet dissects, checksums are good, no malformed
//! packet, TCP analysis finds nothing wrong. Records here are hand-made (a ClientHello and an alert);
//! the CLI tests dissect a whole simulated session with its key log.

use std::process::Command;
use tlsim_core::export::{pcap, pcap_at};

fn client_hello() -> Vec<u8> {
    let mut body = vec![0x03, 0x03];
    body.extend_from_slice(&[0x11; 32]); // random
    body.push(0); // session_id
    body.extend_from_slice(&[0x00, 0x02, 0x00, 0x9c]); // cipher_suites
    body.extend_from_slice(&[0x01, 0x00]); // compression_methods: null
    let mut hs = vec![0x01, 0, 0, body.len() as u8];
    hs.extend_from_slice(&body);
    let mut rec = vec![0x16, 0x03, 0x01, 0, hs.len() as u8];
    rec.extend_from_slice(&hs);
    rec
}

fn tshark(pcap_bytes: &[u8], tag: &str, args: &[&str]) -> String {
    let path = std::env::temp_dir().join(format!("tlsim-export-{tag}-{}.pcap", std::process::id()));
    std::fs::write(&path, pcap_bytes).unwrap();
    let out = Command::new("tshark")
        .arg("-r")
        .arg(&path)
        .args([
            "-o",
            "tcp.check_checksum:TRUE",
            "-o",
            "ip.check_checksum:TRUE",
        ])
        .args(args)
        .output()
        .expect("tshark (apt install tshark)");
    let _ = std::fs::remove_file(&path);
    assert!(
        out.status.success(),
        "tshark failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn tshark_dissects_the_capture() {
    let wire = vec![
        (true, client_hello()),
        (false, vec![0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28]),
    ];
    let p = pcap(&wire);
    let v = tshark(&p, "v", &["-V"]);
    assert!(!v.contains("Malformed"), "{v}");
    assert!(v.contains("Handshake Type: Client Hello (1)"), "{v}");
    assert!(
        v.contains("Cipher Suite: TLS_RSA_WITH_AES_128_GCM_SHA256 (0x009c)"),
        "{v}"
    );
    assert!(v.contains("Description: Handshake Failure (40)"), "{v}");
    assert!(
        v.contains("Src Port: 50000") && v.contains("Dst Port: 443"),
        "{v}"
    );
    assert!(!v.contains("incorrect"), "{v}");
    assert_eq!(
        v.matches(" [correct]").count(),
        16,
        "8 IPv4 + 8 TCP checksums verified: {v}"
    );
    // Summary lines: SYN, SYN/ACK, ACK, hello, alert, FIN, FIN, ACK; no TCP analysis warnings.
    let s = tshark(
        &p,
        "s",
        &[
            "-T",
            "fields",
            "-e",
            "tcp.flags.str",
            "-e",
            "tcp.analysis.flags",
        ],
    );
    let lines: Vec<&str> = s.lines().collect();
    assert_eq!(lines.len(), 8, "{s}");
    for l in &lines {
        assert!(
            !l.contains('\t') || l.split('\t').nth(1) == Some(""),
            "analysis flag: {l}"
        );
    }
    // The server's ACK numbers follow the client's bytes.
    let acks = tshark(
        &p,
        "a",
        &[
            "-T",
            "fields",
            "-e",
            "tcp.seq",
            "-e",
            "tcp.ack",
            "-o",
            "tcp.relative_sequence_numbers:TRUE",
        ],
    );
    let rows: Vec<&str> = acks.lines().collect();
    assert_eq!(
        rows[4],
        format!("1\t{}", 1 + client_hello().len()),
        "{acks}"
    );
}

#[test]
fn capture_is_deterministic_and_timed() {
    let wire = vec![(true, client_hello())];
    assert_eq!(pcap(&wire), pcap(&wire));
    let p = pcap_at(&wire, 1_000_000_000);
    let t = tshark(&p, "t", &["-T", "fields", "-e", "frame.time_epoch"]);
    let first = t.lines().next().unwrap();
    assert!(first.starts_with("1000000000.000000"), "{t}");
    let a = pcap_at(&wire, 1);
    assert_ne!(p, a);
}

#[test]
fn a_long_record_is_split_into_segments() {
    // 20 000 bytes of application data in one (fake) record: split over 2 TCP segments.
    let mut rec = vec![0x17, 0x03, 0x03, 0x4e, 0x1b];
    rec.extend(std::iter::repeat_n(0xab, 20_000 - 5));
    let p = pcap(&[(true, rec)]);
    let s = tshark(
        &p,
        "l",
        &["-T", "fields", "-e", "tcp.len", "-e", "_ws.malformed"],
    );
    let lens: Vec<&str> = s.lines().collect();
    assert_eq!(lens.len(), 8, "{s}");
    assert!(!s.contains("Malformed"));
}

/// With a man in the middle the capture holds two TCP connections, the client's to him and his
/// to the real server, each a whole TLS session: one ClientHello each, with different randoms.
#[test]
fn a_man_in_the_middle_capture_has_two_connections() {
    use tlsim_core::export::{pcap_legs_at, DEFAULT_PCAP_TIME};
    use tlsim_core::{simulate, Fault, Scenario};
    let mut s = Scenario {
        faults: vec![Fault::ManInTheMiddle],
        ..Scenario::default()
    };
    s.extra_trusted_pems = vec![simulate::mitm_ca_pem(&s).unwrap()];
    let t = simulate(&s, [42; 32], tlsim_core::scenario::DEFAULT_NOW).unwrap();
    assert!(!t.server_leg.is_empty());
    // Without a server leg the two functions agree.
    assert_eq!(
        pcap_legs_at(&t.wire, &[], DEFAULT_PCAP_TIME),
        pcap_at(&t.wire, DEFAULT_PCAP_TIME)
    );
    let p = pcap_legs_at(&t.wire, &t.server_leg, DEFAULT_PCAP_TIME);
    let out = tshark(
        &p,
        "mitm",
        &[
            "-Y",
            "tls.handshake.type == 1",
            "-T",
            "fields",
            "-e",
            "tcp.stream",
            "-e",
            "tcp.srcport",
            "-e",
            "tls.handshake.random",
        ],
    );
    let rows: Vec<Vec<&str>> = out.lines().map(|l| l.split('\t').collect()).collect();
    assert_eq!(rows.len(), 2, "{out}");
    assert_eq!((rows[0][0], rows[0][1]), ("0", "50000"), "{out}");
    assert_eq!((rows[1][0], rows[1][1]), ("1", "50001"), "{out}");
    assert_ne!(rows[0][2], rows[1][2], "two randoms: {out}");
    let all = tshark(
        &p,
        "mitm-all",
        &[
            "-T",
            "fields",
            "-e",
            "_ws.malformed",
            "-e",
            "tcp.analysis.flags",
        ],
    );
    assert!(all.lines().all(|l| l.trim().is_empty()), "{all}");
}
