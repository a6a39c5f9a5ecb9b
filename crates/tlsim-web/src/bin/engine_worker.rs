//! The page's engine, a web worker: it runs every computation of the core the page needs (the
//! session, the comparison panels' runs, the eavesdropper's attempts, teaching keys) and answers
//! with data. The page's own .wasm links none of the core's engine (issue 11: its size and its
//! main thread). Requests and replies are JSON strings ([`engine_protocol`]); the jobs are
//! [`engine_jobs::execute`]. Free of Yew on purpose: the protocol and the jobs are included by
//! path. Built by trunk as a `data-type="worker"` bin (see `src/engine.rs` for the index.html line).
#![forbid(unsafe_code)]
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

#[allow(dead_code)]
#[path = "../engine_jobs.rs"]
mod engine_jobs;
#[allow(dead_code)]
#[path = "../engine_protocol.rs"]
mod engine_protocol;
#[allow(dead_code)]
#[path = "../keygen_protocol.rs"]
mod keygen_protocol;

use engine_jobs::Caches;
use engine_protocol::{Reply, ReplyBody, Request};

/// Handle one request text; `post` receives the reply texts (progress, then one final answer).
fn handle(text: &str, caches: &mut Caches, post: &mut dyn FnMut(String)) {
    let mut send = |id, body| {
        // A reply always serializes (plain data); an empty string would read as a bad reply.
        post(serde_json::to_string(&Reply { id, body }).unwrap_or_default())
    };
    match serde_json::from_str::<Request>(text) {
        Ok(req) => engine_jobs::execute(&req.job, caches, &mut |body| send(req.id, body)),
        Err(e) => send(0, ReplyBody::BadRequest(e.to_string())),
    }
}

#[cfg(target_arch = "wasm32")]
fn main() {
    use std::cell::RefCell;
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::{JsCast, JsValue};

    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let caches = RefCell::new(Caches::default());
    let post = {
        let scope = scope.clone();
        move |s: String| {
            let _ = scope.post_message(&JsValue::from_str(&s));
        }
    };
    let on_message = {
        let mut post = post.clone();
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            let text = e.data().as_string().unwrap_or_default();
            handle(&text, &mut caches.borrow_mut(), &mut post);
        })
    };
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    let ready = Reply {
        id: 0,
        body: ReplyBody::Ready,
    };
    post(serde_json::to_string(&ready).unwrap_or_default());
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    // Native: a command-line check of the same code path, one request per line on stdin.
    let mut caches = Caches::default();
    for line in std::io::stdin().lines().map_while(Result::ok) {
        handle(&line, &mut caches, &mut |s| println!("{s}"));
    }
}

// Native only: the worker's message loop is exercised end to end in web/e2e/share.spec.mjs.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use engine_protocol::Job;
    use keygen_protocol::{KeyJob, KeyRole, KeygenRequest};

    fn replies(caches: &mut Caches, req: &Request) -> Vec<Reply> {
        let mut got = Vec::new();
        handle(&serde_json::to_string(req).unwrap(), caches, &mut |s| {
            got.push(serde_json::from_str::<Reply>(&s).unwrap())
        });
        got
    }

    #[test]
    fn generates_keys_in_order_with_progress_and_reports_errors() {
        // 512-bit keys: small on purpose, for test speed only.
        let job = Job::Keygen(KeygenRequest {
            seed: "07".repeat(32),
            keys: vec![
                KeyJob {
                    role: KeyRole::Server,
                    bits: 512,
                },
                KeyJob {
                    role: KeyRole::Ca,
                    bits: 512,
                },
            ],
        });
        let got = replies(&mut Caches::default(), &Request { id: 9, job });
        assert_eq!(got.len(), 3);
        assert!(got.iter().all(|r| r.id == 9));
        assert!(matches!(
            got[0].body,
            ReplyBody::Progress {
                role: KeyRole::Server,
                index: 1,
                total: 2,
                ..
            }
        ));
        let ReplyBody::Keys(Ok(keys)) = &got[2].body else {
            panic!("{got:?}")
        };
        assert!(keys[0].pem.starts_with("-----BEGIN PRIVATE KEY-----"));
        let bad = Job::Keygen(KeygenRequest {
            seed: "zz".into(),
            keys: vec![],
        });
        let got = replies(&mut Caches::default(), &Request { id: 3, job: bad });
        assert!(matches!(got[0].body, ReplyBody::Keys(Err(_))));
        let mut garbage = Vec::new();
        handle("{\"id\":", &mut Caches::default(), &mut |s| garbage.push(s));
        assert!(garbage[0].contains("bad_request"), "{garbage:?}");
    }

    #[test]
    fn runs_the_session_and_answers_with_its_transcript() {
        let mut caches = Caches::default();
        let job = Job::Run {
            scenario: tlsim_core::Scenario::default(),
            seed: [7; 32],
            now: 1_700_000_000,
        };
        let got = replies(&mut caches, &Request { id: 4, job });
        let want =
            tlsim_core::simulate(&tlsim_core::Scenario::default(), [7; 32], 1_700_000_000).unwrap();
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].id, 4);
        assert_eq!(got[0].body, ReplyBody::Ran(Box::new(Ok(want))));
    }

    #[test]
    fn makes_a_file_of_the_session_and_says_when_it_makes_none() {
        let mut caches = Caches::default();
        let scenario = tlsim_core::Scenario::default();
        let t = tlsim_core::simulate(&scenario, [7; 32], 1_700_000_000).unwrap();
        let ask = |name: &str| Job::File {
            scenario: scenario.clone(),
            seed: [7; 32],
            now: 1_700_000_000,
            name: name.into(),
        };
        let got = replies(
            &mut caches,
            &Request {
                id: 5,
                job: ask("handshake.pcap"),
            },
        );
        let [Reply {
            id: 5,
            body: ReplyBody::File(Some(f)),
        }] = got.as_slice()
        else {
            panic!("{got:?}")
        };
        assert_eq!(
            (f.name.as_str(), f.mime.as_str()),
            ("handshake.pcap", "application/vnd.tcpdump.pcap")
        );
        let want = tlsim_core::export::pcap_legs_at(
            &t.wire,
            &t.server_leg,
            tlsim_core::export::DEFAULT_PCAP_TIME,
        );
        assert_eq!(f.bytes, want);
        // The text on the wire carries the bytes as hex.
        let mut text = String::new();
        handle(
            &serde_json::to_string(&Request {
                id: 6,
                job: ask("ca.pem"),
            })
            .unwrap(),
            &mut caches,
            &mut |s| text = s,
        );
        assert!(text.contains(&hex::encode(t.ca_pem.as_bytes())), "{text}");
        let got = replies(
            &mut caches,
            &Request {
                id: 7,
                job: ask("client.pem"),
            },
        );
        assert_eq!(
            got[0].body,
            ReplyBody::File(None),
            "no client certificate in this session"
        );
    }
}
