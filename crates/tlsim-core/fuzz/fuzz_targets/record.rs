//! The record layer: AES-128-GCM protection with a fixed key.
//!
//! - mode 0: arbitrary bytes deframed into records and opened (decrypted) one after another, as a
//!   receiver does: never a panic; an altered record is `BadRecordMac`, never accepted;
//! - mode 1: the input is a plaintext: seal then open gives it back; flipping any one byte of the
//!   sealed fragment (position and mask from the input) makes `open` fail.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tlsim_core::codec::Codec;
use tlsim_core::msgs::Record;
use tlsim_core::record::RecordCipher;
use tlsim_core::Error;

const KEY: [u8; 16] = *b"tlsim fuzz key!!";
const IV: [u8; 4] = [1, 2, 3, 4];

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    if mode % 2 == 0 {
        let mut rx = RecordCipher::new(&KEY, &IV);
        let mut buf = rest;
        while let Ok(Some((rec, used))) = Record::parse_prefix(buf) {
            let before = rx.seq();
            match rx.open(rec.typ.get(), rec.version, &rec.fragment) {
                Ok(_) => assert_eq!(rx.seq(), before + 1),
                Err(e) => {
                    assert!(matches!(e, Error::BadRecordMac(_)), "{e:?}");
                    assert_eq!(rx.seq(), before, "a failed open must not advance seq");
                }
            }
            buf = &buf[used..];
        }
    } else {
        if rest.len() < 3 {
            return;
        }
        let (ctl, plaintext) = rest.split_at(3);
        let typ = 20 + ctl[0] % 4;
        let mut tx = RecordCipher::new(&KEY, &IV);
        let mut rx = RecordCipher::new(&KEY, &IV);
        let sealed = tx.seal(typ, 0x0303, plaintext).expect("seal");
        let rec = Record {
            typ: tlsim_core::msgs::ContentType::from_value(typ),
            version: 0x0303,
            fragment: sealed.fragment.clone(),
        };
        let wire = rec.to_bytes();
        let (back, _) = Record::parse_prefix(&wire)
            .ok()
            .flatten()
            .expect("a sealed record deframes");
        let mut flipped = back.fragment.clone();
        let opened = rx
            .open(typ, 0x0303, &back.fragment)
            .expect("open what was sealed");
        assert_eq!(opened, plaintext);
        // flip one byte: must be rejected (a fresh receiver at the same sequence number)
        let at = ctl[1] as usize % flipped.len();
        let mask = ctl[2] | 1;
        flipped[at] ^= mask;
        let mut rx2 = RecordCipher::new(&KEY, &IV);
        assert!(
            rx2.open(typ, 0x0303, &flipped).is_err(),
            "altered record accepted"
        );
        // the wrong content type (in the additional data) must be rejected too
        let mut rx3 = RecordCipher::new(&KEY, &IV);
        assert!(rx3.open(typ ^ 1, 0x0303, &back.fragment).is_err());
    }
});
