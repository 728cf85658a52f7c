"""Codecs and RTP header extensions: what an endpoint can do and how two endpoints agree.

This module owns three things, all pure functions over immutable values:

* the capability values (``CodecCapability``, ``HeaderExtensionCapability``):
  what a transport backend says it can send and receive, in the shape of
  webrtc-pc's RTCRtpCodec (``mime_type``, ``clock_rate``, ``channels``,
  ``sdp_fmtp_line``) plus what SDP needs (the payload type the endpoint
  prefers and its ``a=rtcp-fb`` lines);
* codec *matching*: when an offered payload format and a local capability
  are the same codec (RFC 3264, 6.1; RFC 9429, 5.3.1 "the answerer MUST
  ... only include codecs it supports"), with the fmtp rules of the codecs
  whose parameters change what the codec *is*: H.264 ``profile-level-id``
  (the profile part) and ``packetization-mode`` (RFC 6184, 8.1 and 8.2.2),
  VP9 ``profile-id`` (RFC 9628, 6), AV1 ``profile`` (AV1 RTP, 7.2);
* the codec lists of offers and answers: payload types (kept from the offer
  in an answer, kept across renegotiation in a new offer, never colliding
  inside one BUNDLE group), the resilience formats that only make sense next
  to a primary codec (``rtx`` and ``red`` through their ``apt`` / primary
  payload types, RFC 4588, 8.1 and RFC 2198, 5), and ``a=rtcp-fb`` as the
  intersection of both sides (RFC 4585, 4.2).

It knows nothing of transceivers or signaling; ``_offer`` and ``_answer``
call it.  Every decision it takes is also written to the ``decisions`` list
it is given, so that ``explain`` can say why a codec is (not) in an answer.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence

import attrs

from sdpmodel.attributes import Fmtp, RtcpFb, Rtpmap
from sdpmodel.model import Codec, MediaDescription

__all__ = [
    "BROWSER_AUDIO_CODECS",
    "BROWSER_AUDIO_EXTENSIONS",
    "BROWSER_VIDEO_CODECS",
    "BROWSER_VIDEO_EXTENSIONS",
    "DYNAMIC_PAYLOAD_TYPES",
    "STATIC_PAYLOAD_TYPES",
    "CodecCapability",
    "HeaderExtensionCapability",
    "PayloadTypes",
    "answer_codecs",
    "codec_lines",
    "h264_profile",
    "is_resilience",
    "offer_codecs",
    "offered_name",
    "same_codec",
]

#: RFC 3551, 3 and RFC 7587: the dynamic payload types, browsers' order (96-127, then 35-63).
DYNAMIC_PAYLOAD_TYPES: tuple[int, ...] = (*range(96, 128), *range(35, 64))

#: The formats that repair or protect another codec rather than carry media of their own.
_RESILIENCE = frozenset({"rtx", "red", "ulpfec", "flexfec-03"})


@attrs.frozen
class CodecCapability:
    """One codec an endpoint can send and receive (webrtc-pc RTCRtpCodec, plus SDP details).

    ``mime_type`` is ``"<kind>/<encoding name>"`` (``"video/VP8"``); ``channels``
    is None for video and counts audio channels; ``sdp_fmtp_line`` is the
    ``a=fmtp`` parameter text without the payload type.  ``rtcp_feedback``
    holds the (type, parameter) pairs of the endpoint's ``a=rtcp-fb`` lines.
    ``preferred_payload_type`` is the number it writes in offers when free.
    """

    mime_type: str
    clock_rate: int
    channels: int | None = None
    sdp_fmtp_line: str | None = None
    rtcp_feedback: tuple[tuple[str, str | None], ...] = attrs.field(default=(), eq=False)
    preferred_payload_type: int | None = attrs.field(default=None, eq=False)

    @property
    def kind(self) -> str:
        return self.mime_type.partition("/")[0].lower()

    @property
    def name(self) -> str:
        """The encoding name as written in ``a=rtpmap`` (``VP8``, ``opus``)."""
        return self.mime_type.partition("/")[2]

    @property
    def is_resilience(self) -> bool:
        return is_resilience(self.name)

    def parameters(self) -> dict[str, str]:
        return _fmtp_parameters(self.sdp_fmtp_line)


@attrs.frozen
class HeaderExtensionCapability:
    """One RTP header extension an endpoint supports (RFC 8285), with the id it prefers."""

    uri: str
    kind: str
    preferred_id: int


def is_resilience(name: str) -> bool:
    """rtx, red, ulpfec, flexfec: formats that only go with a primary codec."""
    return name.lower() in _RESILIENCE


def _fmtp_parameters(text: str | None) -> dict[str, str]:
    if not text:
        return {}
    pairs: dict[str, str] = {}
    for item in text.split(";"):
        name, sep, value = item.strip().partition("=")
        if name:
            pairs[name.strip().lower()] = value.strip() if sep else ""
    return pairs


# --- matching ------------------------------------------------------------------------

# RFC 6184, 8.1, Table 5 (and libwebrtc's reading of it): profile_idc and the
# profile-iop bits that name each profile.  A pattern is eight characters for
# the eight bits of profile-iop, most significant first: '1', '0' or 'x'.
_H264_PROFILES: tuple[tuple[int, str, str], ...] = (
    (0x42, "x1xx0000", "constrained-baseline"),
    (0x4D, "1xxx0000", "constrained-baseline"),
    (0x58, "11xx0000", "constrained-baseline"),
    (0x42, "x0xx0000", "baseline"),
    (0x58, "10xx0000", "baseline"),
    (0x4D, "0x0x0000", "main"),
    (0x64, "00000000", "high"),
    (0x64, "00001100", "constrained-high"),
    (0xF4, "00000000", "predictive-high-444"),
)


def _iop_matches(iop: int, pattern: str) -> bool:
    for bit, want in enumerate(pattern):
        if want == "x":
            continue
        if ((iop >> (7 - bit)) & 1) != int(want):
            return False
    return True


def h264_profile(profile_level_id: str | None) -> str | None:
    """The H.264 profile a ``profile-level-id`` names (RFC 6184, 8.1), or None when unknown.

    Absent, the parameter means 42000A: Baseline, level 1 (RFC 6184, 8.1:
    "If the profile-level-id parameter is not present, ... the default value
    of 42000A").
    """
    text = profile_level_id or "42000A"
    if len(text) != 6:
        return None
    try:
        idc, iop = int(text[0:2], 16), int(text[2:4], 16)
        int(text[4:6], 16)
    except ValueError:
        return None
    for profile_idc, pattern, name in _H264_PROFILES:
        if idc == profile_idc and _iop_matches(iop, pattern):
            return name
    return None


_FormatKey = tuple[str, int | None, int | None]


def _format_key(name: str, clock_rate: int | None, channels: int | None, kind: str) -> _FormatKey:
    # RFC 8866, 6.6: audio without encoding parameters has one channel.
    if kind == "audio" and channels is None:
        channels = 1
    return (name.lower(), clock_rate, channels)


@functools.lru_cache(maxsize=8192)
def same_codec(
    kind: str,
    name: str,
    clock_rate: int | None,
    channels: int | None,
    fmtp: str | None,
    capability: CodecCapability,
) -> bool:
    """Whether the payload format (name, rate, channels, fmtp) is ``capability``'s codec.

    RFC 3264, 6.1: the encoding name, clock rate and channels identify a
    codec; for H.264, VP9 and AV1 some fmtp parameters do too (see the
    module docstring).  The resilience formats match on name and rate only;
    their association is checked separately (``apt``).
    """
    if _format_key(name, clock_rate, channels, kind) != _format_key(
        capability.name, capability.clock_rate, capability.channels, kind
    ):
        return False
    lowered = name.lower()
    offered = _fmtp_parameters(fmtp)
    local = capability.parameters()
    if lowered == "h264":
        # RFC 6184, 8.2.2: packetization-mode must be equal (absent means 0), and
        # the profile must match; the level may differ (level-asymmetry-allowed).
        if offered.get("packetization-mode", "0") != local.get("packetization-mode", "0"):
            return False
        offered_profile = h264_profile(offered.get("profile-level-id"))
        return offered_profile is not None and offered_profile == h264_profile(
            local.get("profile-level-id")
        )
    if lowered == "vp9":
        # RFC 9628, 6: "profile-id ... If no profile-id is present, Profile 0 MUST be inferred".
        return offered.get("profile-id", "0") == local.get("profile-id", "0")
    if lowered == "av1":
        # AV1 RTP payload format, 7.2: profile defaults to 0 (Main).
        return offered.get("profile", "0") == local.get("profile", "0")
    return True


# --- payload types -------------------------------------------------------------------


class PayloadTypes:
    """Payload type allocation for one offer: the numbers taken so far in each BUNDLE group.

    RFC 8843, 9.1.2: "the same payload type value MUST NOT be used for
    different codecs" in m-sections bundled together; sdpmodel goes further
    and keeps one number per codec across the whole description, which is
    what browsers do and what keeps renegotiation stable.
    """

    def __init__(self) -> None:
        self._by_codec: dict[tuple[object, ...], int] = {}
        self._taken: set[int] = set()

    @staticmethod
    def _key(
        kind: str, name: str, clock_rate: int, channels: int | None, fmtp: str | None
    ) -> tuple[object, ...]:
        return (kind, *_format_key(name, clock_rate, channels, kind), fmtp or "")

    def reserve(
        self, kind: str, name: str, clock_rate: int, channels: int | None, fmtp: str | None, pt: int
    ) -> None:
        """Record ``pt`` as the number of this codec (from an earlier description)."""
        self._by_codec.setdefault(self._key(kind, name, clock_rate, channels, fmtp), pt)
        self._taken.add(pt)

    def assign(
        self,
        kind: str,
        name: str,
        clock_rate: int,
        channels: int | None,
        fmtp: str | None,
        preferred: int | None,
    ) -> int | None:
        """This codec's payload type: the one it had, else ``preferred`` if free, else any free.

        Returns None when every dynamic payload type is taken.
        """
        key = self._key(kind, name, clock_rate, channels, fmtp)
        known = self._by_codec.get(key)
        if known is not None:
            return known
        if preferred is not None and preferred not in self._taken:
            chosen: int | None = preferred
        else:
            chosen = next((pt for pt in DYNAMIC_PAYLOAD_TYPES if pt not in self._taken), None)
        if chosen is not None:
            self._by_codec[key] = chosen
            self._taken.add(chosen)
        return chosen

    def reserve_description(self, media: Iterable[MediaDescription]) -> None:
        """Reserve every payload type an earlier description gave its codecs."""
        for section in media:
            for codec in section.codecs:
                if codec.name is None or codec.clock_rate is None:
                    self._taken.add(codec.payload_type)
                    continue
                fmtp = None if codec.fmtp is None else codec.fmtp.parameter_text
                if is_resilience(codec.name):
                    # rtx and red are keyed by what they protect; keep their number taken.
                    self._taken.add(codec.payload_type)
                    self._by_codec.setdefault(
                        ("resilience", section.media, codec.name.lower(), fmtp or ""),
                        codec.payload_type,
                    )
                    continue
                self.reserve(
                    section.media,
                    codec.name,
                    codec.clock_rate,
                    codec.channels,
                    fmtp,
                    codec.payload_type,
                )

    def assign_resilience(
        self, kind: str, name: str, fmtp: str, preferred: int | None
    ) -> int | None:
        """The payload type of an rtx / red / fec format that goes with ``fmtp`` (``apt=96``)."""
        key = ("resilience", kind, name.lower(), fmtp)
        known = self._by_codec.get(key)
        if known is not None:
            return known
        if preferred is not None and preferred not in self._taken:
            chosen: int | None = preferred
        else:
            chosen = next((pt for pt in DYNAMIC_PAYLOAD_TYPES if pt not in self._taken), None)
        if chosen is not None:
            self._by_codec[key] = chosen
            self._taken.add(chosen)
        return chosen


# --- offer and answer codec lists -----------------------------------------------------

#: RFC 3551, 6, Table 4: the static audio payload types an offer may list without rtpmap.
STATIC_PAYLOAD_TYPES: dict[int, tuple[str, int, int | None]] = {
    0: ("PCMU", 8000, 1),
    3: ("GSM", 8000, 1),
    4: ("G723", 8000, 1),
    8: ("PCMA", 8000, 1),
    9: ("G722", 8000, 1),
    13: ("CN", 8000, 1),
    18: ("G729", 8000, 1),
}


def _channels_for_rtpmap(kind: str, channels: int | None) -> int | None:
    # Browsers write "opus/48000/2" but "PCMU/8000": the encoding parameter only above 1.
    if kind != "audio" or channels is None or channels <= 1:
        return None
    return channels


def _feedback(pt: int, pairs: Iterable[tuple[str, str | None]]) -> tuple[RtcpFb, ...]:
    return tuple(RtcpFb(pt, kind, param) for kind, param in pairs)


def _codec(
    kind: str,
    pt: int,
    name: str,
    clock_rate: int,
    channels: int | None,
    fmtp: str | None,
    feedback: Iterable[tuple[str, str | None]] = (),
) -> Codec:
    return Codec(
        payload_type=pt,
        name=name,
        clock_rate=clock_rate,
        channels=_channels_for_rtpmap(kind, channels),
        fmtp=None if not fmtp else Fmtp(str(pt), fmtp),
        feedback=_feedback(pt, feedback),
    )


def offer_codecs(
    kind: str,
    capabilities: Sequence[CodecCapability],
    payload_types: PayloadTypes,
    decisions: list[str] | None = None,
) -> tuple[Codec, ...]:
    """The payload formats of an offered m-section, in the order of ``capabilities``.

    RFC 9429, 5.2.1: "for each media format ... an a=rtpmap line ... and any
    a=fmtp and a=rtcp-fb lines"; the order is the preference order (RFC 3264,
    5.1).  Each video codec gets its own ``rtx`` format right after it (RFC
    4588, 8.1: ``apt``); audio ``red`` names its primary codecs by their
    payload types in this offer (RFC 2198, 5) and is left out without them.
    """
    notes = decisions if decisions is not None else []
    rtx = next((c for c in capabilities if c.name.lower() == "rtx"), None)
    preferred_to_assigned: dict[int, int] = {}
    codecs: list[Codec] = []

    def add_rtx(primary_pt: int) -> None:
        if rtx is None or kind != "video":
            return
        fmtp = f"apt={primary_pt}"
        rtx_pt = payload_types.assign_resilience(kind, "rtx", fmtp, None)
        if rtx_pt is not None:
            codecs.append(_codec(kind, rtx_pt, rtx.name, rtx.clock_rate, None, fmtp))

    for capability in capabilities:
        name = capability.name
        lowered = name.lower()
        if lowered == "rtx":
            continue
        if lowered == "red" and kind == "audio":
            primaries = (capability.sdp_fmtp_line or "").split("/")
            mapped = [preferred_to_assigned.get(int(p)) if p.isdigit() else None for p in primaries]
            if not primaries or any(pt is None for pt in mapped):
                notes.append(f"{name}: left out, its primary codec is not offered (RFC 2198, 5)")
                continue
            fmtp = "/".join(str(pt) for pt in mapped)
            pt = payload_types.assign_resilience(
                kind, lowered, fmtp, capability.preferred_payload_type
            )
            if pt is not None:
                codecs.append(
                    _codec(kind, pt, name, capability.clock_rate, capability.channels, fmtp)
                )
            continue
        pt = payload_types.assign(
            kind,
            name,
            capability.clock_rate,
            capability.channels,
            capability.sdp_fmtp_line,
            capability.preferred_payload_type,
        )
        if pt is None:
            notes.append(f"{name}: left out, no free dynamic payload type (RFC 3551, 3)")
            continue
        if capability.preferred_payload_type is not None:
            preferred_to_assigned.setdefault(capability.preferred_payload_type, pt)
        codecs.append(
            _codec(
                kind,
                pt,
                name,
                capability.clock_rate,
                capability.channels,
                capability.sdp_fmtp_line,
                capability.rtcp_feedback,
            )
        )
        if lowered not in ("ulpfec", "flexfec-03"):
            add_rtx(pt)
    return tuple(codecs)


def offered_name(codec: Codec) -> tuple[str, int, int | None] | None:
    """(name, clock rate, channels) of an offered format, from its rtpmap or the static table."""
    if codec.name is not None and codec.clock_rate is not None:
        return codec.name, codec.clock_rate, codec.channels
    return STATIC_PAYLOAD_TYPES.get(codec.payload_type)


def answer_codecs(
    kind: str,
    offered: Sequence[Codec],
    capabilities: Sequence[CodecCapability],
    preferences: Sequence[CodecCapability] = (),
    decisions: list[str] | None = None,
) -> tuple[Codec, ...]:
    """The payload formats of an answer: the offered codecs this end supports.

    RFC 3264, 6.1 and RFC 9429, 5.3.1: the answer lists a subset of the
    offered formats, with the offer's payload types ("the answerer MUST use
    the same payload type numbers"), in the offer's order of preference
    unless local codec preferences (webrtc-pc, setCodecPreferences) give
    another.  Each accepted codec carries this end's own fmtp and the
    ``a=rtcp-fb`` lines both sides support (RFC 4585, 4.2).  An ``rtx``
    stays only with its ``apt`` codec (RFC 4588, 8.1), an audio ``red`` only
    when all its primaries stay (RFC 2198, 5).
    """
    notes = decisions if decisions is not None else []
    wanted = list(preferences) or list(capabilities)
    local_names = {c.name.lower() for c in capabilities}
    accepted: dict[int, Codec] = {}
    rank: dict[int, int] = {}
    for codec in offered:
        identity = offered_name(codec)
        if identity is None:
            notes.append(f"payload type {codec.payload_type}: no rtpmap and not static, left out")
            continue
        name, clock_rate, channels = identity
        if is_resilience(name):
            continue
        fmtp_text = None if codec.fmtp is None else codec.fmtp.parameter_text
        for index, capability in enumerate(wanted):
            if capability.kind == kind and same_codec(
                kind, name, clock_rate, channels, fmtp_text, capability
            ):
                offered_fb = {(fb.feedback_type, fb.parameters) for fb in codec.feedback}
                common = [pair for pair in capability.rtcp_feedback if pair in offered_fb]
                accepted[codec.payload_type] = _codec(
                    kind,
                    codec.payload_type,
                    name,
                    clock_rate,
                    channels,
                    capability.sdp_fmtp_line,
                    common,
                )
                rank[codec.payload_type] = index
                notes.append(
                    f"payload type {codec.payload_type} {name}/{clock_rate} kept from the offer "
                    "(RFC 3264, 6.1)"
                )
                break
        else:
            notes.append(
                f"payload type {codec.payload_type} {name}/{clock_rate}: not supported here, "
                "left out (RFC 3264, 6.1)"
            )
    # The resilience formats, now that the primaries are known.
    extra: dict[int, Codec] = {}
    for codec in offered:
        identity = offered_name(codec)
        if identity is None or not is_resilience(identity[0]):
            continue
        name, clock_rate, channels = identity
        lowered = name.lower()
        fmtp_text = None if codec.fmtp is None else codec.fmtp.parameter_text
        if lowered not in local_names:
            notes.append(f"payload type {codec.payload_type} {name}: not supported here, left out")
            continue
        if lowered == "rtx":
            apt = _fmtp_parameters(fmtp_text).get("apt", "")
            if not apt.isdigit() or (int(apt) not in accepted and int(apt) not in extra):
                notes.append(
                    f"payload type {codec.payload_type} rtx: its apt={apt} codec is not in the "
                    "answer, left out (RFC 4588, 8.1)"
                )
                continue
        elif lowered == "red" and kind == "audio":
            primaries = (fmtp_text or "").split("/")
            if not all(p.isdigit() and int(p) in accepted for p in primaries):
                notes.append(
                    f"payload type {codec.payload_type} red: its primary codecs are not all in "
                    "the answer, left out (RFC 2198, 5)"
                )
                continue
        extra[codec.payload_type] = _codec(
            kind, codec.payload_type, name, clock_rate, channels, fmtp_text
        )
    if not preferences:
        order = [
            c.payload_type for c in offered if c.payload_type in accepted or c.payload_type in extra
        ]
        merged = {**accepted, **extra}
        return tuple(merged[pt] for pt in order)
    # With preferences: primaries in preference order, each followed by its rtx; the rest after.
    result: list[Codec] = []
    rtx_for: dict[int, Codec] = {}
    others: list[Codec] = []
    for codec in extra.values():
        fmtp_text = None if codec.fmtp is None else codec.fmtp.parameter_text
        target = _fmtp_parameters(fmtp_text).get("apt")
        if codec.name is not None and codec.name.lower() == "rtx" and target and target.isdigit():
            rtx_for[int(target)] = codec
        else:
            others.append(codec)
    for pt in sorted(accepted, key=lambda p: rank[p]):
        result.append(accepted[pt])
        if pt in rtx_for:
            result.append(rtx_for.pop(pt))
    result.extend(others)
    result.extend(rtx_for.values())
    return tuple(result)


# --- writing -------------------------------------------------------------------------


def codec_lines(codecs: Sequence[Codec]) -> list[Rtpmap | Fmtp | RtcpFb]:
    """The ``a=rtpmap``, ``a=rtcp-fb`` and ``a=fmtp`` lines of ``codecs``, in browser order.

    Per codec: rtpmap, then its rtcp-fb lines, then its fmtp (Chrome's order;
    RFC 8866 sets none).
    """
    lines: list[Rtpmap | Fmtp | RtcpFb] = []
    for codec in codecs:
        if codec.name is None or codec.clock_rate is None:
            continue
        lines.append(Rtpmap(codec.payload_type, codec.name, codec.clock_rate, codec.channels))
        lines.extend(codec.feedback)
        if codec.fmtp is not None:
            lines.append(codec.fmtp)
    return lines


# --- a browser-like capability set ----------------------------------------------------


def _fb(*pairs: str) -> tuple[tuple[str, str | None], ...]:
    out: list[tuple[str, str | None]] = []
    for pair in pairs:
        name, _, param = pair.partition(" ")
        out.append((name, param or None))
    return tuple(out)


_VIDEO_FB = _fb("goog-remb", "transport-cc", "ccm fir", "nack", "nack pli")


def _h264(profile_level_id: str, mode: int, pt: int) -> CodecCapability:
    return CodecCapability(
        "video/H264",
        90000,
        None,
        f"level-asymmetry-allowed=1;packetization-mode={mode};profile-level-id={profile_level_id}",
        _VIDEO_FB,
        pt,
    )


#: A Chrome-like audio set (the payload types Chrome writes).
BROWSER_AUDIO_CODECS: tuple[CodecCapability, ...] = (
    CodecCapability("audio/opus", 48000, 2, "minptime=10;useinbandfec=1", _fb("transport-cc"), 111),
    CodecCapability("audio/red", 48000, 2, "111/111", (), 63),
    CodecCapability("audio/G722", 8000, 1, None, (), 9),
    CodecCapability("audio/PCMU", 8000, 1, None, (), 0),
    CodecCapability("audio/PCMA", 8000, 1, None, (), 8),
    CodecCapability("audio/CN", 8000, 1, None, (), 13),
    CodecCapability("audio/telephone-event", 48000, 1, None, (), 110),
    CodecCapability("audio/telephone-event", 8000, 1, None, (), 126),
)

#: A Chrome-like video set: VP8, VP9 profiles 0 and 2, four H.264 variants, AV1, and repair.
BROWSER_VIDEO_CODECS: tuple[CodecCapability, ...] = (
    CodecCapability("video/VP8", 90000, None, None, _VIDEO_FB, 96),
    CodecCapability("video/VP9", 90000, None, "profile-id=0", _VIDEO_FB, 98),
    CodecCapability("video/VP9", 90000, None, "profile-id=2", _VIDEO_FB, 100),
    _h264("42001f", 1, 102),
    _h264("42001f", 0, 104),
    _h264("42e01f", 1, 106),
    _h264("42e01f", 0, 108),
    _h264("4d001f", 1, 127),
    _h264("640c1f", 1, 112),
    CodecCapability("video/AV1", 90000, None, "level-idx=5;profile=0;tier=0", _VIDEO_FB, 45),
    CodecCapability("video/rtx", 90000, None, None, (), 97),
    CodecCapability("video/red", 90000, None, None, (), 116),
    CodecCapability("video/ulpfec", 90000, None, None, (), 117),
)

BROWSER_AUDIO_EXTENSIONS: tuple[HeaderExtensionCapability, ...] = (
    HeaderExtensionCapability("urn:ietf:params:rtp-hdrext:ssrc-audio-level", "audio", 1),
    HeaderExtensionCapability(
        "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time", "audio", 2
    ),
    HeaderExtensionCapability(
        "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01", "audio", 3
    ),
    HeaderExtensionCapability("urn:ietf:params:rtp-hdrext:sdes:mid", "audio", 4),
)

BROWSER_VIDEO_EXTENSIONS: tuple[HeaderExtensionCapability, ...] = (
    HeaderExtensionCapability("urn:ietf:params:rtp-hdrext:toffset", "video", 14),
    HeaderExtensionCapability(
        "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time", "video", 2
    ),
    HeaderExtensionCapability("urn:3gpp:video-orientation", "video", 13),
    HeaderExtensionCapability(
        "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01", "video", 3
    ),
    HeaderExtensionCapability(
        "http://www.webrtc.org/experiments/rtp-hdrext/playout-delay", "video", 5
    ),
    HeaderExtensionCapability("urn:ietf:params:rtp-hdrext:sdes:mid", "video", 4),
    HeaderExtensionCapability("urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id", "video", 10),
    HeaderExtensionCapability(
        "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id", "video", 11
    ),
)
