"""tlslite-ng (pure Python, independent of OpenSSL) against `tlsim serve`: one ordinary
handshake, then crafted messages. Prints one line per probe: `<probe>: <what happened>`.

Usage: python tlslite_probe.py PORT
"""
import socket
import struct
import sys

from tlslite import HandshakeSettings, TLSConnection
from tlslite.constants import AlertDescription, AlertLevel, CipherSuite
from tlslite.errors import TLSRemoteAlert
from tlslite.messages import ClientHello

PORT = int(sys.argv[1])


def settings():
    s = HandshakeSettings()
    s.minVersion = (3, 3)
    s.maxVersion = (3, 3)
    s.cipherNames = ["aes128gcm"]
    s.keyExchangeNames = ["rsa"]
    return s


def connect():
    sock = socket.create_connection(("127.0.0.1", PORT), timeout=10)
    conn = TLSConnection(sock)
    conn.handshakeClientCert(settings=settings(), serverName="localhost")
    return conn


def alert_name(a):
    level = "warning" if a.level == AlertLevel.warning else "fatal"
    return "%s %s" % (level, AlertDescription.toRepr(a.description))


def raw_hello():
    """The bytes of a ClientHello offering TLS_RSA_WITH_AES_128_GCM_SHA256 (as tlslite builds it)."""
    ch = ClientHello().create((3, 3), bytearray(32), bytearray(0),
                              [CipherSuite.TLS_RSA_WITH_AES_128_GCM_SHA256])
    return bytes(ch.write())


def record(typ, body):
    return struct.pack("!BHH", typ, 0x0303, len(body)) + body


def first_alert(data):
    """The (level, description) of the first alert record in data, if any."""
    i = 0
    while i + 5 <= len(data):
        typ, _, n = struct.unpack("!BHH", data[i:i + 5])
        if typ == 21 and n >= 2:
            level, desc = data[i + 5], data[i + 6]
            return "%s %s" % ("warning" if level == 1 else "fatal",
                              AlertDescription.toRepr(desc))
        i += 5 + n
    return "no alert"


def raw(payload):
    sock = socket.create_connection(("127.0.0.1", PORT), timeout=10)
    try:
        sock.sendall(payload)
    except OSError:
        pass
    data = b""
    while True:
        try:
            chunk = sock.recv(65536)
        except OSError:
            break
        if not chunk:
            break
        data += chunk
    sock.close()
    return first_alert(data)


# 1. an ordinary handshake and one message
conn = connect()
conn.write(b"ping from tlslite\n")
reply = conn.read(max=100)
print("handshake: %s, reply %r" % (conn.getCipherName(), bytes(reply)))
conn.close()

# 2. renegotiation: a ClientHello under the session's keys
conn = connect()
ch = ClientHello().create((3, 3), bytearray(32), bytearray(0),
                          [CipherSuite.TLS_RSA_WITH_AES_128_GCM_SHA256,
                           CipherSuite.TLS_EMPTY_RENEGOTIATION_INFO_SCSV])
for _ in conn._sendMsg(ch):
    pass
try:
    conn.read(max=100)
    print("renegotiation: no alert")
except TLSRemoteAlert as e:
    print("renegotiation: %s" % alert_name(e))

# 3. a ClientHello relabelled server_hello(2)
hello = raw_hello()
print("wrong type: %s" % raw(record(22, bytes([2]) + hello[1:])))

# 4. a thousand warning alerts after the ClientHello
print("warning flood: %s" % raw(record(22, hello) + record(21, b"\x01\x5a") * 1000))

# 5. an SSLv2-compatible ClientHello header
print("sslv2 hello: %s" % raw(b"\x80\x2e\x01\x03\x01\x00\x15\x00\x00\x00\x10"))
