"""webrtc-pc, 4.7.3: "check if negotiation is needed", as a pure function of the session.

The negotiation-needed *flag* and the event belong to the facade (they
depend on the operations chain and on tasks); whether negotiation is needed
depends only on the session, and lives here.  Each step of the algorithm is
a comment below.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sdpmodel._apply import _remote_msids
from sdpmodel.enums import RTCRtpTransceiverDirection, RTCSdpType
from sdpmodel.model import MediaDescription

if TYPE_CHECKING:
    from sdpmodel.jsep import Description, Session

__all__ = ["negotiation_needed", "why_negotiation_is_needed"]

D = RTCRtpTransceiverDirection


def why_negotiation_is_needed(session: Session) -> str | None:
    """The first reason negotiation is needed (with its step), or None when it is not."""
    # Step 2.
    if session.ice_credentials_to_replace:
        return "restartIce() was called (webrtc-pc 4.7.3, step 2)"
    # Step 3.
    description = session.current_local
    # Step 4.
    if session.data.wanted and (
        description is None
        or session.data.m_line_index is None
        or session.data.rejected
        or not session.data.negotiated
    ):
        return "a data channel was created and no data m-section is negotiated (step 4)"
    for t in session.transceivers:
        # 5.1
        if t.stopping and not t.stopped:
            return f"transceiver {t.id} is stopping (step 5.1)"
        if t.stopped:
            # 5.4: stopped, associated, but not rejected yet.
            if t.m_line_index is not None and description is not None:
                local = _at(session.current_local, t.m_line_index)
                remote = _at(session.current_remote, t.m_line_index)
                if not (
                    (local is not None and local.port == 0)
                    or (remote is not None and remote.port == 0)
                ):
                    return f"transceiver {t.id} is stopped, its m-section not rejected (step 5.4)"
            continue
        # 5.2
        if description is None or t.m_line_index is None or t.mid is None:
            return f"transceiver {t.id} has no m-section yet (step 5.2)"
        media = description.sdp.media_by_mid(t.mid)
        if media is None:
            return f"transceiver {t.id} has no m-section yet (step 5.2)"
        # 5.3.1: the msid lines of a sending transceiver match its streams.
        if t.direction.sends:
            msids = media.msids
            streams, _ = _remote_msids(media)
            if not msids or set(streams) != set(t.sender_stream_ids):
                return f"transceiver {t.id}: the streams of its sender changed (step 5.3.1)"
        if description.type is RTCSdpType.OFFER:
            # 5.3.2: the offered direction matches neither the local nor the reversed remote one.
            local_dir = media.direction
            remote_media = (
                session.current_remote.sdp.media_by_mid(t.mid) if session.current_remote else None
            )
            remote_dir = remote_media.direction.reversed() if remote_media is not None else None
            if t.direction.media not in (local_dir, remote_dir):
                return f"transceiver {t.id}: its direction changed to {t.direction} (step 5.3.2)"
        else:
            # 5.3.3: the answered direction is the direction intersected with the offered one.
            offer = (
                session.current_remote.sdp.media_by_mid(t.mid) if session.current_remote else None
            )
            if offer is not None:
                wanted = t.direction.media.intersect(offer.direction.reversed())
                if media.direction != wanted:
                    return (
                        f"transceiver {t.id}: its direction changed to {t.direction} (step 5.3.3)"
                    )
    return None


def negotiation_needed(session: Session) -> bool:
    """webrtc-pc, 4.7.3, "check if negotiation is needed"."""
    return why_negotiation_is_needed(session) is not None


def _at(description: Description | None, index: int) -> MediaDescription | None:
    if description is None or index >= len(description.sdp.media):
        return None
    return description.sdp.media[index]
