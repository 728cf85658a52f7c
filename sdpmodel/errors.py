"""Errors that sdpmodel raises, named after the W3C DOMException they stand for.

This module owns the exception hierarchy and nothing else.  The contract (the
h11 rule): a public call raises one of these, or Python's ``TypeError`` /
``ValueError`` (WebIDL ``TypeError`` / ``RangeError``) for malformed arguments.
Any other exception escaping a public call is a bug.

Each class carries ``.name``, the DOMException name from WebIDL, so code
written against the W3C API (``err.name == "InvalidStateError"``) ports as is.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "DOMException",
    "DOMSyntaxError",
    "InvalidAccessError",
    "InvalidCharacterError",
    "InvalidModificationError",
    "InvalidStateError",
    "NotSupportedError",
    "OperationError",
    "RTCError",
    "RTCErrorDetailType",
    "SdpModelError",
]


class SdpModelError(Exception):
    """Base class of every error sdpmodel raises on purpose."""


class DOMException(SdpModelError):
    """A W3C DOMException: ``name`` is the WebIDL error name, ``message`` the text."""

    name = "Error"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return f"{self.name}: {self.message}"


class InvalidStateError(DOMException):
    """The call is not allowed in the current state (webrtc-pc: closed, wrong signaling state)."""

    name = "InvalidStateError"


class InvalidAccessError(DOMException):
    """The description parses but its content is not acceptable for this call."""

    name = "InvalidAccessError"


class InvalidCharacterError(DOMException):
    """A string holds a character the method does not take (webrtc-pc, insertDTMF step 8)."""

    name = "InvalidCharacterError"


class InvalidModificationError(DOMException):
    """The description differs from the one last created (SDP munging), or a forbidden change."""

    name = "InvalidModificationError"


class NotSupportedError(DOMException):
    """The request is well-formed but not supported."""

    name = "NotSupportedError"


class OperationError(DOMException):
    """An operation failed for a reason not covered by a more specific error."""

    name = "OperationError"


class DOMSyntaxError(DOMException):
    """A DOMException named ``SyntaxError`` (webrtc-pc: a malformed ICE server URL).

    Not Python's ``SyntaxError``, which means broken Python code.
    """

    name = "SyntaxError"


class RTCErrorDetailType(StrEnum):
    """webrtc-pc, RTCErrorDetailType enum: the values are the spec's strings."""

    DATA_CHANNEL_FAILURE = "data-channel-failure"
    DTLS_FAILURE = "dtls-failure"
    FINGERPRINT_FAILURE = "fingerprint-failure"
    SCTP_FAILURE = "sctp-failure"
    SDP_SYNTAX_ERROR = "sdp-syntax-error"
    HARDWARE_ENCODER_NOT_AVAILABLE = "hardware-encoder-not-available"
    HARDWARE_ENCODER_ERROR = "hardware-encoder-error"


class RTCError(OperationError):
    """webrtc-pc, RTCError interface: an OperationError with a detail.

    ``name`` stays ``"OperationError"`` as the spec's constructor sets it.  For
    ``sdp-syntax-error`` the 1-based ``sdp_line_number`` names the offending
    line (webrtc-pc: "the line number in the SDP where the syntax error was
    detected"), and ``column`` (1-based, sdpmodel's addition) the character:
    a count of characters (code points) in the line, never of bytes, invalid
    UTF-8 included.  The camelCase spellings ``errorDetail`` and
    ``sdpLineNumber`` read the same.  ``str(error)`` is ``line <N>: <message>``
    when there is a line number (``line 6: a=rtpmap: expected a payload type
    (0-127), got 'abc'``), else ``RTCError [<detail>]: <message>``.
    """

    def __init__(
        self,
        message: str,
        *,
        error_detail: RTCErrorDetailType | str,
        sdp_line_number: int | None = None,
        column: int | None = None,
        line_text: str | None = None,
    ) -> None:
        super().__init__(message)
        self.error_detail = RTCErrorDetailType(error_detail)
        is_syntax = self.error_detail is RTCErrorDetailType.SDP_SYNTAX_ERROR
        if is_syntax and sdp_line_number is None:
            raise ValueError("an sdp-syntax-error needs the line number")
        if not is_syntax and sdp_line_number is not None:
            raise ValueError("sdp_line_number is only set for an sdp-syntax-error")
        self.sdp_line_number = sdp_line_number
        self.column = column
        self.line_text = line_text

    @property
    def errorDetail(self) -> str:
        return str(self.error_detail)

    @property
    def sdpLineNumber(self) -> int | None:
        return self.sdp_line_number

    def __str__(self) -> str:
        # The shape issue 2 gives an SDP syntax error: "line 6: a=rtpmap: expected
        # a payload type (0-127), got 'abc'".  The detail, the column and the line
        # are attributes (and in the repr); the message says what they mean.
        if self.sdp_line_number is not None:
            return f"line {self.sdp_line_number}: {self.message}"
        return f"RTCError [{self.error_detail}]: {self.message}"

    def __repr__(self) -> str:
        # A constructor call, so a failing test prints something to paste.
        # The line's text stays out: it may be as long as Limits.max_line_length.
        parts = [repr(self.message), f"error_detail={str(self.error_detail)!r}"]
        if self.sdp_line_number is not None:
            parts.append(f"sdp_line_number={self.sdp_line_number}")
        if self.column is not None:
            parts.append(f"column={self.column}")
        return f"RTCError({', '.join(parts)})"
