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
  payload types, RFC 4588, 8.1 and RFC 2198, 5, and at its clock rate, RFC
  4588, 8.3 and RFC 2198, 3), the formats that ride in a
  primary codec's RTP stream at its clock rate (``telephone-event``, RFC
  4733, 2.1; ``CN``, RFC 3389, 5), and ``a=rtcp-fb`` as the intersection of
  both sides (RFC 4585, 4.2);
* webrtc-pc's "codec dictionary match" and the checks of
  ``setCodecPreferences`` (``codec_preferences``).

It knows nothing of transceivers or signaling; ``_offer`` and ``_answer``
call it.  Every decision it takes is also written to the ``decisions`` list
it is given, so that ``explain`` can say why a codec is (not) in an answer.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence

import attrs

from sdpmodel.attributes import Fmtp, RtcpFb, Rtpmap
from sdpmodel.errors import InvalidModificationError
from sdpmodel.model import Codec, MediaDescription

__all__ = [
    "BROWSER_AUDIO_CODECS",
    "BROWSER_AUDIO_EXTENSIONS",
    "BROWSER_VIDEO_CODECS",
    "BROWSER_VIDEO_EXTENSIONS",
    "DYNAMIC_PAYLOAD_TYPES",
    "EXTENSION_DIRECTIONS",
    "MANDATORY_EXTENSIONS",
    "STATIC_PAYLOAD_TYPES",
    "CodecCapability",
    "HeaderExtensionCapability",
    "PayloadTypes",
    "answer_codecs",
    "codec_dictionary_match",
    "codec_lines",
    "codec_preferences",
    "h264_answer_profile_level_id",
    "h264_profile",
    "header_extensions_to_negotiate",
    "is_auxiliary",
    "is_primary",
    "is_resilience",
    "offer_codecs",
    "offered_name",
    "same_codec",
]

#: RFC 3551, 3 and RFC 7587: the dynamic payload types, browsers' order (96-127, then 35-63).
DYNAMIC_PAYLOAD_TYPES: tuple[int, ...] = (*range(96, 128), *range(35, 64))

#: The formats that repair or protect another codec rather than carry media of their own.
_RESILIENCE = frozenset({"rtx", "red", "ulpfec", "flexfec-03"})

#: The formats carried in the RTP stream of an audio codec, at that codec's clock rate:
#: DTMF events (RFC 4733, 2.1: "the RTP clock rate used for events ... MUST be the same as
#: the audio") and comfort noise (RFC 3389, 5: one CN per clock rate of the audio codecs).
_AUXILIARY = frozenset({"telephone-event", "cn"})


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


def is_auxiliary(name: str) -> bool:
    """telephone-event and CN: formats that share a primary audio codec's clock rate."""
    return name.lower() in _AUXILIARY


def is_primary(name: str) -> bool:
    """A codec that carries media of its own (neither resilience nor auxiliary)."""
    lowered = name.lower()
    return lowered not in _RESILIENCE and lowered not in _AUXILIARY


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

#: RFC 6184, 8.1: the profile-level-id an H.264 format without one has (Baseline, level 1),
#: written lowercase like every other fmtp value sdpmodel writes.
_H264_DEFAULT = "42000a"

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
    of 42000A").  The value is hexadecimal, so its case carries no meaning:
    a remote value matches in either case; sdpmodel writes lowercase, as
    browsers do (``_H264_DEFAULT``).
    """
    text = profile_level_id or _H264_DEFAULT
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
    module docstring).  The resilience formats (rtx, red, FEC) match the same
    way, on name, rate and channels; what they go with (rtx's ``apt``, red's
    primaries, both at their own clock rate) ``answer_codecs`` checks.
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


def _h264_level(profile_level_id: str) -> float | None:
    """The level of a ``profile-level-id`` as a number (RFC 6184, 8.1: level_idc / 10).

    Level 1b is written level_idc 11 with constraint_set3_flag (0x10) set in the
    Baseline, Constrained Baseline and Main profiles (RFC 6184, 8.1, Table 5 note);
    it sorts between 1 and 1.1.
    """
    try:
        idc, iop, level = (int(profile_level_id[i : i + 2], 16) for i in (0, 2, 4))
    except ValueError:
        return None
    if level == 11 and idc in (0x42, 0x4D) and iop & 0x10:
        return 1.05
    return level / 10


def h264_answer_profile_level_id(offered: str | None, local: str | None, asymmetry: bool) -> str:
    """The ``profile-level-id`` an answer writes for a matched H.264 format.

    RFC 6184, 8.2.2: with ``level-asymmetry-allowed=1`` on both sides each end
    states the level it can receive (the answerer's own); otherwise the level
    is symmetric and the answer carries the lower of the two ("the answerer
    ... MUST NOT exceed the level of the offer"; libwebrtc does the same).  The
    profile part stays the answerer's, which ``same_codec`` found equal.
    """
    own = local or _H264_DEFAULT
    if asymmetry:
        return own
    theirs = offered or _H264_DEFAULT
    own_level, their_level = _h264_level(own), _h264_level(theirs)
    if own_level is None or their_level is None or their_level >= own_level:
        return own
    # The offer's level, on this end's profile bytes; level 1b keeps its flag.
    iop = int(own[2:4], 16) & ~0x10
    if their_level == 1.05:
        iop |= 0x10
    return f"{own[0:2]}{iop:02x}{theirs[4:6]}".lower()


def _answer_fmtp(name: str, offered_fmtp: str | None, capability: CodecCapability) -> str | None:
    """The fmtp an answer writes for a matched codec: this end's, with H.264's level rule."""
    local = capability.sdp_fmtp_line
    if name.lower() != "h264" or not local:
        return local
    offered = _fmtp_parameters(offered_fmtp)
    mine = _fmtp_parameters(local)
    asymmetry = offered.get("level-asymmetry-allowed") == "1" == mine.get("level-asymmetry-allowed")
    wanted = h264_answer_profile_level_id(
        offered.get("profile-level-id"), mine.get("profile-level-id"), asymmetry
    )
    # Hexadecimal: compared case-insensitively (a local value may be written uppercase).
    if wanted.lower() == mine.get("profile-level-id", _H264_DEFAULT).lower():
        return local
    parts = []
    for item in local.split(";"):
        key, sep, _ = item.partition("=")
        parts.append(
            f"{key}={wanted}" if sep and key.strip().lower() == "profile-level-id" else item
        )
    return ";".join(parts)


def _same_fmtp(first: str | None, second: str | None) -> bool:
    """webrtc-pc, codec dictionary match, the sdpFmtpLine step: both absent, or both present
    and conveying the same information ("omitting parameters with well defined defaults or
    using different order"): the same parameters, in any order, names case-insensitive."""
    if not first or not second:
        return not first and not second
    return _fmtp_parameters(first) == _fmtp_parameters(second)


def codec_dictionary_match(first: CodecCapability, second: CodecCapability) -> bool:
    """webrtc-pc, 5.4, the "codec dictionary match" algorithm (ignoreLevels false).

    mimeType compared ASCII case-insensitively (MIME types are, RFC 6838, 4.2),
    clockRate equal, channels both absent or equal, sdpFmtpLine both absent or
    the same parameters.
    """
    return (
        first.mime_type.lower() == second.mime_type.lower()
        and first.clock_rate == second.clock_rate
        and first.channels == second.channels
        and _same_fmtp(first.sdp_fmtp_line, second.sdp_fmtp_line)
    )


#: webrtc-pc, setCodecPreferences() step 8: the entries that cannot make a list alone.
_NOT_ENOUGH = frozenset({*_RESILIENCE, "cn"})


def codec_preferences(
    kind: str, codecs: Sequence[CodecCapability], capabilities: Sequence[CodecCapability]
) -> tuple[CodecCapability, ...]:
    """webrtc-pc, RTCRtpTransceiver.setCodecPreferences(), steps 3 to 9: the new
    [[PreferredCodecs]], as the matching capabilities (with their payload types and
    rtcp-fb), or InvalidModificationError.

    ``capabilities`` is the union of RTCRtpSender.getCapabilities(kind) and
    RTCRtpReceiver.getCapabilities(kind) (step 6): one list in sdpmodel, whose
    backends send and receive the same codecs.
    """
    # Step 3: an empty list resets the preferences.
    if not codecs:
        return ()
    # Step 4: "Remove any duplicate values in codecs, ensuring that the first occurrence of
    # each value remains in place" (duplicates by codec dictionary match).
    unique: list[CodecCapability] = []
    for codec in codecs:
        if not any(codec_dictionary_match(codec, seen) for seen in unique):
            unique.append(codec)
    # Step 7: "For each codec in codecs, if codec does not match any codec in
    # codecCapabilities, throw InvalidModificationError."
    matched: list[CodecCapability] = []
    for codec in unique:
        found = next((c for c in capabilities if codec_dictionary_match(codec, c)), None)
        if found is None:
            fmtp = "" if codec.sdp_fmtp_line is None else f" {codec.sdp_fmtp_line}"
            channels = "" if codec.channels is None else f"/{codec.channels}"
            raise InvalidModificationError(
                f"setCodecPreferences: {codec.mime_type}/{codec.clock_rate}{channels}{fmtp} is "
                f"not in RTCRtpSender/RTCRtpReceiver.getCapabilities({kind!r}).codecs "
                "(webrtc-pc, setCodecPreferences, step 7): pass codecs from getCapabilities, "
                "unmodified"
            )
        if found not in matched:
            matched.append(found)
    # Step 8: "If codecs only contains entries for RTX, RED, FEC or Comfort Noise ...,
    # throw InvalidModificationError."
    if all(c.name.lower() in _NOT_ENOUGH for c in matched):
        raise InvalidModificationError(
            "setCodecPreferences: the list holds only RTX, RED, FEC or comfort noise entries "
            "(webrtc-pc, setCodecPreferences, step 8): add a media codec"
        )
    # Step 9.
    return tuple(matched)


#: webrtc-extensions, RTCRtpHeaderExtensionCapability.direction: the RTCRtpTransceiverDirection
#: values ("stopped": not negotiated).
EXTENSION_DIRECTIONS = ("sendrecv", "sendonly", "recvonly", "inactive", "stopped")

#: The extensions this end cannot stop or restrict: BUNDLE routes RTP by the MID one
#: (RFC 8843, 9.2), so it is "mandatory to use" in every bundled m-section.
MANDATORY_EXTENSIONS = frozenset({"urn:ietf:params:rtp-hdrext:sdes:mid"})


def header_extensions_to_negotiate(
    current: Sequence[tuple[str, str]],
    given: Sequence[tuple[str, str]],
    *,
    sent: Iterable[str] = (),
    received: Iterable[str] = (),
) -> tuple[tuple[str, str], ...]:
    """webrtc-extensions, setHeaderExtensionsToNegotiate(): the new
    [[HeaderExtensionsToNegotiate]] as (uri, direction) pairs, or InvalidModificationError.

    "If the size of extensions does not equal the size of
    [[HeaderExtensionsToNegotiate]] ... or any uri differs, throw an
    InvalidModificationError" (the list is reordered or extended by no one);
    a mandatory extension (MID) must stay "sendrecv".  ``sent`` and
    ``received`` name the extensions the transceiver cannot do without in
    that direction now (the RID ones of simulcast, see ``Session``): each must
    keep a direction that sends, respectively receives.
    """
    if len(given) != len(current):
        raise InvalidModificationError(
            f"setHeaderExtensionsToNegotiate: {len(given)} extensions, but the transceiver has "
            f"{len(current)}: change the directions of getHeaderExtensionsToNegotiate() only"
        )
    must_send, must_receive = frozenset(sent), frozenset(received)
    for (uri, direction), (known, _) in zip(given, current, strict=True):
        if uri != known:
            raise InvalidModificationError(
                f"setHeaderExtensionsToNegotiate: {uri!r} where {known!r} was: the URIs and "
                "their order cannot change (webrtc-extensions)"
            )
        if uri in MANDATORY_EXTENSIONS and direction != "sendrecv":
            raise InvalidModificationError(
                f"setHeaderExtensionsToNegotiate: {uri} is mandatory to use and stays "
                "sendrecv (RFC 8843, 9.2)"
            )
        # webrtc-extensions, setHeaderExtensionsToNegotiate, the mandatory-to-use step: an
        # extension the transceiver must send (or receive) keeps a direction that does, else
        # InvalidModificationError; so what getHeaderExtensionsToNegotiate reports is what
        # the offer and answer carry (they write a needed extension even when "stopped").
        if uri in must_send and direction not in ("sendrecv", "sendonly"):
            raise InvalidModificationError(
                f"setHeaderExtensionsToNegotiate: {uri} cannot be {direction}: the transceiver "
                "sends simulcast (rids in sendEncodings), whose RTP streams this extension "
                "names (RFC 8853, 4.1; RFC 8852, 3)"
            )
        if uri in must_receive and direction not in ("sendrecv", "recvonly"):
            raise InvalidModificationError(
                f"setHeaderExtensionsToNegotiate: {uri} cannot be {direction}: the transceiver "
                "receives simulcast (a=simulcast send in the remote description), whose RTP "
                "streams this extension names (RFC 8853, 4.1; RFC 8852, 3)"
            )
    return tuple(given)


# --- payload types -------------------------------------------------------------------


class PayloadTypes:
    """Payload type allocation for one offer: the numbers taken so far in each BUNDLE group.

    RFC 8843, 9.1.2: "the same payload type value MUST NOT be used for
    different codecs" in m-sections bundled together; sdpmodel goes further
    and keeps one number per codec across the whole description, which is
    what browsers do and what keeps renegotiation stable (RFC 3264, 8.3.2:
    the mapping of a payload type "MUST NOT" change within a session).

    ``avoid`` holds the numbers this end's codecs prefer: a format without a
    number of its own (an ``rtx``) takes another free one first, so that it
    never steals the number a codec of another kind would have had.
    """

    def __init__(self, avoid: Iterable[int] = ()) -> None:
        self._by_codec: dict[tuple[object, ...], int] = {}
        self._taken: set[int] = set()
        self._avoid = frozenset(avoid)

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

    def _choose(
        self, key: tuple[object, ...], preferred: int | None, own: int | None
    ) -> int | None:
        known = self._by_codec.get(key)
        if known is not None:
            return known
        avoid = self._avoid - {own} if own is not None else self._avoid
        if preferred is not None and preferred not in self._taken and preferred not in avoid:
            chosen: int | None = preferred
        elif own is not None and own not in self._taken:
            chosen = own
        else:
            free = [pt for pt in DYNAMIC_PAYLOAD_TYPES if pt not in self._taken]
            chosen = next((pt for pt in free if pt not in self._avoid), None)
            if chosen is None and free:
                chosen = free[0]
        if chosen is not None:
            self._by_codec[key] = chosen
            self._taken.add(chosen)
        return chosen

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
        return self._choose(key, None, preferred)

    def reserve_description(self, media: Iterable[MediaDescription]) -> None:
        """Reserve every payload type an earlier description gave its codecs."""
        for section in media:
            for codec in section.codecs:
                if codec.name is None or codec.clock_rate is None:
                    self._taken.add(codec.payload_type)
                    continue
                fmtp = None if codec.fmtp is None else codec.fmtp.parameter_text
                lowered = codec.name.lower()
                if lowered == "rtx" or (lowered == "red" and section.media == "audio"):
                    # rtx and audio red are keyed by what they protect (and their clock
                    # rate: rtx/90000 and rtx/8000 are two formats, RFC 3264, 8.3.2); keep
                    # their number.
                    self._taken.add(codec.payload_type)
                    self._by_codec.setdefault(
                        self._resilience_key(
                            section.media, codec.name, codec.clock_rate, fmtp or ""
                        ),
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

    @staticmethod
    def _resilience_key(kind: str, name: str, clock_rate: int, fmtp: str) -> tuple[object, ...]:
        return ("resilience", kind, name.lower(), clock_rate, fmtp)

    def assign_resilience(
        self,
        kind: str,
        name: str,
        clock_rate: int,
        fmtp: str,
        preferred: int | None,
        own: int | None = None,
    ) -> int | None:
        """The payload type of an rtx / red format at ``clock_rate`` that goes with ``fmtp``
        (``apt=96``).

        ``preferred`` is a number chosen for it here (the one after its primary
        codec's, as browsers number rtx), taken only when no codec prefers it;
        ``own`` the number the capability itself prefers.
        """
        key = self._resilience_key(kind, name, clock_rate, fmtp)
        return self._choose(key, preferred, own)


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


def _offered_codec(kind: str, pt: int, capability: CodecCapability) -> Codec:
    """The codec an offer lists for ``capability`` under payload type ``pt``."""
    return _codec(
        kind,
        pt,
        capability.name,
        capability.clock_rate,
        capability.channels,
        capability.sdp_fmtp_line,
        capability.rtcp_feedback,
    )


def offer_codecs(
    kind: str,
    capabilities: Sequence[CodecCapability],
    payload_types: PayloadTypes,
    decisions: list[str] | None = None,
    *,
    comfort_noise: bool = True,
) -> tuple[Codec, ...]:
    """The payload formats of an offered m-section, in the order of ``capabilities``.

    RFC 9429, 5.2.1: "for each media format ... an a=rtpmap line ... and any
    a=fmtp and a=rtcp-fb lines"; the order is the preference order (RFC 3264,
    5.1; webrtc-pc, setCodecPreferences: "in the order specified").  Each
    video codec gets its own ``rtx`` format right after it when ``rtx`` is in
    ``capabilities`` (RFC 4588, 8.1: ``apt``); audio ``red`` names its
    primary codecs by their payload types in this offer (RFC 2198, 5) and is
    left out without them, wherever it stands in the list (a ``red`` put
    before opus is how an application prefers redundancy, as in libwebrtc);
    ``telephone-event`` and ``CN`` only at the clock rate of an offered
    audio codec (RFC 4733, 2.1; RFC 3389, 5); no ``CN`` at all when
    ``comfort_noise`` is False (RFC 9429, 5.2.3.2, voiceActivityDetection).
    """
    notes = decisions if decisions is not None else []
    # RFC 4588, 8.2 to 8.5: an rtx format's rate "is equal to the RTP timestamp clockrate of
    # the media that is retransmitted": each codec gets the first rtx capability at its rate.
    rtx_at: dict[int, CodecCapability] = {}
    for capability in capabilities:
        if capability.name.lower() == "rtx":
            rtx_at.setdefault(capability.clock_rate, capability)
    primary_rates = {c.clock_rate for c in capabilities if is_primary(c.name)}
    # Pass 1: the primary codecs' numbers, so that red can name them wherever it stands.
    assigned: dict[int, int] = {}  # capability index -> payload type
    preferred_to_assigned: dict[int, int] = {}
    preferred_rate: dict[int, int] = {}  # a primary's preferred payload type -> its clock rate
    rates: set[int] = set()
    for index, capability in enumerate(capabilities):
        lowered = capability.name.lower()
        if not is_primary(lowered) and lowered not in ("ulpfec", "flexfec-03", "red"):
            continue
        if lowered == "red" and kind == "audio":
            continue
        if lowered == "red" and capability.clock_rate not in primary_rates:
            # RFC 2198, 3: the blocks' timestamp offsets count in the RTP header's clock, so
            # red and the encodings it carries share one clock rate.
            notes.append(
                f"{capability.name}/{capability.clock_rate}: left out, no codec to offer has "
                "this clock rate (RFC 2198, 3)"
            )
            continue
        pt = payload_types.assign(
            kind,
            capability.name,
            capability.clock_rate,
            capability.channels,
            capability.sdp_fmtp_line,
            capability.preferred_payload_type,
        )
        if pt is None:
            notes.append(f"{capability.name}: left out, no free dynamic payload type (RFC 3551, 3)")
            continue
        assigned[index] = pt
        if capability.preferred_payload_type is not None:
            preferred_to_assigned.setdefault(capability.preferred_payload_type, pt)
            preferred_rate.setdefault(capability.preferred_payload_type, capability.clock_rate)
        if is_primary(lowered):
            rates.add(capability.clock_rate)

    # Pass 2: the list, in preference order.
    codecs: list[Codec] = []
    for index, capability in enumerate(capabilities):
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
            if any(preferred_rate.get(int(p)) != capability.clock_rate for p in primaries):
                # RFC 2198, 3 and 5: red has the clock rate of the encodings it carries.
                notes.append(
                    f"{name}/{capability.clock_rate}: left out, a primary codec it names has "
                    "another clock rate (RFC 2198, 3)"
                )
                continue
            fmtp = "/".join(str(pt) for pt in mapped)
            pt = payload_types.assign_resilience(
                kind, lowered, capability.clock_rate, fmtp, None, capability.preferred_payload_type
            )
            if pt is not None:
                codecs.append(
                    _codec(kind, pt, name, capability.clock_rate, capability.channels, fmtp)
                )
            continue
        if is_auxiliary(lowered):
            if lowered == "cn" and not comfort_noise:
                notes.append(
                    f"{name}/{capability.clock_rate}: left out, voiceActivityDetection is false "
                    "(RFC 9429, 5.2.3.2)"
                )
                continue
            if capability.clock_rate not in rates:
                notes.append(
                    f"{name}/{capability.clock_rate}: left out, no offered audio codec has this "
                    "clock rate (RFC 4733, 2.1; RFC 3389, 5)"
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
            codecs.append(_offered_codec(kind, pt, capability))
            continue
        pt = assigned.get(index)
        if pt is None:
            continue
        codecs.append(_offered_codec(kind, pt, capability))
        # RFC 4588, 8.1: one rtx format per protected payload type (FEC is not retransmitted),
        # at that codec's clock rate (8.3); none when no rtx capability has it.
        rtx = rtx_at.get(capability.clock_rate)
        if rtx is not None and kind == "video" and lowered not in ("ulpfec", "flexfec-03"):
            fmtp = f"apt={pt}"
            after = pt + 1 if pt + 1 in DYNAMIC_PAYLOAD_TYPES else None
            rtx_pt = payload_types.assign_resilience(
                kind, "rtx", rtx.clock_rate, fmtp, after, rtx.preferred_payload_type
            )
            if rtx_pt is not None:
                codecs.append(_codec(kind, rtx_pt, rtx.name, rtx.clock_rate, None, fmtp))
    return tuple(codecs)


def offered_name(codec: Codec) -> tuple[str, int, int | None] | None:
    """(name, clock rate, channels) of an offered format, from its rtpmap or the static table."""
    if codec.name is not None and codec.clock_rate is not None:
        return codec.name, codec.clock_rate, codec.channels
    return STATIC_PAYLOAD_TYPES.get(codec.payload_type)


def _match(
    kind: str,
    identity: tuple[str, int, int | None],
    fmtp: str | None,
    wanted: Sequence[CodecCapability],
) -> int | None:
    """The index of the first capability in ``wanted`` that is this offered format's codec."""
    name, clock_rate, channels = identity
    for index, capability in enumerate(wanted):
        if capability.kind == kind and same_codec(
            kind, name, clock_rate, channels, fmtp, capability
        ):
            return index
    return None


def _rate_text(identity: tuple[str, int, int | None]) -> str:
    """``name/rate`` or ``name/rate/channels``, as an rtpmap writes a format."""
    name, clock_rate, channels = identity
    return f"{name}/{clock_rate}" if channels is None else f"{name}/{clock_rate}/{channels}"


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
    unless local codec preferences (webrtc-pc, setCodecPreferences: "these
    preferences override the order in the answer") give another; with
    preferences, only the codecs they hold (webrtc-pc: "only the common
    subset").  Each accepted codec carries this end's own fmtp (with the
    H.264 level rule of RFC 6184, 8.2.2) and the ``a=rtcp-fb`` lines both
    sides support (RFC 4585, 4.2).  Every format, ``rtx``, ``red`` and FEC
    included, needs a local one of the same name, clock rate and channels
    (RFC 3264, 6.1).  An ``rtx`` stays only with its ``apt`` codec (RFC 4588,
    8.1) and at that codec's clock rate (RFC 4588, 8.3), an audio ``red`` only
    when all its primaries stay, at red's clock rate (RFC 2198, 3 and 5), a
    video ``red`` only with an answered codec at its rate, ``telephone-event``
    and ``CN`` only at the clock rate of a primary audio codec of the answer
    (RFC 4733, 2.1; RFC 3389, 5).
    """
    notes = decisions if decisions is not None else []
    wanted = list(preferences) or list(capabilities)
    identities: list[tuple[str, int, int | None] | None] = [offered_name(c) for c in offered]
    kept: dict[int, Codec] = {}
    rank: dict[int, int] = {}

    def keep(codec: Codec, identity: tuple[str, int, int | None], written: Codec, at: int) -> None:
        kept[codec.payload_type] = written
        rank[codec.payload_type] = at
        notes.append(
            f"payload type {codec.payload_type} {identity[0]}/{identity[1]} kept from the offer "
            "(RFC 3264, 6.1)"
        )

    # Pass 1: the primary codecs.
    rates: set[int] = set()
    for codec, identity in zip(offered, identities, strict=True):
        if identity is None:
            notes.append(f"payload type {codec.payload_type}: no rtpmap and not static, left out")
            continue
        name, clock_rate, channels = identity
        if not is_primary(name):
            continue
        fmtp_text = None if codec.fmtp is None else codec.fmtp.parameter_text
        at = _match(kind, identity, fmtp_text, wanted)
        if at is None:
            notes.append(
                f"payload type {codec.payload_type} {name}/{clock_rate}: not supported here, "
                "left out (RFC 3264, 6.1)"
            )
            continue
        capability = wanted[at]
        offered_fb = {(fb.feedback_type, fb.parameters) for fb in codec.feedback}
        common = [pair for pair in capability.rtcp_feedback if pair in offered_fb]
        written = _codec(
            kind,
            codec.payload_type,
            name,
            clock_rate,
            channels,
            _answer_fmtp(name, fmtp_text, capability),
            common,
        )
        keep(codec, identity, written, at)
        rates.add(clock_rate)

    # Pass 2: what goes with the primaries (red, fec, telephone-event, CN); then rtx.
    rtx: list[tuple[Codec, tuple[str, int, int | None], str | None]] = []
    for codec, identity in zip(offered, identities, strict=True):
        if identity is None or is_primary(identity[0]):
            continue
        name, clock_rate, channels = identity
        lowered = name.lower()
        fmtp_text = None if codec.fmtp is None else codec.fmtp.parameter_text
        if lowered == "rtx":
            rtx.append((codec, identity, fmtp_text))
            continue
        if is_auxiliary(lowered):
            at = _match(kind, identity, fmtp_text, wanted)
            if at is None:
                notes.append(
                    f"payload type {codec.payload_type} {name}/{clock_rate}: not supported "
                    "here, left out"
                )
            elif clock_rate not in rates:
                notes.append(
                    f"payload type {codec.payload_type} {name}/{clock_rate}: no audio codec of "
                    "the answer has this clock rate, left out (RFC 4733, 2.1; RFC 3389, 5)"
                )
            else:
                capability = wanted[at]
                written = _codec(
                    kind,
                    codec.payload_type,
                    name,
                    clock_rate,
                    channels,
                    capability.sdp_fmtp_line if capability.sdp_fmtp_line else fmtp_text,
                )
                keep(codec, identity, written, at)
            continue
        # RFC 3264, 6.1: red and FEC are formats like any other: this end must have one of
        # the same name, clock rate and channels (a red/48000/2 does not answer red/8000).
        at = _match(kind, identity, fmtp_text, wanted)
        if at is None:
            notes.append(
                f"payload type {codec.payload_type} {_rate_text(identity)}: not supported "
                "here at this clock rate, left out (RFC 3264, 6.1)"
            )
            continue
        if lowered == "red" and kind == "audio":
            # RFC 2198, 5: audio red names its primaries by payload type; each must be in the
            # answer, and at red's own clock rate (RFC 2198, 3: the blocks' timestamp offsets
            # count in one clock).
            primaries = (fmtp_text or "").split("/")
            if not all(p.isdigit() and int(p) in kept for p in primaries):
                notes.append(
                    f"payload type {codec.payload_type} red: its primary codecs are not all in "
                    "the answer, left out (RFC 2198, 5)"
                )
                continue
            if any(kept[int(p)].clock_rate != clock_rate for p in primaries):
                notes.append(
                    f"payload type {codec.payload_type} red/{clock_rate}: a primary codec it "
                    "names has another clock rate, left out (RFC 2198, 3)"
                )
                continue
        elif lowered == "red" and clock_rate not in rates:
            # RFC 2198, 3: video red without a primary codec at its clock rate carries nothing.
            notes.append(
                f"payload type {codec.payload_type} red/{clock_rate}: no codec of the answer "
                "has this clock rate, left out (RFC 2198, 3)"
            )
            continue
        keep(
            codec,
            identity,
            _codec(kind, codec.payload_type, name, clock_rate, channels, fmtp_text),
            at,
        )

    rtx_for: dict[int, list[Codec]] = {}
    for codec, identity, fmtp_text in rtx:
        apt = _fmtp_parameters(fmtp_text).get("apt", "")
        clock_rate = identity[1]
        # RFC 3264, 6.1: an rtx capability of the same clock rate (and channels).
        if _match(kind, identity, fmtp_text, wanted) is None:
            notes.append(
                f"payload type {codec.payload_type} {_rate_text(identity)}: not supported here "
                "at this clock rate, left out (RFC 3264, 6.1)"
            )
            continue
        if not apt.isdigit() or int(apt) not in kept:
            notes.append(
                f"payload type {codec.payload_type} rtx: its apt={apt} codec is not in the "
                "answer, left out (RFC 4588, 8.1)"
            )
            continue
        if kept[int(apt)].clock_rate != clock_rate:
            # RFC 4588, 8.2 to 8.5: rtx's rate "is equal to the RTP timestamp clockrate of
            # the media that is retransmitted"; one that differs cannot repair its apt codec.
            notes.append(
                f"payload type {codec.payload_type} rtx/{clock_rate}: its apt={apt} codec has "
                f"clock rate {kept[int(apt)].clock_rate}, left out (RFC 4588, 8.3)"
            )
            continue
        written = _codec(kind, codec.payload_type, *identity, fmtp_text)
        rtx_for.setdefault(int(apt), []).append(written)
        notes.append(
            f"payload type {codec.payload_type} rtx for {apt} kept from the offer (RFC 4588, 8.1)"
        )

    if not preferences:
        # The offer's order (RFC 3264, 6.1).
        answered = {pt for pts in rtx_for.values() for pt in (c.payload_type for c in pts)}
        everything = {**kept, **{c.payload_type: c for cs in rtx_for.values() for c in cs}}
        return tuple(
            everything[c.payload_type]
            for c in offered
            if c.payload_type in kept or c.payload_type in answered
        )
    # With preferences: the preference order, each codec followed by its rtx.
    result: list[Codec] = []
    for pt in sorted(kept, key=lambda p: rank[p]):
        result.append(kept[pt])
        result.extend(rtx_for.pop(pt, ()))
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

#: A Chrome-like video set: VP8, VP9 profiles 0 and 2, H.264 Constrained Baseline, Baseline,
#: Main and Constrained High (packetization modes 1 and 0), AV1, and repair (rtx, red, ulpfec).
BROWSER_VIDEO_CODECS: tuple[CodecCapability, ...] = (
    CodecCapability("video/VP8", 90000, None, None, _VIDEO_FB, 96),
    CodecCapability("video/VP9", 90000, None, "profile-id=0", _VIDEO_FB, 98),
    CodecCapability("video/VP9", 90000, None, "profile-id=2", _VIDEO_FB, 100),
    _h264("42001f", 1, 102),
    _h264("42001f", 0, 104),
    _h264("42e01f", 1, 106),
    _h264("42e01f", 0, 108),
    _h264("4d001f", 1, 127),
    _h264("4d001f", 0, 39),
    _h264("640c1f", 1, 112),
    _h264("640c1f", 0, 41),
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
