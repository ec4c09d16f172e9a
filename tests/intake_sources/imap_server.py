"""A small IMAP4rev1 server on loopback, for the mailbox poll's tests: one folder, real sockets,
the commands imaplib sends (CAPABILITY, LOGIN, SELECT, UID SEARCH, UID FETCH, UID STORE, NOOP,
LOGOUT) answered as RFC 3501 says, literals and all; over TLS too (IMAPS), with `tls_files()`'s
certificates.

`drop_connection_on=("STORE", 2)` makes the server hang up, without answering, on the second
UID STORE (or FETCH of a body): the network failing, or the worker's connection dying, mid-poll.
"""
from __future__ import annotations

import re
import socketserver
import ssl
import threading
from dataclasses import dataclass, field


@dataclass
class StoredMessage:
    uid: int
    raw: bytes
    flags: set[str] = field(default_factory=set)


class Mailbox:
    def __init__(self, *, user: str, password: str, folder: str = "INBOX") -> None:
        self.user, self.password, self.folder = user, password, folder
        self.messages: list[StoredMessage] = []
        self.lock = threading.Lock()
        self.next_uid = 1
        self.drop_connection_on: tuple[str, int] | None = None
        self.counts: dict[str, int] = {}
        self.log: list[str] = []  # the commands received, without LOGIN's arguments

    def add(self, raw: bytes, *, seen: bool = False) -> int:
        with self.lock:
            uid = self.next_uid
            self.next_uid += 1
            self.messages.append(StoredMessage(uid, raw.replace(b"\r\n", b"\n")
                                               .replace(b"\n", b"\r\n"),
                                               {"\\Seen"} if seen else set()))
            return uid

    def seen(self) -> list[int]:
        return [m.uid for m in self.messages if "\\Seen" in m.flags]


class _Hangup(Exception):
    pass


class _Handler(socketserver.StreamRequestHandler):
    server: _Server

    def handle(self) -> None:
        self.selected = False
        self.authenticated = False
        self._send(b"* OK [CAPABILITY IMAP4rev1] test server ready")
        while True:
            line = self.rfile.readline(65536)
            if not line:
                return
            try:
                if not self._command(line.rstrip(b"\r\n").decode("utf-8", "replace")):
                    return
            except _Hangup:
                return

    def _send(self, data: bytes) -> None:
        self.wfile.write(data + b"\r\n")
        self.wfile.flush()

    def _command(self, line: str) -> bool:
        box = self.server.mailbox
        tag, _, rest = line.partition(" ")
        name, _, args = rest.partition(" ")
        name = name.upper()
        if name == "UID":
            sub, _, args = args.partition(" ")
            name = f"UID {sub.upper()}"
        box.log.append(name if name == "LOGIN" else f"{name} {args}".strip())
        if name == "CAPABILITY":
            self._send(b"* CAPABILITY IMAP4rev1")
            self._send(f"{tag} OK CAPABILITY completed".encode())
        elif name == "NOOP":
            self._send(f"{tag} OK NOOP completed".encode())
        elif name == "LOGOUT":
            self._send(b"* BYE logging out")
            self._send(f"{tag} OK LOGOUT completed".encode())
            return False
        elif name == "LOGIN":
            user, password = _strings(args)
            if (user, password) == (box.user, box.password):
                self.authenticated = True
                self._send(f"{tag} OK LOGIN completed".encode())
            else:
                self._send(f"{tag} NO [AUTHENTICATIONFAILED] invalid credentials".encode())
        elif not self.authenticated:
            self._send(f"{tag} BAD log in first".encode())
        elif name == "SELECT":
            [folder] = _strings(args)
            if folder != box.folder:
                self._send(f"{tag} NO no such mailbox".encode())
                return True
            self.selected = True
            with box.lock:
                self._send(f"* {len(box.messages)} EXISTS".encode())
                self._send(b"* 0 RECENT")
                self._send(b"* OK [UIDVALIDITY 42] UIDs valid")
                self._send(f"* OK [UIDNEXT {box.next_uid}] next uid".encode())
            self._send(b"* FLAGS (\\Seen \\Deleted)")
            self._send(f"{tag} OK [READ-WRITE] SELECT completed".encode())
        elif not self.selected:
            self._send(f"{tag} BAD select a mailbox first".encode())
        elif name == "UID SEARCH":
            with box.lock:
                if args.upper() == "UNSEEN":
                    uids = [m.uid for m in box.messages if "\\Seen" not in m.flags]
                else:
                    uids = [m.uid for m in box.messages]
            self._send(("* SEARCH " + " ".join(map(str, uids))).strip().encode())
            self._send(f"{tag} OK SEARCH completed".encode())
        elif name == "UID FETCH":
            uid_set, _, items = args.partition(" ")
            items = items.upper()
            if "BODY" in items:
                self._maybe_hang_up("FETCH")
            for seq, message in self._matching(uid_set):
                if "BODY.PEEK[]" in items or "BODY[]" in items or "RFC822)" in items:
                    self.wfile.write(
                        f"* {seq} FETCH (UID {message.uid} BODY[] {{{len(message.raw)}}}\r\n"
                        .encode() + message.raw + b")\r\n"
                    )
                else:
                    self._send(
                        f"* {seq} FETCH (UID {message.uid} RFC822.SIZE {len(message.raw)})"
                        .encode()
                    )
            self._send(f"{tag} OK FETCH completed".encode())
        elif name == "UID STORE":
            self._maybe_hang_up("STORE")
            uid_set, _, rest = args.partition(" ")
            operation, _, flags = rest.partition(" ")
            wanted = set(flags.strip("()").split())
            for seq, message in self._matching(uid_set):
                with box.lock:
                    if operation.upper().startswith("+FLAGS"):
                        message.flags |= wanted
                    elif operation.upper().startswith("-FLAGS"):
                        message.flags -= wanted
                    else:
                        message.flags = wanted
                if ".SILENT" not in operation.upper():
                    self._send(f"* {seq} FETCH (UID {message.uid} FLAGS "
                               f"({' '.join(sorted(message.flags))}))".encode())
            self._send(f"{tag} OK STORE completed".encode())
        else:
            self._send(f"{tag} BAD command unknown to the test server".encode())
        return True

    def _maybe_hang_up(self, command: str) -> None:
        box = self.server.mailbox
        box.counts[command] = box.counts.get(command, 0) + 1
        if box.drop_connection_on == (command, box.counts[command]):
            box.drop_connection_on = None
            raise _Hangup

    def _matching(self, uid_set: str):
        with self.server.mailbox.lock:
            messages = list(self.server.mailbox.messages)
        top = max((m.uid for m in messages), default=0)
        wanted: set[int] = set()
        for piece in uid_set.split(","):
            low, _, high = piece.partition(":")
            low_n = top if low == "*" else int(low)
            high_n = low_n if not high else (top if high == "*" else int(high))
            wanted.update(range(min(low_n, high_n), max(low_n, high_n) + 1))
        return [(seq, m) for seq, m in enumerate(messages, start=1) if m.uid in wanted]


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, mailbox: Mailbox, tls: ssl.SSLContext | None) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.mailbox = mailbox
        self.tls = tls

    def get_request(self):
        sock, address = super().get_request()
        if self.tls is not None:  # IMAPS: TLS from the first byte (a failed handshake is dropped)
            sock = self.tls.wrap_socket(sock, server_side=True)
        return sock, address


def _strings(args: str) -> list[str]:
    """Atoms and quoted strings, as imaplib sends them."""
    return [
        quoted.replace('\\"', '"').replace("\\\\", "\\") if quoted or atom == "" else atom
        for quoted, atom in re.findall(r'"((?:[^"\\]|\\.)*)"|(\S+)', args)
    ]


class ImapTestServer:
    """Start with `with ImapTestServer(mailbox) as server:`; `server.port` is where it listens.
    With `tls` (a server-side SSLContext) it speaks IMAPS."""

    def __init__(self, mailbox: Mailbox, *, tls: ssl.SSLContext | None = None) -> None:
        self.mailbox = mailbox
        self._server = _Server(mailbox, tls)
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> ImapTestServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()


def tls_files(folder) -> tuple[str, str, str]:
    """A private CA and a certificate it signed for 127.0.0.1 and localhost, written to `folder`:
    (CA certificate, server certificate, server key) as PEM file paths."""
    import datetime as dt
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    now = dt.datetime.now(dt.UTC)
    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "IMAP test CA")])
    ca = (
        x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name)
        .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=2))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(
            digital_signature=True, key_cert_sign=True, crl_sign=True, content_commitment=False,
            key_encipherment=False, data_encipherment=False, key_agreement=False,
            encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()),
                       critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    leaf = (
        x509.CertificateBuilder()
        .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")]))
        .issuer_name(ca_name).public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=2))
        .add_extension(x509.SubjectAlternativeName([
            x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
        ]), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.SERVER_AUTH]),
                       critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
                       critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    paths = (f"{folder}/ca.pem", f"{folder}/server.pem", f"{folder}/server.key")
    for path, data in zip(paths, (
        ca.public_bytes(serialization.Encoding.PEM),
        leaf.public_bytes(serialization.Encoding.PEM),
        key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                          serialization.NoEncryption()),
    ), strict=True):
        with open(path, "wb") as handle:
            handle.write(data)
    return paths
