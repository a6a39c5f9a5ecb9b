//! The message codec: every wire struct read from arbitrary bytes.
//!
//! Properties: reading never panics; whatever decodes re-encodes to bytes that decode to the same
//! value (value round trip), and those bytes are a fixed point (encode(decode(encode(v))) ==
//! encode(v)). The first input byte picks the type, the rest is its encoding.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tlsim_core::codec::{Codec, Reader};
use tlsim_core::msgs::{
    Alert, Certificate, CertificateRequest, CertificateVerify, ChangeCipherSpec, ClientHello,
    ClientKeyExchange, Extension, Finished, HandshakeMessage, Record, ServerHello,
};

fn check<T: Codec + PartialEq + std::fmt::Debug>(bytes: &[u8]) {
    // Whole-buffer read (trailing bytes rejected) and prefix read must agree on what they accept.
    let whole = T::from_bytes(bytes);
    let mut r = Reader::new(bytes);
    let prefix = T::read(&mut r);
    if let Ok(v) = &whole {
        assert_eq!(
            prefix.as_ref().ok(),
            Some(v),
            "read and from_bytes disagree"
        );
    }
    if let Ok(v) = prefix {
        let enc = v.to_bytes();
        let back = T::from_bytes(&enc).expect("an encoding of a decoded value must decode");
        assert_eq!(back, v, "value round trip");
        assert_eq!(back.to_bytes(), enc, "encoding is a fixed point");
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&sel, rest)) = data.split_first() else {
        return;
    };
    match sel % 12 {
        0 => check::<HandshakeMessage>(rest),
        1 => check::<ClientHello>(rest),
        2 => check::<ServerHello>(rest),
        3 => check::<Certificate>(rest),
        4 => check::<CertificateRequest>(rest),
        5 => check::<CertificateVerify>(rest),
        6 => check::<ClientKeyExchange>(rest),
        7 => check::<Finished>(rest),
        8 => check::<Extension>(rest),
        9 => check::<Alert>(rest),
        10 => check::<ChangeCipherSpec>(rest),
        _ => {
            check::<Record>(rest);
            // The deframer: records one after another, as the connection reads them.
            let mut buf = rest;
            while let Ok(Some((rec, used))) = Record::parse_prefix(buf) {
                assert!(used >= 5 && used <= buf.len());
                assert_eq!(rec.to_bytes(), buf[..used]);
                buf = &buf[used..];
            }
        }
    }
});
