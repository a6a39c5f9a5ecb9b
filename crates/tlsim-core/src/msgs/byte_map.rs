//! A record's byte map, from the one codec: the record is decoded with the real decoders on a
//! recording [`Reader`], and the fields they name as they read are the map (record header at
//! depth 0, handshake header and protected-fragment parts at 1, body fields at 2 and deeper).
//! Each certificate's DER fields ([`pki::cert_fields`]) follow its span. Offsets are into the
//! whole record.

use super::{Alert, ChangeCipherSpec, ContentType, GenericAeadCipher, HandshakeMessage, Record};
use crate::codec::{Codec, Reader, Spans};
use crate::error::Error;
use crate::pki;
use crate::transcript::Field;
use crate::vocab::FieldName;

/// What a record's fragment holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RecordBody {
    /// Whole handshake messages (one continued in another record fails to decode).
    Handshake(Vec<HandshakeMessage>),
    /// change_cipher_spec.
    ChangeCipherSpec(ChangeCipherSpec),
    /// An alert in the clear.
    Alert(Alert),
    /// A fragment under AES-128-GCM, whatever its content type.
    Protected(GenericAeadCipher),
    /// application_data in the clear, or an unknown content type: kept raw.
    Opaque(Vec<u8>),
}

impl RecordBody {
    /// Read the fragment `r` of a record of type `typ`; `protected` when it is AES-GCM output.
    pub fn read(typ: ContentType, protected: bool, r: &mut Reader<'_>) -> Result<Self, Error> {
        if protected {
            return Ok(Self::Protected(GenericAeadCipher::read(r, typ)?));
        }
        let body = match typ {
            ContentType::Handshake => {
                let mut msgs = Vec::new();
                while r.left() > 0 {
                    msgs.push(HandshakeMessage::read(r)?);
                }
                Self::Handshake(msgs)
            }
            ContentType::ChangeCipherSpec => Self::ChangeCipherSpec(ChangeCipherSpec::read(r)?),
            ContentType::Alert => Self::Alert(Alert::read(r)?),
            _ => Self::Opaque(r.rest().to_vec()),
        };
        r.expect_empty(&typ.name())?;
        Ok(body)
    }
}

/// Read a whole record and what its fragment holds.
pub fn read_record(r: &mut Reader<'_>, protected: bool) -> Result<(Record, RecordBody), Error> {
    let (typ, version, mut fragment) = Record::read_frame(r)?;
    let record = Record {
        typ,
        version,
        fragment: fragment.clone().rest().to_vec(),
    };
    let body = RecordBody::read(typ, protected, &mut fragment)?;
    Ok((record, body))
}

/// The fields of `record`; `protected` when its fragment is AES-GCM ciphertext. Never fails:
/// decoding stops at the first error, and the fields named before it are kept.
pub fn record_fields(record: &[u8], protected: bool) -> Vec<Field> {
    let spans = Spans::new();
    let _ = read_record(&mut Reader::recording(record, &spans), protected);
    fields_with_certificates(record, spans)
}

/// The fields `spans` named in `record`, each certificate's DER fields after its span (TLS 1.2
/// and TLS 1.3 alike: an ASN.1Cert is a 3-byte length and the DER).
pub fn fields_with_certificates(record: &[u8], spans: Spans) -> Vec<Field> {
    let mut fields = Vec::new();
    for f in spans.into_fields() {
        // An ASN.1Cert is a 3-byte length and the DER.
        let der = match f.name {
            FieldName::Certificate => record.get(f.offset + 3..f.offset + f.len),
            _ => None,
        };
        let (at, depth) = (f.offset + 3, f.depth + 1);
        fields.push(f);
        if let Some(Ok(inner)) = der.map(pki::cert_fields) {
            fields.extend(inner.into_iter().map(|x| Field {
                offset: at + x.offset,
                depth: depth + x.depth,
                ..x
            }));
        }
    }
    fields
}
