//! The CA's work kept between runs (issue 11): `simulate_with` and an `IssuanceCache` give the
//! bytes `simulate` gives, whatever was run before through the same cache; an edit that changes
//! nothing the CA signs reuses the certificates, and an edit to any input of issuance signs again.

use tlsim_core::scenario::{CertFault, Fault, KeySource, Scenario};
use tlsim_core::{simulate, simulate_with, IssuanceCache, TlsVersion};

const SEED: [u8; 32] = [7; 32];
const NOW: i64 = 1_780_000_000;

/// A named edit of the scenario.
type Edit = (&'static str, fn(&mut Scenario));

/// Run `s` through `cache` and check it against a run without one.
fn run(cache: &mut IssuanceCache, s: &Scenario, seed: [u8; 32], now: i64) {
    let with = simulate_with(s, seed, now, cache).expect("valid scenario");
    let without = simulate(s, seed, now).expect("valid scenario");
    assert_eq!(with, without, "the cache changed the transcript");
}

#[test]
fn same_inputs_issue_once_and_give_the_same_bytes() {
    let s = Scenario::default();
    let mut cache = IssuanceCache::new();
    run(&mut cache, &s, SEED, NOW);
    run(&mut cache, &s, SEED, NOW);
    run(&mut cache, &s, SEED, NOW);
    assert_eq!(cache.issued(), 1);
}

/// Edits the CA does not read: the certificates are kept, the transcript is still the uncached one.
#[test]
fn edits_outside_issuance_reuse_the_certificates() {
    let edits: Vec<Edit> = vec![
        ("message", |s| s.app_message = "another message".into()),
        ("reply", |s| s.server_reply = "another reply".into()),
        ("client host", |s| s.client_host = "evil.example".into()),
        ("trust", |s| s.trust_issuing_ca = false),
        ("client random", |s| s.client_random = Some([1; 32])),
        ("server random", |s| s.server_random = Some([2; 32])),
        ("pre-master", |s| s.pre_master = Some(vec![3; 48])),
        ("ems", |s| s.client_ems = !s.client_ems),
        ("client auth", |s| s.client_auth = true),
        ("flipped byte", |s| {
            s.faults.push(Fault::FlipByte {
                record: 3,
                offset: 20,
            })
        }),
        ("tls 1.3", |s| s.version = TlsVersion::Tls13),
    ];
    let mut cache = IssuanceCache::new();
    let base = Scenario::default();
    run(&mut cache, &base, SEED, NOW);
    for (name, edit) in edits {
        let mut s = base.clone();
        edit(&mut s);
        run(&mut cache, &s, SEED, NOW);
        assert_eq!(cache.issued(), 1, "{name} re-issued the certificates");
        run(&mut cache, &base, SEED, NOW);
        assert_eq!(cache.issued(), 1, "back from {name} re-issued");
    }
}

/// Every input of issuance re-issues, and the new certificates are the uncached ones.
#[test]
fn each_issuance_input_reissues() {
    let edits: Vec<Edit> = vec![
        ("CA name", |s| s.ca_name = "Other Root CA".into()),
        ("server name", |s| s.server_name = "other.example".into()),
        ("SANs", |s| s.server_sans = vec!["other.example".into()]),
        ("not before", |s| s.not_before += 86_400),
        ("not after", |s| s.not_after -= 86_400),
        ("CA key", |s| {
            s.ca_key = KeySource::Builtin("mitm-ca".into())
        }),
        ("server key", |s| {
            s.server_key = KeySource::Builtin("mitm".into())
        }),
        ("chain depth", |s| s.chain_depth = 2),
        ("revocation", |s| s.check_revocation = true),
        ("forged signature", |s| {
            s.faults.push(Fault::ForgedSignature)
        }),
        ("SHA-1 leaf", |s| {
            s.faults.push(Fault::Cert {
                cert: CertFault::Sha1Leaf,
            })
        }),
    ];
    let mut cache = IssuanceCache::new();
    let base = Scenario::default();
    run(&mut cache, &base, SEED, NOW);
    let mut issued = cache.issued();
    for (name, edit) in edits {
        let mut s = base.clone();
        edit(&mut s);
        run(&mut cache, &s, SEED, NOW);
        assert_eq!(cache.issued(), issued + 1, "{name} did not re-issue");
        run(&mut cache, &base, SEED, NOW);
        assert_eq!(
            cache.issued(),
            issued + 2,
            "back from {name} did not re-issue"
        );
        issued = cache.issued();
    }
}

#[test]
fn seed_and_clock_reissue_when_read() {
    let mut cache = IssuanceCache::new();
    let s = Scenario::default();
    run(&mut cache, &s, SEED, NOW);
    run(&mut cache, &s, [8; 32], NOW);
    assert_eq!(cache.issued(), 2, "a new seed draws new serials");
    // Without revocation the clock shapes no certificate; with it, the CRLs' dates follow it.
    run(&mut cache, &s, [8; 32], NOW + 3600);
    assert_eq!(cache.issued(), 2);
    let mut r = s.clone();
    r.check_revocation = true;
    run(&mut cache, &r, [8; 32], NOW);
    run(&mut cache, &r, [8; 32], NOW + 3600);
    assert_eq!(cache.issued(), 4);
}

/// A refusal at the CSR is not kept: each run asks the CA again, and says the same.
#[test]
fn refusals_are_not_kept() {
    let mut cache = IssuanceCache::new();
    let mut s = Scenario::default();
    s.faults.push(Fault::Cert {
        cert: CertFault::BadCsr,
    });
    run(&mut cache, &s, SEED, NOW);
    run(&mut cache, &s, SEED, NOW);
    assert_eq!(cache.issued(), 2);
    run(&mut cache, &Scenario::default(), SEED, NOW);
    assert_eq!(cache.issued(), 3);
}
