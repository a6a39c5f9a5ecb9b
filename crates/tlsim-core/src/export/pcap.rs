//! The wire as a classic libpcap file (LINKTYPE_ETHERNET): a TCP connection on loopback,
//! 127.0.0.1:50000 (client) to 127.0.0.1:443 (server), so Wireshark/tshark dissect it as TLS.
//! With a man in the middle, his own connection to the server is a second one, from port 50001.
//!
//! Packets: SYN, SYN/ACK, ACK; then one TCP segment (PSH/ACK) per TLS record in wire order, with
//! sequence and acknowledgement numbers that follow the bytes sent; then FIN/ACK from the client,
//! FIN/ACK from the server, and the client's last ACK. IPv4 and TCP checksums are computed.
//! Timestamps start at a base time and advance 1 ms per packet (deterministic).

/// The client's TCP port.
pub const CLIENT_PORT: u16 = 50000;
/// The TCP port of the man in the middle's own connection to the server.
pub const MITM_CLIENT_PORT: u16 = 50001;
/// The server's TCP port (HTTPS).
pub const SERVER_PORT: u16 = 443;
/// The base time of [`pcap`]: 2026-11-23T09:00:00Z (the crate's `DEFAULT_NOW`), Unix seconds.
pub const DEFAULT_PCAP_TIME: i64 = crate::scenario::DEFAULT_NOW;

/// The client's initial sequence number (fixed, for reproducible captures).
const CLIENT_ISN: u32 = 0x1000_0000;
/// The server's initial sequence number.
const SERVER_ISN: u32 = 0x2000_0000;
/// The largest TCP payload per segment (a record longer than this is split).
const MAX_SEGMENT: usize = 16_384 + 2_048 + 5;

const SYN: u8 = 0x02;
const FIN: u8 = 0x01;
const PSH: u8 = 0x08;
const ACK: u8 = 0x10;

/// `wire` (sent by the client?, record bytes) as a pcap file, base time [`DEFAULT_PCAP_TIME`].
pub fn pcap(wire: &[(bool, Vec<u8>)]) -> Vec<u8> {
    pcap_at(wire, DEFAULT_PCAP_TIME)
}

/// As [`pcap`], with the first packet at `base_unix` seconds (clamped to the pcap range).
pub fn pcap_at(wire: &[(bool, Vec<u8>)], base_unix: i64) -> Vec<u8> {
    pcap_legs_at(wire, &[], base_unix)
}

/// A transcript's wire as a pcap file at `base_unix`: with a man in the middle
/// ([`Transcript::server_leg`](crate::Transcript::server_leg) not empty) two TCP connections,
/// the client's from port [`CLIENT_PORT`] and the attacker's to the real server from port
/// [`MITM_CLIENT_PORT`], each record on its own connection in wire order; otherwise exactly
/// [`pcap_at`].
pub fn pcap_legs_at(wire: &[(bool, Vec<u8>)], server_leg: &[usize], base_unix: i64) -> Vec<u8> {
    let mut w = Writer {
        out: Vec::new(),
        usec: base_unix.clamp(0, u32::MAX as i64) as u64 * 1_000_000,
        ip_id: 1,
    };
    // Global header: magic, v2.4, thiszone 0, sigfigs 0, snaplen 262144, LINKTYPE_ETHERNET (1).
    w.out.extend_from_slice(&0xa1b2_c3d4u32.to_le_bytes());
    w.out.extend_from_slice(&2u16.to_le_bytes());
    w.out.extend_from_slice(&4u16.to_le_bytes());
    w.out.extend_from_slice(&0i32.to_le_bytes());
    w.out.extend_from_slice(&0u32.to_le_bytes());
    w.out.extend_from_slice(&262_144u32.to_le_bytes());
    w.out.extend_from_slice(&1u32.to_le_bytes());

    // 1. three-way handshake of the client's connection (the attacker's opens at its first record)
    let mut legs = [Conn::new(CLIENT_PORT), Conn::new(MITM_CLIENT_PORT)];
    legs[0].open(&mut w);
    // 2. one segment per record (split if longer than a segment), on its connection
    for (i, (from_client, record)) in wire.iter().enumerate() {
        let c = &mut legs[usize::from(server_leg.contains(&i))];
        if !c.opened {
            c.open(&mut w);
        }
        c.send(&mut w, *from_client, record);
    }
    // 3. orderly close of each open connection: FIN from the client, FIN from the server, last ACK.
    for c in legs.iter_mut().filter(|c| c.opened) {
        c.close(&mut w);
    }
    w.out
}

/// One TCP connection to [`SERVER_PORT`] and where its sequence numbers are.
struct Conn {
    port: u16,
    cseq: u32,
    sseq: u32,
    opened: bool,
}

impl Conn {
    fn new(port: u16) -> Self {
        Self {
            port,
            cseq: CLIENT_ISN,
            sseq: SERVER_ISN,
            opened: false,
        }
    }

    fn open(&mut self, w: &mut Writer) {
        self.opened = true;
        w.segment(self.port, true, self.cseq, 0, SYN, &[]);
        self.cseq = self.cseq.wrapping_add(1);
        w.segment(self.port, false, self.sseq, self.cseq, SYN | ACK, &[]);
        self.sseq = self.sseq.wrapping_add(1);
        w.segment(self.port, true, self.cseq, self.sseq, ACK, &[]);
    }

    fn send(&mut self, w: &mut Writer, from_client: bool, record: &[u8]) {
        for chunk in record.chunks(MAX_SEGMENT) {
            if from_client {
                w.segment(self.port, true, self.cseq, self.sseq, PSH | ACK, chunk);
                self.cseq = self.cseq.wrapping_add(chunk.len() as u32);
            } else {
                w.segment(self.port, false, self.sseq, self.cseq, PSH | ACK, chunk);
                self.sseq = self.sseq.wrapping_add(chunk.len() as u32);
            }
        }
    }

    fn close(&mut self, w: &mut Writer) {
        w.segment(self.port, true, self.cseq, self.sseq, FIN | ACK, &[]);
        self.cseq = self.cseq.wrapping_add(1);
        w.segment(self.port, false, self.sseq, self.cseq, FIN | ACK, &[]);
        self.sseq = self.sseq.wrapping_add(1);
        w.segment(self.port, true, self.cseq, self.sseq, ACK, &[]);
    }
}

struct Writer {
    out: Vec<u8>,
    usec: u64,
    ip_id: u16,
}

impl Writer {
    fn segment(
        &mut self,
        client_port: u16,
        from_client: bool,
        seq: u32,
        ack: u32,
        flags: u8,
        payload: &[u8],
    ) {
        let (sport, dport) = if from_client {
            (client_port, SERVER_PORT)
        } else {
            (SERVER_PORT, client_port)
        };
        let src = [127, 0, 0, 1];
        let dst = [127, 0, 0, 1];
        // TCP header (20 bytes, no options)
        let mut tcp = Vec::with_capacity(20 + payload.len());
        tcp.extend_from_slice(&sport.to_be_bytes());
        tcp.extend_from_slice(&dport.to_be_bytes());
        tcp.extend_from_slice(&seq.to_be_bytes());
        tcp.extend_from_slice(&(if flags & ACK != 0 { ack } else { 0 }).to_be_bytes());
        tcp.push(5 << 4); // data offset: 5 words
        tcp.push(flags);
        tcp.extend_from_slice(&65_535u16.to_be_bytes()); // window
        tcp.extend_from_slice(&[0, 0, 0, 0]); // checksum, urgent pointer
        tcp.extend_from_slice(payload);
        let mut pseudo = Vec::with_capacity(12 + tcp.len());
        pseudo.extend_from_slice(&src);
        pseudo.extend_from_slice(&dst);
        pseudo.extend_from_slice(&[0, 6]);
        pseudo.extend_from_slice(&(tcp.len() as u16).to_be_bytes());
        pseudo.extend_from_slice(&tcp);
        let c = checksum(&pseudo);
        tcp[16..18].copy_from_slice(&c.to_be_bytes());
        // IPv4 header (20 bytes): version 4, IHL 5, DF, TTL 64, protocol TCP (6).
        let total = (20 + tcp.len()) as u16;
        let mut ip = Vec::with_capacity(total as usize);
        ip.extend_from_slice(&[0x45, 0x00]);
        ip.extend_from_slice(&total.to_be_bytes());
        ip.extend_from_slice(&self.ip_id.to_be_bytes());
        ip.extend_from_slice(&[0x40, 0x00, 64, 6, 0, 0]);
        ip.extend_from_slice(&src);
        ip.extend_from_slice(&dst);
        let c = checksum(&ip);
        ip[10..12].copy_from_slice(&c.to_be_bytes());
        ip.extend_from_slice(&tcp);
        self.ip_id = self.ip_id.wrapping_add(1);
        // Ethernet II: loopback captures use all-zero MAC addresses; EtherType IPv4.
        let mut frame = vec![0u8; 12];
        frame.extend_from_slice(&0x0800u16.to_be_bytes());
        frame.extend_from_slice(&ip);
        // Record header: ts_sec, ts_usec, incl_len, orig_len.
        self.out
            .extend_from_slice(&((self.usec / 1_000_000) as u32).to_le_bytes());
        self.out
            .extend_from_slice(&((self.usec % 1_000_000) as u32).to_le_bytes());
        self.out
            .extend_from_slice(&(frame.len() as u32).to_le_bytes());
        self.out
            .extend_from_slice(&(frame.len() as u32).to_le_bytes());
        self.out.extend_from_slice(&frame);
        self.usec += 1_000;
    }
}

/// The Internet checksum (RFC 1071): one's complement of the one's-complement sum of 16-bit words.
fn checksum(data: &[u8]) -> u16 {
    let mut sum: u32 = 0;
    for pair in data.chunks(2) {
        let word = match pair {
            [a, b] => u16::from_be_bytes([*a, *b]),
            [a] => u16::from_be_bytes([*a, 0]),
            _ => 0,
        };
        sum += word as u32;
    }
    while sum >> 16 != 0 {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    !(sum as u16)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc1071_example() {
        // RFC 1071 §3 example bytes: 00 01 f2 03 f4 f5 f6 f7 sum to 0xddf2.
        assert_eq!(
            checksum(&[0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7]),
            !0xddf2
        );
    }

    #[test]
    fn packet_count_and_header() {
        let p = pcap(&[
            (true, vec![0x16, 3, 3, 0, 1, 1]),
            (false, vec![0x16, 3, 3, 0, 1, 2]),
        ]);
        assert_eq!(&p[..4], &[0xd4, 0xc3, 0xb2, 0xa1]);
        // 24-byte header, 8 packets: 6 empty (16 + 54) and 2 with 6 bytes of payload.
        assert_eq!(p.len(), 24 + 6 * (16 + 54) + 2 * (16 + 60));
    }
}
