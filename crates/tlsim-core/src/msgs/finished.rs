//! Finished, ChangeCipherSpec and Alert (RFC 5246 §7.4.9, §7.1, §7.2).

use crate::codec::{Codec, Reader};
use crate::error::{AlertDescription, Error};
use crate::msg::{FieldMsg, Hex};
use crate::vocab::FieldName;

/// Proof that both sides saw the same handshake, keyed by the master secret.
///
/// ```text
/// struct {
///     opaque verify_data[verify_data_length];
/// } Finished;
///
/// verify_data = PRF(master_secret, finished_label, Hash(handshake_messages))[0..verify_data_length-1];
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finished {
    /// 12 bytes for every TLS 1.2 suite here (the length comes from the handshake header).
    pub verify_data: Vec<u8>,
}

impl Codec for Finished {
    fn encode(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.verify_data);
    }
    fn read(r: &mut Reader<'_>) -> Result<Self, Error> {
        let verify_data = r.field(
            FieldName::VerifyData,
            |r| Ok(r.rest().to_vec()),
            |v| FieldMsg::Hex {
                value: Hex(v.clone()),
            },
        )?;
        Ok(Self { verify_data })
    }
}

/// Switch to the negotiated keys for everything this side sends next.
///
/// ```text
/// struct {
///     enum { change_cipher_spec(1), (255) } type;
/// } ChangeCipherSpec;
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChangeCipherSpec;

impl Codec for ChangeCipherSpec {
    fn encode(&self, out: &mut Vec<u8>) {
        out.push(1);
    }
    fn read(r: &mut Reader<'_>) -> Result<Self, Error> {
        let typ = r.field(
            FieldName::Type,
            |r| r.u8("ChangeCipherSpec.type"),
            |v| FieldMsg::Named {
                name: "change_cipher_spec".into(),
                value: (*v).into(),
            },
        )?;
        match typ {
            1 => Ok(Self),
            v => Err(Error::Decode(
                crate::msg::HsMsg::BadValue {
                    what: "ChangeCipherSpec.type".into(),
                    got: v.into(),
                    expected: 1,
                }
                .into(),
            )),
        }
    }
}

/// A warning or fatal alert.
///
/// ```text
/// enum { warning(1), fatal(2), (255) } AlertLevel;
///
/// struct {
///     AlertLevel level;
///     AlertDescription description;
/// } Alert;
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Alert {
    /// 1 = warning, 2 = fatal.
    pub level: u8,
    /// What happened.
    pub description: AlertDescription,
}

impl Alert {
    /// A fatal alert (close_notify is sent as a warning).
    pub fn for_description(description: AlertDescription) -> Self {
        let level = if description == AlertDescription::CloseNotify {
            1
        } else {
            2
        };
        Self { level, description }
    }
}

impl Codec for Alert {
    fn encode(&self, out: &mut Vec<u8>) {
        out.push(self.level);
        out.push(self.description.code());
    }
    fn read(r: &mut Reader<'_>) -> Result<Self, Error> {
        let level = r.field(
            FieldName::Level,
            |r| r.u8("Alert.level"),
            |&value| match value {
                2 => FieldMsg::AlertFatal { value },
                _ => FieldMsg::AlertWarning { value },
            },
        )?;
        let description = r.field(
            FieldName::Description,
            |r| r.u8("Alert.description").map(AlertDescription::from_code),
            |&alert| FieldMsg::AlertDescription {
                alert,
                code: alert.code(),
            },
        )?;
        Ok(Self { level, description })
    }
}
