"""MediaStreamTrack and MediaStream, as the W3C Media Capture spec shapes them.

These are the facade's handles for media: ``addTrack`` takes a track (ours,
or any object with ``id`` and ``kind`` such as an aiortc MediaStreamTrack),
and every RTCRtpReceiver owns a remote track that starts muted and unmutes
when media arrives (webrtc-pc, 5.3 "create an RTCRtpReceiver").  A remote
track may be given a frame source by the transport backend; ``recv()``
reads from it.  No I/O here.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from sdpmodel.attributes import TERMINALS
from sdpmodel.errors import InvalidStateError
from sdpmodel.events import Event, EventTarget, HandlerAttribute, MediaStreamTrackEvent

__all__ = ["MediaStream", "MediaStreamTrack", "TrackLike"]

#: RFC 8830, 2 (msid-id and msid-appdata: 1*64 token-char, RFC 8866, 9): the ids a
#: stream or a track given an id of the user's choosing writes into a=msid.  The token
#: is the grammar's (``attributes.TERMINALS``), at most 64 characters long.
_TOKEN = re.compile(TERMINALS["TOKEN"][0])
_MSID_ID_MAX = 64


def _checked_id(value: object, what: str) -> str:
    """An id given in code, checked where it is made: one ``a=msid`` token (RFC 8830, 2)."""
    if not isinstance(value, str):
        raise TypeError(f"a {what} id is a string, not {type(value).__name__}")
    if len(value) > _MSID_ID_MAX or _TOKEN.fullmatch(value) is None:
        raise ValueError(
            f"a {what} id is 1 to 64 letters, digits or !#$%&'*+-.^_`{{|}}~ (RFC 8830, 2: it "
            f"is written in a=msid), got {value!r}"
        )
    return value


class TrackLike(Protocol):
    """Anything addTrack accepts: an ``id`` and a ``kind`` ("audio" or "video")."""

    @property
    def id(self) -> str: ...

    @property
    def kind(self) -> str: ...


class FrameSource(Protocol):
    async def recv(self) -> Any: ...


class MediaStreamTrack(EventTarget):
    """mediacapture-main, MediaStreamTrack: ``id``, ``kind``, ``label``, ``enabled``,
    ``muted``, ``readyState``."""

    onmute = HandlerAttribute()
    onunmute = HandlerAttribute()
    onended = HandlerAttribute()

    def __init__(self, kind: str, id: str | None = None, *, label: str = "") -> None:
        self._start(kind, label)
        self._id = _checked_id(id, "MediaStreamTrack") if id is not None else str(uuid.uuid4())

    def _start(self, kind: str, label: str) -> None:
        """Every slot but the id."""
        super().__init__()
        if kind not in ("audio", "video"):
            raise TypeError(f"a MediaStreamTrack is 'audio' or 'video', not {kind!r}")
        self._kind = kind
        self.label = label
        self.enabled = True
        self._muted = False
        self._ready_state = "live"
        self._source: FrameSource | None = None

    @classmethod
    def _remote(cls, kind: str, id: str) -> MediaStreamTrack:
        """webrtc-pc, create an RTCRtpReceiver, steps 2 to 6: a muted "remote <kind>" track.

        Made without ``__init__``, which would draw a random id only to replace it.
        """
        track = cls.__new__(cls)
        track._start(kind, f"remote {kind}")
        track._id = id  # the remote's a=msid value, checked by the parser (any length)
        track._muted = True
        return track

    @property
    def id(self) -> str:
        return self._id

    @property
    def kind(self) -> str:
        return self._kind

    @property
    def muted(self) -> bool:
        return self._muted

    @property
    def readyState(self) -> str:
        return self._ready_state

    def stop(self) -> None:
        """End the track (no ``ended`` event: the application ended it itself)."""
        self._ready_state = "ended"

    def _set_muted(self, muted: bool) -> None:
        """mediacapture-main, "set a track's muted state": fires mute / unmute on a change."""
        if self._muted == muted or self._ready_state == "ended":
            return
        self._muted = muted
        self.dispatch(Event("mute" if muted else "unmute"))

    def _end(self) -> None:
        """The source went away (webrtc-pc, stop sending and receiving, step 6): ``ended``."""
        if self._ready_state == "ended":
            return
        self._ready_state = "ended"
        self.dispatch(Event("ended"))

    async def recv(self) -> Any:
        """The next frame from the transport (aiortc backend); InvalidStateError without media."""
        if self._source is None or self._ready_state == "ended":
            raise InvalidStateError("this track has no media source (use the aiortc transport)")
        return await self._source.recv()

    def __repr__(self) -> str:
        muted = " muted" if self._muted else ""
        return f"<MediaStreamTrack {self._kind} {self._id} {self._ready_state}{muted}>"


def _is_track(value: object) -> bool:
    """A MediaStreamTrack, ours or another's (aiortc): a string ``id`` and a ``kind``."""
    if isinstance(value, MediaStreamTrack):
        return True
    if isinstance(value, (str, bytes, MediaStream, Iterable)):
        return False
    return isinstance(getattr(value, "id", None), str) and isinstance(
        getattr(value, "kind", None), str
    )


def _as_tracks(value: object, what: str) -> list[TrackLike]:
    """WebIDL ``sequence<MediaStreamTrack>``: an iterable of tracks (not a string), or TypeError."""
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        raise TypeError(f"{what} is a list of MediaStreamTrack, not {type(value).__name__}")
    tracks: list[TrackLike] = list(value)
    for track in tracks:
        if not _is_track(track):
            raise TypeError(f"{what} holds MediaStreamTrack objects, not {track!r}")
    return tracks


class MediaStream(EventTarget):
    """mediacapture-main, MediaStream: an id, a set of tracks, ``addtrack`` / ``removetrack``.

    The constructors are mediacapture-main's (4.2 "MediaStream", constructor
    steps): ``MediaStream()``, ``MediaStream(stream)`` (a new id, the same
    track objects) and ``MediaStream(tracks)`` (a list of tracks, each once).
    Two extensions: a single track, ``MediaStream(track)``, as MDN's addTrack
    page writes it (``new MediaStream(ev.track)``; browsers would raise
    TypeError there), and an id of our choosing, ``MediaStream(id=...)``, also
    as the first positional argument (``MediaStream("s", tracks)``, the
    signature DESIGN.md gives: ``MediaStream(id=None, tracks=())``).  Anything
    else raises TypeError.

    The events fire only when the user agent changes the stream (a remote
    stream of a peer connection), not for ``addTrack()`` / ``removeTrack()``
    calls, as the spec says.
    """

    onaddtrack = HandlerAttribute()
    onremovetrack = HandlerAttribute()

    def __init__(
        self,
        init: MediaStream | TrackLike | Iterable[TrackLike] | str | None = None,
        /,
        tracks: Iterable[TrackLike] = (),
        *,
        id: str | None = None,
    ) -> None:
        super().__init__()
        given: list[TrackLike] = _as_tracks(tracks, "MediaStream(tracks=...)")
        # mediacapture-main, MediaStream constructor, step 3.1: the set of tracks from the
        # argument, a MediaStream (its track set) or a sequence of tracks.
        if isinstance(init, str):
            if id is not None:
                raise TypeError("MediaStream takes its id once: positionally or as id=")
            id = init
        elif init is not None:
            if given:
                raise TypeError("MediaStream takes its tracks once: as the argument or tracks=")
            if isinstance(init, MediaStream):
                given = init.getTracks()
            elif _is_track(init):
                given = [init]  # type: ignore[list-item]
            else:
                given = _as_tracks(init, "MediaStream(tracks)")
        # Step 2: a newly generated id (unless one is given: the extension above).
        self._id = _checked_id(id, "MediaStream") if id is not None else str(uuid.uuid4())
        self._tracks: list[TrackLike] = []
        # Step 3.2: each track once, in order.
        for track in given:
            self.addTrack(track)

    @classmethod
    def _remote(cls, id: str) -> MediaStream:
        """webrtc-pc, set the associated remote streams, step 2: a stream with a remote
        a=msid id (checked by the parser, any length the remote chose)."""
        stream = cls()
        stream._id = id
        return stream

    @property
    def id(self) -> str:
        return self._id

    def getTracks(self) -> list[TrackLike]:
        return list(self._tracks)

    def getAudioTracks(self) -> list[TrackLike]:
        return [t for t in self._tracks if t.kind == "audio"]

    def getVideoTracks(self) -> list[TrackLike]:
        return [t for t in self._tracks if t.kind == "video"]

    def getTrackById(self, track_id: str) -> TrackLike | None:
        """mediacapture-main, getTrackById(): the track with that id, or None."""
        return next((t for t in self._tracks if t.id == track_id), None)

    def addTrack(self, track: TrackLike) -> None:
        """mediacapture-main, addTrack(): add the track unless the set has it already."""
        if not _is_track(track):
            raise TypeError(f"MediaStream.addTrack takes a MediaStreamTrack, not {track!r}")
        if not any(t is track for t in self._tracks):
            self._tracks.append(track)

    def removeTrack(self, track: TrackLike) -> None:
        self._tracks = [t for t in self._tracks if t is not track]

    @property
    def active(self) -> bool:
        return any(getattr(t, "readyState", "live") == "live" for t in self._tracks)

    def _ua_add(self, track: MediaStreamTrack) -> None:
        """webrtc-pc, 4.6.18 "add the track": the user agent adds a remote track (``addtrack``)."""
        if any(t is track for t in self._tracks):
            return
        self._tracks.append(track)
        self.dispatch(MediaStreamTrackEvent("addtrack", track))

    def _ua_remove(self, track: MediaStreamTrack) -> None:
        """webrtc-pc, 4.6.17 "remove the track" (``removetrack``)."""
        if not any(t is track for t in self._tracks):
            return
        self._tracks = [t for t in self._tracks if t is not track]
        self.dispatch(MediaStreamTrackEvent("removetrack", track))

    def __repr__(self) -> str:
        return f"<MediaStream {self._id} {len(self._tracks)} tracks>"
