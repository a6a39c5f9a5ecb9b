//! Korean (한국어, 합니다체) templates of the core's messages (`tlsim_core::msg`), by key name.
//! Placeholders `{name}` are the message's arguments; every key of every group has a text, and
//! a text names exactly its key's arguments (tested from the enums in `lib.rs`).

/// (message key, template)
pub(crate) const TEXTS: &[(&str, &str)] = &[
    // ---- cert: issuing and checking certificates (tlsim_core::msg::CertMsg) ----
    // (end of cert)
    // ---- hs: the handshake engines, records, codec (tlsim_core::msg::HsMsg) ----
    // (end of hs)
    // ---- sim: the simulated network, the man in the middle, set-up (tlsim_core::msg::SimMsg) ----
    ("sim.ca_self_signed", "인증 기관(CA) \"{ca}\": 자신의 인증서에 스스로 서명합니다. 자체 서명 루트 인증서이며, 이 CA를 신뢰하는 클라이언트는 이것을 신뢰 저장소에 보관합니다."),
    ("sim.server_cert_issued", "서버가 자신의 이름 \"{name}\" 및 공개 키를 CA에 보냅니다. CA는 tbsCertificate의 SHA-256 해시에 자신의 개인 키로 서명합니다(암호화가 아니라 서명입니다)."),
    ("sim.signature_forged", "일부러 넣은 오류: 서명한 뒤 서명의 한 바이트를 바꿉니다(위조된 서명)."),
    ("sim.client_cert_issued", "클라이언트(\"{name}\")도 같은 CA에서 클라이언트 인증용 인증서를 받습니다."),
    ("sim.signature_aside", "해시에 대한 PKCS#1 v1.5 서명입니다. CA의 개인 키로 서명할 뿐, 아무것도 암호화하지 않습니다."),
    ("sim.reads", "받는 쪽({by})이 레코드를 복호화해서 읽은 내용: \"{text}\""),
    ("sim.byte_flipped", "네트워크가 전송 중인 레코드 #{record}의 {offset}번째 바이트에서 비트 하나를 뒤집습니다: {before} → {after}. 받는 쪽은 이것을 알 수 없고, 오직 검증만이 잡아낼 수 있습니다."),
    ("sim.flip_outside", "레코드 #{record}의 길이는 {len}바이트뿐이라 위치 {offset}에는 바이트가 없습니다. 아무것도 바뀌지 않았습니다."),
    ("sim.flipped_field", "바뀐 바이트: {before} → {after}"),
    ("sim.alert_sent", "치명적 경고(alert) {alert}: 보낸 쪽 {by}, 세션이 여기서 끝납니다(암호화해서 보냄: {protected}). 이유: {reason}"),
    ("sim.incomplete", "다 받지 못한 레코드나 메시지 {pending}바이트가 버퍼에 남아 있는데 더 이상 아무것도 오지 않습니다({stage})."),
    ("sim.stalled", "세션이 멈췄습니다: {stage}."),
    ("sim.stage_handshake", "핸드셰이크가 끝나지 않았습니다"),
    ("sim.stage_app_data", "클라이언트의 애플리케이션 데이터가 도착하지 않았습니다"),
    ("sim.stage_close_notify", "close_notify가 도착하지 않았습니다"),
    ("sim.mitm_swap", "공격자가 서버의 Certificate 메시지를 버리고 자기 것을 대신 보냅니다. 호스트 이름은 같지만 공개 키는 공격자의 것이고, 서명한 것도 공격자의 CA입니다. 둘을 구별할 수 있는 것은 클라이언트의 신뢰 저장소뿐입니다."),
    ("sim.mitm_trust_hint", "공격이 성공하는 모습을 보려면, 회사 정책이나 악성 코드가 하듯이 공격자의 CA를 클라이언트의 신뢰 루트에 추가하십시오: {pem}"),
    ("sim.mitm_reads_pre_master", "클라이언트가 공격자의 인증서를 신뢰했으므로 프리마스터 시크릿(pre-master secret)을 공격자의 키로 암호화했습니다. 공격자는 이것을 복호화해 클라이언트의 세션 키를 계산하고, 같은 시크릿을 진짜 서버의 키로 다시 암호화해 보냅니다. 서버는 아무것도 눈치채지 못합니다."),
    ("sim.mitm_finished", "공격자가 Finished를 복호화하고 verify_data를 {verify_data} 값으로 바꿉니다. 이 값은 반대쪽이 본 핸드셰이크로 계산한 것이며, 반대쪽의 키로 다시 암호화해 보냅니다."),
    ("sim.mitm_reads", "공격자가 복호화해서 읽은 내용: \"{text}\". 그런 다음 반대쪽을 위해 다시 암호화합니다."),
    ("sim.mitm_plaintext_aside", "공격자가 보낸 쪽의 키로 복호화한 내용입니다."),
    ("sim.mitm_reseal_aside", "공격자가 받는 쪽과 공유하는 키로 다시 암호화했습니다."),
    ("sim.mitm_decrypt_aside", "공격자의 개인 키로 복호화했습니다. 클라이언트가 공격자의 인증서에 든 키로 암호화했기 때문입니다."),
    ("sim.mitm_crypto", "공격자 쪽의 RSA 또는 X.509 처리에 실패했습니다."),
    ("sim.session_id_too_long", "세션 ID의 길이가 {len}바이트입니다. 최대 32바이트까지입니다."),
    ("sim.pre_master_length", "프리마스터 시크릿(pre-master secret)의 길이가 {len}바이트입니다. 정확히 48바이트여야 합니다."),
    // (end of sim)
    // ---- field: what a field's bytes mean (tlsim_core::msg::FieldMsg) ----
    ("field.named", "{name} ({value})"),
    ("field.version", "{version}"),
    ("field.follow", "뒤따르는 바이트 수: {len}"),
    ("field.explicit_nonce", "시퀀스 번호입니다. 받는 쪽이 논스(nonce)를 만들 수 있도록 함께 보냅니다"),
    ("field.encrypted_content", "AES-128-GCM 암호문 {len}바이트 ({content})"),
    ("field.tag", "암호문과 추가 데이터(additional data)에 대한 GCM 인증 태그"),
    ("field.alert_fatal", "치명적(fatal) ({value})"),
    ("field.alert_warning", "경고 수준(warning) ({value})"),
    ("field.alert_description", "{alert} ({code})"),
    ("field.handshake_length", "{name} 본문 {len}바이트"),
    ("field.encrypted_pre_master", "RSA 암호문 {len}바이트 (앞에 2바이트 길이)"),
    ("field.sig_alg", "{alg}"),
    ("field.signature", "RSA 서명 {len}바이트 (앞에 2바이트 길이)"),
    ("field.hex", "{value}"),
    ("field.session_id_empty", "비어 있음: 클라이언트가 재개할 세션을 제안하지 않습니다"),
    ("field.session_id", "{len}바이트: {value}"),
    ("field.cipher_suites", "제안한 암호 스위트(cipher suite) 수: {count}"),
    ("field.cipher_suite", "{suite}"),
    ("field.compression_methods", "{methods} (00 = null, 압축 없음)"),
    ("field.compression_method", "{value} (0 = null, 압축 없음)"),
    ("field.extensions", "확장 {len}바이트"),
    ("field.server_name", "server_name(SNI): 호스트 \"{host}\""),
    ("field.extended_master_secret", "extended_master_secret(RFC 7627): 비어 있음"),
    ("field.renegotiation_info_empty", "renegotiation_info(RFC 5746): 비어 있으므로 첫 핸드셰이크입니다"),
    ("field.renegotiation_info", "renegotiation_info(RFC 5746): 이전 Finished 값 {value}, 재협상입니다"),
    ("field.signature_algorithms", "signature_algorithms: {algs}"),
    ("field.other_extension", "{name}: {len}바이트"),
    ("field.certificate_list", "인증서 {len}바이트"),
    ("field.certificate", "X.509 인증서, DER {len}바이트 (앞에 3바이트 길이)"),
    ("field.certificate_types", "{types} (01 = rsa_sign)"),
    ("field.supported_signature_algorithms", "{algs}"),
    ("field.certificate_authorities", "DER로 인코딩한 CA 이름(distinguished name) {len}바이트"),
    // (end of field)
];
