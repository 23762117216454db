#!/usr/bin/python3
"""gen_encoding.py -- writes vectors/encoding/*.json: the encoding vectors
of every PDU type and every control-message body (issue 5, kind a).

Valid vectors carry the value (JSON, the mapping in vectors/README.md) and
its canonical DER in hex. Invalid vectors are each ONE precise change of a
valid encoding (a TLV tree mutated node by node, vectors/gen/msagen.py), with
the decoding step where it must fail (the layers of REQ-ENC-018), the exact
local error (spec section 15.2, msa_err_name) and the wire Diagnostic that
error maps to. Expected errors follow the SPEC (section 4), never the C code.

Usage: /usr/bin/python3 vectors/gen/gen_encoding.py OUTDIR
Deterministic: no randomness, no clock; the test PKI's certificates are
read from vectors/pki/.
"""
import hashlib
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from msagen import (T, Node, encode, clone, der_len, int_content, resolve,   # noqa: E402
                    write_json)

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))

STEP = {  # REQ-ENC-018: the layer that must report each error
    "DER_TRUNCATED": "der", "DER_INDEFINITE_LENGTH": "der", "DER_LENGTH_NOT_MINIMAL": "der",
    "DER_LENGTH_TOO_LONG": "der", "DER_TAG_FORM": "der", "DER_CONSTRUCTED_FORM": "der",
    "DER_TRAILING_BYTES": "der", "DER_NESTING_TOO_DEEP": "der", "DER_TOO_LARGE": "der",
    "DER_INTEGER_NOT_MINIMAL": "der", "DER_BOOLEAN": "der", "DER_EMPTY_INTEGER": "der",
    "UNKNOWN_PDU": "schema", "SCHEMA": "schema", "CONSTRAINT": "constraint",
    "VALUE_RANGE": "application", "UNKNOWN_ENUM": "application", "NOT_CANONICAL": "canonical",
}
ENC_REQ = {  # the requirement each error enforces
    "DER_TRUNCATED": "REQ-ENC-008", "DER_INDEFINITE_LENGTH": "REQ-ENC-002",
    "DER_LENGTH_NOT_MINIMAL": "REQ-ENC-003", "DER_LENGTH_TOO_LONG": "REQ-ENC-003",
    "DER_TAG_FORM": "REQ-ENC-004", "DER_CONSTRUCTED_FORM": "REQ-ENC-005",
    "DER_TRAILING_BYTES": "REQ-ENC-008", "DER_NESTING_TOO_DEEP": "REQ-ENC-009",
    "DER_TOO_LARGE": "REQ-ENC-010", "DER_INTEGER_NOT_MINIMAL": "REQ-ENC-006",
    "DER_BOOLEAN": "REQ-ENC-007", "DER_EMPTY_INTEGER": "REQ-ENC-006",
    "UNKNOWN_PDU": "REQ-ENC-011", "SCHEMA": "REQ-ENC-012", "CONSTRAINT": "REQ-ENC-012",
    "VALUE_RANGE": "REQ-ENC-013", "UNKNOWN_ENUM": "REQ-ENC-014", "NOT_CANONICAL": "REQ-ENC-015",
}

NOTES = {
    "Canonical": ("BASIC", "A valid value in canonical DER: decodes to exactly the given value and re-encodes to exactly the given octets (REQ-ENC-001, REQ-ENC-015)."),
    "Framing": ("BASIC", "The stream framer's answer for the octets received so far: complete (and the PDU's length) or not yet (REQ-GEN-009)."),
    "EarlyHeaderCheck": ("EDGE_CASE", "acceptable: a stream framer may refuse a header as soon as an octet shows it bad, or wait for the whole header (REQ-GEN-009 only requires the refusal before the contents are buffered)."),
    "BoundarySize": ("EDGE_CASE", "A value at a SIZE or range bound of the module (smallest or largest allowed): valid."),
    "SpecExample": ("KNOWN_ANSWER", "The worked example of spec Appendix C, octet for octet."),
    "RealCertificate": ("BASIC", "Carries certificates of the test PKI (vectors/pki/); only the encoding is judged here."),
    "UnknownDiagnostic": ("EDGE_CASE", "A Diagnostic value this version does not list: accepted and read as unspecified(0) (REQ-ENC-014). The decoded value is the number received."),
    "Truncated": ("TRUNCATION", "A TLV runs past the end of the input or of its enclosing value, or the input is empty (REQ-ENC-008): DER_TRUNCATED. One vector per cut point and per nesting level."),
    "LengthNotMinimal": ("BER_ENCODING", "A length in the long form where the short form fits, or with a leading 00 octet (REQ-ENC-003): DER_LENGTH_NOT_MINIMAL."),
    "LengthTooLong": ("BER_ENCODING", "A long-form length with more than 2 length octets (REQ-ENC-003): DER_LENGTH_TOO_LONG."),
    "IndefiniteLength": ("BER_ENCODING", "The indefinite length form, 80 ... 00 00 (REQ-ENC-002): DER_INDEFINITE_LENGTH."),
    "HighTagForm": ("BER_ENCODING", "A tag in the high-tag-number form (low five bits 11111) (REQ-ENC-004): DER_TAG_FORM."),
    "EndOfContentsTag": ("BER_ENCODING", "The octet 00 in tag position (REQ-ENC-004): DER_TAG_FORM."),
    "ConstructedForm": ("BER_ENCODING", "A value of a primitive type (INTEGER, ENUMERATED, BOOLEAN, OCTET STRING, UTF8String) in the constructed form, with BER segments as contents (REQ-ENC-005): DER_CONSTRUCTED_FORM, whether its tag is universal or context-specific."),
    "PrimitiveForm": ("BER_ENCODING", "A SEQUENCE, a SEQUENCE OF or an explicit tag (around a CHOICE) in the primitive form (REQ-ENC-005): DER_CONSTRUCTED_FORM."),
    "BadBoolean": ("BER_ENCODING", "A BOOLEAN whose contents are not the one octet 00 or FF (REQ-ENC-007): DER_BOOLEAN."),
    "IntegerNotMinimal": ("BER_ENCODING", "An INTEGER or ENUMERATED with a redundant leading 00 or FF octet (REQ-ENC-006): DER_INTEGER_NOT_MINIMAL, whether its tag is universal or context-specific."),
    "EmptyInteger": ("BER_ENCODING", "An INTEGER or ENUMERATED with no content octet (REQ-ENC-006): DER_EMPTY_INTEGER."),
    "TrailingBytes": ("MALFORMED", "Octets after the PDU's outer TLV (REQ-ENC-008, REQ-GEN-012): DER_TRAILING_BYTES."),
    "NestingTooDeep": ("RESOURCE", "TLVs nested 9 levels deep (REQ-ENC-009): DER_NESTING_TOO_DEEP, found by the DER gate before any schema check."),
    "TooLarge": ("RESOURCE", "A PDU longer than MSA_MAX_PDU = 16640 octets (REQ-ENC-010): DER_TOO_LARGE, diagnostic tooLarge."),
    "UnknownAlternative": ("UNKNOWN_VALUE", "An MsaPdu alternative other than [0]..[4] (REQ-ENC-011): UNKNOWN_PDU."),
    "UnknownInnerAlternative": ("UNKNOWN_VALUE", "An unknown alternative of an inner CHOICE (Credential) (REQ-ENC-012): SCHEMA."),
    "UnknownEnum": ("UNKNOWN_VALUE", "A ContentType or ReleaseReason value this version does not list (REQ-ENC-014): UNKNOWN_ENUM."),
    "SizeViolation": ("SIZE_LIMIT", "An OCTET STRING, UTF8String or SEQUENCE OF one element shorter or longer than its SIZE constraint (REQ-ENC-012): CONSTRAINT."),
    "RangeViolation": ("RANGE", "An INTEGER just outside its value constraint (REQ-ENC-012): CONSTRAINT."),
    "SeqRange": ("RANGE", "RecordHeader.seq outside 0..4294967295, which the generated decoder does not check (REQ-ENC-013): VALUE_RANGE."),
    "SchemaViolation": ("MALFORMED", "Well-formed DER that is not a value of the type: a missing mandatory component, an extra component, components out of order, a wrong tag (REQ-ENC-012): SCHEMA."),
    "LayerOrder": ("EDGE_CASE", "Two faults in different decoding layers: the first layer of REQ-ENC-018 decides the error, whatever the position of the faults in the octets."),
}

# ---------------------------------------------------------------- fixed inputs
def pattern(tag, n):
    """n deterministic octets named by tag (SHA-256 in counter mode)."""
    out = b""
    i = 0
    while len(out) < n:
        out += hashlib.sha256(b"msa vectors " + tag.encode() + i.to_bytes(2, "big")).digest()
        i += 1
    return out[:n].hex()


def pki(name):
    with open(os.path.join(ROOT, "vectors", "pki", name), "rb") as f:
        return f.read().hex()


AID_I, AID_R = "a1a2a3a4", "b1b2b3b4"
X25519_SHARE = {"group": 1, "keyExchange": pattern("x25519 share", 32)}
P256_SHARE = {"group": 2, "keyExchange": "04" + pattern("p256 share", 64)}
MLKEM_SHARE = {"group": 3, "keyExchange": pattern("mlkem share", 1216)}
SIG = "3045022100" + pattern("sig r", 32) + "0220" + pattern("sig s", 32)
CERT_I, CERT_R = pki("initiator-1.der"), pki("responder-1.der")


def init_min():
    return {"version": 1, "initiatorAid": AID_I, "suites": [1],
            "keyShares": [X25519_SHARE], "nonce": pattern("nonce i", 32)}


def init_full():
    v = init_min()
    v.update({"suites": [1, 2, 3, 4, 5, 6, 7, 0x11, 0x12, 0x101],
              "keyShares": [X25519_SHARE, P256_SHARE],
              "responderName": "urn:msa:ae:responder-1",
              "peerCertRef": pattern("peer ref", 32), "ownCertRef": pattern("own ref", 32)})
    return v


def resp_body(cred, known=False):
    return {"version": 1, "initiatorAid": AID_I, "responderAid": AID_R, "suite": 1,
            "keyShare": X25519_SHARE, "nonce": pattern("nonce r", 32),
            "credential": cred, "ownRefKnown": known}


def resp(cred=None, known=False):
    return {"body": resp_body(cred or {"chain": [CERT_R]}, known),
            "signature": SIG, "mac": pattern("mac2", 32)}


def finish(cred=None):
    return {"body": {"responderAid": AID_R, "credential": cred or {"chain": [CERT_I]}},
            "signature": SIG, "mac": pattern("mac3", 32)}


def header(t="appData", gen=0, seq=5, aid="11223344"):
    return {"assocId": aid, "type": t, "generation": gen, "seq": seq}


def record(t="appData", gen=0, seq=5, body="209ba1", icv="7ed1a54a81580ef32c8b82f79724873f"):
    return {"header": header(t, gen, seq), "body": body, "icv": icv}


# ---------------------------------------------------------------- vector building
class File:
    def __init__(self, tname, decode_as, comment):
        self.tname, self.decode_as, self.comment = tname, decode_as, comment
        self.tests, self.ids = [], set()

    def add(self, tid, comment, flags, reqs, hexs, result, value=None, error=None, step=None, offset=None):
        tid = "enc-%s-%s" % (self.tname, tid)
        if tid in self.ids:
            raise SystemExit("duplicate id " + tid)
        self.ids.add(tid)
        t = {"id": tid, "comment": comment, "flags": sorted(set(flags)),
             "reqs": sorted(set(reqs)), "result": result, "hex": hexs}
        if result == "valid":
            t["value"] = value
        elif result == "invalid":
            t["error"] = error
            t["step"] = step or STEP[error]
            t["diagnostic"] = "tooLarge" if error == "DER_TOO_LARGE" else "decodeError"
            if offset is not None:
                t["offset"] = offset
        self.tests.append(t)

    def invalid(self, tid, comment, flag, data, error, extra_reqs=(), step=None, at=None, offset=None):
        """data: octets, or a tree whose node named `at` is the offending
        TLV; its offset (REQ-ENC-017: the tag or length octet of the
        offending TLV) goes into the vector. SCHEMA faults carry none (the
        spec names no octet for a missing component)."""
        if isinstance(data, Node):
            if at is not None and error != "SCHEMA":
                offset = [o for n, d, o in data.walk() if n.name == at][0]
            data = data.enc()
        reqs = [ENC_REQ[error], "REQ-ENC-018"] + list(extra_reqs)
        if offset is not None:
            reqs.append("REQ-ENC-017")
        if self.decode_as not in ("MsaPdu", "Frame"):
            reqs.append("REQ-ENC-020")
        self.add(tid, comment, [flag], reqs, data.hex(), "invalid", error=error, step=step, offset=offset)


def wrap(f, v):
    """The value as decoded by the file's top type."""
    if f.decode_as == "MsaPdu":
        return {ALT[f.tname]: v}
    return v


ALT = {"HandshakeInit": "handshakeInit", "HandshakeResp": "handshakeResp",
       "HandshakeFinish": "handshakeFinish", "HandshakeReject": "handshakeReject",
       "ProtectedPdu": "protected"}


def tree_of(f, v):
    return encode(f.decode_as, wrap(f, v))


def valid(f, tid, comment, v, flags=("Canonical",), reqs=()):
    t = tree_of(f, v)
    r = ["REQ-ENC-001", "REQ-ENC-015"] + list(reqs)
    if f.decode_as != "MsaPdu":
        r.append("REQ-ENC-020")
    f.add(tid, comment, list(flags), r, t.enc().hex(), "valid", value=wrap(f, v))


def label(n):
    return n.name or "pdu"


def leaf_kind(f, node):
    """The module kind of a named node (INT, ENUM, OCT, UTF8, BOOL, SEQ, ...)."""
    parts = node.name.split(".") if node.name else []
    t = resolve(f.decode_as)
    for p in parts:
        idx = None
        if "[" in p:
            p, idx = p.split("[")[0], True
        if t[0] == "CHOICE":
            t = resolve(dict(t[1])[p])
        else:
            t = resolve([c for c in t[1] if c[0] == p][0][1])
        if idx:
            t = resolve(t[1])
    return t


def mutations(f, base, tag):
    """Every single-fault mutation of the valid value `base`."""
    tree = tree_of(f, base)
    full = tree.enc()
    nodes = list(tree.walk())

    # Truncation: cut the input at every TLV's tag, length and content offset.
    cuts = set()
    for n, d, off in nodes:
        tl = 1
        cuts.update([off, off + tl, off + tl + len(der_len(len(n.body())))])
    for c in sorted(cuts):
        if 0 < c < len(full):
            f.invalid("%s-cut-%d" % (tag, c), "the input cut after %d of its %d octets" % (c, len(full)),
                      "Truncated", full[:c], "DER_TRUNCATED", offset=0)
    # Truncation at every layer: the last TLV of each level announces one
    # octet more than its enclosing value holds.
    for n, d, off in nodes:
        par, i = tree.parent_of(n)
        if par is not None and i != len(par.kids) - 1:
            continue
        t2 = clone(tree)
        m = t2.find(n.name) if n.name else t2
        m.lenform = lambda ln: der_len(ln + 1)
        f.invalid("%s-runs-past-d%d-%s" % (tag, d, label(n)),
                  "%s (nesting level %d) announces one octet more than its enclosing value holds" % (label(n), d),
                  "Truncated", t2, "DER_TRUNCATED", at=n.name)

    for n, d, off in nodes:
        nm = label(n)
        k = leaf_kind(f, n)[0] if n.name else resolve(f.decode_as)[0]
        # lengths
        t2 = clone(tree)
        m = t2.find(n.name) if n.name else t2
        ln = len(m.body())
        if ln < 0x80:
            m.lenform = lambda x: bytes([0x81, x])
            f.invalid("%s-len81-%s" % (tag, nm), "length of %s (%d) in the long form 81 %02x" % (nm, ln, ln),
                      "LengthNotMinimal", t2, "DER_LENGTH_NOT_MINIMAL", at=n.name)
        if ln < 256:
            m.lenform = lambda x: b"\x82" + x.to_bytes(2, "big")
            f.invalid("%s-len82-%s" % (tag, nm), "length of %s (%d) as 82 00 %02x (leading 00 octet)" % (nm, ln, ln),
                      "LengthNotMinimal", t2, "DER_LENGTH_NOT_MINIMAL", at=n.name)
        if d <= 2:
            m.lenform = lambda x: b"\x83" + x.to_bytes(3, "big")
            f.invalid("%s-len83-%s" % (tag, nm), "length of %s in the long form with 3 length octets" % nm,
                      "LengthTooLong", t2, "DER_LENGTH_TOO_LONG", at=n.name)
        m.lenform = None
        # tags
        if d <= 3 or n.kids is None:
            t2 = clone(tree)
            m = t2.find(n.name) if n.name else t2
            m.tagb = bytes([m.tag | 0x1F, m.tag & 0x1F])
            f.invalid("%s-hightag-%s" % (tag, nm), "tag of %s (%02x) in the high-tag-number form %s" % (nm, n.tag, m.tagb.hex()),
                      "HighTagForm", t2, "DER_TAG_FORM", at=n.name)
        # forms
        if n.kids is not None:
            t2 = clone(tree)
            m = t2.find(n.name) if n.name else t2
            m.indefinite = True
            f.invalid("%s-indef-%s" % (tag, nm), "%s in the indefinite length form" % nm,
                      "IndefiniteLength", t2, "DER_INDEFINITE_LENGTH", at=n.name)
            if n.name or f.decode_as != "MsaPdu":   # MsaPdu's outer tag: in enc_MsaPdu
                t2 = clone(tree)
                m = t2.find(n.name)
                body = m.body()
                m.kids, m.content, m.tag = None, body, m.tag & ~0x20
                if k == "CHOICE":   # an explicit tag is constructed (REQ-ENC-005, X.690 8.14.3)
                    f.invalid("%s-prim-%s" % (tag, nm), "the explicit tag of %s in the primitive form" % nm,
                              "PrimitiveForm", t2, "DER_CONSTRUCTED_FORM", at=n.name)
                else:
                    f.invalid("%s-prim-%s" % (tag, nm), "%s (constructed type) in the primitive form" % nm,
                              "PrimitiveForm", t2, "DER_CONSTRUCTED_FORM", at=n.name)
        else:
            t2 = clone(tree)
            m = t2.find(n.name)
            seg = Node({"INT": 0x02, "ENUM": 0x0A, "OCT": 0x04, "UTF8": 0x0C, "BOOL": 0x01}[k], m.content)
            m.kids, m.tag = [seg], m.tag | 0x20
            f.invalid("%s-cons-%s" % (tag, nm), "%s (primitive type) in the constructed form, one segment" % nm,
                      "ConstructedForm", t2, "DER_CONSTRUCTED_FORM", at=n.name)
        # values
        if k in ("INT", "ENUM"):
            t2 = clone(tree)
            m = t2.find(n.name)
            pad = b"\xff" if m.content[0] & 0x80 else b"\x00"
            m.content = pad + m.content
            f.invalid("%s-intpad-%s" % (tag, nm), "%s with a redundant leading %s octet" % (nm, pad.hex()),
                      "IntegerNotMinimal", t2, "DER_INTEGER_NOT_MINIMAL", at=n.name)
            m.content = b""
            f.invalid("%s-intempty-%s" % (tag, nm), "%s with no content octet" % nm,
                      "EmptyInteger", t2, "DER_EMPTY_INTEGER", at=n.name)
        if k == "BOOL":
            for bad, what in ((b"\x01", "01"), (b"\x7f", "7f"), (b"", "empty"), (b"\xff\xff", "ffff")):
                t2 = clone(tree)
                m = t2.find(n.name)
                m.content = bad
                f.invalid("%s-bool-%s-%s" % (tag, what, nm), "BOOLEAN %s with contents %s" % (nm, what),
                          "BadBoolean", t2, "DER_BOOLEAN", at=n.name)
    # trailing bytes
    for extra, what in ((b"\x00", "00"), (b"\x00\x00", "0000"), (full, "pdu")):
        f.invalid("%s-trailing-%s" % (tag, what), "the PDU followed by %s" % (what if what != "pdu" else "a copy of itself"),
                  "TrailingBytes", full + extra, "DER_TRAILING_BYTES", ["REQ-GEN-012"], offset=len(full))
    return tree


def schema_mutations(f, base, tag):
    """Missing, extra, swapped and retagged components of every SEQUENCE."""
    tree = tree_of(f, base)
    for n, d, off in tree.walk():
        if n.kids is None or not n.name and f.decode_as == "MsaPdu":
            continue
        kind = leaf_kind(f, n)[0] if n.name else resolve(f.decode_as)[0]
        if kind != "SEQ":
            continue
        nm = label(n)
        comps = resolve(leaf_kind(f, n))[1] if n.name else resolve(f.decode_as)[1]
        for i, kid in enumerate(n.kids):
            cname = kid.name.split(".")[-1]
            opt = [c for c in comps if c[0] == cname][0][2]
            if opt:
                continue
            t2 = clone(tree)
            m = t2.find(n.name) if n.name else t2
            del m.kids[i]
            f.invalid("%s-missing-%s" % (tag, kid.name or cname), "%s without its mandatory component %s" % (nm, cname),
                      "SchemaViolation", t2.enc(), "SCHEMA")
        t2 = clone(tree)
        m = t2.find(n.name) if n.name else t2
        m.kids.append(Node(0x80 | len(comps), b"\x00"))
        f.invalid("%s-extra-%s" % (tag, nm), "%s with an extra component [%d] after its last one" % (nm, len(comps)),
                  "SchemaViolation", t2.enc(), "SCHEMA")
        if len(n.kids) >= 2:
            t2 = clone(tree)
            m = t2.find(n.name) if n.name else t2
            m.kids[0], m.kids[1] = m.kids[1], m.kids[0]
            f.invalid("%s-swapped-%s" % (tag, nm), "%s with its first two components in the wrong order" % nm,
                      "SchemaViolation", t2.enc(), "SCHEMA")
            t2 = clone(tree)
            m = t2.find(n.name) if n.name else t2
            m.kids[0].tag = (m.kids[0].tag & 0xE0) | 0x0F
            f.invalid("%s-wrongtag-%s" % (tag, nm), "%s whose first component has the tag [15]" % nm,
                      "SchemaViolation", t2.enc(), "SCHEMA")


def set_leaf(f, base, path, content=None, kids=None):
    tree = tree_of(f, base)
    m = tree.find(path)
    if content is not None:
        m.content = content
    if kids is not None:
        m.kids = kids
    return tree


def size_mutations(f, base, tag, path, lo, hi, kind="OCT"):
    """One element (or octet) below and above the SIZE bounds of `path`."""
    tree = tree_of(f, base)
    m = tree.find(path)
    for n, what in ((lo - 1, "below"), (hi + 1, "above")):
        if n < 0:
            continue
        t2 = clone(tree)
        m = t2.find(path)
        if kind == "SEQOF":
            if n == 0:
                m.kids = []
            else:
                m.kids = [clone(m.kids[i % len(m.kids)]) for i in range(n)]
        else:
            src = m.content if m.content else b"a"
            m.content = (src * (n // len(src) + 1))[:n] if kind == "UTF8" else bytes((i * 7 + 1) & 0xFF for i in range(n))
        f.invalid("%s-size-%s-%d" % (tag, path, n), "%s with %d %s (SIZE(%d..%d))" % (path, n, "elements" if kind == "SEQOF" else "octets", lo, hi),
                  "SizeViolation", t2, "CONSTRAINT", ["REQ-LIM-%03d" % int(LIM[path.split(".")[-1]])] if path.split(".")[-1] in LIM else [],
                  at=path)


LIM = {"suites": "7", "keyShares": "7", "keyExchange": "7", "chain": "5", "detail": "8",
       "responderName": "6", "body": "2"}


def range_mutations(f, base, tag, path, lo, hi, error="CONSTRAINT", flag="RangeViolation"):
    for v in (lo - 1, hi + 1):
        t2 = set_leaf(f, base, path, int_content(v))
        f.invalid("%s-range-%s-%d" % (tag, path, v), "%s = %d, outside %d..%d" % (path, v, lo, hi),
                  flag, t2, error, at=path)


def nesting(f, base, tag, path):
    """Replaces the leaf at `path` by context-tagged constructed TLVs nested
    until the 9th level (the deepest TLV of the whole PDU)."""
    tree = tree_of(f, base)
    depth = [d for n, d, o in tree.walk() if n.name == path][0]
    for total, leaf in ((8, True), (9, True), (9, False), (10, True)):
        t2 = clone(tree)
        m = t2.find(path)
        inner = Node(0x80, b"\x00") if leaf else Node(0xA0, kids=[])
        for _ in range(total - depth - 1):
            inner = Node(0xA0, kids=[inner])
        m.tag, m.kids, m.content = 0xA0 | (m.tag & 0x1F), [inner], b""
        if total == 8:
            f.invalid("%s-nest-8" % tag, "%s replaced by context-tagged TLVs nested down to level 8 (an allowed depth; not a value of the type)" % path,
                      "SchemaViolation", t2.enc(), "SCHEMA", ["REQ-ENC-009"])
        else:
            what = "a primitive TLV (80 01 00)" if leaf else "an empty constructed TLV (A0 00)"
            f.invalid("%s-nest-%d-%s" % (tag, total, "primitive" if leaf else "constructed"),
                      "%s replaced by context-tagged constructed TLVs nested down to level %d, holding %s at level %d" % (path, total - 1, what, total),
                      "NestingTooDeep", t2.enc(), "DER_NESTING_TOO_DEEP")


# ---------------------------------------------------------------- per type
def gen_init(out):
    f = File("HandshakeInit", "MsaPdu", "HandshakeInit (MsaPdu [0]), message 1")
    valid(f, "valid-minimal", "one suite, one key share, no optional component", init_min())
    valid(f, "valid-full", "ten suites (one reserved), two key shares, every optional component", init_full())
    v = init_min()
    v.update({"suites": list(range(1, 17)), "keyShares": [X25519_SHARE, P256_SHARE, MLKEM_SHARE, X25519_SHARE],
              "responderName": "u" * 255})
    valid(f, "valid-max", "16 suites, 4 key shares (one of 1216 octets), a 255-character responderName",
          v, ("Canonical", "BoundarySize"), ["REQ-LIM-006", "REQ-LIM-007"])
    v = init_min()
    v.update({"suites": [0, 65535], "responderName": "u", "keyShares": [{"group": 65535, "keyExchange": "00"}]})
    valid(f, "valid-bounds", "suite ids 0 and 65535, group 65535 with a 1-octet share, a 1-character name",
          v, ("Canonical", "BoundarySize"), ["REQ-LIM-006", "REQ-LIM-007"])
    v = init_min()
    v["version"] = 255
    valid(f, "valid-version-255", "version 255: a valid encoding (the engine rejects it, REQ-HS-010)", v, ("Canonical", "BoundarySize"))
    v = init_min()
    v["keyShares"] = [{"group": 9, "keyExchange": pattern("big share", 1600)}]
    valid(f, "valid-share-1600", "a 1600-octet key share of an unregistered group", v, ("Canonical", "BoundarySize"), ["REQ-LIM-007"])
    base = init_min()
    base["responderName"] = "urn:msa:ae:r"
    mutations(f, base, "m")
    schema_mutations(f, base, "s")
    size_mutations(f, base, "z", "handshakeInit.initiatorAid", 4, 4)
    size_mutations(f, base, "z", "handshakeInit.nonce", 32, 32)
    size_mutations(f, base, "z", "handshakeInit.responderName", 1, 255, "UTF8")
    size_mutations(f, init_full(), "z", "handshakeInit.peerCertRef", 32, 32)
    size_mutations(f, init_full(), "z", "handshakeInit.ownCertRef", 32, 32)
    size_mutations(f, base, "z", "handshakeInit.suites", 1, 16, "SEQOF")
    size_mutations(f, base, "z", "handshakeInit.keyShares", 1, 4, "SEQOF")
    size_mutations(f, base, "z", "handshakeInit.keyShares[0].keyExchange", 1, 1600)
    range_mutations(f, base, "r", "handshakeInit.version", 1, 255)
    range_mutations(f, base, "r", "handshakeInit.suites[0]", 0, 65535)
    range_mutations(f, base, "r", "handshakeInit.keyShares[0].group", 0, 65535)
    # an element of the wrong universal type in SEQUENCE OF SuiteId
    t = tree_of(f, base)
    t.find("handshakeInit.suites[0]").tag = 0x0A
    f.invalid("s-suite-enumerated", "a suite encoded as ENUMERATED (0A) in SEQUENCE OF SuiteId", "SchemaViolation", t.enc(), "SCHEMA")
    # layer order (REQ-ENC-018)
    t = tree_of(f, base)
    t.find("handshakeInit.version").content = b"\x00\x01"
    t.find("handshakeInit.initiatorAid").content = b"\x01\x02\x03"
    f.add("order-der-before-constraint", "version 1 as 80 02 0001 (layer 1) and a 3-octet initiatorAid (layer 3): the DER rule decides",
          ["LayerOrder"], ["REQ-ENC-018", "REQ-ENC-006"], t.enc().hex(), "invalid", error="DER_INTEGER_NOT_MINIMAL")
    return f


def gen_resp(out):
    f = File("HandshakeResp", "MsaPdu", "HandshakeResp (MsaPdu [1]), message 2")
    valid(f, "valid-chain1", "credential: a chain of one certificate", resp(), ("Canonical", "RealCertificate"))
    valid(f, "valid-chain4", "credential: a chain of four certificates (the longest)",
          resp({"chain": [pki("chain4.der"), pki("long-ca4.der"), pki("long-ca3.der"), pki("long-ca2.der")]}),
          ("Canonical", "RealCertificate", "BoundarySize"), ["REQ-LIM-005"])
    valid(f, "valid-reference", "credential: a certificate reference, ownRefKnown TRUE",
          resp({"reference": pattern("ref r", 32)}, True))
    v = resp({"chain": [pattern("cert 2048", 2048)]})
    v["signature"], v["mac"] = pattern("sig8", 8), pattern("mac64", 64)
    valid(f, "valid-bounds", "a 2048-octet certificate, an 8-octet signature, a 64-octet mac",
          v, ("Canonical", "BoundarySize"), ["REQ-LIM-004"])
    v = resp({"chain": [pattern("cert 1", 1)]})
    v["signature"], v["mac"] = pattern("sig139", 139), pattern("mac32", 32)
    valid(f, "valid-bounds2", "a 1-octet certificate, a 139-octet signature", v, ("Canonical", "BoundarySize"))
    base = resp({"reference": pattern("ref r", 32)})
    mutations(f, base, "m")
    schema_mutations(f, base, "s")
    withchain = resp({"chain": [pattern("cert small", 40)]})
    size_mutations(f, withchain, "z", "handshakeResp.body.credential.chain", 1, 4, "SEQOF")
    size_mutations(f, withchain, "z", "handshakeResp.body.credential.chain[0]", 1, 2048)
    size_mutations(f, base, "z", "handshakeResp.body.credential.reference", 32, 32)
    size_mutations(f, base, "z", "handshakeResp.body.responderAid", 4, 4)
    size_mutations(f, base, "z", "handshakeResp.body.keyShare.keyExchange", 1, 1600)
    size_mutations(f, base, "z", "handshakeResp.signature", 8, 139)
    size_mutations(f, base, "z", "handshakeResp.mac", 32, 64)
    range_mutations(f, base, "r", "handshakeResp.body.suite", 0, 65535)
    # an unknown alternative of the inner CHOICE Credential: [2]
    t = tree_of(f, base)
    t.find("handshakeResp.body.credential.reference").tag = 0x82
    f.invalid("s-credential-alt2", "Credential with the unknown alternative [2]", "UnknownInnerAlternative", t.enc(), "SCHEMA")
    # the explicit tag of credential given implicitly (CHOICE without its [6] wrapper)
    t = tree_of(f, base)
    cred = t.find("handshakeResp.body.credential")
    par, i = t.parent_of(cred)
    par.kids[i] = cred.kids[0]
    par.kids[i].tag = 0x86
    f.invalid("s-credential-implicit", "credential [6] tagged implicitly (the reference as 86 20 ...) instead of explicitly: an explicit tag in the primitive form",
              "PrimitiveForm", t.enc(), "DER_CONSTRUCTED_FORM", ["REQ-ENC-005"])
    nesting(f, withchain, "n", "handshakeResp.body.credential.chain[0]")
    return f


def gen_finish(out):
    f = File("HandshakeFinish", "MsaPdu", "HandshakeFinish (MsaPdu [2]), message 3")
    valid(f, "valid-chain1", "credential: the initiator's certificate", finish(), ("Canonical", "RealCertificate"))
    valid(f, "valid-chain2", "credential: a chain of two certificates",
          finish({"chain": [CERT_I, pki("int-ca.der")]}), ("Canonical", "RealCertificate"))
    valid(f, "valid-reference", "credential: a certificate reference", finish({"reference": pattern("ref i", 32)}))
    base = finish({"reference": pattern("ref i", 32)})
    mutations(f, base, "m")
    schema_mutations(f, base, "s")
    withchain = finish({"chain": [pattern("cert small", 40), pattern("cert small 2", 30)]})
    size_mutations(f, withchain, "z", "handshakeFinish.body.credential.chain", 1, 4, "SEQOF")
    size_mutations(f, base, "z", "handshakeFinish.body.responderAid", 4, 4)
    size_mutations(f, base, "z", "handshakeFinish.signature", 8, 139)
    size_mutations(f, base, "z", "handshakeFinish.mac", 32, 64)
    t = tree_of(f, withchain)
    t.find("handshakeFinish.body.credential.chain[1]").tag = 0x0C
    f.invalid("s-chain-utf8", "a certificate of the chain encoded as UTF8String (0C)", "SchemaViolation", t.enc(), "SCHEMA")
    return f


def gen_reject(out):
    f = File("HandshakeReject", "MsaPdu", "HandshakeReject (MsaPdu [3])")
    valid(f, "valid-nodetail", "no detail", {"destAid": AID_I, "diagnostic": "noCommonSuite"})
    valid(f, "valid-detail", "detail: the local error name", {"destAid": AID_I, "diagnostic": "badMac", "detail": "BAD_MAC"},
          reqs=["REQ-ERR-004"])
    valid(f, "valid-detail-empty", "an empty detail", {"destAid": AID_R, "diagnostic": "unspecified", "detail": ""},
          ("Canonical", "BoundarySize"), ["REQ-LIM-008"])
    valid(f, "valid-detail-128", "a detail of 128 characters", {"destAid": AID_R, "diagnostic": "userAbort", "detail": "d" * 128},
          ("Canonical", "BoundarySize"), ["REQ-LIM-008"])
    valid(f, "valid-detail-utf8", "a detail of 128 characters, some of them 2-octet UTF-8", {"destAid": AID_R, "diagnostic": "timeout", "detail": "\u00e9" * 100 + "x" * 28},
          ("Canonical", "BoundarySize"), ["REQ-LIM-008"])
    for i, d in enumerate(T["Diagnostic"][1]):
        valid(f, "valid-diag-%d" % i, "diagnostic %s (%d)" % (d, i), {"destAid": AID_I, "diagnostic": d})
    for v in (24, 127, 128, 65536, -1):
        valid(f, "valid-diag-unknown-%d" % v, "the unknown diagnostic value %d: accepted (read as unspecified)" % v,
              {"destAid": AID_I, "diagnostic": v}, ("UnknownDiagnostic",), ["REQ-ENC-014", "REQ-ERR-002"])
    base = {"destAid": AID_I, "diagnostic": "badSignature", "detail": "BAD_SIGNATURE"}
    mutations(f, base, "m")
    schema_mutations(f, base, "s")
    size_mutations(f, base, "z", "handshakeReject.destAid", 4, 4)
    size_mutations(f, base, "z", "handshakeReject.detail", 0, 128, "UTF8")
    return f


def gen_protected(out):
    f = File("ProtectedPdu", "MsaPdu", "ProtectedPdu (MsaPdu [4]): a record")
    valid(f, "valid-c3-aead", "spec Appendix C.3: suite 0x0001, assocId 11223344, appData, generation 0, seq 5, \"abc\"",
          record(), ("Canonical", "SpecExample"), ["REQ-DT-004", "REQ-DT-006"])
    valid(f, "valid-c3-hmac", "spec Appendix C.3: the same record with suite 0x0011 (HMAC ICV)",
          record(body="616263", icv="159b572f7515fd3e588be5555a2c867789b99ba5a258314d2814626601dc875e"),
          ("Canonical", "SpecExample"), ["REQ-DT-004", "REQ-DT-007"])
    for i, ct in enumerate(T["ContentType"][1]):
        valid(f, "valid-type-%s" % ct, "content type %s (%d)" % (ct, i), record(ct, seq=i))
    valid(f, "valid-empty-body", "an empty body (empty appData message)", record(body=""), ("Canonical", "BoundarySize"), ["REQ-DT-031"])
    valid(f, "valid-body-16384", "a body of 16384 octets (the largest)", record(body=pattern("body max", 16384)),
          ("Canonical", "BoundarySize"), ["REQ-LIM-002", "REQ-LIM-001"])
    valid(f, "valid-seq-max", "seq 4294967295 and generation 65535 (the largest)", record(gen=65535, seq=4294967295),
          ("Canonical", "BoundarySize"), ["REQ-ENC-013"])
    valid(f, "valid-seq-2p31", "seq 2147483648 (needs 5 content octets: 00 80 00 00 00)", record(seq=2147483648),
          ("Canonical", "BoundarySize"), ["REQ-ENC-013"])
    valid(f, "valid-seq-0", "seq 0, generation 0", record(seq=0), ("Canonical", "BoundarySize"))
    valid(f, "valid-icv-32", "a 32-octet icv", record(icv=pattern("icv32", 32)), ("Canonical", "BoundarySize"))
    base = record()
    mutations(f, base, "m")
    schema_mutations(f, base, "s")
    size_mutations(f, base, "z", "protected.header.assocId", 4, 4)
    size_mutations(f, base, "z", "protected.icv", 16, 32)
    # body of 16385 octets: a constraint violation, not a size one (the PDU is < 16640)
    t = set_leaf(f, base, "protected.body", bytes(16385))
    f.invalid("z-size-body-16385", "a body of 16385 octets (SIZE(0..16384)); the PDU itself is below MSA_MAX_PDU",
              "SizeViolation", t, "CONSTRAINT", ["REQ-LIM-002"], at="protected.body")
    range_mutations(f, base, "r", "protected.header.generation", 0, 65535)
    range_mutations(f, base, "r", "protected.header.seq", 0, 4294967295, "VALUE_RANGE", "SeqRange")
    t = set_leaf(f, base, "protected.header.seq", int_content(-5))
    f.invalid("r-seq-negative-5", "seq = -5 (content FB)", "SeqRange", t, "VALUE_RANGE", at="protected.header.seq")
    t = set_leaf(f, base, "protected.header.seq", int_content(2 ** 40))
    f.invalid("r-seq-2p40", "seq = 2^40 (6 content octets)", "SeqRange", t, "VALUE_RANGE", at="protected.header.seq")
    for v in (7, 8, 127, 1000, -1):
        t = set_leaf(f, base, "protected.header.type", int_content(v))
        f.invalid("e-type-%d" % v, "ContentType %d, not listed by v1" % v, "UnknownEnum", t, "UNKNOWN_ENUM", at="protected.header.type")
    # largest PDUs: MSA_MAX_PDU is 16640 octets
    for total in (16640, 16641, 20000):
        t = set_leaf(f, base, "protected.body", b"")
        fixed = len(t.enc())
        n = total - fixed
        while len(set_leaf(f, base, "protected.body", bytes(n)).enc()) > total:
            n -= 1
        t = set_leaf(f, base, "protected.body", bytes(n))
        assert len(t.enc()) == total, (total, len(t.enc()))
        if total == 16640:
            f.invalid("z-pdu-16640", "a PDU of exactly 16640 octets (allowed) whose body of %d octets breaks SIZE(0..16384)" % n,
                      "SizeViolation", t, "CONSTRAINT", ["REQ-ENC-010", "REQ-LIM-001"], at="protected.body")
        else:
            f.invalid("big-%d" % total, "a PDU of %d octets (body of %d)" % (total, n), "TooLarge", t.enc(), "DER_TOO_LARGE", ["REQ-LIM-001"], offset=0)
    # layer order
    t = tree_of(f, record("abort", seq=5))
    t.find("protected.header.type").content = b"\x09"
    t.find("protected.header.generation").content = int_content(70000)
    f.add("order-constraint-before-enum", "ContentType 9 (layer 4, application) before generation 70000 (layer 3, constraint) in the octets: the constraint decides",
          ["LayerOrder"], ["REQ-ENC-018", "REQ-ENC-012", "REQ-ENC-014"], t.enc().hex(), "invalid", error="CONSTRAINT")
    t = tree_of(f, record())
    t.find("protected.header.generation").content = b"\x00\x00"
    t.find("protected.header.seq").content = int_content(2 ** 33)
    f.add("order-der-before-range", "generation 0 as 82 02 0000 (layer 1) and seq 2^33 (layer 4): the DER rule decides",
          ["LayerOrder"], ["REQ-ENC-018", "REQ-ENC-006", "REQ-ENC-013"], t.enc().hex(), "invalid", error="DER_INTEGER_NOT_MINIMAL")
    t = tree_of(f, record())
    t.find("protected.icv").content = b"\x00" * 8
    f.add("order-trailing-before-constraint", "an 8-octet icv (layer 3) and a trailing 00 (layer 1): the DER rule decides",
          ["LayerOrder"], ["REQ-ENC-018", "REQ-ENC-008"], (t.enc() + b"\x00").hex(), "invalid", error="DER_TRAILING_BYTES")
    return f


def gen_msapdu(out):
    f = File("MsaPdu", "MsaPdu", "the outer CHOICE MsaPdu: tags, sizes and framing independent of the alternative")
    init = encode("MsaPdu", {"handshakeInit": init_min()}).enc()
    body = init[2:] if init[1] < 0x80 else init[2 + (init[1] & 0x7F):]
    f.invalid("empty", "an empty input", "Truncated", b"", "DER_TRUNCATED")
    f.invalid("tag-only", "a lone tag octet A0", "Truncated", b"\xa0", "DER_TRUNCATED")
    for t in (0xA5, 0xA6, 0xBE):
        f.invalid("alt-%02x" % t, "outer tag %02x: the unknown alternative [%d], contents of a HandshakeInit" % (t, t & 0x1F),
                  "UnknownAlternative", bytes([t]) + der_len(len(body)) + body, "UNKNOWN_PDU")
    f.invalid("alt-a5-empty", "outer tag A5 with empty contents", "UnknownAlternative", b"\xa5\x00", "UNKNOWN_PDU")
    f.invalid("alt-85", "outer tag 85: the unknown alternative [5], primitive", "UnknownAlternative", b"\x85\x01\x00", "UNKNOWN_PDU")
    f.invalid("universal-30", "outer tag 30 (universal SEQUENCE): not an alternative of MsaPdu", "SchemaViolation",
              b"\x30" + der_len(len(body)) + body, "SCHEMA")
    f.invalid("application-60", "outer tag 60 (application class)", "SchemaViolation", b"\x60" + der_len(len(body)) + body, "SCHEMA")
    f.invalid("primitive-80", "outer tag 80: alternative [0] (a SEQUENCE) in the primitive form", "PrimitiveForm",
              b"\x80" + der_len(len(body)) + body, "DER_CONSTRUCTED_FORM")
    f.invalid("tag-00", "tag octet 00 (end-of-contents) in tag position", "EndOfContentsTag", b"\x00\x00", "DER_TAG_FORM")
    f.invalid("tag-1f", "outer tag BF 00: alternative [0] in the high-tag-number form", "HighTagForm",
              b"\xbf\x00" + der_len(len(body)) + body, "DER_TAG_FORM")
    f.invalid("len-indef-empty", "A0 80 00 00", "IndefiniteLength", b"\xa0\x80\x00\x00", "DER_INDEFINITE_LENGTH")
    f.invalid("len-84", "a 4-octet long-form length", "LengthTooLong", b"\xa0\x84\x00\x00\x00\x05" + b"\x00" * 5, "DER_LENGTH_TOO_LONG")
    f.invalid("len-ff", "length octet FF (127 length octets)", "LengthTooLong", b"\xa0\xff" + b"\x00" * 8, "DER_LENGTH_TOO_LONG")
    f.invalid("len-82-trunc", "a long-form length cut after its first octet", "Truncated", b"\xa4\x82\x41", "DER_TRUNCATED")
    f.invalid("two-pdus", "two HandshakeInit PDUs back to back (a datagram holds one)", "TrailingBytes", init + init,
              "DER_TRAILING_BYTES", ["REQ-GEN-012"])
    f.invalid("empty-a0", "A0 00: HandshakeInit with no component", "SchemaViolation", b"\xa0\x00", "SCHEMA")
    f.invalid("empty-a4", "A4 00: ProtectedPdu with no component", "SchemaViolation", b"\xa4\x00", "SCHEMA")
    return f


def gen_frame(out):
    """The stream framer (REQ-GEN-009, REQ-ENC-010): given the octets
    received so far, one whole PDU is there (its length), more octets are
    needed, or the header is refused before any content is buffered."""
    f = File("Frame", "Frame", "framing of PDUs on a stream by their outer TLV header")
    init = encode("MsaPdu", {"handshakeInit": init_min()}).enc()
    big = encode("MsaPdu", {"protected": record(body="00" * 300)}).enc()
    reqs = ["REQ-GEN-009"]

    def ok(tid, comment, data, value, flags=("Framing",), extra=()):
        f.add(tid, comment, list(flags), reqs + list(extra), data.hex(), "valid", value=value)

    def bad(tid, comment, flag, data, error, offset):
        f.add(tid, comment, [flag], reqs + [ENC_REQ[error], "REQ-ENC-017"], data.hex(), "invalid",
              error=error, offset=offset)
    ok("empty", "nothing received yet", b"", {"complete": False})
    ok("tag-only", "the tag octet alone", init[:1], {"complete": False})
    ok("header", "a whole short header, no content yet", init[:2], {"complete": False})
    ok("one-short", "the PDU without its last octet", init[:-1], {"complete": False})
    ok("exact", "exactly one PDU", init, {"complete": True, "length": len(init)})
    ok("two", "one PDU and the start of the next: the first is framed", init + init[:3],
       {"complete": True, "length": len(init)})
    ok("long-header-partial", "a long-form header (82) cut after its first length octet", big[:3], {"complete": False})
    ok("long-header", "a whole long-form header, no content yet", big[:4], {"complete": False})
    ok("long-exact", "a PDU with a two-octet length", big, {"complete": True, "length": len(big)})
    max_hdr = b"\xa4\x82" + (16640 - 4).to_bytes(2, "big")
    ok("max-announced", "a header announcing 16636 content octets, 16640 in all (MSA_MAX_PDU)", max_hdr,
       {"complete": False}, ("Framing", "BoundarySize"), ["REQ-ENC-010", "REQ-LIM-001"])
    for n, what in ((16641 - 4, "16641 in all"), (0xFFFF, "65535 content octets")):
        bad("too-large-%d" % n, "a header announcing %s: refused from the header alone, before the contents" % what,
            "TooLarge", b"\xa4\x82" + n.to_bytes(2, "big"), "DER_TOO_LARGE", 0)
    bad("indefinite", "A0 80: the indefinite form, from the header alone", "IndefiniteLength", b"\xa0\x80", "DER_INDEFINITE_LENGTH", 0)
    bad("len83", "A4 83: three length octets, refused at the second octet", "LengthTooLong", b"\xa4\x83", "DER_LENGTH_TOO_LONG", 0)
    bad("len81-short", "A0 81 05: the long form for a length below 128", "LengthNotMinimal", b"\xa0\x81\x05", "DER_LENGTH_NOT_MINIMAL", 0)
    bad("len82-zero", "A4 82 00 05: a leading 00 length octet", "LengthNotMinimal", b"\xa4\x82\x00\x05", "DER_LENGTH_NOT_MINIMAL", 0)
    bad("hightag", "BF: the high-tag-number form, from the first octet", "HighTagForm", b"\xbf", "DER_TAG_FORM", 0)
    bad("tag00", "00: end-of-contents in tag position", "EndOfContentsTag", b"\x00\x05", "DER_TAG_FORM", 0)
    # A choice the spec leaves open: the first length octet 00 already
    # shows a non-minimal header, but the header is not complete yet.
    f.add("len82-zero-partial", "A4 82 00: a leading 00 length octet, the second length octet not received yet: "
          "refusing now (DER_LENGTH_NOT_MINIMAL) or waiting for the whole header are both allowed",
          ["EarlyHeaderCheck"], reqs + ["REQ-ENC-003"], "a48200", "acceptable")
    return f


def control(name, decode_as, comment, valids, base, extra=None):
    f = File(name, decode_as, comment)
    for tid, c, v, flags in valids:
        valid(f, tid, c, v, flags)
    mutations(f, base, "m")
    schema_mutations(f, base, "s")
    if extra:
        extra(f, base)
    return f


def gen_controls():
    files = []
    files.append(control("KeyUpdate", "KeyUpdate", "KeyUpdate: the body of a keyUpdate record",
                         [("valid-true", "updateRequested TRUE", {"updateRequested": True}, ("Canonical",)),
                          ("valid-false", "updateRequested FALSE", {"updateRequested": False}, ("Canonical",))],
                         {"updateRequested": True}))

    def rk_extra(f, base):
        size_mutations(f, base, "z", "keyShare.keyExchange", 1, 1600)
        range_mutations(f, base, "r", "keyShare.group", 0, 65535)
    for nm in ("RekeyRequest", "RekeyResponse"):
        files.append(control(nm, nm, "%s: the body of a %s record" % (nm, nm[0].lower() + nm[1:]),
                             [("valid-x25519", "an X25519 key share", {"keyShare": X25519_SHARE}, ("Canonical",)),
                              ("valid-p256", "a P-256 key share", {"keyShare": P256_SHARE}, ("Canonical",))],
                             {"keyShare": X25519_SHARE}, rk_extra))

    def rr_extra(f, base):
        t = tree_of(f, base)
        for v in (3, 4, 255, -1):
            t.find("reason").content = int_content(v)
            f.invalid("e-reason-%d" % v, "ReleaseReason %d, not listed by v1" % v, "UnknownEnum", t, "UNKNOWN_ENUM", at="reason")
    for nm in ("ReleaseRequest", "ReleaseResponse"):
        files.append(control(nm, nm, "%s: the body of a %s record" % (nm, nm[0].lower() + nm[1:]),
                             [("valid-%s" % r, "reason %s" % r, {"reason": r}, ("Canonical",)) for r in T["ReleaseReason"][1]],
                             {"reason": "normal"}, rr_extra))

    def ab_extra(f, base):
        size_mutations(f, base, "z", "detail", 0, 128, "UTF8")
    files.append(control("Abort", "Abort", "Abort: the body of an abort record",
                         [("valid-nodetail", "userAbort, no detail", {"diagnostic": "userAbort"}, ("Canonical",)),
                          ("valid-detail", "badRecord with its detail", {"diagnostic": "badRecord", "detail": "BAD_RECORD"}, ("Canonical",)),
                          ("valid-detail-128", "a 128-character detail", {"diagnostic": "timeout", "detail": "t" * 128}, ("Canonical", "BoundarySize")),
                          ("valid-diag-unknown-200", "the unknown diagnostic 200: accepted", {"diagnostic": 200}, ("UnknownDiagnostic",))],
                         {"diagnostic": "badSequence", "detail": "BAD_SEQUENCE"}, ab_extra))
    return files


def emit(outdir, f):
    notes = {}
    for t in f.tests:
        for fl in t["flags"]:
            notes[fl] = {"bugType": NOTES[fl][0], "description": NOTES[fl][1]}
    doc = {
        "schema": "msa-vectors-1",
        "kind": "encoding",
        "generator": "vectors/gen/gen_encoding.py",
        "specVersion": "MSA v1",
        "header": ["Encoding vectors of %s: %s." % (f.tname, f.comment),
                   "A valid vector decodes (type %s, every layer of REQ-ENC-018) to `value` and re-encodes to `hex`." % f.decode_as,
                   "An invalid vector is rejected at `step` with the local error `error`; `diagnostic` is what an association ended by it sends (spec 15.2)."],
        "numberOfTests": len(f.tests),
        "notes": dict(sorted(notes.items())),
        "testGroups": [{"type": f.tname, "decodeAs": f.decode_as, "tests": f.tests}],
    }
    write_json(os.path.join(outdir, "enc_%s.json" % f.tname), doc)


def main():
    if len(sys.argv) != 2:
        print("usage: gen_encoding.py OUTDIR", file=sys.stderr)
        return 2
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    for f in [gen_frame(out), gen_msapdu(out), gen_init(out), gen_resp(out), gen_finish(out), gen_reject(out), gen_protected(out)] + gen_controls():
        emit(out, f)
    return 0


if __name__ == "__main__":
    sys.exit(main())
