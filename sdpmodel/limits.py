"""How much untrusted SDP sdpmodel takes: ``Limits``, a frozen value with documented defaults.

A session description comes from the other end of a signaling channel, that
is from anyone.  Parsing and negotiation take time and memory in proportion
to its size (the parser is linear: ``bench`` section 8 shows the growth), so
the size is what has to be bounded.  ``Limits`` says how far, and each limit
is checked before the work it bounds is done:

* ``max_size``: the whole description, in characters of a ``str`` (bytes of
  a ``bytes`` input, before decoding).  Checked first, in constant time.
* ``max_line_length``: one line, in characters, without its line ending.
  Also the longest candidate ``addIceCandidate`` takes: a trickled
  candidate becomes a line of the remote description (RFC 9429, 4.1.17), so
  this bound, with ``max_candidates_per_media_section``, is what keeps
  trickle ICE from growing a description without end.
* ``max_media_sections``: ``m=`` lines in one description.
* ``max_candidates_per_media_section``: ``a=candidate`` lines in one
  m-section (or at session level), counting those added by
  ``addIceCandidate``.

Where they apply: ``sdpmodel.parse(text, limits=...)`` (and
``parse_attribute`` / ``parse_candidate``, line length only); the
negotiation core for every remote description and candidate
(``Session.create(limits=...)``); ``RTCPeerConnection(limits=...)``.  The
default, ``DEFAULT_LIMITS``, is generous: about a thousand times the largest
description of the public corpus (6 KiB, 7 m-sections, 16 candidates in one
m-section, lines of at most 214 characters) and above the largest this
project negotiates in its own benchmarks (1000 transceivers, 2.1 MiB).
``Limits.none()`` switches every limit off, for trusted input.

A description over a limit is rejected as a syntax error would be:
``RTCError`` with ``error_detail="sdp-syntax-error"`` and the 1-based line
where the limit was crossed (``addIceCandidate``: ``OperationError``, the
error its step 4.7 gives a candidate that cannot be added).  Limits are
checked before the syntax, so a description over a limit is rejected for
that whatever else is wrong with it.

No spec sets these numbers: RFC 8866 and RFC 9429 put no bound on the size
of a description, and neither do browsers' APIs.  They are this library's.
This module is a leaf: no parsing, no I/O.
"""

from __future__ import annotations

import sys
from typing import Any

import attrs

__all__ = ["DEFAULT_LIMITS", "Limits"]


def _positive(instance: Any, attribute: attrs.Attribute[int], value: object) -> None:
    """WebIDL-style checks: TypeError for a non-integer, ValueError (RangeError) below 1."""
    del instance
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError(f"Limits.{attribute.name} is an int, not {type(value).__name__}")
    if value < 1:
        raise ValueError(f"Limits.{attribute.name} must be at least 1, got {value}")


@attrs.frozen
class Limits:
    """The bounds on untrusted SDP (see the module docstring for what each one counts)."""

    #: 8 MiB: four times the 1000-transceiver offer of the benchmarks.
    max_size: int = attrs.field(default=8 * 1024 * 1024, validator=_positive)
    #: 64 KiB: a BUNDLE group of 4096 mids is about 20 KiB.
    max_line_length: int = attrs.field(default=64 * 1024, validator=_positive)
    #: Chrome and Firefox put no bound on m-sections; SFUs that never recycle one reach
    #: the thousands over a long call.
    max_media_sections: int = attrs.field(default=4096, validator=_positive)
    #: A host with every interface, both IP versions, UDP and TCP, and several TURN
    #: servers gathers a few dozen.
    max_candidates_per_media_section: int = attrs.field(default=1024, validator=_positive)

    @classmethod
    def none(cls) -> Limits:
        """No limit at all (every bound ``sys.maxsize``): only for input you trust."""
        return cls(sys.maxsize, sys.maxsize, sys.maxsize, sys.maxsize)


#: What ``parse`` and ``RTCPeerConnection`` use unless told otherwise.
DEFAULT_LIMITS = Limits()
