//! What client and server share: the record layer (deframing, protection, version checks), the
//! handshake-message joiner, the handshake transcript, and the [`Output`] handed back to the caller.
//!
//! Incoming bytes may hold several records, a record may hold several handshake messages, and a
//! message may span records (OpenSSL packs ServerHello..ServerHelloDone into one record): the
//! joiner handles all three. Outgoing handshake messages go one per record.

use crate::codec::Codec;
use crate::error::{AlertDescription, Error};
use crate::msg::{Hex, HsMsg, Msg, Version};
use crate::msgs::enums::{HandshakeType, TLS12};
use crate::msgs::record::MAX_FRAGMENT;
use crate::msgs::{
    Alert, ChangeCipherSpec, ContentType, HandshakeMessage, HandshakePayload, Record,
};
use crate::record::RecordCipher;
use crate::transcript::{Check, Derived};
use crate::vocab::{StepKey, ValueId};

/// Something one side did that the transcript shows: a record it sent (`sent` indexes
/// [`Output::records`]) or a local computation, with the values derived and the checks made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Event {
    /// The transcript step key, e.g. `client_hello`, `verify_server_cert`, `derive_keys_client`.
    pub key: StepKey,
    /// For a record sent: its index in [`Output::records`] of the same output.
    pub sent: Option<usize>,
    /// Values derived at this point, with formulas.
    pub derived: Vec<Derived>,
    /// Checks made at this point.
    pub checks: Vec<Check>,
    /// What happened, one message per sentence.
    pub notes: Vec<Msg>,
}

/// What one call into a connection produced.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Output {
    /// Whole TLS records to put on the wire, in order.
    pub records: Vec<Vec<u8>>,
    /// Application data received from the peer.
    pub app_data: Vec<Vec<u8>>,
    /// What happened, in order (records sent and local computations).
    pub events: Vec<Event>,
    /// The peer sent close_notify.
    pub peer_closed: bool,
}

impl Output {
    /// Append another output.
    pub fn append(&mut self, mut other: Output) {
        let base = self.records.len();
        for e in &mut other.events {
            if let Some(i) = e.sent.as_mut() {
                *i += base;
            }
        }
        self.records.append(&mut other.records);
        self.app_data.append(&mut other.app_data);
        self.events.append(&mut other.events);
        self.peer_closed |= other.peer_closed;
    }
}

/// The largest handshake message accepted (header included): 2^18 bytes. The 24-bit length
/// allows 2^24-1, but the largest legal ClientHello is about 131,400 bytes (2^16-2 bytes of
/// cipher suites plus 2^16-1 of extensions) and real certificate chains stay far below; the bound
/// caps what one connection can make this side buffer.
pub const MAX_HANDSHAKE_MESSAGE: usize = 1 << 18;

/// Consecutive warning alerts tolerated before the connection is ended with unexpected_message
/// (the "SSL Death Alert" flood, CVE-2016-8610; OpenSSL's bound is 5 as well).
pub const MAX_WARNING_ALERTS: usize = 5;

/// Consecutive empty records (handshake or application data) tolerated, as OpenSSL does (32).
pub const MAX_EMPTY_RECORDS: usize = 32;

/// One unit of input for a state: a handshake message (its type from the header and its raw
/// bytes, header included: the body is decoded only once the state accepts the type), a
/// ChangeCipherSpec, an alert, or application data.
#[derive(Debug)]
pub(crate) enum Incoming {
    Handshake { typ: HandshakeType, raw: Vec<u8> },
    ChangeCipherSpec,
    Alert(Alert),
    AppData(Vec<u8>),
}

impl Incoming {
    /// The wire name, for "expected X, got Y" errors.
    pub(crate) fn name(&self) -> String {
        match self {
            Self::Handshake { typ, .. } => typ.name(),
            Self::ChangeCipherSpec => "change_cipher_spec".into(),
            Self::Alert(a) => a.description.name().into(),
            Self::AppData(_) => "application_data".into(),
        }
    }

    /// The error for a message the state does not expect.
    pub(crate) fn unexpected(&self, expected: &str) -> Error {
        unexpected(expected, &self.name())
    }

    /// The handshake payload, if this is a handshake message of one of the `allowed` types: the
    /// type is checked before the body is decoded, so a message out of place is
    /// unexpected_message, never a decode_error of a body read as the wrong type.
    pub(crate) fn handshake(
        self,
        allowed: &[HandshakeType],
    ) -> Result<(HandshakePayload, Vec<u8>), Error> {
        match self {
            Self::Handshake { typ, raw } if allowed.contains(&typ) => {
                let msg = HandshakeMessage::from_bytes(&raw)?;
                Ok((msg.payload, raw))
            }
            other => Err(other.unexpected(&expected_names(allowed))),
        }
    }

    /// Is this a handshake message of type `t`?
    pub(crate) fn is_handshake(&self, t: HandshakeType) -> bool {
        matches!(self, Self::Handshake { typ, .. } if *typ == t)
    }
}

/// `a`, `a or b`: the wire names of the types a state accepts.
fn expected_names(allowed: &[HandshakeType]) -> String {
    allowed
        .iter()
        .map(|t| t.name())
        .collect::<Vec<_>>()
        .join(" or ")
}

/// The shared per-connection state.
#[derive(Debug)]
pub(crate) struct Common {
    inbuf: Vec<u8>,
    hs_buf: Vec<u8>,
    read: Option<RecordCipher>,
    write: Option<RecordCipher>,
    /// Read protection to switch on at the peer's ChangeCipherSpec.
    pub(crate) pending_read: Option<RecordCipher>,
    /// Every handshake message so far, as sent/received (the input of the transcript hash).
    pub(crate) transcript: Vec<u8>,
    /// Accept any {03,xx} record version (only until the ClientHello is read: RFC 5246 E.1).
    pub(crate) lenient_version: bool,
    /// Warning alerts received in a row (reset by any other record).
    warnings_in_row: usize,
    /// Empty records received in a row (reset by any non-empty record).
    empty_in_row: usize,
    pub(crate) out: Output,
}

impl Common {
    pub(crate) fn new() -> Self {
        Self {
            inbuf: Vec::new(),
            hs_buf: Vec::new(),
            read: None,
            write: None,
            pending_read: None,
            transcript: Vec::new(),
            lenient_version: false,
            warnings_in_row: 0,
            empty_in_row: 0,
            out: Output::default(),
        }
    }

    pub(crate) fn push_bytes(&mut self, bytes: &[u8]) {
        self.inbuf.extend_from_slice(bytes);
    }

    /// Bytes received that do not yet make a whole record or a whole handshake message.
    pub(crate) fn pending_bytes(&self) -> usize {
        self.inbuf.len() + self.hs_buf.len()
    }

    pub(crate) fn take_output(&mut self) -> Output {
        std::mem::take(&mut self.out)
    }

    /// Is write protection on (has this side sent its ChangeCipherSpec)?
    pub(crate) fn write_protected(&self) -> bool {
        self.write.is_some()
    }

    /// Switch read protection on (at the peer's ChangeCipherSpec); sequence numbers restart at 0.
    pub(crate) fn activate_read(&mut self) -> Result<(), Error> {
        match self.pending_read.take() {
            Some(c) => {
                self.read = Some(c);
                Ok(())
            }
            None => Err(Error::UnexpectedMessage(HsMsg::CcsBeforeKeys {}.into())),
        }
    }

    fn take_handshake(&mut self) -> Result<Option<Incoming>, Error> {
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
        Ok(Some(Incoming::Handshake {
            typ: HandshakeType::from_value(raw[0]),
            raw,
        }))
    }

    /// The next message for the state machine, or `None` when more bytes are needed. Alerts
    /// are handled here, the same for both roles: close_notify marks `peer_closed`, a warning
    /// alert is ignored (up to [`MAX_WARNING_ALERTS`] in a row), a fatal alert is
    /// [`Error::PeerAlert`].
    pub(crate) fn next_message(&mut self) -> Result<Option<Incoming>, Error> {
        while let Some(m) = self.next_incoming()? {
            let Incoming::Alert(a) = &m else {
                self.warnings_in_row = 0;
                return Ok(Some(m));
            };
            if a.description == AlertDescription::CloseNotify {
                self.out.peer_closed = true;
            } else if a.level == 2 {
                return Err(Error::PeerAlert(a.description));
            } else {
                self.warnings_in_row += 1;
                if self.warnings_in_row > MAX_WARNING_ALERTS {
                    return Err(Error::UnexpectedMessage(
                        HsMsg::TooManyWarnings {
                            count: self.warnings_in_row,
                            max: MAX_WARNING_ALERTS,
                        }
                        .into(),
                    ));
                }
            }
        }
        Ok(None)
    }

    /// Check a record header as soon as its bytes arrive, before waiting for the fragment its
    /// length announces: a header that can never begin a TLS 1.2 record is refused at once.
    fn check_header(&self) -> Result<(), Error> {
        let b = &self.inbuf;
        let Some(&first) = b.first() else {
            return Ok(());
        };
        // An SSLv2-compatible ClientHello starts with a 2-byte length whose high bit is set
        // (RFC 5246 E.2); this server accepts TLS 1.2 records only.
        if first & 0x80 != 0 {
            return Err(Error::UnexpectedMessage(HsMsg::SslV2Hello {}.into()));
        }
        // RFC 5246 §6: an unexpected record type gets unexpected_message.
        if let ContentType::Unknown(typ) = ContentType::from_value(first) {
            return Err(Error::UnexpectedMessage(
                HsMsg::UnknownRecordType { typ }.into(),
            ));
        }
        if b.len() >= 3 {
            let version = u16::from_be_bytes([b[1], b[2]]);
            self.check_version(version)?;
        }
        if b.len() >= 5 {
            let len = u16::from_be_bytes([b[3], b[4]]) as usize;
            if len > MAX_FRAGMENT {
                return Err(Error::RecordOverflow(
                    HsMsg::TooLong {
                        what: "TLSPlaintext.length".into(),
                        len,
                        max: MAX_FRAGMENT,
                    }
                    .into(),
                ));
            }
        }
        Ok(())
    }

    /// The record version must be TLS 1.2, except on a ClientHello record, where RFC 5246
    /// Appendix E.1 says servers MUST accept any {03,XX}.
    fn check_version(&self, version: u16) -> Result<(), Error> {
        let ok = version == TLS12 || (self.lenient_version && version >> 8 == 0x03);
        if ok {
            Ok(())
        } else {
            Err(Error::ProtocolVersion(
                HsMsg::RecordVersion {
                    got: Version(version),
                }
                .into(),
            ))
        }
    }

    /// Count an empty record; past [`MAX_EMPTY_RECORDS`] in a row the peer is flooding.
    fn empty_record(&mut self) -> Result<(), Error> {
        self.empty_in_row += 1;
        if self.empty_in_row > MAX_EMPTY_RECORDS {
            return Err(Error::UnexpectedMessage(
                HsMsg::TooManyEmptyRecords {
                    count: self.empty_in_row,
                    max: MAX_EMPTY_RECORDS,
                }
                .into(),
            ));
        }
        Ok(())
    }

    /// The next unit of input, or `None` when more bytes are needed.
    fn next_incoming(&mut self) -> Result<Option<Incoming>, Error> {
        loop {
            // 1. A whole handshake message already joined?
            if let Some(m) = self.take_handshake()? {
                return Ok(Some(m));
            }
            // 2. Else the next whole record; its header (type, version, length) is checked as
            //    soon as it arrives (a bogus header is refused without waiting for its length).
            self.check_header()?;
            let Some((rec, used)) = Record::parse_prefix(&self.inbuf)? else {
                return Ok(None);
            };
            self.inbuf.drain(..used);
            // 3. Remove protection once the peer's ChangeCipherSpec switched it on.
            let content = match self.read.as_mut() {
                Some(c) => c.open(rec.typ.get(), rec.version, &rec.fragment)?,
                None => rec.fragment,
            };
            if content.len() > 16384 {
                return Err(Error::RecordOverflow(
                    HsMsg::RecordTooLong { len: content.len() }.into(),
                ));
            }
            // 4. Empty handshake and application-data records carry nothing: skipped, but
            //    counted (an endless stream of them would keep this side busy for nothing).
            let empty_allowed = matches!(
                rec.typ,
                ContentType::Handshake | ContentType::ApplicationData
            );
            if content.is_empty() && empty_allowed {
                if rec.typ == ContentType::ApplicationData && self.read.is_none() {
                    return Err(Error::UnexpectedMessage(HsMsg::AppDataBeforeKeys {}.into()));
                }
                self.empty_record()?;
                continue;
            }
            self.empty_in_row = 0;
            // 5. Dispatch by content type.
            let not_mid_message = |what: &str| {
                Error::UnexpectedMessage(HsMsg::NotMidMessage { got: what.into() }.into())
            };
            match rec.typ {
                ContentType::Handshake => {
                    self.hs_buf.extend_from_slice(&content);
                }
                ContentType::ChangeCipherSpec => {
                    if !self.hs_buf.is_empty() {
                        return Err(not_mid_message("change_cipher_spec"));
                    }
                    // Its body is the single byte 01: anything else is not a ChangeCipherSpec
                    // at all, so unexpected_message (as RFC 8446 §5 spells out), not decode_error.
                    if ChangeCipherSpec::from_bytes(&content).is_err() {
                        return Err(Error::UnexpectedMessage(
                            HsMsg::CcsBody { body: Hex(content) }.into(),
                        ));
                    }
                    return Ok(Some(Incoming::ChangeCipherSpec));
                }
                ContentType::Alert => {
                    if !self.hs_buf.is_empty() {
                        return Err(not_mid_message("alert"));
                    }
                    return Ok(Some(Incoming::Alert(Alert::from_bytes(&content)?)));
                }
                ContentType::ApplicationData => {
                    if self.read.is_none() {
                        return Err(Error::UnexpectedMessage(HsMsg::AppDataBeforeKeys {}.into()));
                    }
                    if !self.hs_buf.is_empty() {
                        return Err(not_mid_message("application_data"));
                    }
                    return Ok(Some(Incoming::AppData(content)));
                }
                ContentType::Unknown(t) => {
                    return Err(Error::UnexpectedMessage(
                        HsMsg::UnknownRecordType { typ: t }.into(),
                    ))
                }
            }
        }
    }

    /// Wrap `content` in a record (protected if keys are on), queue it; returns its index in the
    /// output and, when protected, how it was sealed.
    pub(crate) fn send(
        &mut self,
        typ: ContentType,
        content: &[u8],
    ) -> Result<(usize, Vec<Derived>), Error> {
        let (fragment, derived) = match self.write.as_mut() {
            Some(c) => {
                let s = c.seal(typ.get(), TLS12, content)?;
                let d = sealed_derived(&s, content);
                (s.fragment, d)
            }
            None => (content.to_vec(), Vec::new()),
        };
        let rec = Record {
            typ,
            version: TLS12,
            fragment,
        }
        .to_bytes();
        self.out.records.push(rec);
        Ok((self.out.records.len() - 1, derived))
    }

    /// Send one handshake message in its own record, add it to the transcript, log an event.
    pub(crate) fn send_handshake(
        &mut self,
        payload: HandshakePayload,
        key: StepKey,
        derived: Vec<Derived>,
        notes: Vec<Msg>,
    ) -> Result<(), Error> {
        let raw = HandshakeMessage::from(payload).to_bytes();
        self.transcript.extend_from_slice(&raw);
        self.send_logged(ContentType::Handshake, &raw, key, derived, notes)?;
        Ok(())
    }

    /// Send ChangeCipherSpec (still under the old protection), then switch write protection on.
    pub(crate) fn send_ccs(
        &mut self,
        key: StepKey,
        next: RecordCipher,
        notes: Vec<Msg>,
    ) -> Result<(), Error> {
        let ccs = ChangeCipherSpec.to_bytes();
        self.send_logged(ContentType::ChangeCipherSpec, &ccs, key, Vec::new(), notes)?;
        self.write = Some(next);
        Ok(())
    }

    /// Send application data (protected).
    pub(crate) fn send_app_data(&mut self, key: StepKey, data: &[u8]) -> Result<(), Error> {
        if self.write.is_none() {
            return Err(Error::input(HsMsg::HandshakeNotComplete {}));
        }
        for chunk in data.chunks(16384) {
            let notes = vec![HsMsg::AppDataSent { count: chunk.len() }.into()];
            self.send_logged(ContentType::ApplicationData, chunk, key, Vec::new(), notes)?;
        }
        Ok(())
    }

    /// Queue a warning alert (protected if keys are on) and log it: the connection goes on.
    pub(crate) fn send_warning(
        &mut self,
        key: StepKey,
        desc: AlertDescription,
        notes: Vec<Msg>,
    ) -> Result<(), Error> {
        let alert = Alert {
            level: 1,
            description: desc,
        };
        self.send_logged(
            ContentType::Alert,
            &alert.to_bytes(),
            key,
            Vec::new(),
            notes,
        )?;
        Ok(())
    }

    /// Queue an alert record (protected if keys are on) and log it; returns the record bytes.
    pub(crate) fn send_alert(
        &mut self,
        key: StepKey,
        desc: AlertDescription,
        notes: Vec<Msg>,
    ) -> Result<Vec<u8>, Error> {
        let alert = Alert::for_description(desc).to_bytes();
        let i = self.send_logged(ContentType::Alert, &alert, key, Vec::new(), notes)?;
        Ok(self.out.records[i].clone())
    }

    /// Send one record and log it as the event `key` (with `derived` before how it was sealed);
    /// returns its index in the output.
    fn send_logged(
        &mut self,
        typ: ContentType,
        content: &[u8],
        key: StepKey,
        mut derived: Vec<Derived>,
        notes: Vec<Msg>,
    ) -> Result<usize, Error> {
        let (i, mut sealed) = self.send(typ, content)?;
        derived.append(&mut sealed);
        self.out.events.push(Event {
            key,
            sent: Some(i),
            derived,
            checks: Vec::new(),
            notes,
        });
        Ok(i)
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

/// The error for a message of type `got` where `expected` was due (both wire names).
pub(crate) fn unexpected(expected: &str, got: &str) -> Error {
    Error::UnexpectedMessage(
        HsMsg::UnexpectedMessage {
            expected: expected.into(),
            got: got.into(),
        }
        .into(),
    )
}

/// A [`Derived`] value from byte inputs; `formula` is notation only (add words with
/// [`Derived::aside`]).
pub(crate) fn derived(
    name: ValueId,
    formula: &str,
    inputs: &[(ValueId, &[u8])],
    value: &[u8],
) -> Derived {
    Derived {
        name,
        formula: formula.into(),
        aside: None,
        inputs: inputs.iter().map(|(n, v)| (*n, hex::encode(v))).collect(),
        value: value.to_vec(),
        math: None,
    }
}

fn sealed_derived(s: &crate::record::Sealed, plaintext: &[u8]) -> Vec<Derived> {
    let seq = s.seq.to_be_bytes();
    vec![
        derived(
            ValueId::Nonce,
            "write_iv[0..4] || seq_num",
            &[(ValueId::WriteIv, &s.nonce[..4]), (ValueId::SeqNum, &seq)],
            &s.nonce,
        )
        .aside(HsMsg::NonceAside {}),
        derived(
            ValueId::AdditionalData,
            "seq_num(8) || type(1) || version(2) || length(2)",
            &[(ValueId::SeqNum, &seq)],
            &s.aad,
        ),
        derived(ValueId::Plaintext, "", &[], plaintext).aside(HsMsg::PlaintextAside {}),
        derived(
            ValueId::Ciphertext,
            "explicit_nonce || AES-128-GCM(write_key, nonce, plaintext, additional_data)",
            &[
                (ValueId::Nonce, &s.nonce),
                (ValueId::AdditionalData, &s.aad),
            ],
            &s.fragment,
        )
        .aside(HsMsg::CiphertextAside {})
        .math(crate::math::gcm(s)),
    ]
}
