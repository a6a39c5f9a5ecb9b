//! The man in the middle: he swaps the server's Certificate for his own. If the client refuses
//! it (unknown CA), that is the end. If the client trusts his CA, he decrypts the pre-master
//! secret with his key, re-encrypts it to the real server, and from then on holds both sides'
//! keys: he re-encrypts every record (fixing the Finished messages, which cover different
//! handshakes on each side) and reads all the traffic.

use super::network::step_of;
use super::setup::MitmKit;
use crate::codec::Codec;
use crate::conn::{derived, Event};
use crate::error::Error;
use crate::keys::Secrets;
use crate::msg::{Hex, Msg, SimMsg};
use crate::msgs::{Certificate, ClientKeyExchange, ExtensionType, Finished};
use crate::msgs::{ContentType, HandshakeMessage, HandshakePayload, Record};
use crate::record::RecordCipher;
use crate::transcript::{Actor, Derived, Step, StepKind};
use crate::vocab::{StepKey, ValueId};
use der::Decode;
use rand_chacha::ChaCha20Rng;
use rsa::{Pkcs1v15Encrypt, RsaPrivateKey, RsaPublicKey};

pub(crate) struct Mitm {
    leaf: Vec<u8>,
    ca_pem: String,
    key: RsaPrivateKey,
    rng: ChaCha20Rng,
    real_server_key: Option<RsaPublicKey>,
    client_view: Vec<u8>,
    server_view: Vec<u8>,
    client_random: [u8; 32],
    server_random: [u8; 32],
    ems: bool,
    c_secrets: Option<Secrets>,
    s_secrets: Option<Secrets>,
    // (open with, seal with) per direction, once that side's ChangeCipherSpec passed.
    c2s: Option<(RecordCipher, RecordCipher)>,
    s2c: Option<(RecordCipher, RecordCipher)>,
}

fn tamper(key: StepKey, to: Actor, bytes: Vec<u8>, derived: Vec<Derived>, notes: Vec<Msg>) -> Step {
    let ev = Event {
        key,
        sent: None,
        derived,
        checks: Vec::new(),
        notes,
    };
    let mut st = step_of(ev, StepKind::Message, Actor::Network, to, bytes);
    st.kind = StepKind::Tamper;
    st
}

impl Mitm {
    pub(crate) fn new(kit: &MitmKit, rng: ChaCha20Rng) -> Result<Self, Error> {
        Ok(Self {
            leaf: kit.leaf.der.clone(),
            ca_pem: crate::pki::cert_to_pem(&kit.ca.der),
            key: kit.key.clone(),
            rng,
            real_server_key: None,
            client_view: Vec::new(),
            server_view: Vec::new(),
            client_random: [0; 32],
            server_random: [0; 32],
            ems: false,
            c_secrets: None,
            s_secrets: None,
            c2s: None,
            s2c: None,
        })
    }

    /// Look at (and maybe rewrite) one record in flight.
    pub(crate) fn intercept(
        &mut self,
        from_client: bool,
        key: StepKey,
        bytes: Vec<u8>,
    ) -> Result<(Vec<u8>, Vec<Step>), Error> {
        let Ok(rec) = Record::from_bytes(&bytes) else {
            return Ok((bytes, Vec::new()));
        };
        let to = if from_client {
            Actor::Server
        } else {
            Actor::Client
        };
        let mut steps = Vec::new();
        let active = if from_client {
            self.c2s.is_some()
        } else {
            self.s2c.is_some()
        };
        match rec.typ {
            ContentType::Handshake if !active => {
                let Ok(msg) = HandshakeMessage::from_bytes(&rec.fragment) else {
                    return Ok((bytes, steps));
                };
                let mut out_frag = rec.fragment.clone();
                match &msg.payload {
                    HandshakePayload::ClientHello(ch) => self.client_random = ch.random,
                    HandshakePayload::ServerHello(sh) => {
                        self.server_random = sh.random;
                        self.ems = sh.has(ExtensionType::ExtendedMasterSecret);
                    }
                    HandshakePayload::Certificate(c) if !from_client => {
                        if let Some(der) = c.chain.first() {
                            let cert = x509_cert::Certificate::from_der(der)
                                .map_err(|_| Error::Internal(SimMsg::MitmCrypto {}.into()))?;
                            self.real_server_key = Some(crate::pki::cert_public_key(&cert)?);
                        }
                        out_frag =
                            HandshakeMessage::from(HandshakePayload::Certificate(Certificate {
                                chain: vec![self.leaf.clone()],
                            }))
                            .to_bytes();
                        let nb = Record {
                            typ: rec.typ,
                            version: rec.version,
                            fragment: out_frag.clone(),
                        }
                        .to_bytes();
                        steps.push(tamper(
                            StepKey::Mitm,
                            to,
                            nb,
                            Vec::new(),
                            vec![
                                SimMsg::MitmSwap {}.into(),
                                SimMsg::MitmTrustHint {
                                    pem: self.ca_pem.clone(),
                                }
                                .into(),
                            ],
                        ));
                    }
                    HandshakePayload::ClientKeyExchange(cke) => {
                        if let Some(real) = &self.real_server_key {
                            let pms = self
                                .key
                                .decrypt(Pkcs1v15Encrypt, &cke.encrypted_pre_master)
                                .map_err(|_| Error::Internal(SimMsg::MitmCrypto {}.into()))?;
                            let enc = real
                                .encrypt(&mut self.rng, Pkcs1v15Encrypt, &pms)
                                .map_err(|_| Error::Internal(SimMsg::MitmCrypto {}.into()))?;
                            out_frag = HandshakeMessage::from(HandshakePayload::ClientKeyExchange(
                                ClientKeyExchange {
                                    encrypted_pre_master: enc.clone(),
                                },
                            ))
                            .to_bytes();
                            self.client_view.extend_from_slice(&rec.fragment);
                            self.server_view.extend_from_slice(&out_frag);
                            let (cs, d) = Secrets::derive(
                                &pms,
                                &self.client_random,
                                &self.server_random,
                                self.ems,
                                &self.client_view,
                            );
                            let (ss, _) = Secrets::derive(
                                &pms,
                                &self.client_random,
                                &self.server_random,
                                self.ems,
                                &self.server_view,
                            );
                            // The attacker's view of the client-side session: the same
                            // derivation as the client's, from the pre-master he decrypted.
                            let mut dv = d;
                            if let Some(first) = dv.first_mut() {
                                first.formula =
                                    "RSAES-PKCS1-v1_5-DECRYPT(attacker_private_key, encrypted_pre_master)"
                                        .into();
                                first.aside = Some(SimMsg::MitmDecryptAside {}.into());
                                first.inputs = vec![(
                                    ValueId::EncryptedPreMaster,
                                    hex::encode(&cke.encrypted_pre_master),
                                )];
                            }
                            self.c_secrets = Some(cs);
                            self.s_secrets = Some(ss);
                            let nb = Record {
                                typ: rec.typ,
                                version: rec.version,
                                fragment: out_frag,
                            }
                            .to_bytes();
                            steps.push(tamper(
                                StepKey::MitmReadPreMaster,
                                to,
                                nb.clone(),
                                dv,
                                vec![SimMsg::MitmReadsPreMaster {}.into()],
                            ));
                            return Ok((nb, steps));
                        }
                    }
                    _ => {}
                }
                self.client_view_push(from_client, &rec.fragment, &out_frag);
                let nb = Record {
                    typ: rec.typ,
                    version: rec.version,
                    fragment: out_frag,
                }
                .to_bytes();
                Ok((nb, steps))
            }
            ContentType::ChangeCipherSpec => {
                if let (Some(cs), Some(ss)) = (&self.c_secrets, &self.s_secrets) {
                    if from_client {
                        self.c2s = Some((cs.client_cipher(), ss.client_cipher()));
                    } else {
                        self.s2c = Some((ss.server_cipher(), cs.server_cipher()));
                    }
                }
                Ok((bytes, steps))
            }
            _ if active => {
                let (c, s) = (self.c_secrets.clone(), self.s_secrets.clone());
                let dir = if from_client {
                    self.c2s.as_mut()
                } else {
                    self.s2c.as_mut()
                };
                let (Some((open, seal)), Some(cs), Some(ss)) = (dir, c, s) else {
                    return Ok((bytes, steps));
                };
                let Ok(pt) = open.open(rec.typ.get(), rec.version, &rec.fragment) else {
                    return Ok((bytes, steps));
                };
                let mut new_pt = pt.clone();
                let mut note: Option<Msg> = None;
                if rec.typ == ContentType::Handshake {
                    // The Finished each side sends covers its own view of the handshake: rewrite it.
                    if let Ok(HandshakeMessage {
                        payload: HandshakePayload::Finished(_),
                    }) = HandshakeMessage::from_bytes(&pt)
                    {
                        let (own, other) = if from_client {
                            (&mut self.client_view, &mut self.server_view)
                        } else {
                            (&mut self.server_view, &mut self.client_view)
                        };
                        let (vd, _) = if from_client {
                            ss.verify_data(true, other)
                        } else {
                            cs.verify_data(false, other)
                        };
                        new_pt = HandshakeMessage::from(HandshakePayload::Finished(Finished {
                            verify_data: vd.to_vec(),
                        }))
                        .to_bytes();
                        own.extend_from_slice(&pt);
                        other.extend_from_slice(&new_pt);
                        note = Some(
                            SimMsg::MitmFinished {
                                verify_data: Hex(vd.to_vec()),
                            }
                            .into(),
                        );
                    }
                } else if rec.typ == ContentType::ApplicationData {
                    note = Some(
                        SimMsg::MitmReads {
                            text: String::from_utf8_lossy(&pt).into_owned(),
                        }
                        .into(),
                    );
                }
                let sealed = seal.seal(rec.typ.get(), rec.version, &new_pt)?;
                let nb = Record {
                    typ: rec.typ,
                    version: rec.version,
                    fragment: sealed.fragment.clone(),
                }
                .to_bytes();
                if let Some(note) = note {
                    let _ = key;
                    steps.push(tamper(
                        StepKey::MitmReencrypt,
                        to,
                        nb.clone(),
                        vec![
                            derived(ValueId::Plaintext, "", &[], &pt)
                                .aside(SimMsg::MitmPlaintextAside {}),
                            derived(
                                ValueId::Ciphertext,
                                "explicit_nonce || AES-128-GCM(write_key, nonce, plaintext, additional_data)",
                                &[(ValueId::Nonce, &sealed.nonce), (ValueId::AdditionalData, &sealed.aad)],
                                &sealed.fragment,
                            )
                            .aside(SimMsg::MitmResealAside {}),
                        ],
                        vec![note],
                    ));
                }
                Ok((nb, steps))
            }
            _ => Ok((bytes, steps)),
        }
    }

    fn client_view_push(&mut self, from_client: bool, original: &[u8], delivered: &[u8]) {
        let (sender, receiver) = if from_client {
            (&mut self.client_view, &mut self.server_view)
        } else {
            (&mut self.server_view, &mut self.client_view)
        };
        sender.extend_from_slice(original);
        receiver.extend_from_slice(delivered);
    }
}
