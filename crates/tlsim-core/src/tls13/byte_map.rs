//! A TLS 1.3 record's byte map, from the one codec (as [`crate::msgs::byte_map`] for TLS 1.2):
//! the record header, then the handshake messages read with the TLS 1.3 decoders, or for a
//! protected record its encrypted_record (AEAD ciphertext of TLSInnerPlaintext) and tag.
//! Each certificate's DER fields follow its span.

use super::handshake::Handshake13;
use crate::codec::{Codec, Reader, Spans};
use crate::msg::FieldMsg;
use crate::msgs::byte_map::fields_with_certificates;
use crate::msgs::{Alert, ChangeCipherSpec, ContentType, Record};
use crate::transcript::Field;
use crate::vocab::FieldName;

/// The AES-GCM tag length.
const TAG_LEN: usize = 16;

/// The fields of a TLS 1.3 `record`; `protected` when its fragment is an encrypted_record.
/// Never fails: decoding stops at the first error, and the fields named before it are kept.
pub fn record_fields13(record: &[u8], protected: bool) -> Vec<Field> {
    let spans = Spans::new();
    let mut r = Reader::recording(record, &spans);
    if let Ok((typ, _, mut frag)) = Record::read_frame(&mut r) {
        let _ = read_fragment(typ, protected, &mut frag);
    }
    fields_with_certificates(record, spans)
}

fn read_fragment(
    typ: ContentType,
    protected: bool,
    r: &mut Reader<'_>,
) -> Result<(), crate::error::Error> {
    if protected {
        // encrypted_record = AEAD ciphertext of TLSInnerPlaintext, then the tag (RFC 8446 §5.2)
        let n = r.left().saturating_sub(TAG_LEN);
        r.field(
            FieldName::EncryptedContent,
            |r| r.take(n, "TLSCiphertext.encrypted_record"),
            |c| FieldMsg::EncryptedContent {
                len: c.len(),
                content: typ.name(),
            },
        )?;
        r.field(
            FieldName::Tag,
            |r| r.take(TAG_LEN, "TLSCiphertext.tag"),
            |_| FieldMsg::Tag {},
        )?;
        return Ok(());
    }
    match typ {
        ContentType::Handshake => {
            while r.left() > 0 {
                Handshake13::read(r)?;
            }
        }
        ContentType::ChangeCipherSpec => {
            ChangeCipherSpec::read(r)?;
        }
        ContentType::Alert => {
            Alert::read(r)?;
        }
        _ => {}
    }
    Ok(())
}
