"""msagen.py -- the pieces shared by MSA's vector generators (vectors/gen/).

A TLV tree (Node) that serialises to DER and can be mutated node by node,
so that every invalid encoding is one precise change of a valid one; an
encoder from a JSON value to such a tree for every type of asn1/msa.asn1
(transcribed by hand from the module: AUTOMATIC TAGS, implicit context tags
[n] in textual order, explicit for a component whose type is a CHOICE); and
the writer of the vector files (stable key order, two-space indent, so that
`make vectors` is byte-for-byte reproducible).

This is generator code: the library (build/msa vectors run) and the
independent cross-check (scripts/xcheck/) are what judge the vectors.
"""
import copy
import json

# ---------------------------------------------------------------- the module
# kind, then: INT (lo, hi), ENUM (names, extensible), OCT/UTF8 (min, max),
# BOOL, SEQ [(name, type, optional)], SEQOF (elem, min, max), CHOICE [(name, type)]
DIAG = ["unspecified", "protocolVersion", "decodeError", "unexpectedPdu",
        "noCommonSuite", "illegalParameter", "badKeyShare", "badCertificate",
        "certificateExpired", "unknownCa", "badIdentity", "unknownCertRef",
        "badSignature", "badMac", "badRecord", "badSequence", "tooLarge",
        "usageLimit", "renewalError", "unknownAssoc", "resourceExhausted",
        "timeout", "internalError", "userAbort"]
CONTENT_TYPES = ["appData", "keyUpdate", "rekeyRequest", "rekeyResponse",
                 "releaseRequest", "releaseResponse", "abort"]
REASONS = ["normal", "shutdown", "idle"]

T = {
    "Version": ("INT", 1, 255),
    "AssocId": ("OCT", 4, 4),
    "SuiteId": ("INT", 0, 65535),
    "GroupId": ("INT", 0, 65535),
    "Nonce": ("OCT", 32, 32),
    "CertRef": ("OCT", 32, 32),
    "Certificate": ("OCT", 1, 2048),
    "Signature": ("OCT", 8, 139),
    "Mac": ("OCT", 32, 64),
    "AeName": ("UTF8", 1, 255),
    "KeyShare": ("SEQ", [("group", "GroupId", False),
                         ("keyExchange", ("OCT", 1, 1600), False)]),
    "Credential": ("CHOICE", [("chain", ("SEQOF", "Certificate", 1, 4)),
                              ("reference", "CertRef")]),
    "HandshakeInit": ("SEQ", [("version", "Version", False),
                              ("initiatorAid", "AssocId", False),
                              ("suites", ("SEQOF", "SuiteId", 1, 16), False),
                              ("keyShares", ("SEQOF", "KeyShare", 1, 4), False),
                              ("nonce", "Nonce", False),
                              ("responderName", "AeName", True),
                              ("peerCertRef", "CertRef", True),
                              ("ownCertRef", "CertRef", True)]),
    "RespBody": ("SEQ", [("version", "Version", False),
                         ("initiatorAid", "AssocId", False),
                         ("responderAid", "AssocId", False),
                         ("suite", "SuiteId", False),
                         ("keyShare", "KeyShare", False),
                         ("nonce", "Nonce", False),
                         ("credential", "Credential", False),
                         ("ownRefKnown", ("BOOL",), False)]),
    "HandshakeResp": ("SEQ", [("body", "RespBody", False),
                              ("signature", "Signature", False),
                              ("mac", "Mac", False)]),
    "FinishBody": ("SEQ", [("responderAid", "AssocId", False),
                           ("credential", "Credential", False)]),
    "HandshakeFinish": ("SEQ", [("body", "FinishBody", False),
                                ("signature", "Signature", False),
                                ("mac", "Mac", False)]),
    "Diagnostic": ("ENUM", DIAG, True),
    "HandshakeReject": ("SEQ", [("destAid", "AssocId", False),
                                ("diagnostic", "Diagnostic", False),
                                ("detail", ("UTF8", 0, 128), True)]),
    "ContentType": ("ENUM", CONTENT_TYPES, True),
    "RecordHeader": ("SEQ", [("assocId", "AssocId", False),
                             ("type", "ContentType", False),
                             ("generation", ("INT", 0, 65535), False),
                             ("seq", ("INT", 0, 4294967295), False)]),
    "ProtectedPdu": ("SEQ", [("header", "RecordHeader", False),
                             ("body", ("OCT", 0, 16384), False),
                             ("icv", ("OCT", 16, 32), False)]),
    "KeyUpdate": ("SEQ", [("updateRequested", ("BOOL",), False)]),
    "RekeyRequest": ("SEQ", [("keyShare", "KeyShare", False)]),
    "RekeyResponse": ("SEQ", [("keyShare", "KeyShare", False)]),
    "ReleaseReason": ("ENUM", REASONS, True),
    "ReleaseRequest": ("SEQ", [("reason", "ReleaseReason", False)]),
    "ReleaseResponse": ("SEQ", [("reason", "ReleaseReason", False)]),
    "Abort": ("SEQ", [("diagnostic", "Diagnostic", False),
                      ("detail", ("UTF8", 0, 128), True)]),
    "MsaPdu": ("CHOICE", [("handshakeInit", "HandshakeInit"),
                          ("handshakeResp", "HandshakeResp"),
                          ("handshakeFinish", "HandshakeFinish"),
                          ("handshakeReject", "HandshakeReject"),
                          ("protected", "ProtectedPdu")]),
}

UNIVERSAL = {"INT": 0x02, "ENUM": 0x0A, "OCT": 0x04, "UTF8": 0x0C,
             "BOOL": 0x01, "SEQ": 0x30, "SEQOF": 0x30}


def resolve(t):
    while isinstance(t, str):
        t = T[t]
    return t


def constructed(t):
    return resolve(t)[0] in ("SEQ", "SEQOF")


# ---------------------------------------------------------------- TLV tree
def der_len(n):
    if n < 0x80:
        return bytes([n])
    b = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(b)]) + b


def int_content(v):
    n = 1
    while True:
        try:
            return v.to_bytes(n, "big", signed=True)
        except OverflowError:
            n += 1


class Node:
    """One TLV. kids is None for a primitive value (content holds its octets).
    lenform: None (DER) or a function len -> length octets; tagb: the tag
    octets (default one octet, `tag`); indefinite: 80 ... 00 00."""

    def __init__(self, tag, content=b"", kids=None, name=""):
        self.tag = tag
        self.content = content
        self.kids = kids
        self.name = name
        self.lenform = None
        self.tagb = None
        self.indefinite = False

    def body(self):
        if self.kids is None:
            return self.content
        return b"".join(k.enc() for k in self.kids)

    def enc(self):
        body = self.body()
        tag = self.tagb if self.tagb is not None else bytes([self.tag])
        if self.indefinite:
            return tag + b"\x80" + body + b"\x00\x00"
        ln = self.lenform(len(body)) if self.lenform else der_len(len(body))
        return tag + ln + body

    def walk(self, depth=1, off=0):
        """(node, depth, offset of its tag) for every node, preorder."""
        yield self, depth, off
        if self.kids is not None:
            tl = len(self.tagb) if self.tagb is not None else 1
            o = off + tl + len(der_len(len(self.body())))
            for k in self.kids:
                yield from k.walk(depth + 1, o)
                o += len(k.enc())

    def find(self, name):
        for n, _, _ in self.walk():
            if n.name == name:
                return n
        raise KeyError(name)

    def parent_of(self, node):
        for n, _, _ in self.walk():
            if n.kids is not None:
                for i, k in enumerate(n.kids):
                    if k is node:
                        return n, i
        return None, None


def encode(tname, value, tag=None, name=""):
    """Tree of DER(value) of type tname; tag: the implicit context tag octet
    (class and number; the constructed bit is added here) or None for the
    universal tag."""
    t = resolve(tname)
    k = t[0]
    if k == "CHOICE":
        (alt, v), = value.items()
        for i, (an, at) in enumerate(t[1]):
            if an == alt:
                inner = encode(at, v, 0x80 | i, (name + "." if name else "") + an)
                break
        else:
            raise KeyError(alt)
        if tag is None:        # untagged CHOICE: the alternative's TLV
            return inner
        return Node(tag | 0x20, kids=[inner], name=name)   # explicit
    tg = (tag | (0x20 if k in ("SEQ", "SEQOF") else 0)) if tag is not None else UNIVERSAL[k]
    if k == "INT":
        return Node(tg, int_content(value), name=name)
    if k == "ENUM":
        v = t[1].index(value) if isinstance(value, str) else value
        return Node(tg, int_content(v), name=name)
    if k == "OCT":
        return Node(tg, bytes.fromhex(value), name=name)
    if k == "UTF8":
        return Node(tg, value.encode("utf-8"), name=name)
    if k == "BOOL":
        return Node(tg, b"\xff" if value else b"\x00", name=name)
    if k == "SEQ":
        kids = []
        for i, (cn, ct, opt) in enumerate(t[1]):
            if cn not in value:
                if not opt:
                    raise KeyError("missing " + cn)
                continue
            kids.append(encode(ct, value[cn], 0x80 | i, (name + "." if name else "") + cn))
        return Node(tg, kids=kids, name=name)
    if k == "SEQOF":
        kids = [encode(t[1], v, None, "%s[%d]" % (name, i)) for i, v in enumerate(value)]
        return Node(tg, kids=kids, name=name)
    raise ValueError(k)


def clone(tree):
    return copy.deepcopy(tree)


# ---------------------------------------------------------------- output
def write_json(path, obj):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f, indent=1, ensure_ascii=True)
        f.write("\n")
