//! What the TLS 1.3 client and server share: the record layer (plaintext until the handshake
//! keys, then [`RecordCipher`] records whose inner type says what they carry), the handshake
//! joiner, the transcript, and the key schedule steps both sides take.

use super::handshake::{handshake_type_name, Handshake13, Payload13};
use super::hkdf::{self, Secret};
use super::key_schedule::{
    self, finished_key, traffic_keys, transcript_hash, Context, EarlySecret, HandshakeSecrets,
    MasterSecrets, Sender, TrafficKeys,
};
use super::record::{RecordCipher, HEADER_LEN, LEGACY_VERSION, MAX_CIPHERTEXT, MAX_PLAINTEXT};
use crate::codec::Codec;
use crate::conn::{unexpected, Event, Output, MAX_HANDSHAKE_MESSAGE};
use crate::error::{AlertDescription, Error};
use crate::msg::{Hex, HsMsg, Msg, Version};
use crate::msgs::{Alert, ContentType, Record};
use crate::transcript::{Check, Derived};
use crate::vocab::StepKey;

/// One unit of input: a whole handshake message (type and raw bytes, header included), a
/// ChangeCipherSpec, or application data. Alerts are handled by [`Common13::next_message`].
#[derive(Debug)]
pub(crate) enum In13 {
    Handshake { typ: u8, raw: Vec<u8> },
    ChangeCipherSpec,
    AppData(Vec<u8>),
}

impl In13 {
    fn name(&self) -> String {
        match self {
            Self::Handshake { typ, .. } => handshake_type_name(*typ),
            Self::ChangeCipherSpec => "change_cipher_spec".into(),
            Self::AppData(_) => "application_data".into(),
        }
    }

    /// The handshake payload, if this is a handshake message of type `t` (checked before the
    /// body is decoded), and its raw bytes.
    pub(crate) fn expect(self, t: u8) -> Result<(Payload13, Vec<u8>), Error> {
        match self {
            Self::Handshake { typ, raw } if typ == t => {
                let m = Handshake13::from_bytes(&raw)?;
                Ok((m.payload, raw))
            }
            other => Err(unexpected(&handshake_type_name(t), &other.name())),
        }
    }

    /// The error for a message the state does not expect.
    pub(crate) fn unexpected(&self, expected: &str) -> Error {
        unexpected(expected, &self.name())
    }
}

/// The shared per-connection state of a TLS 1.3 endpoint.
#[derive(Debug, Default)]
pub(crate) struct Common13 {
    inbuf: Vec<u8>,
    hs_buf: Vec<u8>,
    read: Option<RecordCipher>,
    write: Option<RecordCipher>,
    /// The handshake messages so far (with message_hash in place of a first ClientHello).
    pub(crate) transcript: Vec<u8>,
    pub(crate) out: Output,
}

impl Common13 {
    pub(crate) fn push_bytes(&mut self, bytes: &[u8]) {
        self.inbuf.extend_from_slice(bytes);
    }

    pub(crate) fn take_output(&mut self) -> Output {
        std::mem::take(&mut self.out)
    }

    pub(crate) fn write_protected(&self) -> bool {
        self.write.is_some()
    }

    /// Switch read protection to `keys` of `sender`; a key change must fall on a record
    /// boundary (RFC 8446 §5.1), so no part of a handshake message may be left over.
    pub(crate) fn set_read(&mut self, sender: Sender, keys: &TrafficKeys) -> Result<(), Error> {
        if !self.hs_buf.is_empty() {
            return Err(Error::UnexpectedMessage(
                HsMsg::NotMidMessage {
                    got: "key change".into(),
                }
                .into(),
            ));
        }
        self.read = Some(RecordCipher::new(sender, keys));
        Ok(())
    }

    pub(crate) fn set_write(&mut self, sender: Sender, keys: &TrafficKeys) {
        self.write = Some(RecordCipher::new(sender, keys));
    }

    /// Replace a first ClientHello in the transcript by message_hash (RFC 8446 §4.4.1):
    /// `254 || 00 00 20 || Hash(ClientHello1)`.
    pub(crate) fn restart_transcript(&mut self) -> Derived {
        let h = hkdf::transcript_hash(&self.transcript);
        let mut t = vec![254, 0, 0, 32];
        t.extend_from_slice(&h);
        let d = crate::conn::derived(
            crate::vocab::ValueId::TranscriptHash,
            "message_hash || 00 00 20 || Hash(ClientHello1)",
            &[],
            &t,
        )
        .aside(HsMsg::MessageHashAside {});
        self.transcript = t;
        d
    }

    fn take_handshake(&mut self) -> Result<Option<In13>, Error> {
        if self.hs_buf.len() < 4 {
            return Ok(None);
        }
        let len = u32::from_be_bytes([0, self.hs_buf[1], self.hs_buf[2], self.hs_buf[3]]) as usize;
        if 4 + len > MAX_HANDSHAKE_MESSAGE {
            return Err(Error::Decode(
                HsMsg::HandshakeTooLong {
                    len,
                    max: MAX_HANDSHAKE_MESSAGE - 4,
                }
                .into(),
            ));
        }
        if self.hs_buf.len() < 4 + len {
            return Ok(None);
        }
        let raw: Vec<u8> = self.hs_buf.drain(..4 + len).collect();
        Ok(Some(In13::Handshake { typ: raw[0], raw }))
    }

    /// The next message, or `None` when more bytes are needed. close_notify marks
    /// `peer_closed`; any other alert ends the connection ([`Error::PeerAlert`]): in TLS 1.3
    /// every alert but close_notify and user_canceled is fatal (RFC 8446 §6).
    pub(crate) fn next_message(&mut self) -> Result<Option<In13>, Error> {
        loop {
            // 1. a whole handshake message already joined?
            if let Some(m) = self.take_handshake()? {
                return Ok(Some(m));
            }
            // 2. the next whole record
            if self.inbuf.len() < HEADER_LEN {
                return Ok(None);
            }
            let typ = ContentType::from_value(self.inbuf[0]);
            let version = u16::from_be_bytes([self.inbuf[1], self.inbuf[2]]);
            if version >> 8 != 0x03 {
                return Err(Error::ProtocolVersion(
                    HsMsg::RecordVersion {
                        got: Version(version),
                    }
                    .into(),
                ));
            }
            let len = usize::from(u16::from_be_bytes([self.inbuf[3], self.inbuf[4]]));
            if len > MAX_CIPHERTEXT {
                return Err(Error::RecordOverflow(HsMsg::RecordTooLong { len }.into()));
            }
            if self.inbuf.len() < HEADER_LEN + len {
                return Ok(None);
            }
            let record: Vec<u8> = self.inbuf.drain(..HEADER_LEN + len).collect();
            let fragment = &record[HEADER_LEN..];
            // 3. a ChangeCipherSpec is never protected (RFC 8446 §5): the state decides
            if typ == ContentType::ChangeCipherSpec {
                if fragment != [1] {
                    return Err(Error::UnexpectedMessage(
                        HsMsg::CcsBody {
                            body: Hex(fragment.to_vec()),
                        }
                        .into(),
                    ));
                }
                if !self.hs_buf.is_empty() {
                    return Err(not_mid("change_cipher_spec"));
                }
                return Ok(Some(In13::ChangeCipherSpec));
            }
            // 4. remove protection once the keys are on; then only application_data records
            let (typ, content) = match self.read.as_mut() {
                Some(c) => {
                    if typ != ContentType::ApplicationData {
                        return Err(Error::UnexpectedMessage(
                            HsMsg::UnknownRecordType { typ: typ.get() }.into(),
                        ));
                    }
                    let o = c.open(&record)?;
                    (o.typ, o.content)
                }
                None => {
                    if len > MAX_PLAINTEXT {
                        return Err(Error::RecordOverflow(HsMsg::RecordTooLong { len }.into()));
                    }
                    (typ, fragment.to_vec())
                }
            };
            match typ {
                ContentType::Handshake => {
                    if content.is_empty() {
                        return Err(crate::msg::empty("TLSPlaintext.fragment"));
                    }
                    self.hs_buf.extend_from_slice(&content);
                }
                ContentType::Alert => {
                    if !self.hs_buf.is_empty() {
                        return Err(not_mid("alert"));
                    }
                    let a = Alert::from_bytes(&content)?;
                    if a.description == AlertDescription::CloseNotify {
                        self.out.peer_closed = true;
                    } else {
                        return Err(Error::PeerAlert(a.description));
                    }
                }
                ContentType::ApplicationData => {
                    if self.read.is_none() {
                        return Err(Error::UnexpectedMessage(HsMsg::AppDataBeforeKeys {}.into()));
                    }
                    if !self.hs_buf.is_empty() {
                        return Err(not_mid("application_data"));
                    }
                    return Ok(Some(In13::AppData(content)));
                }
                other => {
                    return Err(Error::UnexpectedMessage(
                        HsMsg::UnknownRecordType { typ: other.get() }.into(),
                    ))
                }
            }
        }
    }

    /// Queue one record (protected if the write keys are on); returns its index and how it
    /// was sealed.
    fn send(&mut self, typ: ContentType, content: &[u8]) -> Result<(usize, Vec<Derived>), Error> {
        let (rec, derived) = match self.write.as_mut() {
            Some(c) => {
                let s = c.seal(typ, content, 0)?;
                let d = s.derived();
                (s.record, d)
            }
            None => (
                Record {
                    typ,
                    version: LEGACY_VERSION,
                    fragment: content.to_vec(),
                }
                .to_bytes(),
                Vec::new(),
            ),
        };
        self.out.records.push(rec);
        Ok((self.out.records.len() - 1, derived))
    }

    /// Send `content` in as many records as it takes and log one event for the first.
    fn send_logged(
        &mut self,
        typ: ContentType,
        content: &[u8],
        key: StepKey,
        mut derived: Vec<Derived>,
        notes: Vec<Msg>,
    ) -> Result<(), Error> {
        let mut first = None;
        for chunk in content.chunks(MAX_PLAINTEXT) {
            let (i, mut sealed) = self.send(typ, chunk)?;
            if first.is_none() {
                first = Some(i);
                derived.append(&mut sealed);
            }
        }
        self.out.events.push(Event {
            key,
            sent: first,
            derived,
            checks: Vec::new(),
            notes,
        });
        Ok(())
    }

    /// Send one handshake message and add it to the transcript.
    pub(crate) fn send_handshake(
        &mut self,
        payload: Payload13,
        key: StepKey,
        derived: Vec<Derived>,
        notes: Vec<Msg>,
    ) -> Result<(), Error> {
        let raw = Handshake13::from(payload).to_bytes();
        self.transcript.extend_from_slice(&raw);
        self.send_logged(ContentType::Handshake, &raw, key, derived, notes)
    }

    /// The middlebox-compatibility ChangeCipherSpec, always in the clear.
    pub(crate) fn send_compat_ccs(&mut self, key: StepKey) -> Result<(), Error> {
        let write = self.write.take();
        let r = self.send_logged(
            ContentType::ChangeCipherSpec,
            &[1],
            key,
            Vec::new(),
            vec![HsMsg::CompatCcsSent {}.into()],
        );
        self.write = write;
        r
    }

    pub(crate) fn send_app_data(&mut self, key: StepKey, data: &[u8]) -> Result<(), Error> {
        for chunk in data.chunks(MAX_PLAINTEXT) {
            let notes = vec![HsMsg::AppDataSent { count: chunk.len() }.into()];
            self.send_logged(ContentType::ApplicationData, chunk, key, Vec::new(), notes)?;
        }
        Ok(())
    }

    /// Queue an alert (protected if keys are on); returns the record bytes.
    pub(crate) fn send_alert(
        &mut self,
        key: StepKey,
        desc: AlertDescription,
        notes: Vec<Msg>,
    ) -> Result<Vec<u8>, Error> {
        let alert = Alert::for_description(desc).to_bytes();
        self.send_logged(ContentType::Alert, &alert, key, Vec::new(), notes)?;
        Ok(self.out.records.last().cloned().unwrap_or_default())
    }

    /// Log a local computation.
    pub(crate) fn event(
        &mut self,
        key: StepKey,
        derived: Vec<Derived>,
        checks: Vec<Check>,
        notes: Vec<Msg>,
    ) {
        self.out.events.push(Event {
            key,
            sent: None,
            derived,
            checks,
            notes,
        });
    }
}

fn not_mid(what: &str) -> Error {
    Error::UnexpectedMessage(HsMsg::NotMidMessage { got: what.into() }.into())
}

/// Both directions' keys of one stage.
#[derive(Clone, Debug)]
pub(crate) struct Keys {
    pub(crate) client: TrafficKeys,
    pub(crate) server: TrafficKeys,
}

/// The handshake secret and keys from the (EC)DHE `shared` secret and the transcript through
/// ServerHello.
pub(crate) fn handshake_keys(
    shared: &[u8],
    transcript: &[u8],
) -> Result<(HandshakeSecrets, Keys, Vec<Derived>), Error> {
    // 1. the early secret (no PSK)
    let (early, mut d) = EarlySecret::without_psk();
    // 2. Transcript-Hash(ClientHello..ServerHello)
    let (hash, dh) = transcript_hash(Context::ClientHelloServerHello, transcript);
    d.push(dh);
    // 3. the handshake secret and both traffic secrets
    let (hs, mut dd) = early.handshake(shared, &hash)?;
    d.append(&mut dd);
    // 4. a key and an IV per direction
    let (cid, cs) = hs.traffic_secret(Sender::Client);
    let (client, mut dc) = traffic_keys(Sender::Client, cid, cs)?;
    let (sid, ss) = hs.traffic_secret(Sender::Server);
    let (server, mut ds) = traffic_keys(Sender::Server, sid, ss)?;
    d.append(&mut dc);
    d.append(&mut ds);
    Ok((hs, Keys { client, server }, d))
}

/// The master secret and the application keys from the transcript through server Finished.
pub(crate) fn app_keys(
    hs: &HandshakeSecrets,
    transcript: &[u8],
) -> Result<(MasterSecrets, Keys, Vec<Derived>), Error> {
    let (hash, dh) = transcript_hash(Context::ThroughServerFinished, transcript);
    let (ms, mut d) = hs.master(&hash)?;
    d.insert(0, dh);
    let (cid, cs) = ms.traffic_secret(Sender::Client);
    let (client, mut dc) = traffic_keys(Sender::Client, cid, cs)?;
    let (sid, ss) = ms.traffic_secret(Sender::Server);
    let (server, mut ds) = traffic_keys(Sender::Server, sid, ss)?;
    d.append(&mut dc);
    d.append(&mut ds);
    Ok((ms, Keys { client, server }, d))
}

/// `sender`'s Finished.verify_data over `transcript` (its Finished context).
pub(crate) fn finished(
    sender: Sender,
    hs: &HandshakeSecrets,
    transcript: &[u8],
) -> Result<(Secret, Vec<Derived>), Error> {
    let (base_id, base) = hs.traffic_secret(sender);
    let (fk, d_fk) = finished_key(sender, base_id, base)?;
    let (hash, d_h) = transcript_hash(sender.finished_context(), transcript);
    let (vd, d_vd) = key_schedule::verify_data(sender, &fk, &hash);
    Ok((vd, vec![d_fk, d_h, d_vd]))
}

/// Constant-time comparison of two verify_data values.
pub(crate) fn same(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
