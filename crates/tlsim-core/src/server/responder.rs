//! The loop `tlsim serve` runs for each connection, without the socket: bytes from the client
//! in, bytes for the client out. It answers each application-data record with a fixed reply,
//! answers close_notify with close_notify, and on an error sends first whatever the server had
//! already produced (its flight to an earlier ClientHello, say) and then the fatal alert.
//!
//! Sans-IO like the rest of the core, so that the CLI, the tests and a fuzz target drive the
//! same code: the caller reads, calls [`Responder::feed`], writes [`Turn::send`], and stops once
//! [`Turn::end`] is set.

use super::{Server, ServerConfig};
use crate::conn::Event;
use crate::error::Error;
use rand_chacha::ChaCha20Rng;

/// How a connection ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum End {
    /// The client sent close_notify; ours went back.
    PeerClosed,
    /// The handshake or a record failed; the alert (if any) is at the end of [`Turn::send`].
    Failed(Error),
}

/// What one call to [`Responder::feed`] produced.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Turn {
    /// Bytes to write to the client, in order.
    pub send: Vec<u8>,
    /// Application data received (each record's plaintext).
    pub received: Vec<Vec<u8>>,
    /// What the server did, in order.
    pub events: Vec<Event>,
    /// Set once the connection is over: write `send`, then close the socket.
    pub end: Option<End>,
    /// The handshake completed during this call.
    pub handshake_completed: bool,
}

/// What a [`Responder`] drives: a server connection, bytes in, records out. The TLS 1.2
/// [`Server`], the TLS 1.3 [`crate::tls13::Server13`] and [`crate::negotiate::DualServer`]
/// (either, by the ClientHello) are ones.
pub trait ServerConn {
    /// Feed bytes from the client (any split).
    fn feed(&mut self, bytes: &[u8]) -> Result<crate::conn::Output, Error>;
    /// Encrypt application data.
    fn send_app_data(&mut self, data: &[u8]) -> Result<crate::conn::Output, Error>;
    /// Send close_notify.
    fn close(&mut self) -> Result<crate::conn::Output, Error>;
    /// Queue the fatal alert after `err` (none after the peer's own alert).
    fn alert(&mut self, err: &Error) -> Vec<u8>;
    /// Whatever was produced and not yet returned.
    fn take_output(&mut self) -> crate::conn::Output;
    /// Is the handshake complete?
    fn is_handshake_complete(&self) -> bool;
}

impl ServerConn for Server {
    fn feed(&mut self, bytes: &[u8]) -> Result<crate::conn::Output, Error> {
        Server::feed(self, bytes)
    }
    fn send_app_data(&mut self, data: &[u8]) -> Result<crate::conn::Output, Error> {
        Server::send_app_data(self, data)
    }
    fn close(&mut self) -> Result<crate::conn::Output, Error> {
        Server::close(self)
    }
    fn alert(&mut self, err: &Error) -> Vec<u8> {
        Server::alert(self, err)
    }
    fn take_output(&mut self) -> crate::conn::Output {
        Server::take_output(self)
    }
    fn is_handshake_complete(&self) -> bool {
        Server::is_handshake_complete(self)
    }
}

/// A server connection that answers.
#[derive(Debug)]
pub struct Responder<S = Server> {
    server: S,
    reply: Vec<u8>,
    ended: bool,
}

impl Responder<Server> {
    /// A responder whose server waits for a ClientHello and answers each message with `reply`.
    pub fn new(
        config: ServerConfig,
        rng: ChaCha20Rng,
        now: i64,
        reply: Vec<u8>,
    ) -> Result<Self, Error> {
        Ok(Self {
            server: Server::new(config, rng, now)?,
            reply,
            ended: false,
        })
    }
}

impl<S: ServerConn> Responder<S> {
    /// A responder over any server connection, answering each message with `reply`.
    pub fn over(server: S, reply: Vec<u8>) -> Self {
        Self {
            server,
            reply,
            ended: false,
        }
    }

    /// Feed bytes from the client (any split). After [`Turn::end`] was set, returns an empty
    /// turn with `end` set again.
    pub fn feed(&mut self, bytes: &[u8]) -> Turn {
        let mut turn = Turn::default();
        if self.ended {
            turn.end = Some(End::PeerClosed);
            return turn;
        }
        let was_complete = self.server.is_handshake_complete();
        match self.answer(bytes, &mut turn) {
            Ok(()) => {}
            Err(e) => {
                // What was produced before the failure goes out first, then the alert (none
                // when the client sent a fatal alert itself).
                if !matches!(e, Error::PeerAlert(_)) {
                    self.server.alert(&e);
                    let out = self.server.take_output();
                    turn.events.extend(out.events);
                    turn.received.extend(out.app_data);
                    turn.send.extend(out.records.concat());
                }
                self.ended = true;
                turn.end = Some(End::Failed(e));
            }
        }
        turn.handshake_completed = !was_complete && self.server.is_handshake_complete();
        turn
    }

    fn answer(&mut self, bytes: &[u8], turn: &mut Turn) -> Result<(), Error> {
        let out = self.server.feed(bytes)?;
        turn.send.extend(out.records.concat());
        turn.events.extend(out.events);
        for d in out.app_data {
            let reply = self.server.send_app_data(&self.reply)?;
            turn.send.extend(reply.records.concat());
            turn.events.extend(reply.events);
            turn.received.push(d);
        }
        if out.peer_closed {
            let close = self.server.close()?;
            turn.send.extend(close.records.concat());
            turn.events.extend(close.events);
            self.ended = true;
            turn.end = Some(End::PeerClosed);
        }
        Ok(())
    }

    /// The server inside (for its master secret, negotiated suite, EMS).
    pub fn server(&self) -> &S {
        &self.server
    }
}
