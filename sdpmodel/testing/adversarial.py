"""Adversarial session descriptions: very large, very long, very repetitive, all well-formed.

What a hostile or broken peer can send through a signaling channel, built
to a requested size so that tests and benchmarks can check that parsing and
negotiation stay linear in it and bounded in memory (``sdpmodel.limits``
bounds what is accepted; ``Limits.none()`` lets these through).  Every
builder is deterministic (no randomness: the n-th value is derived from n),
returns ``str`` with CRLF line endings, and its result parses with
``sdpmodel.parse(text, limits=Limits.none())``.  Lines differ from each
other wherever that is cheap, so that the parser's cache of built lines
does not turn the work into lookups (``repeated_attribute`` is the
exception: the same line again and again, on purpose).

Used by ``tests/test_adversarial.py`` and ``bench`` (section 8).  Needs
nothing but sdpmodel's own dependencies.
"""

from __future__ import annotations

__all__ = [
    "CRLF",
    "description_of_size",
    "distinct_attributes",
    "long_line",
    "many_candidates",
    "many_lines",
    "many_media_sections",
    "repeated_attribute",
]

CRLF = "\r\n"

_HEAD = (
    "v=0",
    "o=- 4611731400430051336 2 IN IP4 127.0.0.1",
    "s=-",
    "t=0 0",
    "a=msid-semantic: WMS",
)


def _fingerprint(n: int) -> str:
    return ":".join(f"{(n * 7 + i * 13) % 256:02X}" for i in range(32))


def _section(n: int) -> list[str]:
    """One bundled audio m-section, mid ``n``, its own ICE credentials and SSRC."""
    return [
        "m=audio 9 UDP/TLS/RTP/SAVPF 111 0",
        "c=IN IP4 0.0.0.0",
        "a=rtcp:9 IN IP4 0.0.0.0",
        f"a=ice-ufrag:u{n:07d}",
        f"a=ice-pwd:p{n:07d}0123456789abcdef",
        f"a=fingerprint:sha-256 {_fingerprint(n)}",
        "a=setup:actpass",
        f"a=mid:{n}",
        "a=sendrecv",
        f"a=msid:s{n} t{n}",
        "a=rtcp-mux",
        "a=rtpmap:111 opus/48000/2",
        "a=fmtp:111 minptime=10;useinbandfec=1",
        "a=rtpmap:0 PCMU/8000",
        f"a=ssrc:{1_000_000 + n} cname:c{n}",
    ]


def _text(lines: list[str]) -> str:
    return CRLF.join(lines) + CRLF


def many_media_sections(count: int) -> str:
    """A description of ``count`` audio m-sections (15 lines each), every one with its own mid."""
    lines = list(_HEAD)
    for n in range(count):
        lines += _section(n)
    return _text(lines)


def description_of_size(size: int) -> str:
    """A description of about ``size`` characters (at least that many): m-sections added until
    it is large enough (about 440 characters each)."""
    lines = list(_HEAD)
    length = sum(len(line) + 2 for line in lines)
    n = 0
    while length < size:
        section = _section(n)
        lines += section
        length += sum(len(line) + 2 for line in section)
        n += 1
    return _text(lines)


def many_lines(count: int) -> str:
    """A description of exactly ``count`` lines (at least 21): one m-section whose ``a=ssrc``
    lines, each a different SSRC, make up the rest."""
    head = list(_HEAD) + _section(0)
    if count < len(head) + 1:
        raise ValueError(f"many_lines needs at least {len(head) + 1} lines")
    lines = head + [f"a=ssrc:{2_000_000 + n} cname:c{n}" for n in range(count - len(head))]
    return _text(lines)


def long_line(length: int) -> str:
    """A small description with one ``a=`` line of exactly ``length`` characters (at least 16):
    an unknown attribute, kept as ``UnknownAttribute``."""
    prefix = "a=x-long-value:"
    if length < len(prefix) + 1:
        raise ValueError(f"long_line needs a length of at least {len(prefix) + 1}")
    lines = list(_HEAD) + _section(0) + [prefix + "x" * (length - len(prefix))]
    return _text(lines)


def many_candidates(count: int) -> str:
    """One m-section with ``count`` host candidates, each with its own foundation and port."""
    lines = list(_HEAD) + _section(0)
    for n in range(count):
        address = f"10.{n >> 16 & 255}.{n >> 8 & 255}.{n & 255}"
        lines.append(
            f"a=candidate:{n} 1 udp {2122260223 - n} {address} {1024 + n % 64000} typ host"
        )
    return _text(lines)


def repeated_attribute(count: int, line: str = "a=rtcp-fb:111 nack") -> str:
    """One m-section in which ``line`` is repeated ``count`` times (the same line each time)."""
    return _text(list(_HEAD) + _section(0) + [line] * count)


def distinct_attributes(count: int, template: str = "a=msid:s{n} t{n}") -> str:
    """One m-section with ``count`` lines made from ``template`` (``{n}`` is 0, 1, ...):
    repeated attributes whose values all differ, such as ``count`` streams in ``a=msid``
    lines, so that whatever collects them (a stream list, an SSRC table) grows with them."""
    return _text(list(_HEAD) + _section(0) + [template.format(n=n) for n in range(count)])
