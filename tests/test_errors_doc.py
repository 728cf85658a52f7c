"""docs/errors.md stays true: its examples run, its table of limits is DEFAULT_LIMITS, it names every public call."""

from __future__ import annotations

import inspect
import re
from pathlib import Path

import pytest
from pyee.asyncio import AsyncIOEventEmitter

import sdpmodel
from sdpmodel import DEFAULT_LIMITS

DOC = Path(__file__).resolve().parent.parent / "docs" / "errors.md"
TEXT = DOC.read_text(encoding="utf-8")


@pytest.mark.parametrize("block", re.findall(r"```python\n(.*?)```", TEXT, re.S))
def test_the_examples_of_docs_errors_run(block: str) -> None:
    """Every Python example of docs/errors.md runs and its assertions hold (docs/errors.md)."""
    exec(compile(block, str(DOC), "exec"), {})


def test_the_documented_limits_are_the_defaults() -> None:
    """The limits table of docs/errors.md gives DEFAULT_LIMITS' numbers (sdpmodel.limits)."""
    rows = dict(re.findall(r"^\| `(max_\w+)` \| [^|(]*?\(?([\d,]+)\)? *\|", TEXT, re.M))
    documented = {name: int(value.replace(",", "")) for name, value in rows.items()}
    assert documented == {
        "max_size": DEFAULT_LIMITS.max_size,
        "max_line_length": DEFAULT_LIMITS.max_line_length,
        "max_media_sections": DEFAULT_LIMITS.max_media_sections,
        "max_candidates_per_media_section": DEFAULT_LIMITS.max_candidates_per_media_section,
    }


#: The public classes whose calls docs/errors.md documents (DESIGN.md, "Public contract").
PUBLIC_CLASSES = (
    "RTCPeerConnection",
    "RTCRtpTransceiver",
    "RTCRtpSender",
    "RTCRtpReceiver",
    "RTCDtlsTransport",
    "RTCIceTransport",
    "RTCSctpTransport",
    "RTCDTMFSender",
    "RTCDataChannel",
    "MediaStream",
    "MediaStreamTrack",
    "RTCSessionDescription",
    "RTCIceCandidate",
    "PerfectNegotiator",
)
#: pyee's emitter API that EventTarget inherits; of it, docs/errors.md covers what the
#: DOM has too (on, once, off, add/removeEventListener), not emit, listeners, ...
_EMITTER = frozenset(dir(AsyncIOEventEmitter)) - {"on", "once"}


def _public_calls(cls: type) -> set[str]:
    names = set()
    for name in dir(cls):
        if name.startswith("_") or name in _EMITTER:
            continue
        if isinstance(inspect.getattr_static(cls, name), property):
            continue
        if callable(getattr(cls, name)) and not isinstance(getattr(cls, name), type):
            names.add(name)
    return names


@pytest.mark.parametrize("class_name", PUBLIC_CLASSES)
def test_every_public_call_is_in_docs_errors(class_name: str) -> None:
    """DESIGN.md, Errors: docs/errors.md names every public call of the facade, as `name(...)` in its tables or text."""
    cls = getattr(sdpmodel, class_name)
    missing = sorted(
        name for name in _public_calls(cls) if not re.search(rf"`[^`\n]*\b{name}\(", TEXT)
    )
    assert not missing, f"docs/errors.md does not say what {class_name}.{missing} raise"
