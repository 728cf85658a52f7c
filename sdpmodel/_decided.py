"""Decisions worded from data the core already holds: table rows, effects, codec lists.

Setting a description decides things that ``_apply`` does not word itself:
which row of the signaling table applied, which ICE and DTLS roles a
transport starts with, when an ICE restart begins a new ICE session, which
SCTP association starts, which transports close and which transceivers go.
All of that is already data, in the ``Transition`` row and in the effects
the step returns; this module reads it back as ``Decision`` values, once per
operation and once per transport (never per m-section), so ``_apply`` stays
about applying and the cost stays off its loops.  ``codec_summary`` words a
codec list once for the offers and answers that share it.

Pure functions; no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sdpmodel._states import Transition
from sdpmodel.decisions import Decision
from sdpmodel.effects import (
    AssignDataChannelIds,
    CloseTransport,
    ConnectTransport,
    Effect,
    GatherCandidates,
    StartSctp,
    TransceiverRemoved,
)
from sdpmodel.enums import RTCDtlsRole, RTCIceRole, RTCSignalingState
from sdpmodel.model import Codec, SessionDescription

__all__ = ["answer_decisions", "codec_summary", "effect_decisions", "signaling_decision"]


def signaling_decision(state: RTCSignalingState, row: Transition) -> Decision:
    """The row of ``_states.TRANSITIONS`` that applied: ``stable -> have-local-offer``."""
    # The row's source reads "<document, section>: <the rule in words>".
    source, _, rule = row.source.partition(": ")
    return Decision(
        "signaling",
        f"{state} -> {row.next_state}: {rule or row.action}",
        source,
    )


def codec_summary(codecs: Sequence[Codec]) -> str:
    """``111 opus, 63 red, 110/126 telephone-event``; ``96 VP8, 98/100 VP9; rtx for each``.

    Payload types of one codec name are joined in order of preference (RFC
    3264, 5.1); the ``rtx`` formats (RFC 4588, 8.1) are named by the codecs
    they repair rather than listed.  The SDP has the clock rates and fmtp.
    """
    repaired: set[str] = set()
    names: dict[str, list[str]] = {}
    shown: dict[str, str] = {}
    for codec in codecs:
        name = codec.name or "static"
        if name.lower() == "rtx":
            apt = dict(codec.parameters).get("apt")
            if apt is not None:
                repaired.add(apt)
                continue
        names.setdefault(name.lower(), []).append(str(codec.payload_type))
        shown.setdefault(name.lower(), name)
    if not names:
        return "none"
    text = ", ".join(f"{'/'.join(pts)} {shown[key]}" for key, pts in names.items())
    primaries = [pt for key, pts in names.items() if key not in _NOT_REPAIRED for pt in pts]
    if repaired and set(primaries) <= repaired:
        text += "; rtx for each"
    elif repaired:
        text += f"; rtx for {'/'.join(pt for pt in primaries if pt in repaired)}"
    return text


#: Formats an rtx is not made for (RFC 4588, 8.1: rtx repairs the media codecs).
_NOT_REPAIRED = frozenset({"red", "ulpfec", "flexfec-03", "cn", "telephone-event"})


def answer_decisions(answer: SessionDescription, *, provisional: bool) -> list[Decision]:
    """What an applied (provisional) answer settles for the session: BUNDLE, early media."""
    out: list[Decision] = []
    if provisional:
        # RFC 9429, 4.1.10.1 "Use of Provisional Answers": the transports and media of a
        # pranswer start, but the offer stays pending until the final answer.
        out.append(
            Decision(
                "session",
                "provisional answer: its transports start, the offer stays pending; "
                "a final answer (or another pranswer) must follow",
                "RFC 9429, 4.1.10.1",
            )
        )
        return out
    groups = answer.bundle_groups
    if groups and groups[0]:
        group = groups[0]
        # RFC 9143, 7.4 (offerer) and 7.3 (answerer): the answer's group is the one both
        # ends use; its first mid is the answerer-tagged m-section, whose transport carries
        # every m-section of the group from now on.
        shared = (
            f"mids {' '.join(group)} share the transport of mid {group[0]}"
            if len(group) > 1
            else f"one m-section (mid {group[0]}), whose transport later m-sections will share"
        )
        out.append(
            Decision(
                "session", f"BUNDLE negotiated: {shared}", "RFC 9143, 7.3 and 7.4; RFC 9429, 5.11"
            )
        )
    else:
        out.append(
            Decision(
                "session",
                "no BUNDLE group in the answer: every m-section has a transport of its own",
                "RFC 9143, 7.3; RFC 9429, 5.11",
            )
        )
    return out


def effect_decisions(
    effects: Iterable[Effect], connected_before: Iterable[tuple[str, str, str]]
) -> list[Decision]:
    """The decisions behind the transport effects of one setLocal/RemoteDescription.

    ``connected_before`` is the session's ``connected`` set before the step
    (``(transport, local ufrag, remote ufrag)``): a transport that was
    connected with other credentials is restarting ICE.
    """
    before = {transport: (local, remote) for transport, local, remote in connected_before}
    out: list[Decision] = []
    for effect in effects:
        if isinstance(effect, GatherCandidates):
            if effect.restart:
                out.append(
                    Decision(
                        f"transport {effect.transport}",
                        f"ICE restart: gathering again with the new ufrag {effect.ufrag}",
                        "RFC 8839, 4.4.1.1.1; RFC 9429, 5.9",
                    )
                )
            else:
                out.append(
                    Decision(
                        f"transport {effect.transport}",
                        f"ICE gathering starts (ufrag {effect.ufrag})",
                        "RFC 9429, 5.9; webrtc-pc, 5.6",
                        detail=True,
                    )
                )
        elif isinstance(effect, ConnectTransport):
            out.extend(_connect(effect, before.get(effect.transport)))
        elif isinstance(effect, StartSctp):
            size = min(effect.max_message_size, effect.remote_max_message_size)
            out.append(
                Decision(
                    f"transport {effect.transport}",
                    f"SCTP association: port {effect.local_port} to port {effect.remote_port}, "
                    f"messages up to {size} bytes (the smaller max-message-size)",
                    "RFC 8841, 6 and 10; webrtc-pc, 4.6.9.1",
                )
            )
        elif isinstance(effect, AssignDataChannelIds):
            parity = "even" if effect.dtls_role is RTCDtlsRole.CLIENT else "odd"
            out.append(
                Decision(
                    "session",
                    f"data channel ids are {parity}: this end is the DTLS {effect.dtls_role}",
                    "RFC 8832, 6; webrtc-pc, 6.1",
                    detail=True,
                )
            )
        elif isinstance(effect, CloseTransport):
            out.append(
                Decision(
                    f"transport {effect.transport}",
                    "closed: no m-section of the current descriptions uses it any more",
                    "webrtc-pc, set the session description, 4.6.13; RFC 9429, 5.11",
                )
            )
        elif isinstance(effect, TransceiverRemoved):
            final = effect.final
            why = (
                "stopped before any m-section was made for it"
                if final.m_line_index is None
                else "stopped, and its m-section is rejected"
            )
            out.append(
                Decision(
                    f"transceiver {final.id}",
                    f"removed from the connection: {why}",
                    "webrtc-pc, set the session description, 4.6.12.1.1",
                )
            )
    return out


def _connect(effect: ConnectTransport, before: tuple[str, str] | None) -> list[Decision]:
    subject = f"transport {effect.transport}"
    out: list[Decision] = []
    if before is not None and before != (effect.local_ufrag, effect.remote_ufrag):
        out.append(
            Decision(
                subject,
                f"ICE restart: a new ICE session (ufrags {before[0]}/{before[1]} -> "
                f"{effect.local_ufrag}/{effect.remote_ufrag}); DTLS keeps its association",
                "RFC 8839, 4.4.1.1.1; RFC 8445, 9",
            )
        )
    # RFC 8445, 6.1.1 "Determining Role": the offerer controls, and a full agent facing a
    # lite one controls whatever the offer said.
    if effect.ice_role is RTCIceRole.CONTROLLING:
        why = "the remote is ice-lite" if effect.remote_ice_lite else "this end offered"
    else:
        why = "the remote end offered"
    out.append(
        Decision(
            subject,
            f"ICE starts as the {effect.ice_role} agent ({why}), with "
            f"{len(effect.remote_candidates)} remote candidate(s) so far",
            "RFC 8445, 6.1.1",
        )
    )
    # RFC 8842, 5.3 / 5.4 and RFC 4145, 4: the "active" end opens the connection, and RFC
    # 5763, 5: the active end is the DTLS client.
    out.append(
        Decision(
            subject,
            f"DTLS {effect.dtls_role}: "
            + (
                "this end takes the active role and starts the handshake"
                if effect.dtls_role is RTCDtlsRole.CLIENT
                else "this end takes the passive role and waits for the handshake"
            ),
            "RFC 8842, 5.3 and 5.4; RFC 5763, 5",
        )
    )
    return out
