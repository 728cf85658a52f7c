"""W3C-shaped events and the EventTarget every facade object inherits.

``EventTarget`` keeps its listeners in pyee's emitter (``on``, ``once``,
``off``, usable as decorators) and adds the two things the DOM has and
pyee does not: the ``on<type>`` handler attributes (``pc.onicecandidate =
handler``, so MDN examples port line by line) and dispatch that survives a
failing listener (DOM, "inner invoke": an exception is reported, the other
listeners still run).  Handlers may be plain functions or coroutine
functions; a coroutine handler is scheduled as a task.

Events are values with ``.type`` and the members webrtc-pc gives them.
This module does not decide *when* events fire: the facade queues them.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import inspect
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from pyee.asyncio import AsyncIOEventEmitter

if TYPE_CHECKING:
    from sdpmodel.datachannel import RTCDataChannel
    from sdpmodel.decisions import Explanation
    from sdpmodel.description import RTCIceCandidate
    from sdpmodel.media import MediaStream, MediaStreamTrack
    from sdpmodel.rtp import RTCRtpReceiver, RTCRtpTransceiver

__all__ = [
    "Event",
    "EventTarget",
    "ExplanationEvent",
    "HandlerAttribute",
    "MediaStreamTrackEvent",
    "MessageEvent",
    "RTCDTMFToneChangeEvent",
    "RTCDataChannelEvent",
    "RTCErrorEvent",
    "RTCPeerConnectionIceErrorEvent",
    "RTCPeerConnectionIceEvent",
    "RTCTrackEvent",
]

Handler = Callable[..., Any]


class Event:
    """DOM Event: ``type``, and ``target`` once dispatched."""

    def __init__(self, type: str) -> None:
        self.type = type
        self.target: object | None = None

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.type}>"


class RTCPeerConnectionIceEvent(Event):
    """webrtc-pc, 4.8.2: ``icecandidate``; ``candidate`` is None at the end of gathering."""

    def __init__(self, candidate: RTCIceCandidate | None, url: str | None = None) -> None:
        super().__init__("icecandidate")
        self.candidate = candidate
        self.url = url


class RTCPeerConnectionIceErrorEvent(Event):
    """webrtc-pc, 4.8.3: ``icecandidateerror`` (a STUN/TURN server could not be reached)."""

    def __init__(
        self,
        *,
        address: str | None,
        port: int | None,
        url: str,
        errorCode: int,
        errorText: str,
    ) -> None:
        super().__init__("icecandidateerror")
        self.address = address
        self.port = port
        self.url = url
        self.errorCode = errorCode
        self.errorText = errorText


class RTCTrackEvent(Event):
    """webrtc-pc, 5.7: ``track`` with the receiver, its track, its transceiver and streams."""

    def __init__(
        self,
        *,
        receiver: RTCRtpReceiver,
        track: MediaStreamTrack,
        streams: tuple[MediaStream, ...],
        transceiver: RTCRtpTransceiver,
    ) -> None:
        super().__init__("track")
        self.receiver = receiver
        self.track = track
        self.streams = streams
        self.transceiver = transceiver


class RTCDataChannelEvent(Event):
    """webrtc-pc, 6.3: ``datachannel`` for a channel the remote opened."""

    def __init__(self, channel: RTCDataChannel) -> None:
        super().__init__("datachannel")
        self.channel = channel


class ExplanationEvent(Event):
    """sdpmodel's own ``explanation`` event (not W3C): what one operation decided.

    Fired on the RTCPeerConnection when a chained operation succeeds, before
    the W3C events of its step (``signalingstatechange`` first among them),
    so a listener sees each explanation in the order the operations ran.
    """

    def __init__(self, explanation: Explanation) -> None:
        super().__init__("explanation")
        self.explanation = explanation


class MessageEvent(Event):
    """HTML MessageEvent: ``message`` on a data channel; ``data`` is str or bytes."""

    def __init__(self, data: str | bytes) -> None:
        super().__init__("message")
        self.data = data


class RTCErrorEvent(Event):
    """webrtc-pc, 11.3: ``error`` with an RTCError."""

    def __init__(self, error: Exception) -> None:
        super().__init__("error")
        self.error = error


class MediaStreamTrackEvent(Event):
    """mediacapture-main: ``addtrack`` / ``removetrack`` on a MediaStream."""

    def __init__(self, type: str, track: MediaStreamTrack) -> None:
        super().__init__(type)
        self.track = track


class RTCDTMFToneChangeEvent(Event):
    """webrtc-pc, 7.3: ``tonechange``; ``tone`` is "" after the last tone."""

    def __init__(self, tone: str) -> None:
        super().__init__("tonechange")
        self.tone = tone


def _report(exc: BaseException, handler: Handler) -> None:
    """DOM "report the exception": to the loop's exception handler, never to the dispatcher."""
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        return
    loop.call_exception_handler(
        {"message": f"exception in event handler {handler!r}", "exception": exc}
    )


class EventTarget(AsyncIOEventEmitter):
    """pyee's emitter with DOM dispatch and ``on<type>`` handler attributes.

    Subclasses declare each handler attribute as ``onmessage =
    HandlerAttribute()``; the event type is the name without "on".
    """

    def __init__(self) -> None:
        super().__init__()
        self._handler_attributes: dict[str, Handler] = {}

    def on(self, event: str, f: Handler | None = None) -> Any:
        """Add a listener (DOM addEventListener); ``on(event)`` alone is a decorator."""
        if not isinstance(event, str):
            raise TypeError(f"an event type is a str, not {type(event).__name__}")
        if f is not None and not callable(f):
            raise TypeError(f"an event listener must be callable, not {type(f).__name__}")
        return super().on(event, f) if f is not None else super().on(event)

    def off(self, event: str, handler: Handler) -> None:
        """Remove a listener added with ``on`` (DOM removeEventListener); unknown ones are
        ignored."""
        with contextlib.suppress(KeyError):
            self.remove_listener(event, handler)

    def addEventListener(self, event: str, handler: Handler) -> None:
        self.on(event, handler)

    def removeEventListener(self, event: str, handler: Handler) -> None:
        self.off(event, handler)

    def _emit_handle_potential_error(self, event: str, error: Any) -> None:
        # pyee raises when "error" has no listener; a DOM event with none is just not seen.
        return

    def dispatch(self, event: Event) -> None:
        """DOM dispatch: every listener of ``event.type`` in order; failures are reported."""
        if not isinstance(event, Event):
            raise TypeError(f"dispatch() takes an Event, not {type(event).__name__}")
        event.target = self
        for handler in list(self.listeners(event.type)):
            try:
                result = handler(event)
            except Exception as exc:
                _report(exc, handler)
                continue
            if inspect.isawaitable(result):
                task = asyncio.ensure_future(result)
                task.add_done_callback(functools.partial(_task_done, handler=handler))


def _task_done(task: asyncio.Future[Any], handler: Handler) -> None:
    if task.cancelled():
        return
    exc = task.exception()
    if exc is not None:
        _report(exc, handler)


class HandlerAttribute:
    """The descriptor behind ``on<type>`` (HTML event handler IDL attributes).

    Reading it gives the handler set (or None); setting it replaces the
    previous handler, which keeps its place among the listeners only if set
    again; None removes it.
    """

    def __init__(self) -> None:
        self.event_type = ""

    def __set_name__(self, owner: type, name: str) -> None:
        if not name.startswith("on"):
            raise TypeError(f"an event handler attribute is named on<type>, not {name!r}")
        self.event_type = name[2:]

    def __get__(self, obj: EventTarget | None, owner: type | None = None) -> Handler | None:
        if obj is None:
            return None
        return obj._handler_attributes.get(self.event_type)

    def __set__(self, obj: EventTarget, handler: Handler | None) -> None:
        old = obj._handler_attributes.pop(self.event_type, None)
        if old is not None:
            obj.off(self.event_type, old)
        if handler is not None:
            if not callable(handler):
                raise TypeError(f"on{self.event_type} must be callable or None")
            obj._handler_attributes[self.event_type] = handler
            obj.on(self.event_type, handler)
