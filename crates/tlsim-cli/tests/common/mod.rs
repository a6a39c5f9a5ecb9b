//! Helpers for the OpenSSL-on-loopback tests: free ports, child processes that are killed on
//! every path (Drop), time-outs, certificates from the core, and `s_client -msg` parsing.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// The tlsim binary under test.
pub fn tlsim() -> Command {
    Command::new(env!("CARGO_BIN_EXE_tlsim"))
}

/// A fresh temporary directory (removed on drop).
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> Self {
        static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = N.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let d = std::env::temp_dir().join(format!("tlsim-cli-{tag}-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&d);
        std::fs::create_dir_all(&d).unwrap();
        TempDir(d)
    }
    pub fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        if std::env::var_os("TLSIM_KEEP_TMP").is_none() {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
}

/// `tlsim serve` on a free port (idle time-out 10 s) with `extra` options, writing its
/// certificates to `dir`; returns it, once listening, and the port.
pub fn serve(dir: &TempDir, extra: &[&str]) -> (Proc, u16) {
    let mut cmd = tlsim();
    cmd.args(["serve", "--port", "0", "--timeout", "10", "--out"])
        .arg(&dir.0)
        .args(extra);
    let mut p = Proc::spawn(cmd);
    let line = p.wait_for("listening on 127.0.0.1:", 20);
    let port = line.rsplit(':').next().unwrap().trim().parse().unwrap();
    (p, port)
}

/// A free TCP port on 127.0.0.1 (bind to port 0, read it, release it).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A child process killed (and reaped) when dropped; its output is collected by threads.
pub struct Proc {
    pub child: Child,
    pub stdin: Option<ChildStdin>,
    lines: mpsc::Receiver<String>,
    pub seen: Vec<String>,
}

impl Proc {
    /// Spawn with piped stdin (held open, like `sleep 30 | ...`) and stdout+stderr read line by line.
    pub fn spawn(mut cmd: Command) -> Proc {
        let mut child = cmd
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("spawn {cmd:?}: {e}"));
        let (tx, rx) = mpsc::channel();
        let out = child.stdout.take().unwrap();
        let err = child.stderr.take().unwrap();
        for r in [Box::new(out) as Box<dyn Read + Send>, Box::new(err)] {
            let tx = tx.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(r).lines() {
                    match line {
                        Ok(l) => {
                            if tx.send(l).is_err() {
                                break;
                            }
                        }
                        Err(_) => break,
                    }
                }
            });
        }
        let stdin = child.stdin.take();
        Proc {
            child,
            stdin,
            lines: rx,
            seen: Vec::new(),
        }
    }

    /// Wait until a line containing `needle` appears; panic with everything seen on time-out.
    pub fn wait_for(&mut self, needle: &str, secs: u64) -> String {
        let deadline = Instant::now() + Duration::from_secs(secs);
        if let Some(l) = self.seen.iter().find(|l| l.contains(needle)) {
            return l.clone();
        }
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(l) => {
                    let hit = l.contains(needle);
                    self.seen.push(l.clone());
                    if hit {
                        return l;
                    }
                }
                Err(_) => panic!(
                    "timed out after {secs}s waiting for {needle:?}; output so far:\n{}",
                    self.seen.join("\n")
                ),
            }
        }
    }

    /// Write to its stdin.
    pub fn send(&mut self, s: &str) {
        if let Some(i) = self.stdin.as_mut() {
            let _ = i.write_all(s.as_bytes());
            let _ = i.flush();
        }
    }

    /// Close stdin, wait for exit (killing it after `secs`), collect the rest of the output.
    pub fn finish(&mut self, secs: u64) -> (Option<i32>, String) {
        self.stdin.take();
        let deadline = Instant::now() + Duration::from_secs(secs);
        let status = loop {
            if let Ok(Some(s)) = self.child.try_wait() {
                break s.code();
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                let _ = self.child.wait();
                break None;
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        // Drain what the reader threads still hold.
        while let Ok(l) = self.lines.recv_timeout(Duration::from_millis(300)) {
            self.seen.push(l);
        }
        (status, self.seen.join("\n"))
    }
}

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// An OPENSSL_CONF that turns the extended master secret off.
pub fn no_ems_conf(dir: &TempDir) -> PathBuf {
    let p = dir.path("openssl-no-ems.cnf");
    std::fs::write(
        &p,
        "openssl_conf = default_conf\n[default_conf]\nssl_conf = ssl_sect\n[ssl_sect]\nsystem_default = system_default_sect\n[system_default_sect]\nOptions = -ExtendedMasterSecret\n",
    )
    .unwrap();
    p
}

/// Write a CA (builtin teaching key) and a server certificate for `name` into `dir`:
/// ca.pem, server.pem, server-key.pem. Returns nothing; paths via `dir.path`.
pub fn write_certs(dir: &TempDir, name: &str) {
    use tlsim_core::pki;
    use tlsim_core::scenario::{DEFAULT_NOT_AFTER, DEFAULT_NOT_BEFORE};
    let mut rng = rand_chacha_rng();
    let ca_key =
        pki::load_key(&tlsim_core::KeySource::Builtin("ca".into()), &mut rng, "ca").unwrap();
    let srv_key = pki::load_key(
        &tlsim_core::KeySource::Builtin("server".into()),
        &mut rng,
        "server",
    )
    .unwrap();
    // Valid from 2020 to 2040 so the real clock of OpenSSL accepts it.
    let nb = 1_577_836_800.min(DEFAULT_NOT_BEFORE);
    let na = 2_208_988_800.max(DEFAULT_NOT_AFTER);
    let ca = pki::issue_ca("Test Root CA", &ca_key, nb, na, &[1]).unwrap();
    let leaf = pki::issue_leaf(
        name,
        &[name.to_string()],
        &srv_key.to_public_key(),
        &ca.der,
        &ca_key,
        nb,
        na,
        &[2],
        false,
        false,
    )
    .unwrap();
    std::fs::write(dir.path("ca.pem"), pki::cert_to_pem(&ca.der)).unwrap();
    std::fs::write(dir.path("server.pem"), pki::cert_to_pem(&leaf.der)).unwrap();
    std::fs::write(
        dir.path("server-key.pem"),
        pki::key_to_pem(&srv_key).unwrap(),
    )
    .unwrap();
}

/// Also a client certificate (builtin "client" key) under the same CA: client.pem, client-key.pem.
pub fn write_client_cert(dir: &TempDir) {
    use tlsim_core::pki;
    let mut rng = rand_chacha_rng();
    let ca_key =
        pki::load_key(&tlsim_core::KeySource::Builtin("ca".into()), &mut rng, "ca").unwrap();
    let key = pki::load_key(
        &tlsim_core::KeySource::Builtin("client".into()),
        &mut rng,
        "client",
    )
    .unwrap();
    let ca = pki::pem_to_der(&read(&dir.path("ca.pem")), "ca").unwrap();
    let leaf = pki::issue_leaf(
        "student",
        &[],
        &key.to_public_key(),
        &ca,
        &ca_key,
        1_577_836_800,
        2_208_988_800,
        &[3],
        true,
        false,
    )
    .unwrap();
    std::fs::write(dir.path("client.pem"), pki::cert_to_pem(&leaf.der)).unwrap();
    std::fs::write(dir.path("client-key.pem"), pki::key_to_pem(&key).unwrap()).unwrap();
}

fn rand_chacha_rng() -> rand_chacha::ChaCha20Rng {
    rand_core::SeedableRng::from_seed([4; 32])
}

/// `openssl s_server` on 127.0.0.1:`port` (TLS 1.2, AES128-GCM-SHA256), ready to accept.
pub fn s_server(dir: &TempDir, port: u16, no_ems: bool, extra: &[&str]) -> Proc {
    let mut cmd = Command::new("openssl");
    cmd.args([
        "s_server",
        "-tls1_2",
        "-cipher",
        "AES128-GCM-SHA256",
        "-accept",
    ])
    .arg(format!("127.0.0.1:{port}"))
    .arg("-cert")
    .arg(dir.path("server.pem"))
    .arg("-key")
    .arg(dir.path("server-key.pem"))
    .args(extra);
    if no_ems {
        cmd.env("OPENSSL_CONF", no_ems_conf(dir));
    }
    let mut p = Proc::spawn(cmd);
    p.wait_for("ACCEPT", 10);
    p
}

/// `openssl s_client -msg` output to the messages file format: one handshake message per line.
pub fn messages_from_msg_output(out: &str) -> String {
    let mut lines = Vec::new();
    let mut cur: Option<String> = None;
    for l in out.lines() {
        if l.starts_with("    ") {
            if let Some(c) = cur.as_mut() {
                c.extend(l.split_whitespace());
            }
            continue;
        }
        if let Some(c) = cur.take() {
            lines.push(c);
        }
        if (l.starts_with(">>> ") || l.starts_with("<<< ")) && l.contains(", Handshake [length") {
            cur = Some(String::new());
        }
    }
    if let Some(c) = cur.take() {
        lines.push(c);
    }
    lines.join("\n") + "\n"
}

/// Read a whole file to a string.
pub fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}
