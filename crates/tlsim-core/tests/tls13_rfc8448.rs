//! Known answers: RFC 8448 §3, "Simple 1-RTT Handshake" (TLS_AES_128_GCM_SHA256, x25519, no
//! PSK), reproduced value by value: the x25519 shared secret from both ephemeral private keys,
//! the transcript hashes from the RFC's handshake messages, every secret of the key schedule, the
//! traffic keys and IVs, both Finished, and the protected records byte for byte.
//!
//! Every constant below is copied from RFC 8448 §3 (the `{client}` / `{server}` lines named in
//! each comment); nothing is produced by this engine.

mod rfc8448;

use hex_literal::hex;
use rfc8448::*;
use tlsim_core::msgs::ContentType;
use tlsim_core::tls13::hkdf;
use tlsim_core::tls13::key_schedule::{
    finished_key, traffic_keys, transcript_hash, verify_data, Context, EarlySecret, Sender,
};
use tlsim_core::tls13::record::RecordCipher;
use tlsim_core::{Derived, Error, ValueId};
use x25519_dalek::{PublicKey, StaticSecret};

// {client} create an ephemeral x25519 key pair: private key, public key.
const CLIENT_PRIVATE: [u8; 32] =
    hex!("49af42ba7f7994852d713ef2784bcbcaa7911de26adc5642cb634540e7ea5005");
// {server} create an ephemeral x25519 key pair: private key, public key.
const SERVER_PRIVATE: [u8; 32] =
    hex!("b1580eeadf6dd589b8ef4f2d5652578cc810e9980191ec8d058308cea216a21e");
// {server} derive secret for handshake "tls13 derived": ... extract secret "handshake": IKM.
// {client} construct a ClientHello handshake message.
// {server} construct a ServerHello handshake message.
// {server} construct an EncryptedExtensions handshake message.
// {server} construct a Certificate handshake message.
// {server} construct a CertificateVerify handshake message.
// {server} construct a Finished handshake message.
// {server} send handshake record: complete record (EncryptedExtensions..Finished).
const SERVER_FLIGHT_RECORD: [u8; 679] = hex!(
    "17030302a2d1ff334a56f5bff6594a07cc87b580233f500f45e489e7f33af35e"
    "df7869fcf40aa40aa2b8ea73f848a7ca07612ef9f945cb960b4068905123ea78"
    "b111b429ba9191cd05d2a389280f526134aadc7fc78c4b729df828b5ecf7b13b"
    "d9aefb0e57f271585b8ea9bb355c7c79020716cfb9b1183ef3ab20e37d57a6b9"
    "d7477609aee6e122a4cf51427325250c7d0e509289444c9b3a648f1d71035d2e"
    "d65b0e3cdd0cbae8bf2d0b227812cbb360987255cc744110c453baa4fcd61092"
    "8d809810e4b7ed1a8fd991f06aa6248204797e36a6a73b70a2559c09ead68694"
    "5ba246ab66e5edd8044b4c6de3fcf2a89441ac66272fd8fb330ef8190579b368"
    "4596c960bd596eea520a56a8d650f563aad27409960dca63d3e688611ea5e22f"
    "4415cf9538d51a200c27034272968a264ed6540c84838d89f72c24461aad6d26"
    "f59ecaba9acbbb317b66d902f4f292a36ac1b639c637ce343117b65962224531"
    "7b49eeda0c6258f100d7d961ffb138647e92ea330faeea6dfa31c7a84dc3bd7e"
    "1b7a6c7178af36879018e3f252107f243d243dc7339d5684c8b0378bf30244da"
    "8c87c843f5e56eb4c5e8280a2b48052cf93b16499a66db7cca71e4599426f7d4"
    "61e66f99882bd89fc50800becca62d6c74116dbd2972fda1fa80f85df881edbe"
    "5a37668936b335583b599186dc5c6918a396fa48a181d6b6fa4f9d62d513afbb"
    "992f2b992f67f8afe67f76913fa388cb5630c8ca01e0c65d11c66a1e2ac4c859"
    "77b7c7a6999bbf10dc35ae69f5515614636c0b9b68c19ed2e31c0b3b66763038"
    "ebba42f3b38edc0399f3a9f23faa63978c317fc9fa66a73f60f0504de93b5b84"
    "5e275592c12335ee340bbc4fddd502784016e4b3be7ef04dda49f4b440a30cb5"
    "d2af939828fd4ae3794e44f94df5a631ede42c1719bfdabf0253fe5175be898e"
    "750edc53370d2b"
);
// {client} construct a Finished handshake message.
// {client} send handshake record: complete record.
const CLIENT_FINISHED_RECORD: [u8; 58] = hex!(
    "170303003575ec4dc238cce60b298044a71e219c56cc77b0517fe9b93c7a4bfc"
    "44d87f38f80338ac98fc46deb384bd1caeacab6867d726c40546"
);

// {server} send handshake record: the NewSessionTicket, the first record under the server
// application key.
// {client} send application_data record / {server} send application_data record: the payload
// both sides send, 00 01 .. 31 (50 bytes), and the records.
const CLIENT_APP_DATA_RECORD: [u8; 72] = hex!(
    "1703030043a23f7054b62c94d0affafe8228ba55cbefacea42f914aa66bcab3f"
    "2b9819a8a5b46b395bd54a9a20441e2b62974e1f5a6292a2977014bd1e3deae6"
    "3aeebb21694915e4"
);
const SERVER_APP_DATA_RECORD: [u8; 72] = hex!(
    "17030300432e937e11ef4ac740e538ad36005fc4a46932fc3225d05f82aa1b36"
    "e30efaf97d90e6dffc602dcb501a59a8fcc49c4bf2e5f0a21c0047c2abf33254"
    "0dd032e167c2955d"
);
// {client} send alert record / {server} send alert record: close_notify.
const CLIENT_ALERT_RECORD: [u8; 24] = hex!("1703030013c9872760655666b74d7ff1153efd6db6d0b0e3");
const SERVER_ALERT_RECORD: [u8; 24] = hex!("1703030013b58fd67166ebf599d24720cfbe7efa7a8864a9");

fn transcript(parts: &[&[u8]]) -> Vec<u8> {
    parts.concat()
}

fn hello_hash() -> [u8; 32] {
    transcript_hash(
        Context::ClientHelloServerHello,
        &transcript(&[&CLIENT_HELLO, &SERVER_HELLO]),
    )
    .0
}

fn server_finished_hash() -> [u8; 32] {
    transcript_hash(
        Context::ThroughServerFinished,
        &transcript(&[
            &CLIENT_HELLO,
            &SERVER_HELLO,
            &ENCRYPTED_EXTENSIONS,
            &CERTIFICATE,
            &CERTIFICATE_VERIFY,
            &SERVER_FINISHED,
        ]),
    )
    .0
}

/// The value of the entry named `name` (the last one, "derived" appears twice).
fn value(entries: &[Derived], name: ValueId) -> Vec<u8> {
    entries
        .iter()
        .rev()
        .find(|d| d.name == name)
        .map(|d| d.value.clone())
        .unwrap_or_else(|| panic!("no {name} entry"))
}

#[test]
fn x25519_shared_secret() {
    // {client} / {server} create an ephemeral x25519 key pair
    let client = StaticSecret::from(CLIENT_PRIVATE);
    let server = StaticSecret::from(SERVER_PRIVATE);
    assert_eq!(PublicKey::from(&client).as_bytes(), &CLIENT_PUBLIC);
    assert_eq!(PublicKey::from(&server).as_bytes(), &SERVER_PUBLIC);
    // both sides compute the same (EC)DHE input
    let c = client.diffie_hellman(&PublicKey::from(SERVER_PUBLIC));
    let s = server.diffie_hellman(&PublicKey::from(CLIENT_PUBLIC));
    assert_eq!(c.as_bytes(), &SHARED_SECRET);
    assert_eq!(s.as_bytes(), &SHARED_SECRET);
    // and the key shares in the hellos are these public keys
    assert!(CLIENT_HELLO.windows(32).any(|w| w == CLIENT_PUBLIC));
    assert!(SERVER_HELLO.windows(32).any(|w| w == SERVER_PUBLIC));
}

#[test]
fn transcript_hashes() {
    // {server} derive secret "tls13 c hs traffic": hash
    assert_eq!(
        hello_hash(),
        hex!("860c06edc07858ee8e78f0e7428c58edd6b43f2ca3e6e95f02ed063cf0e1cad8")
    );
    // {server} calculate finished "tls13 finished": hash
    let (cv_hash, d) = transcript_hash(
        Context::ThroughCertificateVerify,
        &transcript(&[
            &CLIENT_HELLO,
            &SERVER_HELLO,
            &ENCRYPTED_EXTENSIONS,
            &CERTIFICATE,
            &CERTIFICATE_VERIFY,
        ]),
    );
    assert_eq!(
        cv_hash,
        hex!("edb7725fa7a3473b031ec8ef65a2485493900138a2b91291407d7951a06110ed")
    );
    assert_eq!(d.name, ValueId::TranscriptHash);
    assert_eq!(d.formula, "Transcript-Hash(ClientHello..CertificateVerify)");
    // {server} derive secret "tls13 c ap traffic": hash
    assert_eq!(
        server_finished_hash(),
        hex!("9608102a0f1ccc6db6250b7b7e417b1a000eaada3daae4777a7686c9ff83df13")
    );
}

#[test]
fn early_and_handshake_secrets() {
    // {server} extract secret "early"
    let (early, d0) = EarlySecret::without_psk();
    assert_eq!(
        early.early_secret,
        hex!("33ad0a1c607ec03b09e6cd9893680ce210adf300aa1f2660e1b22e10f170f92a")
    );
    assert_eq!(value(&d0, ValueId::EarlySecret), early.early_secret);

    let (hs, d) = early.handshake(&SHARED_SECRET, &hello_hash()).unwrap();
    // {server} derive secret for handshake "tls13 derived"
    assert_eq!(
        value(&d, ValueId::DerivedSecret),
        hex!("6f2615a108c702c5678f54fc9dbab69716c076189c48250cebeac3576c3611ba")
    );
    // {server} extract secret "handshake"
    assert_eq!(
        hs.handshake_secret,
        hex!("1dc826e93606aa6fdc0aadc12f741b01046aa6b99f691ed221a9f0ca043fbeac")
    );
    // {server} derive secret "tls13 c hs traffic"
    assert_eq!(
        hs.client_handshake_traffic_secret,
        hex!("b3eddb126e067f35a780b3abf45e2d8f3b1a950738f52e9600746a0e27a55a21")
    );
    // {server} derive secret "tls13 s hs traffic"
    assert_eq!(
        hs.server_handshake_traffic_secret,
        hex!("b67b7d690cc16c4e75e54213cb2d37b4e9c912bcded9105d42befd59d391ad38")
    );

    // the transcript entries carry the same values, with their formulas
    let names: Vec<ValueId> = d.iter().map(|e| e.name).collect();
    assert_eq!(
        names,
        [
            ValueId::DerivedSecret,
            ValueId::HandshakeSecret,
            ValueId::ClientHandshakeTrafficSecret,
            ValueId::ServerHandshakeTrafficSecret,
        ]
    );
    assert_eq!(value(&d, ValueId::HandshakeSecret), hs.handshake_secret);
    assert_eq!(
        d[2].formula,
        "HKDF-Expand-Label(handshake_secret, \"c hs traffic\", \
         Transcript-Hash(ClientHello..ServerHello), 32)"
    );
    assert_eq!(
        d[0].formula,
        "HKDF-Expand-Label(early_secret, \"derived\", Transcript-Hash(\"\"), 32)"
    );
    // the HkdfLabel is shown as an input: 00 20 || 18 "tls13 c hs traffic" || 20 hash
    let label = &d[2].inputs[1];
    assert_eq!(label.0, ValueId::Label);
    assert_eq!(
        label.1,
        hex::encode(hkdf::hkdf_label("c hs traffic", &hello_hash(), 32).unwrap())
    );
    assert!(label
        .1
        .starts_with("002012746c7331332063206873207472616666696320"));
}

#[test]
fn handshake_traffic_keys_and_finished() {
    let (early, _) = EarlySecret::without_psk();
    let (hs, _) = early.handshake(&SHARED_SECRET, &hello_hash()).unwrap();

    // {server} derive write traffic keys for handshake data
    let (id, secret) = hs.traffic_secret(Sender::Server);
    let (server, d) = traffic_keys(Sender::Server, id, secret).unwrap();
    assert_eq!(server.key, hex!("3fce516009c21727d0f2e4e86ee403bc"));
    assert_eq!(server.iv, hex!("5d313eb2671276ee13000b30"));
    assert_eq!(value(&d, ValueId::ServerWriteKey), server.key);
    assert_eq!(value(&d, ValueId::ServerWriteIv), server.iv);
    assert_eq!(
        d[0].formula,
        "HKDF-Expand-Label(server_handshake_traffic_secret, \"key\", \"\", 16)"
    );

    // {server} derive read traffic keys for handshake data (the client's write keys)
    let (id, secret) = hs.traffic_secret(Sender::Client);
    let (client, _) = traffic_keys(Sender::Client, id, secret).unwrap();
    assert_eq!(client.key, hex!("dbfaa693d1762c5b666af5d950258d01"));
    assert_eq!(client.iv, hex!("5bd3c71b836e0b76bb73265f"));

    // {server} calculate finished "tls13 finished"
    let (id, base) = hs.traffic_secret(Sender::Server);
    let (fk, d) = finished_key(Sender::Server, id, base).unwrap();
    assert_eq!(
        fk,
        hex!("008d3b66f816ea559f96b537e885c31fc068bf492c652f01f288a1d8cdc19fc8")
    );
    assert_eq!(d.name, ValueId::ServerFinishedKey);
    let cv_hash = transcript_hash(
        Context::ThroughCertificateVerify,
        &transcript(&[
            &CLIENT_HELLO,
            &SERVER_HELLO,
            &ENCRYPTED_EXTENSIONS,
            &CERTIFICATE,
            &CERTIFICATE_VERIFY,
        ]),
    )
    .0;
    let (vd, d) = verify_data(Sender::Server, &fk, &cv_hash);
    assert_eq!(
        vd,
        hex!("9b9b141d906337fbd2cbdce71df4deda4ab42c309572cb7fffee5454b78f0718")
    );
    assert_eq!(d.name, ValueId::ServerVerifyData);
    assert_eq!(
        d.formula,
        "HMAC-SHA256(server_finished_key, Transcript-Hash(ClientHello..CertificateVerify))"
    );
    // the server's Finished message is 14 00 00 20 || verify_data
    assert_eq!(&SERVER_FINISHED[..4], &hex!("14000020"));
    assert_eq!(SERVER_FINISHED[4..], vd);

    // {client} calculate finished "tls13 finished"
    let (id, base) = hs.traffic_secret(Sender::Client);
    let (fk, _) = finished_key(Sender::Client, id, base).unwrap();
    assert_eq!(
        fk,
        hex!("b80ad01015fb2f0bd65ff7d4da5d6bf83f84821d1f87fdc7d3c75b5a7b42d9c4")
    );
    let (vd, _) = verify_data(Sender::Client, &fk, &server_finished_hash());
    assert_eq!(
        vd,
        hex!("a8ec436d677634ae525ac1fcebe11a039ec17694fac6e98527b642f2edd5ce61")
    );
    assert_eq!(CLIENT_FINISHED[4..], vd);
}

#[test]
fn master_application_exporter_resumption() {
    let (early, _) = EarlySecret::without_psk();
    let (hs, _) = early.handshake(&SHARED_SECRET, &hello_hash()).unwrap();
    let (ms, d) = hs.master(&server_finished_hash()).unwrap();
    // {server} derive secret for master "tls13 derived"
    assert_eq!(
        value(&d, ValueId::DerivedSecret),
        hex!("43de77e0c77713859a944db9db2590b53190a65b3ee2e4f12dd7a0bb7ce254b4")
    );
    // {server} extract secret "master"
    assert_eq!(
        ms.master_secret,
        hex!("18df06843d13a08bf2a449844c5f8a478001bc4d4c627984d5a41da8d0402919")
    );
    // {server} derive secret "tls13 c ap traffic"
    assert_eq!(
        ms.client_application_traffic_secret,
        hex!("9e40646ce79a7f9dc05af8889bce6552875afa0b06df0087f792ebb7c17504a5")
    );
    // {server} derive secret "tls13 s ap traffic"
    assert_eq!(
        ms.server_application_traffic_secret,
        hex!("a11af9f05531f856ad47116b45a950328204b4f44bfb6b3a4b4f1f3fcb631643")
    );
    // {server} derive secret "tls13 exp master"
    assert_eq!(
        ms.exporter_master_secret,
        hex!("fe22f881176eda18eb8f44529e6792c50c9a3f89452f68d8ae311b4309d3cf50")
    );
    assert_eq!(value(&d, ValueId::Tls13MasterSecret), ms.master_secret);
    assert_eq!(
        value(&d, ValueId::ExporterMasterSecret),
        ms.exporter_master_secret
    );

    // {server} derive write traffic keys for application data
    let (id, secret) = ms.traffic_secret(Sender::Server);
    let (server, _) = traffic_keys(Sender::Server, id, secret).unwrap();
    assert_eq!(server.key, hex!("9f02283b6c9c07efc26bb9f2ac92e356"));
    assert_eq!(server.iv, hex!("cf782b88dd83549aadf1e984"));
    // {client} derive write traffic keys for application data
    let (id, secret) = ms.traffic_secret(Sender::Client);
    let (client, _) = traffic_keys(Sender::Client, id, secret).unwrap();
    assert_eq!(client.key, hex!("17422dda596ed5d9acd890e3c63f5051"));
    assert_eq!(client.iv, hex!("5b78923dee08579033e523d9"));

    // {client} derive secret "tls13 res master" over ClientHello..client Finished
    let (cf_hash, _) = transcript_hash(
        Context::ThroughClientFinished,
        &transcript(&[
            &CLIENT_HELLO,
            &SERVER_HELLO,
            &ENCRYPTED_EXTENSIONS,
            &CERTIFICATE,
            &CERTIFICATE_VERIFY,
            &SERVER_FINISHED,
            &CLIENT_FINISHED,
        ]),
    );
    assert_eq!(
        cf_hash,
        hex!("209145a96ee8e2a122ff810047cc952684658d6049e86429426db87c54ad143d")
    );
    let (res, d) = ms.resumption_master_secret(&cf_hash).unwrap();
    assert_eq!(
        res,
        hex!("7df235f2031d2a051287d02b0241b0bfdaf86cc856231f2d5aba46c434ec196c")
    );
    assert_eq!(d.name, ValueId::ResumptionMasterSecret);
}

/// A direction's record cipher from the schedule: handshake or application keys.
fn ciphers(application: bool) -> (RecordCipher, RecordCipher) {
    let (early, _) = EarlySecret::without_psk();
    let (hs, _) = early.handshake(&SHARED_SECRET, &hello_hash()).unwrap();
    let (ms, _) = hs.master(&server_finished_hash()).unwrap();
    let cipher = |sender| {
        let (id, secret) = if application {
            ms.traffic_secret(sender)
        } else {
            hs.traffic_secret(sender)
        };
        let (keys, _) = traffic_keys(sender, id, secret).unwrap();
        RecordCipher::new(sender, &keys)
    };
    (cipher(Sender::Client), cipher(Sender::Server))
}

#[test]
fn server_handshake_flight_record() {
    // {server} send handshake record: EncryptedExtensions..Finished in one record, no padding,
    // sequence number 0 under the server handshake key
    let flight = transcript(&[
        &ENCRYPTED_EXTENSIONS,
        &CERTIFICATE,
        &CERTIFICATE_VERIFY,
        &SERVER_FINISHED,
    ]);
    let (_, mut server) = ciphers(false);
    let sealed = server.seal(ContentType::Handshake, &flight, 0).unwrap();
    assert_eq!(sealed.record, SERVER_FLIGHT_RECORD);
    assert_eq!(sealed.aad, hex!("17030302a2"));
    assert_eq!(sealed.nonce, hex!("5d313eb2671276ee13000b30"));
    assert_eq!(sealed.inner.last(), Some(&22));
    let d = sealed.derived();
    assert_eq!(value(&d, ValueId::Ciphertext), SERVER_FLIGHT_RECORD[5..]);
    assert_eq!(value(&d, ValueId::Nonce), sealed.nonce);

    // and the client opens it back
    let (_, mut reader) = ciphers(false);
    let opened = reader.open(&SERVER_FLIGHT_RECORD).unwrap();
    assert_eq!(opened.typ, ContentType::Handshake);
    assert_eq!(opened.content, flight);
    assert_eq!(opened.padding, 0);
    assert_eq!(reader.seq(), 1);

    // a flipped tag byte is bad_record_mac
    let mut bad = SERVER_FLIGHT_RECORD;
    bad[bad.len() - 1] ^= 0x80;
    let (_, mut reader) = ciphers(false);
    assert!(matches!(reader.open(&bad), Err(Error::BadRecordMac(_))));
}

#[test]
fn client_finished_record() {
    // {client} send handshake record: Finished, sequence number 0 under the client handshake key
    let (mut client, _) = ciphers(false);
    let sealed = client
        .seal(ContentType::Handshake, &CLIENT_FINISHED, 0)
        .unwrap();
    assert_eq!(sealed.record, CLIENT_FINISHED_RECORD);
    let (mut reader, _) = ciphers(false);
    let opened = reader.open(&CLIENT_FINISHED_RECORD).unwrap();
    assert_eq!(opened.typ, ContentType::Handshake);
    assert_eq!(opened.content, CLIENT_FINISHED);
}

#[test]
fn new_session_ticket_application_data_and_alert_records() {
    let payload: Vec<u8> = (0u8..50).collect();
    let (mut client, mut server) = ciphers(true);
    let (mut from_client, mut from_server) = ciphers(true);

    // {server} send handshake record: NewSessionTicket, seq 0 under the server application key;
    // the client opens it, and sealing what it holds gives the same record back
    let nst = from_server.open(&NEW_SESSION_TICKET_RECORD).unwrap();
    assert_eq!(nst.typ, ContentType::Handshake);
    assert_eq!(nst.content[0], 4, "HandshakeType new_session_ticket(4)");
    assert_eq!(nst.content.len(), 4 + 0xc9);
    let s = server
        .seal(ContentType::Handshake, &nst.content, 0)
        .unwrap();
    assert_eq!(s.record, NEW_SESSION_TICKET_RECORD);

    // {client} send application_data record: seq 0 under the client application key
    let s = client
        .seal(ContentType::ApplicationData, &payload, 0)
        .unwrap();
    assert_eq!(s.record, CLIENT_APP_DATA_RECORD);
    let o = from_client.open(&CLIENT_APP_DATA_RECORD).unwrap();
    assert_eq!(o.typ, ContentType::ApplicationData);
    assert_eq!(o.content, payload);

    // {server} send application_data record: seq 1
    let s = server
        .seal(ContentType::ApplicationData, &payload, 0)
        .unwrap();
    assert_eq!(s.record, SERVER_APP_DATA_RECORD);
    let o = from_server.open(&SERVER_APP_DATA_RECORD).unwrap();
    assert_eq!(o.content, payload);

    // {client} / {server} send alert record: close_notify (warning(1), close_notify(0))
    let s = client.seal(ContentType::Alert, &[1, 0], 0).unwrap();
    assert_eq!(s.record, CLIENT_ALERT_RECORD);
    let s = server.seal(ContentType::Alert, &[1, 0], 0).unwrap();
    assert_eq!(s.record, SERVER_ALERT_RECORD);
    for (reader, record) in [
        (&mut from_client, CLIENT_ALERT_RECORD),
        (&mut from_server, SERVER_ALERT_RECORD),
    ] {
        let o = reader.open(&record).unwrap();
        assert_eq!(o.typ, ContentType::Alert);
        assert_eq!(o.content, [1, 0]);
    }

    // out of order (the server's application data read at seq 0, not 1) the tag fails
    let (_, mut fresh) = ciphers(true);
    assert!(matches!(
        fresh.open(&SERVER_APP_DATA_RECORD),
        Err(Error::BadRecordMac(_))
    ));
}
