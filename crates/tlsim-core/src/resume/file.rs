//! The client's session file (`tlsim connect --sess-out` / `--sess-in`): a PEM block
//! `TLSIM SESSION` around
//!
//! ```text
//! version(1) = 1 || session_id<0..32> || ticket<0..2^16-1> || lifetime_hint(4) ||
//! suite(2) || ems(1) || master_secret(48) || created(8) || host<0..255>
//! ```
//! Anything else (not PEM, another label, cut short, another version, bytes left over) is refused
//! with a message naming the file.

use super::Session;
use crate::codec::{put_vec_u16, put_vec_u8, Reader};
use crate::error::Error;
use crate::msg::HsMsg;
use der::pem::LineEnding;

/// The PEM label.
pub const LABEL: &str = "TLSIM SESSION";
/// The format's version byte.
pub const VERSION: u8 = 1;

impl Session {
    /// The session file's text.
    pub fn to_pem(&self) -> String {
        let mut b = vec![VERSION];
        put_vec_u8(&mut b, &self.id);
        put_vec_u16(&mut b, self.ticket.as_deref().unwrap_or_default());
        b.extend_from_slice(&self.lifetime_hint.to_be_bytes());
        b.extend_from_slice(&self.suite.to_be_bytes());
        b.push(u8::from(self.ems));
        b.extend_from_slice(&self.master);
        b.extend_from_slice(&self.created.to_be_bytes());
        put_vec_u8(&mut b, self.host.as_bytes());
        der::pem::encode_string(LABEL, LineEnding::LF, &b).unwrap_or_default()
    }

    /// Read a session file's text; `input` names the file in the error.
    pub fn from_pem(text: &str, input: &str) -> Result<Self, Error> {
        let mangled = || {
            Error::input(HsMsg::SessionFileMangled {
                input: input.into(),
            })
        };
        let start = text.find("-----BEGIN ").ok_or_else(mangled)?;
        let (label, b) =
            der::pem::decode_vec(text[start..].trim_end().as_bytes()).map_err(|_| mangled())?;
        if label != LABEL {
            return Err(Error::input(HsMsg::SessionFileLabel {
                input: input.into(),
                label: label.into(),
            }));
        }
        let mut r = Reader::new(&b);
        let truncated = |_| {
            Error::input(HsMsg::SessionFileTruncated {
                input: input.into(),
            })
        };
        let version = r.u8("session.version").map_err(truncated)?;
        if version != VERSION {
            return Err(Error::input(HsMsg::SessionFileVersion {
                input: input.into(),
                got: version,
                expected: VERSION,
            }));
        }
        let id = r.vec_u8("session.id").map_err(truncated)?;
        let ticket = r.vec_u16("session.ticket").map_err(truncated)?;
        let lifetime_hint =
            u32::from_be_bytes(r.array("session.lifetime_hint").map_err(truncated)?);
        let suite = r.u16("session.suite").map_err(truncated)?;
        let ems = r.u8("session.ems").map_err(truncated)? == 1;
        let master = r.array("session.master").map_err(truncated)?;
        let created = i64::from_be_bytes(r.array("session.created").map_err(truncated)?);
        let host = r.vec_u8("session.host").map_err(truncated)?;
        if r.left() > 0 || id.len() > 32 {
            return Err(mangled());
        }
        Ok(Self {
            id,
            ticket: (!ticket.is_empty()).then_some(ticket),
            lifetime_hint,
            suite,
            master,
            ems,
            host: String::from_utf8_lossy(&host).into_owned(),
            created,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session() -> Session {
        Session {
            id: vec![5; 32],
            ticket: Some(vec![6; 80]),
            lifetime_hint: 7200,
            suite: 0xc02f,
            master: [7; 48],
            ems: true,
            host: "www.example.com".into(),
            created: 1_795_424_400,
        }
    }

    #[test]
    fn a_session_file_round_trips_and_bad_ones_name_the_file() {
        let s = session();
        let pem = s.to_pem();
        assert!(pem.starts_with("-----BEGIN TLSIM SESSION-----"));
        assert_eq!(Session::from_pem(&pem, "s.pem"), Ok(s.clone()));
        let key = |r: Result<Session, Error>| r.err().map(|e| e.reason().key().name());
        assert_eq!(
            key(Session::from_pem("garbage", "s.pem")),
            Some("hs.session_file_mangled")
        );
        let cert = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";
        assert_eq!(
            key(Session::from_pem(cert, "s.pem")),
            Some("hs.session_file_label")
        );
        // cut short: re-encode fewer bytes under the right label
        let b = der::pem::decode_vec(pem.as_bytes())
            .map(|x| x.1)
            .unwrap_or_default();
        for n in [1, 10, 60, b.len() - 1] {
            let cut = der::pem::encode_string(LABEL, LineEnding::LF, &b[..n]).unwrap_or_default();
            assert_eq!(
                key(Session::from_pem(&cut, "s.pem")),
                Some("hs.session_file_truncated"),
                "{n}"
            );
        }
        let mut v2 = b.clone();
        v2[0] = 2;
        let v2 = der::pem::encode_string(LABEL, LineEnding::LF, &v2).unwrap_or_default();
        assert_eq!(
            key(Session::from_pem(&v2, "s.pem")),
            Some("hs.session_file_version")
        );
        let e = Session::from_pem("garbage", "my-file.pem")
            .err()
            .map(|e| e.reason().to_string());
        assert!(e.unwrap_or_default().contains("my-file.pem"));
    }
}
