"""asn1types.py -- the module asn1/msa.asn1 as asn1crypto classes: a second,
third-party DER codec, used to confirm that every valid encoding vector is
a DER value of its type (asn1crypto parses it strictly and re-encodes it to
the same octets). asn1crypto checks no SIZE or value constraint: those are
msader.py's job. AUTOMATIC TAGS: component i of a SEQUENCE is [i]
IMPLICIT, except a CHOICE component, which is [i] EXPLICIT.
"""
from asn1crypto import core


class Enumerated(core.Integer):
    """ENUMERATED (universal 10) read as its number: the names, and which
    values are known, are msader.py's business."""
    tag = 10


class Version(core.Integer):
    pass


class SuiteId(core.Integer):
    pass


class Suites(core.SequenceOf):
    _child_spec = core.Integer


class KeyShare(core.Sequence):
    _fields = [("group", core.Integer, {"implicit": 0}),
               ("keyExchange", core.OctetString, {"implicit": 1})]


class KeyShares(core.SequenceOf):
    _child_spec = KeyShare


class Chain(core.SequenceOf):
    _child_spec = core.OctetString


class Credential(core.Choice):
    _alternatives = [("chain", Chain, {"implicit": 0}),
                     ("reference", core.OctetString, {"implicit": 1})]


class HandshakeInit(core.Sequence):
    _fields = [("version", core.Integer, {"implicit": 0}),
               ("initiatorAid", core.OctetString, {"implicit": 1}),
               ("suites", Suites, {"implicit": 2}),
               ("keyShares", KeyShares, {"implicit": 3}),
               ("nonce", core.OctetString, {"implicit": 4}),
               ("responderName", core.UTF8String, {"implicit": 5, "optional": True}),
               ("peerCertRef", core.OctetString, {"implicit": 6, "optional": True}),
               ("ownCertRef", core.OctetString, {"implicit": 7, "optional": True})]


class RespBody(core.Sequence):
    _fields = [("version", core.Integer, {"implicit": 0}),
               ("initiatorAid", core.OctetString, {"implicit": 1}),
               ("responderAid", core.OctetString, {"implicit": 2}),
               ("suite", core.Integer, {"implicit": 3}),
               ("keyShare", KeyShare, {"implicit": 4}),
               ("nonce", core.OctetString, {"implicit": 5}),
               ("credential", Credential, {"explicit": 6}),
               ("ownRefKnown", core.Boolean, {"implicit": 7})]


class HandshakeResp(core.Sequence):
    _fields = [("body", RespBody, {"implicit": 0}),
               ("signature", core.OctetString, {"implicit": 1}),
               ("mac", core.OctetString, {"implicit": 2})]


class FinishBody(core.Sequence):
    _fields = [("responderAid", core.OctetString, {"implicit": 0}),
               ("credential", Credential, {"explicit": 1})]


class HandshakeFinish(core.Sequence):
    _fields = [("body", FinishBody, {"implicit": 0}),
               ("signature", core.OctetString, {"implicit": 1}),
               ("mac", core.OctetString, {"implicit": 2})]


class HandshakeReject(core.Sequence):
    _fields = [("destAid", core.OctetString, {"implicit": 0}),
               ("diagnostic", Enumerated, {"implicit": 1}),
               ("detail", core.UTF8String, {"implicit": 2, "optional": True})]


class RecordHeader(core.Sequence):
    _fields = [("assocId", core.OctetString, {"implicit": 0}),
               ("type", Enumerated, {"implicit": 1}),
               ("generation", core.Integer, {"implicit": 2}),
               ("seq", core.Integer, {"implicit": 3})]


class ProtectedPdu(core.Sequence):
    _fields = [("header", RecordHeader, {"implicit": 0}),
               ("body", core.OctetString, {"implicit": 1}),
               ("icv", core.OctetString, {"implicit": 2})]


class MsaPdu(core.Choice):
    _alternatives = [("handshakeInit", HandshakeInit, {"implicit": 0}),
                     ("handshakeResp", HandshakeResp, {"implicit": 1}),
                     ("handshakeFinish", HandshakeFinish, {"implicit": 2}),
                     ("handshakeReject", HandshakeReject, {"implicit": 3}),
                     ("protected", ProtectedPdu, {"implicit": 4})]


class KeyUpdate(core.Sequence):
    _fields = [("updateRequested", core.Boolean, {"implicit": 0})]


class RekeyRequest(core.Sequence):
    _fields = [("keyShare", KeyShare, {"implicit": 0})]


class RekeyResponse(core.Sequence):
    _fields = [("keyShare", KeyShare, {"implicit": 0})]


class ReleaseRequest(core.Sequence):
    _fields = [("reason", Enumerated, {"implicit": 0})]


class ReleaseResponse(core.Sequence):
    _fields = [("reason", Enumerated, {"implicit": 0})]


class Abort(core.Sequence):
    _fields = [("diagnostic", Enumerated, {"implicit": 0}),
               ("detail", core.UTF8String, {"implicit": 1, "optional": True})]


TYPES = {c.__name__: c for c in (MsaPdu, KeyUpdate, RekeyRequest, RekeyResponse,
                                 ReleaseRequest, ReleaseResponse, Abort)}


def reencode(type_name, data):
    """Parses data strictly as type_name and returns its DER re-encoding
    (every field forced to be re-serialised). Raises on a parse error."""
    v = TYPES[type_name].load(bytes(data), strict=True)
    v.native       # parse every component (asn1crypto is lazy)
    return v.dump(force=True)
