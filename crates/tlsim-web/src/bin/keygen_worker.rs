//! The key-generation web worker: receives a [`KeygenRequest`] (JSON string), answers with
//! progress and the PKCS#8 PEMs computed by `tlsim_core::keygen::derive_key` +
//! `tlsim_core::pki::key_to_pem`. Deterministic: the same seed, role and size give the same key.
//! Free of Yew on purpose (small download); the protocol module is included by path.
//! Built by trunk as a `data-type="worker"` bin (see `src/worker.rs` for the index.html line).
#![forbid(unsafe_code)]
#![cfg_attr(not(test), deny(clippy::unwrap_used))]

#[allow(dead_code)]
#[path = "../keygen_protocol.rs"]
mod keygen_protocol;

use keygen_protocol::{parse_seed, GeneratedKey, KeygenMessage, KeygenRequest};

/// Handle one request text; `reply` receives progress, then `Done` or `Error`.
fn handle(text: &str, reply: &mut dyn FnMut(&KeygenMessage)) {
    let req: KeygenRequest = match serde_json::from_str(text) {
        Ok(r) => r,
        Err(e) => {
            reply(&KeygenMessage::Error {
                message: format!("bad request: {e}"),
            });
            return;
        }
    };
    let Some(seed) = parse_seed(&req.seed) else {
        reply(&KeygenMessage::Error {
            message: "bad request: the seed must be 64 hex digits".into(),
        });
        return;
    };
    let total = req.keys.len();
    let mut keys = Vec::with_capacity(total);
    for (i, job) in req.keys.iter().enumerate() {
        reply(&KeygenMessage::Progress {
            role: job.role,
            index: i + 1,
            total,
            bits: job.bits,
        });
        let pem = tlsim_core::keygen::derive_key(&seed, job.role.as_str(), job.bits)
            .and_then(|k| tlsim_core::pki::key_to_pem(&k));
        match pem {
            Ok(pem) => keys.push(GeneratedKey {
                role: job.role,
                bits: job.bits,
                pem,
            }),
            Err(e) => {
                reply(&KeygenMessage::Error {
                    message: e.to_string(),
                });
                return;
            }
        }
    }
    reply(&KeygenMessage::Done { keys });
}

#[cfg(target_arch = "wasm32")]
fn main() {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::{JsCast, JsValue};

    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let post = {
        let scope = scope.clone();
        move |m: &KeygenMessage| {
            if let Ok(s) = serde_json::to_string(m) {
                let _ = scope.post_message(&JsValue::from_str(&s));
            }
        }
    };
    let on_message = {
        let mut post = post.clone();
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            match e.data().as_string() {
                Some(text) => handle(&text, &mut post),
                None => post(&KeygenMessage::Error {
                    message: "bad request: expected a JSON string".into(),
                }),
            }
        })
    };
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    post(&KeygenMessage::Ready);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    // Native: a command-line check of the same code path, reading one request from stdin.
    let mut text = String::new();
    if std::io::Read::read_to_string(&mut std::io::stdin(), &mut text).is_err() {
        eprintln!(
            "keygen_worker: runs as a web worker (wasm32); natively it reads one request on stdin"
        );
        return;
    }
    handle(&text, &mut |m| {
        println!("{}", serde_json::to_string(m).unwrap_or_default())
    });
}

// Native only: the worker's message loop is exercised end to end in web/e2e/share.spec.mjs.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use keygen_protocol::{KeyJob, KeyRole};

    #[test]
    fn generates_in_order_with_progress_and_reports_errors() {
        // 512-bit keys: small on purpose, for test speed only.
        let req = KeygenRequest {
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
        };
        let mut got = Vec::new();
        handle(&serde_json::to_string(&req).unwrap(), &mut |m| {
            got.push(m.clone())
        });
        assert_eq!(got.len(), 3);
        assert!(matches!(
            got[0],
            KeygenMessage::Progress {
                role: KeyRole::Server,
                index: 1,
                total: 2,
                ..
            }
        ));
        let KeygenMessage::Done { keys } = &got[2] else {
            panic!("{got:?}")
        };
        assert!(keys[0].pem.starts_with("-----BEGIN PRIVATE KEY-----"));
        let mut bad = Vec::new();
        handle("{\"seed\":\"zz\",\"keys\":[]}", &mut |m| {
            bad.push(m.clone())
        });
        assert!(matches!(bad[0], KeygenMessage::Error { .. }));
    }
}
