"""``python -m sdpmodel.demo`` (what ``make demo`` runs): the SDP layer in one page of output.

This module owns the demo and nothing else.  It reads the Chrome-style offer
shipped in ``sdpmodel/examples/chrome-offer.sdp`` and shows, in order:

1. the offer parsed strictly and checked by ``validate``, then a summary of
   the typed model (codecs joined from rtpmap/fmtp/rtcp-fb, candidates,
   BUNDLE, ICE and DTLS parameters), read from the model's accessors;
2. a broken copy, made in memory, and the error ``sdpmodel validate`` would
   print for it, written by ``sdpmodel.cli.format_diagnostic`` (the demo has
   no error formatting of its own);
3. that lenient and strict parsing refuse the broken copy alike, and that the
   good offer round-trips byte for byte;
4. two RTCPeerConnections negotiating in this process with the perfect
   negotiation pattern (``PerfectNegotiator``) and forced glare: both add
   media before either offer is delivered.  The narration is
   ``sdpmodel trace glare --brief`` (the same ``sdpmodel.trace`` code), then
   why alice's offer gave way (her ``explanations``), and the data channel
   message that crosses each way.

It must not decide anything about SDP itself or write files.  The peers of
part 4 run on the real transport when the ``aiortc`` extra is installed (as
``make demo`` does): real ICE, DTLS and SCTP over UDP, on 127.0.0.1 only, so
nothing leaves the machine; else on the in-memory transport.
``--transport`` chooses (``auto``, or one of ``sdpmodel.trace.TRANSPORTS``).
``main`` checks each claim it prints and returns 1 if one does not hold, so
``make demo`` fails loudly rather than teaching something false.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import textwrap
from collections.abc import Callable, Sequence
from importlib.resources import files
from typing import TextIO

from sdpmodel import (
    Candidate,
    Codec,
    MediaDescription,
    RTCError,
    SessionDescription,
    canonical,
    parse,
)
from sdpmodel.cli import EXIT_BROKEN_PIPE, diagnose, format_diagnostic
from sdpmodel.decisions import IMPLICIT_ROLLBACK, wrap
from sdpmodel.trace import (
    ALICE_SAYS,
    BOB_SAYS,
    SCENARIOS,
    TRANSPORTS,
    Stage,
    narrate,
    transport_available,
)

__all__ = [
    "BROKEN_NAME",
    "EXAMPLE",
    "break_offer",
    "example_offer",
    "main",
    "resolve_transport",
    "summarize",
]

#: The example offer, under ``sdpmodel/examples/``.
EXAMPLE = "chrome-offer.sdp"

#: What the broken copy is called in its diagnostic (it exists only in memory).
BROKEN_NAME = "<broken copy>"

_INDENT = "   "

#: Summary lines wrap at this width (the demo should read well in a 100-column terminal).
_WIDTH = 96

#: Labels of the per-m-section summary lines are padded to this width.
_LABEL = 11


def example_offer() -> str:
    """The shipped example offer, as text (CRLF line endings, as on the wire)."""
    return files("sdpmodel").joinpath("examples", EXAMPLE).read_bytes().decode("utf-8")


def break_offer(text: str) -> tuple[str, int]:
    """A copy whose first ``a=rtpmap`` names its payload type ``abc``; and that line's number."""
    lines = text.split("\r\n")
    for number, line in enumerate(lines, start=1):
        if line.startswith("a=rtpmap:"):
            _, rest = line.split(" ", 1)
            lines[number - 1] = f"a=rtpmap:abc {rest}"
            return "\r\n".join(lines), number
    raise ValueError("the offer has no a=rtpmap line to break")


# --- 1. the typed model, summarised -----------------------------------------------


def summarize(desc: SessionDescription) -> list[str]:
    """A few lines per m-section, read from the model's accessors (no text parsing here)."""
    out = []
    for group in desc.bundle_groups:
        out.append(f"BUNDLE     {' '.join(group)} (one transport for all, if the answer agrees)")
    transports = {_transport(m) for m in desc.media}
    shared = len(transports) == 1
    if shared:
        ice, dtls = transports.pop()
        out.append(f"ICE        {ice}, the same in every m-section")
        out.append(f"DTLS       {dtls}")
    for media in desc.media:
        out.extend(_media_summary(media, with_transport=not shared))
    return out


def _transport(media: MediaDescription) -> tuple[str, str]:
    """The ICE and the DTLS parameters of an m-section, in words."""
    pwd = media.ice_pwd
    ice = (
        f"ufrag {media.ice_ufrag}, pwd of {0 if pwd is None else len(pwd)} chars, "
        f"options {' '.join(media.ice_options) or 'none'}"
    )
    prints = ", ".join(
        f"{f.hash_function} {f.fingerprint[:14]}...{f.fingerprint[-5:]}" for f in media.fingerprints
    )
    return ice, f"setup {media.setup}, fingerprint {prints or 'none'}"


def _labelled(label: str, text: str, *, hang: int = 0) -> list[str]:
    """``  label      text``, wrapped under itself (``hang`` columns further) when long."""
    first = f"  {label:<{_LABEL}}"
    return textwrap.wrap(
        text,
        width=_WIDTH - len(_INDENT),
        initial_indent=first,
        subsequent_indent=" " * (len(first) + hang),
        break_long_words=False,
        break_on_hyphens=False,
    )


def _media_summary(media: MediaDescription, *, with_transport: bool) -> list[str]:
    head = [f"m={media.kind}", f"mid {media.mid}"]
    if media.direction_attribute is not None:
        head.append(str(media.direction_attribute))
    head.append(f"{media.protocol} port {media.port}")
    if media.rtcp_mux:
        head.append("rtcp-mux")
    out = [", ".join(head)]
    if with_transport:
        ice, dtls = _transport(media)
        out += _labelled("ICE", ice)
        out += _labelled("DTLS", dtls)
    codecs = media.codecs
    for index, codec in enumerate(codecs):
        out += _labelled("codecs" if index == 0 else "", _codec(codec), hang=4)
    # rtcp-fb lines, joined to their codecs by payload type; codecs with the
    # same feedback share one line.
    feedback: dict[tuple[str, ...], list[str]] = {}
    for codec in codecs:
        kinds = tuple(f"{fb.feedback_type} {fb.parameters or ''}".strip() for fb in codec.feedback)
        if kinds:
            feedback.setdefault(kinds, []).append(str(codec.payload_type))
    for kinds, pts in feedback.items():
        out += _labelled("rtcp-fb", f"{', '.join(kinds)} (for {' '.join(pts)})")
    if media.extmaps:
        # The last word of each URI is enough to recognise the extension.
        names = (f"{e.id}:{e.uri.rsplit('/', 1)[-1].rsplit(':', 1)[-1]}" for e in media.extmaps)
        out += _labelled("extmap", ", ".join(names))
    for msid in media.msids:
        out += _labelled("msid", f"{msid.stream_id} {msid.track_id or ''}")
    if media.ssrcs:
        grouped = {ssrc for group in media.ssrc_groups for ssrc in group.ssrcs}
        alone = [str(s) for s in dict.fromkeys(s.ssrc for s in media.ssrcs) if s not in grouped]
        groups = [f"{g.semantics} {' '.join(map(str, g.ssrcs))}" for g in media.ssrc_groups]
        cnames = dict.fromkeys(s.attribute_value for s in media.ssrcs if s.attribute == "cname")
        text = ", ".join(alone + groups) + f"; cname {', '.join(map(str, cnames))}"
        out += _labelled("ssrc", text)
    if media.sctp_port is not None:
        text = f"port {media.sctp_port}, max-message-size {media.max_message_size}"
        out += _labelled("sctp", text)
    if media.candidates:
        out += _labelled("candidates", ", ".join(_candidate(c) for c in media.candidates))
    return out


def _codec(codec: Codec) -> str:
    if codec.name is None:
        return f"{codec.payload_type} (static payload type, no rtpmap)"
    text = f"{codec.payload_type} {codec.name}/{codec.clock_rate}"
    if codec.channels is not None:
        text += f"/{codec.channels}"
    # The fmtp line's parameters, as Fmtp.parameters reads them.
    for name, value in codec.parameters:
        text += f" {name}" if value is None else f" {name}={value}"
    return text


def _candidate(candidate: Candidate) -> str:
    address = f"[{candidate.address}]" if ":" in candidate.address else candidate.address
    return f"{candidate.type} {candidate.transport} {address}:{candidate.port}"


# --- the demo ----------------------------------------------------------------------------


def main(out: TextIO | None = None, *, transport: str = "memory") -> int:
    """Print the demo to ``out`` (stdout); 0 when every claim it prints held, else 1.

    ``transport`` names the backend of part 4's peers (``sdpmodel.trace.TRANSPORTS``).
    """
    stream = sys.stdout if out is None else out
    failures: list[str] = []

    def say(text: str = "") -> None:
        print(text, file=stream)

    def claim(holds: bool, what: str) -> None:
        if not holds:
            failures.append(what)

    offer = example_offer()
    line_count = offer.count("\r\n")
    say(f"sdpmodel demo: sdpmodel/examples/{EXAMPLE}, a Chrome-style offer")
    say(f"({line_count} lines, {len(offer.encode())} bytes, CRLF line endings)")

    say()
    # What `sdpmodel validate --strict` does: validate() and parse(strict=True).
    desc, problems = diagnose(offer, EXAMPLE, strict=True)
    claim(desc is not None and not problems, "the example offer passes the strict checks")
    count = f"{len(problems) or 'no'} problem{'' if len(problems) == 1 else 's'}"
    say(f"1. validate() and parse(strict=True) find {count}.")
    for problem in problems:
        say(format_diagnostic(problem))
    if desc is None:
        return _report(failures)
    say(f"{_INDENT}The typed model, read through its accessors:")
    for line in summarize(desc):
        say(_INDENT + line)

    say()
    broken, line_number = break_offer(offer)
    _, diagnostics = diagnose(broken, BROKEN_NAME)
    claim(len(diagnostics) == 1, "the broken copy has exactly one diagnostic")
    say(f"2. A broken copy: line {line_number} now names payload type 'abc'.")
    say(f"{_INDENT}`sdpmodel validate` prints (sdpmodel.cli.format_diagnostic):")
    for diagnostic in diagnostics:
        say(format_diagnostic(diagnostic))
    say(f"{_INDENT}(from RTCError.sdp_line_number, .column and .line_text; exit status 1)")

    say()
    say("3. Lenient or strict, the broken copy is refused with the same RTCError:")
    errors = []
    for call, strict in (("parse(broken)", False), ("parse(broken, strict=True)", True)):
        try:
            parse(broken, strict=strict)
        except RTCError as error:
            errors.append((error.sdp_line_number, error.column, error.message))
            where = f"line {error.sdp_line_number}, column {error.column}"
            say(f"{_INDENT}{call:<27}-> {where}: {error.message}")
        else:
            say(f"{_INDENT}{call:<27}-> accepted")
    claim(len(errors) == 2 and errors[0] == errors[1], "both modes give the same error")
    claim(bool(errors) and errors[0][0] == line_number, "the error names the broken line")
    exact = parse(offer).to_sdp() == offer
    fresh = canonical(desc) == offer
    claim(exact, "the offer round-trips byte for byte")
    claim(fresh, "canonical() rewrites the offer unchanged")
    say("   and the good offer comes back byte for byte:")
    say(f"{_INDENT}parse(offer).to_sdp() == offer   {exact}")
    say(f"{_INDENT}canonical(parse(offer)) == offer {fresh} (every line rewritten from fields)")

    say()
    say("4. Two RTCPeerConnections, perfect negotiation, forced glare (sdpmodel trace glare),")
    say(f"{_INDENT}{_TRANSPORT_WORDS.get(transport, f'on the {transport} transport')}:")
    say(f"{_INDENT}alice (polite) adds audio and a data channel while bob (impolite) adds video;")
    say(f"{_INDENT}both offer before either offer is delivered.")
    for line in asyncio.run(_glare(claim, transport)):
        say(_INDENT + line)

    return _report(failures)


async def _glare(claim: Callable[[bool, str], None], transport: str) -> list[str]:
    """The trace's glare scenario, narrated briefly, and what it shows, checked."""
    stage = Stage(transport)
    try:
        await SCENARIOS["glare"].play(stage)
        states = ", ".join(f"{name} {pc.connectionState}" for name, pc in stage.peers.items())
        connected = all(pc.connectionState == "connected" for pc in stage.peers.values())
    finally:
        await stage.close()
    timeline = stage.timeline
    lines = narrate(timeline, decisions="brief", width=_WIDTH)
    steps = [f"{e.who}: {e.text}" for e in timeline.entries]
    claim(
        "bob: glare: ignores the colliding offer (impolite)" in steps
        and "alice: glare: takes the other offer; its own is rolled back (polite)" in steps,
        "the offers collide and perfect negotiation resolves the glare",
    )
    # Why alice's offer gave way: her implicit-rollback setRemoteDescription(offer).
    (gave_way,) = [
        e
        for e in timeline.entries
        if e.who == "alice" and e.text.startswith("setRemoteDescription(offer): have-local-offer")
    ]
    claim(IMPLICIT_ROLLBACK in gave_way.decisions, "alice's offer is rolled back implicitly")
    lines.append(f"Why, in alice.explanations ({gave_way.text}):")
    for decision in gave_way.decisions:
        if not decision.detail and decision.subject != "signaling":
            lines.extend(wrap(str(decision), indent="  ", hang=4, width=_WIDTH))
    heard = [f"{e.who} {e.text}" for e in timeline.entries if e.kind == "data"]
    lines.append(f"connectionState: {states}")
    lines.extend(wrap("data channel: " + "; ".join(heard), hang=4, width=_WIDTH))
    claim(connected, "both peers connect")
    claim(
        heard
        == [f"bob receives {ALICE_SAYS!r} on 'chat'", f"alice receives {BOB_SAYS!r} on 'chat'"],
        "a message crosses the data channel each way",
    )
    lines.append("Every decision of every step, with its rule: sdpmodel trace glare --all")
    return lines


#: How part 4 names its transport.
_TRANSPORT_WORDS = {
    "memory": "on the in-memory transport (deterministic; --transport aiortc for real sockets)",
    "aiortc": "on the aiortc transport: real ICE, DTLS and SCTP over UDP, on 127.0.0.1 only",
}


def resolve_transport(name: str) -> str:
    """``auto`` -> ``aiortc`` when its extra is installed, else ``memory``; others as given."""
    if name != "auto":
        return name
    return "aiortc" if transport_available("aiortc") else "memory"


def _report(failures: list[str]) -> int:
    """Name each claim that did not hold on stderr; the exit status."""
    for failure in failures:
        print(f"demo: unexpected: it is not true that {failure}", file=sys.stderr)
    return 1 if failures else 0


def _arguments(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m sdpmodel.demo", description=__doc__)
    parser.add_argument(
        "--transport",
        choices=["auto", *sorted(TRANSPORTS)],
        default="auto",
        help="the transport backend of the two peers of part 4 (default: auto, which is "
        "aiortc when the aiortc extra is installed, else memory)",
    )
    return parser.parse_args(argv)


def _run() -> int:
    """``python -m sdpmodel.demo``: ``main`` with the command line's transport."""
    try:
        return main(transport=resolve_transport(_arguments().transport))
    except BrokenPipeError:
        # The reader went away (`python -m sdpmodel.demo | head`): stop quietly, as the
        # CLI does (EXIT_BROKEN_PIPE), with stdout on /dev/null for the final flush.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BROKEN_PIPE


if __name__ == "__main__":
    raise SystemExit(_run())
