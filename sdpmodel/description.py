"""RTCSessionDescription and RTCIceCandidate: the values that cross the signaling channel.

webrtc-pc, 4.6.2 (RTCSessionDescription) and 4.8.1 (RTCIceCandidate).  Both
are read from the W3C init dicts (``{"type": ..., "sdp": ...}``,
``{"candidate": ..., "sdpMid": ..., ...}``) and written back with
``toJSON()``, so JSON signaling code ports as it is.  Pure values: no I/O.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sdpmodel._parser import parse_candidate
from sdpmodel.enums import RTCSdpType
from sdpmodel.errors import RTCError

__all__ = ["RTCIceCandidate", "RTCSessionDescription", "candidate_init", "description_init"]


class RTCSessionDescription:
    """webrtc-pc, 4.6.2: ``type`` (RTCSdpType) and ``sdp`` (text, "" by default)."""

    __slots__ = ("_sdp", "_type")

    def __init__(
        self,
        type: RTCSdpType | str | Mapping[str, Any] | RTCSessionDescription | None = None,
        sdp: str = "",
    ) -> None:
        # ``RTCSessionDescription(init)`` as in JavaScript: a dict or another description.
        if isinstance(type, Mapping | RTCSessionDescription):
            type, sdp = description_init(type, type_required=True)
        if type is None:
            raise TypeError("RTCSessionDescription: the member 'type' is required")
        try:
            self._type = RTCSdpType(type)
        except ValueError:
            raise TypeError(f"{type!r} is not a valid RTCSdpType") from None
        if not isinstance(sdp, str):
            raise TypeError(
                f"RTCSessionDescription.sdp must be a string, not {sdp.__class__.__name__}"
            )
        self._sdp = sdp

    @property
    def type(self) -> str:
        return str(self._type)

    @property
    def sdp(self) -> str:
        return self._sdp

    def toJSON(self) -> dict[str, str]:
        return {"type": self.type, "sdp": self._sdp}

    def __eq__(self, other: object) -> bool:
        if isinstance(other, RTCSessionDescription):
            return (self.type, self.sdp) == (other.type, other.sdp)
        return NotImplemented

    def __hash__(self) -> int:
        return hash((self.type, self.sdp))

    def __repr__(self) -> str:
        return f"RTCSessionDescription(type={self.type!r}, sdp=<{len(self._sdp)} chars>)"


def description_init(
    description: RTCSessionDescription | Mapping[str, Any] | Any, *, type_required: bool
) -> tuple[str | None, str]:
    """(type, sdp) from an RTCSessionDescription, an init dict, or any object with type/sdp.

    webrtc-pc: RTCSessionDescriptionInit (``type`` required) or, for
    setLocalDescription, RTCLocalSessionDescriptionInit (``type`` optional).
    """
    if description is None:
        if type_required:
            raise TypeError("a session description is required (RTCSessionDescriptionInit)")
        return None, ""
    if isinstance(description, Mapping):
        sdp_type = description.get("type")
        sdp = description.get("sdp", "")
    elif hasattr(description, "type") and hasattr(description, "sdp"):
        sdp_type = description.type
        sdp = description.sdp
    else:
        raise TypeError(
            "a session description is a dict or RTCSessionDescription, not "
            f"{type(description).__name__}"
        )
    if sdp is None:
        sdp = ""
    if not isinstance(sdp, str):
        raise TypeError(f"the description's sdp must be a string, not {type(sdp).__name__}")
    if sdp_type is None:
        if type_required:
            raise TypeError(
                "the description has no 'type' (RTCSessionDescriptionInit.type is required)"
            )
        return None, sdp
    if not isinstance(sdp_type, str):
        raise TypeError(f"the description's type must be a string, not {type(sdp_type).__name__}")
    try:
        RTCSdpType(sdp_type)
    except ValueError:
        raise TypeError(f"{sdp_type!r} is not a valid RTCSdpType") from None
    return str(sdp_type), sdp


class RTCIceCandidate:
    """webrtc-pc, 4.8.1: one ICE candidate as signaled, with its parsed fields.

    The constructor throws ``TypeError`` when both ``sdpMid`` and
    ``sdpMLineIndex`` are None (step 1); a candidate string that does not
    parse leaves the parsed fields None (step 4.2: "abort these steps").
    """

    def __init__(
        self,
        candidate: str | Mapping[str, Any] = "",
        sdpMid: str | None = None,
        sdpMLineIndex: int | None = None,
        usernameFragment: str | None = None,
    ) -> None:
        # ``RTCIceCandidate(init)`` as in JavaScript: a dict with the RTCIceCandidateInit keys.
        if isinstance(candidate, Mapping):
            candidate, sdpMid, sdpMLineIndex, usernameFragment = candidate_init(candidate)
        if sdpMid is None and sdpMLineIndex is None:
            raise TypeError("RTCIceCandidate: sdpMid and sdpMLineIndex cannot both be null")
        if not isinstance(candidate, str):
            raise TypeError("RTCIceCandidate.candidate must be a string")
        self.candidate = candidate
        self.sdpMid = sdpMid
        self.sdpMLineIndex = sdpMLineIndex
        self.usernameFragment = usernameFragment
        self.foundation: str | None = None
        self.component: str | None = None
        self.priority: int | None = None
        self.address: str | None = None
        self.protocol: str | None = None
        self.port: int | None = None
        self.type: str | None = None
        self.tcpType: str | None = None
        self.relatedAddress: str | None = None
        self.relatedPort: int | None = None
        self.relayProtocol: str | None = None
        self.url: str | None = None
        if candidate:
            text = candidate[2:] if candidate.startswith("a=") else candidate
            try:
                parsed = parse_candidate(
                    text if text.startswith("candidate:") else "candidate:" + text
                )
            except RTCError:
                return
            self.foundation = parsed.foundation
            self.component = {1: "rtp", 2: "rtcp"}.get(parsed.component)
            self.priority = parsed.priority
            self.address = parsed.address
            self.protocol = parsed.transport.lower()
            self.port = parsed.port
            self.type = parsed.type
            self.tcpType = parsed.tcp_type
            self.relatedAddress = parsed.related_address
            self.relatedPort = parsed.related_port
            if self.usernameFragment is None:
                self.usernameFragment = parsed.ufrag

    def toJSON(self) -> dict[str, Any]:
        return {
            "candidate": self.candidate,
            "sdpMid": self.sdpMid,
            "sdpMLineIndex": self.sdpMLineIndex,
            "usernameFragment": self.usernameFragment,
        }

    def __repr__(self) -> str:
        where = f"sdpMid={self.sdpMid!r}, sdpMLineIndex={self.sdpMLineIndex!r}"
        return f"RTCIceCandidate({self.candidate!r}, {where})"


def candidate_init(
    candidate: RTCIceCandidate | Mapping[str, Any] | Any,
) -> tuple[str, str | None, int | None, str | None]:
    """(candidate, sdpMid, sdpMLineIndex, usernameFragment) of an RTCIceCandidateInit.

    None or a missing dictionary is webrtc-pc's default ``{}``: an
    end-of-candidates indication (MDN, addIceCandidate).
    """
    if candidate is None:
        return "", None, None, None
    if isinstance(candidate, RTCIceCandidate):
        return (
            candidate.candidate,
            candidate.sdpMid,
            candidate.sdpMLineIndex,
            candidate.usernameFragment,
        )
    if isinstance(candidate, Mapping):
        text = candidate.get("candidate", "")
        if text is None:
            text = ""
        mid = candidate.get("sdpMid")
        index = candidate.get("sdpMLineIndex")
        ufrag = candidate.get("usernameFragment")
    elif hasattr(candidate, "candidate"):
        text = candidate.candidate
        mid = getattr(candidate, "sdpMid", None)
        index = getattr(candidate, "sdpMLineIndex", None)
        ufrag = getattr(candidate, "usernameFragment", None)
    else:
        raise TypeError(f"a candidate is a dict or RTCIceCandidate, not {type(candidate).__name__}")
    if not isinstance(text, str):
        raise TypeError("RTCIceCandidateInit.candidate must be a string")
    if mid is not None and not isinstance(mid, str):
        raise TypeError("RTCIceCandidateInit.sdpMid must be a string or null")
    if index is not None and (
        not isinstance(index, int) or isinstance(index, bool) or not 0 <= index <= 65535
    ):
        raise TypeError("RTCIceCandidateInit.sdpMLineIndex must be an unsigned short or null")
    if ufrag is not None and not isinstance(ufrag, str):
        raise TypeError("RTCIceCandidateInit.usernameFragment must be a string or null")
    return text, mid, index, ufrag
