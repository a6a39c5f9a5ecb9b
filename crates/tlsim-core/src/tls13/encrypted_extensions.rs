//! EncryptedExtensions (RFC 8446 §4.3.1): the server's answers to the client's extensions that
//! are not needed to set up the keys, sent as its first encrypted message.

use super::ext::{put_extensions, read_extensions, Context, Extension13, Extensions};
use crate::codec::{Codec, Reader};
use crate::error::Error;

/// The server's other extensions.
///
/// ```text
/// struct {
///     Extension extensions<0..2^16-1>;
/// } EncryptedExtensions;
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EncryptedExtensions {
    /// Extensions, read in [`Context::EncryptedExtensions`].
    pub extensions: Vec<Extension13>,
}

impl Extensions for EncryptedExtensions {
    fn extensions(&self) -> &[Extension13] {
        &self.extensions
    }
}

impl Codec for EncryptedExtensions {
    fn encode(&self, out: &mut Vec<u8>) {
        put_extensions(out, &self.extensions);
    }

    fn read(r: &mut Reader<'_>) -> Result<Self, Error> {
        Ok(Self {
            extensions: read_extensions(
                r,
                Context::EncryptedExtensions,
                "EncryptedExtensions.extensions",
            )?,
        })
    }
}
