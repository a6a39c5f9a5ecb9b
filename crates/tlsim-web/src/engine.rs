//! The page's side of its engine: where the core's computations run. In the page, a web worker
//! (`src/bin/engine_worker.rs`, [`Engine::worker`]); in tests, this thread ([`Engine::local`] with
//! `engine_jobs::execute`). The page's .wasm references only the worker path, so the core's
//! engine (handshakes, RSA, X.509 issuance, the curves, AES-GCM) is linked into the worker alone.
//!
//! index.html builds the worker with trunk, next to the main `rust` link:
//!
//! ```html
//! <link data-trunk rel="rust" href="crates/tlsim-web/Cargo.toml" data-bin="engine_worker" data-type="worker" data-loader-shim />
//! ```
//!
//! trunk names worker outputs after the bin, without a hash: `engine_worker.js` (wasm-bindgen
//! `--target no-modules`), `engine_worker_bg.wasm` and, with `data-loader-shim`,
//! `engine_worker_loader.js`: what `new Worker(..)` must load ([`ENGINE_WORKER_URL`]).

use crate::engine_protocol::{Job, JobId, Reply, ReplyBody, Request};
use crate::keygen_protocol::{GeneratedKey, KeygenProgress, KeygenRequest};
use std::cell::{Cell, RefCell};
use std::collections::BTreeMap;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use yew::Callback;

/// The worker script, relative to the page (trunk's loader shim for the `engine_worker` bin).
pub const ENGINE_WORKER_URL: &str = "./engine_worker_loader.js";

/// Runs a job on this thread: `engine_jobs::execute` (tests only; the page never names it).
pub type LocalRun = fn(&Job, &mut crate::engine_jobs::Caches, &mut dyn FnMut(ReplyBody));

trait Backend {
    fn submit(&self, job: Job, on_reply: Callback<ReplyBody>);
    fn on_failure(&self, cb: Callback<String>);
}

/// The newest answer to the job a panel asks for: a job is sent whenever `deps` changes (made from
/// it by `job`), `None` asks for nothing and clears the answer, and an answer to a job asked for
/// before the newest is dropped. `pick` takes the reply this job kind answers with; a worker that
/// failed answers `Err` with why.
#[yew::hook]
pub fn use_newest_answer<D, T>(
    engine: &Engine,
    deps: Option<D>,
    job: fn(D) -> Job,
    pick: fn(ReplyBody) -> Option<T>,
) -> yew::UseStateHandle<Option<Result<T, String>>>
where
    D: PartialEq + Clone + 'static,
    T: 'static,
{
    let answer = yew::use_state(|| None::<Result<T, String>>);
    let latest = yew::use_mut_ref(|| 0u64);
    {
        let answer = answer.clone();
        let engine = engine.clone();
        yew::use_effect_with(deps, move |deps| {
            let token = {
                let mut l = latest.borrow_mut();
                *l += 1;
                *l
            };
            let Some(deps) = deps.clone() else {
                answer.set(None);
                return;
            };
            engine.submit(
                job(deps),
                Callback::from(move |b: ReplyBody| {
                    if *latest.borrow() != token {
                        return;
                    }
                    match b {
                        ReplyBody::EngineFailed(e) => answer.set(Some(Err(e))),
                        b => {
                            if let Some(t) = pick(b) {
                                answer.set(Some(Ok(t)));
                            }
                        }
                    }
                }),
            );
        });
    }
    answer
}

/// A handle on the engine, cheap to clone; equal to its clones only (a Yew context value).
#[derive(Clone)]
pub struct Engine(Rc<dyn Backend>);

impl PartialEq for Engine {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Engine")
    }
}

impl Engine {
    /// The page's engine: the web worker at `url`. Jobs sent before it is up wait for it.
    pub fn worker(url: &str) -> Engine {
        Engine(WorkerBackend::start(url))
    }

    /// An engine on this thread (tests): `run` answers each job before [`Engine::submit`] returns.
    pub fn local(run: LocalRun) -> Engine {
        Engine(Rc::new(LocalBackend {
            run,
            caches: RefCell::default(),
        }))
    }

    /// Send `job`; `on_reply` receives its answers: progress, then one final answer
    /// ([`ReplyBody::EngineFailed`] if the worker could not start or died).
    pub fn submit(&self, job: Job, on_reply: Callback<ReplyBody>) {
        self.0.submit(job, on_reply)
    }

    /// `cb` receives why, once, when the engine can no longer answer (at once if it already
    /// cannot).
    pub fn on_failure(&self, cb: Callback<String>) {
        self.0.on_failure(cb)
    }
}

struct LocalBackend {
    run: LocalRun,
    caches: RefCell<crate::engine_jobs::Caches>,
}

impl Backend for LocalBackend {
    fn submit(&self, job: Job, on_reply: Callback<ReplyBody>) {
        (self.run)(&job, &mut self.caches.borrow_mut(), &mut |b| {
            on_reply.emit(b)
        });
    }

    fn on_failure(&self, _cb: Callback<String>) {}
}

/// A request waiting for the one of its kind in flight.
type Held = (JobId, String, Callback<ReplyBody>);

/// The kinds of job of which only the newest matters (every kind but key generation and files,
/// each wanted by a click): one in flight at a time, and of those sent meanwhile only the last is
/// kept, so the worker never computes an answer the page would drop.
fn kind(job: &Job) -> Option<usize> {
    match job {
        Job::Run { .. } => Some(0),
        Job::Compare { .. } => Some(1),
        Job::Record { .. } => Some(2),
        Job::Keygen(_) | Job::File { .. } => None,
    }
}

#[derive(Default)]
struct Shared {
    ready: Cell<bool>,
    next: Cell<JobId>,
    /// Per kind: the id in flight, and the newest request sent since.
    in_flight: RefCell<[Option<JobId>; 3]>,
    held: RefCell<[Option<Held>; 3]>,
    /// Requests sent before the worker said it is ready.
    queue: RefCell<Vec<String>>,
    waiting: RefCell<BTreeMap<JobId, Callback<ReplyBody>>>,
    failed: RefCell<Option<String>>,
    on_failure: RefCell<Vec<Callback<String>>>,
}

type Listeners = (
    Closure<dyn FnMut(web_sys::MessageEvent)>,
    Closure<dyn FnMut(JsValue)>,
);

struct WorkerBackend {
    worker: Option<web_sys::Worker>,
    shared: Rc<Shared>,
    _closures: Option<Listeners>,
}

impl Shared {
    fn fail(&self, why: String) {
        if self.failed.borrow().is_some() {
            return;
        }
        gloo::console::error!(format!("engine worker: {why}"));
        *self.failed.borrow_mut() = Some(why.clone());
        self.queue.borrow_mut().clear();
        let waiting = std::mem::take(&mut *self.waiting.borrow_mut());
        let held = std::mem::take(&mut *self.held.borrow_mut());
        for cb in waiting
            .into_values()
            .chain(held.into_iter().flatten().map(|h| h.2))
        {
            cb.emit(ReplyBody::EngineFailed(why.clone()));
        }
        let listeners = std::mem::take(&mut *self.on_failure.borrow_mut());
        for cb in listeners {
            cb.emit(why.clone());
        }
    }

    fn receive(&self, worker: &web_sys::Worker, text: &str) {
        let reply = crate::perf::measure("tlsim:decode", || serde_json::from_str::<Reply>(text));
        match reply {
            Ok(Reply {
                body: ReplyBody::Ready,
                ..
            }) => {
                self.ready.set(true);
                for r in self.queue.borrow_mut().drain(..) {
                    if let Err(e) = worker.post_message(&JsValue::from_str(&r)) {
                        self.fail(format!("postMessage: {e:?}"));
                        return;
                    }
                }
            }
            Ok(Reply {
                body: ReplyBody::BadRequest(e),
                ..
            }) => self.fail(format!("the worker could not read a request: {e}")),
            Ok(Reply { id, body }) => {
                let cb = if body.is_final() {
                    self.send_held(worker, id);
                    self.waiting.borrow_mut().remove(&id)
                } else {
                    self.waiting.borrow().get(&id).cloned()
                };
                if let Some(cb) = cb {
                    cb.emit(body);
                }
            }
            Err(e) => self.fail(format!("unreadable worker message: {e}")),
        }
    }
}

impl Shared {
    /// Request `done` is answered: send the request of its kind held meanwhile, if any.
    fn send_held(&self, worker: &web_sys::Worker, done: JobId) {
        let Some(k) = self
            .in_flight
            .borrow()
            .iter()
            .position(|f| *f == Some(done))
        else {
            return;
        };
        let held = self.held.borrow_mut()[k].take();
        self.in_flight.borrow_mut()[k] = held.as_ref().map(|h| h.0);
        if let Some((id, text, cb)) = held {
            self.waiting.borrow_mut().insert(id, cb);
            self.post(worker, text);
        }
    }

    /// Send a request now, or once the worker is up.
    fn post(&self, worker: &web_sys::Worker, text: String) {
        if !self.ready.get() {
            self.queue.borrow_mut().push(text);
        } else if let Err(e) = worker.post_message(&JsValue::from_str(&text)) {
            self.fail(format!("postMessage: {e:?}"));
        }
    }
}

impl WorkerBackend {
    fn start(url: &str) -> Rc<WorkerBackend> {
        let shared = Rc::new(Shared::default());
        let worker = match web_sys::Worker::new(url) {
            Ok(w) => w,
            Err(e) => {
                shared.fail(format!("cannot start {url}: {e:?}"));
                return Rc::new(WorkerBackend {
                    worker: None,
                    shared,
                    _closures: None,
                });
            }
        };
        let on_message = {
            let shared = shared.clone();
            let worker = worker.clone();
            Closure::<dyn FnMut(web_sys::MessageEvent)>::new(
                move |e: web_sys::MessageEvent| match e.data().as_string() {
                    Some(text) => shared.receive(&worker, &text),
                    None => shared.fail("the worker sent a message that is not text".into()),
                },
            )
        };
        let on_error = {
            let shared = shared.clone();
            let worker = worker.clone();
            Closure::<dyn FnMut(JsValue)>::new(move |e: JsValue| {
                let msg = js_sys::Reflect::get(&e, &"message".into())
                    .ok()
                    .and_then(|m| m.as_string())
                    .filter(|m| !m.is_empty())
                    .unwrap_or_else(|| "the engine worker failed to load or crashed".into());
                // A worker whose wasm trapped (a panic) is not to be trusted with more jobs.
                worker.terminate();
                shared.fail(msg);
            })
        };
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Rc::new(WorkerBackend {
            worker: Some(worker),
            shared,
            _closures: Some((on_message, on_error)),
        })
    }
}

impl Backend for WorkerBackend {
    fn submit(&self, job: Job, on_reply: Callback<ReplyBody>) {
        let s = &self.shared;
        if let Some(why) = s.failed.borrow().clone() {
            on_reply.emit(ReplyBody::EngineFailed(why));
            return;
        }
        let Some(worker) = &self.worker else {
            return;
        };
        let id = s.next.get() + 1;
        s.next.set(id);
        let k = kind(&job);
        let text = match serde_json::to_string(&Request { id, job }) {
            Ok(t) => t,
            Err(e) => {
                on_reply.emit(ReplyBody::EngineFailed(e.to_string()));
                return;
            }
        };
        if let Some(k) = k {
            if s.in_flight.borrow()[k].is_some() {
                // A newer request of this kind replaces the one held (its answer would be dropped).
                s.held.borrow_mut()[k] = Some((id, text, on_reply));
                return;
            }
            s.in_flight.borrow_mut()[k] = Some(id);
        }
        s.waiting.borrow_mut().insert(id, on_reply);
        s.post(worker, text);
    }

    fn on_failure(&self, cb: Callback<String>) {
        let why = self.shared.failed.borrow().clone();
        match why {
            Some(why) => cb.emit(why),
            None => self.shared.on_failure.borrow_mut().push(cb),
        }
    }
}

/// A key-generation worker of its own (the same engine script): dropping it terminates the
/// worker, which is how a second "new keys" click cancels the first, and the page's engine is
/// never kept busy by RSA key generation.
pub struct KeygenHandle {
    engine: Rc<WorkerBackend>,
}

impl Drop for KeygenHandle {
    fn drop(&mut self) {
        if let Some(w) = &self.engine.worker {
            w.set_onmessage(None);
            w.set_onerror(None);
            w.terminate();
        }
    }
}

impl std::fmt::Debug for KeygenHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("KeygenHandle")
    }
}

/// Start a worker at `url` for `request`. `on_progress` fires before each key; `on_done` fires
/// exactly once, with the keys in request order or an error (the worker script failed to load,
/// or the core refused a key size).
pub fn spawn_keygen(
    url: &str,
    request: KeygenRequest,
    on_progress: Callback<KeygenProgress>,
    on_done: Callback<Result<Vec<GeneratedKey>, String>>,
) -> KeygenHandle {
    let engine = WorkerBackend::start(url);
    let on_reply = Callback::from(move |b: ReplyBody| match b {
        ReplyBody::Progress {
            role,
            index,
            total,
            bits,
        } => on_progress.emit(KeygenProgress {
            role,
            index,
            total,
            bits,
        }),
        ReplyBody::Keys(r) => on_done.emit(r),
        ReplyBody::EngineFailed(e) => on_done.emit(Err(e)),
        _ => on_done.emit(Err("unexpected reply from the key worker".into())),
    });
    engine.submit(Job::Keygen(request), on_reply);
    KeygenHandle { engine }
}

// Native: every transcript the page can show crosses the worker boundary unchanged.
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use crate::engine_protocol::{Reply, ReplyBody, RunError};
    use crate::state::{Preset, DEFAULT_SEED};

    const NOW: i64 = tlsim_core::scenario::DEFAULT_NOW;

    fn round_trip(reply: &Reply) -> Reply {
        let text = serde_json::to_string(reply).expect("a reply serializes");
        serde_json::from_str(&text).expect("a reply reads back")
    }

    #[test]
    fn every_presets_transcript_round_trips_equal() {
        let mut ok = 0;
        let mut failed = 0;
        for p in Preset::ALL {
            for version in [tlsim_core::TlsVersion::Tls12, tlsim_core::TlsVersion::Tls13] {
                let mut s = p.scenario(NOW);
                if !p.is_tls13() && !p.is_tls13_failure() {
                    s.version = version;
                }
                let run = tlsim_core::simulate(&s, DEFAULT_SEED, NOW).map_err(|e| RunError {
                    invalid_input: e.is_input(),
                    reason: e.reason(),
                });
                match &run {
                    Ok(t) if matches!(t.outcome, tlsim_core::Outcome::Success) => ok += 1,
                    _ => failed += 1,
                }
                let reply = Reply {
                    id: 7,
                    body: ReplyBody::Ran(Box::new(run)),
                };
                assert_eq!(round_trip(&reply), reply, "{} {version:?}", p.name());
            }
        }
        // Both kinds are covered: completed handshakes and failures (alerts, refusals).
        assert!(ok > 20 && failed > 20, "{ok} completed, {failed} failed");
    }

    #[test]
    fn the_comparison_and_the_recording_round_trip_equal() {
        let s = tlsim_core::Scenario::default();
        let compared = Reply {
            id: 1,
            body: ReplyBody::Compared(Box::new(crate::engine_jobs::compare(
                &s,
                DEFAULT_SEED,
                NOW,
                tlsim_core::kx::KxAlg::Rsa,
            ))),
        };
        assert_eq!(round_trip(&compared), compared);
        let mut caches = Default::default();
        let recorded = crate::engine_jobs::record(&s, DEFAULT_SEED, NOW, &mut caches);
        assert!(recorded.iter().all(|r| r.attempt.is_ok()));
        let recorded = Reply {
            id: 2,
            body: ReplyBody::Recorded(recorded),
        };
        assert_eq!(round_trip(&recorded), recorded);
    }

    /// The figures behind the choice of JSON (`cargo test --release -p tlsim-web --lib
    /// encode_decode_time -- --ignored --nocapture`).
    #[test]
    #[ignore]
    fn encode_decode_time() {
        let t = tlsim_core::simulate(&tlsim_core::Scenario::default(), DEFAULT_SEED, NOW)
            .expect("the default session");
        let reply = Reply {
            id: 1,
            body: ReplyBody::Ran(Box::new(Ok(t))),
        };
        let n = 50;
        let start = std::time::Instant::now();
        let mut len = 0;
        for _ in 0..n {
            len = serde_json::to_string(&reply).expect("json").len();
        }
        let enc = start.elapsed() / n;
        let text = serde_json::to_string(&reply).expect("json");
        let start = std::time::Instant::now();
        for _ in 0..n {
            let _: Reply = serde_json::from_str(&text).expect("json");
        }
        let dec = start.elapsed() / n;
        println!("default transcript: {len} B JSON, encode {enc:?}, decode {dec:?}");
    }
}
