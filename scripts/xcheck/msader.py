"""msader.py -- an independent strict DER decoder for MSA v1, written from
the spec (spec/msa.md section 4) and the module asn1/msa.asn1, not from the
C code.

decode(type_name, data) -> ("ok", value) or ("error", NAME, offset)

Every fault found is recorded with the layer of REQ-ENC-018 that owns it:
(1) DER rules REQ-ENC-002..010, whatever the tag (universal or context:
REQ-ENC-005..007 speak of the types, not of the tag class); (2) the schema
(REQ-ENC-011, SCHEMA); (3) the module's constraints; (4) the application
checks (REQ-ENC-013, -014); (5) the canonical re-encoding (REQ-ENC-015).
The first layer with a fault decides; inside one layer, the first fault in
the octets. A schema fault stops the walk of its SEQUENCE (what follows can
no longer be matched to components).

Values are returned in the JSON mapping of vectors/README.md.
"""

MAX_PDU = 16640
MAX_DEPTH = 8

DIAGNOSTICS = ("unspecified protocolVersion decodeError unexpectedPdu noCommonSuite "
               "illegalParameter badKeyShare badCertificate certificateExpired unknownCa "
               "badIdentity unknownCertRef badSignature badMac badRecord badSequence tooLarge "
               "usageLimit renewalError unknownAssoc resourceExhausted timeout internalError "
               "userAbort").split()
CONTENT_TYPES = "appData keyUpdate rekeyRequest rekeyResponse releaseRequest releaseResponse abort".split()
RELEASE_REASONS = "normal shutdown idle".split()

# The module, transcribed from asn1/msa.asn1. Leaf forms:
#   ("integer", lo, hi)  ("enum", names, unknown_allowed)  ("octets", min, max)
#   ("utf8", min, max)  ("boolean",)  ("seq", [(name, type, optional)])
#   ("seqof", elem, min, max)  ("choice", [(name, type)])
U32 = ("integer", 0, 4294967295)
M = {}
M["Version"] = ("integer", 1, 255)
M["AssocId"] = ("octets", 4, 4)
M["SuiteId"] = ("integer", 0, 65535)
M["GroupId"] = ("integer", 0, 65535)
M["Nonce"] = ("octets", 32, 32)
M["CertRef"] = ("octets", 32, 32)
M["Certificate"] = ("octets", 1, 2048)
M["Signature"] = ("octets", 8, 139)
M["Mac"] = ("octets", 32, 64)
M["AeName"] = ("utf8", 1, 255)
M["KeyShare"] = ("seq", [("group", "GroupId", 0), ("keyExchange", ("octets", 1, 1600), 0)])
M["Credential"] = ("choice", [("chain", ("seqof", "Certificate", 1, 4)), ("reference", "CertRef")])
M["HandshakeInit"] = ("seq", [
    ("version", "Version", 0), ("initiatorAid", "AssocId", 0),
    ("suites", ("seqof", "SuiteId", 1, 16), 0), ("keyShares", ("seqof", "KeyShare", 1, 4), 0),
    ("nonce", "Nonce", 0), ("responderName", "AeName", 1), ("peerCertRef", "CertRef", 1),
    ("ownCertRef", "CertRef", 1)])
M["RespBody"] = ("seq", [
    ("version", "Version", 0), ("initiatorAid", "AssocId", 0), ("responderAid", "AssocId", 0),
    ("suite", "SuiteId", 0), ("keyShare", "KeyShare", 0), ("nonce", "Nonce", 0),
    ("credential", "Credential", 0), ("ownRefKnown", ("boolean",), 0)])
M["HandshakeResp"] = ("seq", [("body", "RespBody", 0), ("signature", "Signature", 0), ("mac", "Mac", 0)])
M["FinishBody"] = ("seq", [("responderAid", "AssocId", 0), ("credential", "Credential", 0)])
M["HandshakeFinish"] = ("seq", [("body", "FinishBody", 0), ("signature", "Signature", 0), ("mac", "Mac", 0)])
M["Diagnostic"] = ("enum", DIAGNOSTICS, True)
M["HandshakeReject"] = ("seq", [("destAid", "AssocId", 0), ("diagnostic", "Diagnostic", 0),
                                ("detail", ("utf8", 0, 128), 1)])
M["ContentType"] = ("enum", CONTENT_TYPES, False)
M["RecordHeader"] = ("seq", [("assocId", "AssocId", 0), ("type", "ContentType", 0),
                             ("generation", ("integer", 0, 65535), 0), ("seq", ("app-u32",), 0)])
M["ProtectedPdu"] = ("seq", [("header", "RecordHeader", 0), ("body", ("octets", 0, 16384), 0),
                             ("icv", ("octets", 16, 32), 0)])
M["KeyUpdate"] = ("seq", [("updateRequested", ("boolean",), 0)])
M["RekeyRequest"] = ("seq", [("keyShare", "KeyShare", 0)])
M["RekeyResponse"] = ("seq", [("keyShare", "KeyShare", 0)])
M["ReleaseReason"] = ("enum", RELEASE_REASONS, False)
M["ReleaseRequest"] = ("seq", [("reason", "ReleaseReason", 0)])
M["ReleaseResponse"] = ("seq", [("reason", "ReleaseReason", 0)])
M["Abort"] = ("seq", [("diagnostic", "Diagnostic", 0), ("detail", ("utf8", 0, 128), 1)])
M["MsaPdu"] = ("choice", [("handshakeInit", "HandshakeInit"), ("handshakeResp", "HandshakeResp"),
                          ("handshakeFinish", "HandshakeFinish"), ("handshakeReject", "HandshakeReject"),
                          ("protected", "ProtectedPdu")])

UNIV = {"integer": 2, "app-u32": 2, "enum": 10, "octets": 4, "utf8": 12, "boolean": 1, "seq": 16, "seqof": 16}
TOP_TYPES = ("MsaPdu", "KeyUpdate", "RekeyRequest", "RekeyResponse", "ReleaseRequest",
             "ReleaseResponse", "Abort", "Frame")

LAYER = {"DER": 1, "SCHEMA": 2, "UNKNOWN_PDU": 2, "CONSTRAINT": 3, "VALUE_RANGE": 4,
         "UNKNOWN_ENUM": 4, "NOT_CANONICAL": 5}


def layer_of(err):
    return 1 if err.startswith("DER_") else LAYER[err]


def resolve(t):
    while isinstance(t, str):
        t = M[t]
    return t


class Stop(Exception):
    """The walk cannot go on (a schema fault)."""


class Tlv:
    __slots__ = ("off", "cls", "cons", "num", "hdr", "len", "end")


def read_header(b, off, end):
    """One TLV header at off, inside [off, end). Raises Fault (layer 1)."""
    if off >= end:
        raise Fault("DER_TRUNCATED", off)
    t = b[off]
    if t & 0x1F == 0x1F or t == 0:
        raise Fault("DER_TAG_FORM", off)
    if off + 1 >= end:
        raise Fault("DER_TRUNCATED", off)
    lb = b[off + 1]
    if lb < 0x80:
        hdr, ln = 2, lb
    elif lb == 0x80:
        raise Fault("DER_INDEFINITE_LENGTH", off + 1)
    else:
        n = lb & 0x7F
        if n > 2:
            raise Fault("DER_LENGTH_TOO_LONG", off + 1)
        if off + 2 + n > end:
            raise Fault("DER_TRUNCATED", off + 1)
        if b[off + 2] == 0:
            raise Fault("DER_LENGTH_NOT_MINIMAL", off + 1)
        ln = int.from_bytes(b[off + 2:off + 2 + n], "big")
        if ln < 0x80:
            raise Fault("DER_LENGTH_NOT_MINIMAL", off + 1)
        hdr = 2 + n
    if off + hdr + ln > end:
        raise Fault("DER_TRUNCATED", off)
    h = Tlv()
    h.off, h.cls, h.cons, h.num, h.hdr, h.len = off, t >> 6, bool(t & 0x20), t & 0x1F, hdr, ln
    h.end = off + hdr + ln
    return h


class Fault(Exception):
    def __init__(self, err, off):
        Exception.__init__(self, err)
        self.err, self.off = err, off


def gate(b):
    """Layer 1 over the bare TLV structure: tags, lengths, truncation,
    trailing octets, nesting, size; and the universal primitive types."""
    if len(b) == 0:
        raise Fault("DER_TRUNCATED", 0)
    if len(b) > MAX_PDU:
        raise Fault("DER_TOO_LARGE", 0)
    h = read_header(b, 0, len(b))
    if h.end != len(b):
        raise Fault("DER_TRAILING_BYTES", h.end)

    def walk(off, end, level):
        while off < end:
            if level > MAX_DEPTH:
                raise Fault("DER_NESTING_TOO_DEEP", off)
            h = read_header(b, off, end)
            if h.cls == 0:
                check_universal(b, h)
            if h.cons:
                walk(h.off + h.hdr, h.end, level + 1)
            off = h.end
    walk(0, len(b), 1)


def check_universal(b, h):
    if h.num in (16, 17):
        if not h.cons:
            raise Fault("DER_CONSTRUCTED_FORM", h.off)
        return
    if h.cons:
        raise Fault("DER_CONSTRUCTED_FORM", h.off)
    c = b[h.off + h.hdr:h.end]
    if h.num == 1:
        check_boolean(c, h)
    elif h.num in (2, 10):
        check_integer(c, h)


def check_boolean(c, h):
    if len(c) != 1 or c[0] not in (0x00, 0xFF):
        raise Fault("DER_BOOLEAN", h.off)


def check_integer(c, h):
    if len(c) == 0:
        raise Fault("DER_EMPTY_INTEGER", h.off)
    if len(c) > 1 and ((c[0] == 0 and c[1] < 0x80) or (c[0] == 0xFF and c[1] >= 0x80)):
        raise Fault("DER_INTEGER_NOT_MINIMAL", h.off)


class Decoder:
    def __init__(self, b):
        self.b = b
        self.faults = []     # (layer, offset, error)

    def fault(self, err, off):
        self.faults.append((layer_of(err), off, err))

    def value(self, t, h):
        """The value of type t in the TLV h (tag already matched)."""
        t = resolve(t)
        k = t[0]
        b = self.b
        c = b[h.off + h.hdr:h.end]
        if k in ("seq", "seqof"):
            if not h.cons:
                self.fault("DER_CONSTRUCTED_FORM", h.off)
                raise Stop()
            return self.seq(t, h) if k == "seq" else self.seqof(t, h)
        if k == "choice":     # explicit tag around a CHOICE
            if not h.cons:
                # REQ-ENC-005: an explicit tag is constructed (X.690 8.14.3)
                self.fault("DER_CONSTRUCTED_FORM", h.off)
                raise Stop()
            inner = read_header(b, h.off + h.hdr, h.end)
            v = self.choice(t, inner)
            if inner.end != h.end:
                self.fault("SCHEMA", inner.end)
                raise Stop()
            return v
        if h.cons:
            self.fault("DER_CONSTRUCTED_FORM", h.off)
            return None
        if k in ("integer", "app-u32", "enum"):
            try:
                check_integer(c, h)
            except Fault as f:
                self.fault(f.err, f.off)
                return None
            v = int.from_bytes(c, "big", signed=True)
            if k == "integer" and not t[1] <= v <= t[2]:
                self.fault("CONSTRAINT", h.off)
            if k == "app-u32" and not 0 <= v <= 4294967295:
                self.fault("VALUE_RANGE", h.off)
            if k == "enum":
                if 0 <= v < len(t[1]):
                    return t[1][v]
                if not t[2]:
                    self.fault("UNKNOWN_ENUM", h.off)
            return v
        if k == "boolean":
            try:
                check_boolean(c, h)
            except Fault as f:
                self.fault(f.err, f.off)
                return None
            return c[0] == 0xFF
        if k == "octets":
            if not t[1] <= len(c) <= t[2]:
                self.fault("CONSTRAINT", h.off)
            return c.hex()
        if k == "utf8":
            try:
                s = c.decode("utf-8")
            except UnicodeDecodeError:
                self.fault("CONSTRAINT", h.off)
                return None
            if not t[1] <= len(s) <= t[2]:      # SIZE of a UTF8String counts characters
                self.fault("CONSTRAINT", h.off)
            return s
        raise ValueError(k)

    def seq(self, t, h):
        out = {}
        off, end = h.off + h.hdr, h.end
        comps = t[1]
        i = 0
        while off < end:
            e = read_header(self.b, off, end)
            # the component whose tag this is, at or after position i
            while i < len(comps):
                n = i
                if e.cls == 2 and e.num == n:
                    break
                if comps[i][2]:          # optional and absent
                    i += 1
                    continue
                self.fault("SCHEMA", e.off)   # missing, out of order or unknown
                raise Stop()
            else:
                self.fault("SCHEMA", e.off)   # extra component
                raise Stop()
            name, ct, _ = comps[i]
            out[name] = self.value(ct, e)
            i += 1
            off = e.end
        for name, ct, opt in comps[i:]:
            if not opt:
                self.fault("SCHEMA", end)
                raise Stop()
        return out

    def seqof(self, t, h):
        out = []
        off, end = h.off + h.hdr, h.end
        et = resolve(t[1])
        want = UNIV[et[0]]
        while off < end:
            e = read_header(self.b, off, end)
            if e.cls != 0 or e.num != want:
                self.fault("SCHEMA", e.off)
                raise Stop()
            out.append(self.value(t[1], e))
            off = e.end
        if not t[2] <= len(out) <= t[3]:
            self.fault("CONSTRAINT", h.off)
        return out

    def choice(self, t, h):
        alts = t[1]
        if h.cls != 2 or h.num >= len(alts):
            self.fault("SCHEMA", h.off)
            raise Stop()
        name, at = alts[h.num]
        return {name: self.value(at, h)}


def frame(data):
    """REQ-GEN-009, REQ-ENC-010: the stream framer. ("ok", {"complete":
    False}) while the header or the contents are incomplete, ("ok",
    {"complete": True, "length": n}) for a whole outer TLV, ("error", NAME,
    0) for a header refused as soon as its octets show the fault."""
    b = bytes(data)
    if len(b) == 0:
        return ("ok", {"complete": False})
    t = b[0]
    if t & 0x1F == 0x1F or t == 0:
        return ("error", "DER_TAG_FORM", 0)
    if len(b) < 2:
        return ("ok", {"complete": False})
    lb = b[1]
    if lb == 0x80:
        return ("error", "DER_INDEFINITE_LENGTH", 0)
    if lb < 0x80:
        hdr, ln = 2, lb
    else:
        n = lb & 0x7F
        if n > 2:
            return ("error", "DER_LENGTH_TOO_LONG", 0)
        if len(b) < 2 + n:
            return ("ok", {"complete": False})
        ln = int.from_bytes(b[2:2 + n], "big")
        if b[2] == 0 or ln < 0x80:
            return ("error", "DER_LENGTH_NOT_MINIMAL", 0)
        hdr = 2 + n
    if hdr + ln > MAX_PDU:
        return ("error", "DER_TOO_LARGE", 0)
    if len(b) < hdr + ln:
        return ("ok", {"complete": False})
    return ("ok", {"complete": True, "length": hdr + ln})


def decode(type_name, data):
    """("ok", value) or ("error", NAME, offset)."""
    if type_name == "Frame":
        return frame(data)
    b = bytes(data)
    try:
        gate(b)
    except Fault as f:
        return ("error", f.err, f.off)
    d = Decoder(b)
    h = read_header(b, 0, len(b))
    value = None
    try:
        if type_name == "MsaPdu":
            if h.cls != 2:
                d.fault("SCHEMA", 0)
                raise Stop()
            if h.num > 4:                       # REQ-ENC-011
                d.fault("UNKNOWN_PDU", 0)
                raise Stop()
            value = d.choice(M["MsaPdu"], h)
        else:
            if h.cls != 0 or h.num != 16:
                d.fault("SCHEMA", 0)
                raise Stop()
            value = d.value(type_name, h)
    except Stop:
        pass
    except Fault as f:              # cannot happen after the gate; kept for safety
        d.fault(f.err, f.off)
    if d.faults:
        layer, off, err = min(d.faults)
        return ("error", err, off)
    enc = encode(type_name, value)
    if enc != b:
        i = next((i for i in range(min(len(enc), len(b))) if enc[i] != b[i]), min(len(enc), len(b)))
        return ("error", "NOT_CANONICAL", i)
    return ("ok", value)


# ---------------------------------------------------------------- encoder (layer 5)
def _len(n):
    if n < 0x80:
        return bytes([n])
    o = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(o)]) + o


def _tlv(tag, content):
    return bytes([tag]) + _len(len(content)) + content


def _int(v):
    n = 1
    while True:
        try:
            return v.to_bytes(n, "big", signed=True)
        except OverflowError:
            n += 1


def _enc(t, v, tag):
    t = resolve(t)
    k = t[0]
    if k == "choice":
        (name, av), = v.items()
        i = [a[0] for a in t[1]].index(name)
        inner = _enc(t[1][i][1], av, 0x80 | i)
        return inner if tag is None else _tlv(tag | 0x20, inner)
    cons = k in ("seq", "seqof")
    tg = (tag | (0x20 if cons else 0)) if tag is not None else (UNIV[k] | (0x20 if cons else 0))
    if k in ("integer", "app-u32"):
        return _tlv(tg, _int(v))
    if k == "enum":
        return _tlv(tg, _int(t[1].index(v) if isinstance(v, str) else v))
    if k == "octets":
        return _tlv(tg, bytes.fromhex(v))
    if k == "utf8":
        return _tlv(tg, v.encode("utf-8"))
    if k == "boolean":
        return _tlv(tg, b"\xff" if v else b"\x00")
    if k == "seq":
        return _tlv(tg, b"".join(_enc(ct, v[n], 0x80 | i) for i, (n, ct, o) in enumerate(t[1]) if n in v))
    if k == "seqof":
        return _tlv(tg, b"".join(_enc(t[1], e, None) for e in v))
    raise ValueError(k)


def encode(type_name, value):
    """DER of a value (JSON mapping) of a top type."""
    return _enc(type_name, value, None)
