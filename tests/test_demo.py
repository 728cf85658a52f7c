"""The demo (`python -m sdpmodel.demo`, `make demo`) and the example offer it ships."""

from __future__ import annotations

import asyncio
import io
import ipaddress
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import sdpmodel.demo
from sdpmodel import Candidate, Fingerprint, SetupRole, parse, validate
from sdpmodel.cli import diagnose, format_diagnostic
from sdpmodel.demo import BROKEN_NAME, break_offer, example_offer, main
from sdpmodel.trace import narrate, run_scenario

REPO = Path(__file__).resolve().parent.parent

# RFC 8839, 5.4: ice-char = ALPHA / DIGIT / "+" / "/"; ufrag 4-256, pwd 22-256 of them.
ICE_UFRAG = re.compile(r"[A-Za-z0-9+/]{4,256}")
ICE_PWD = re.compile(r"[A-Za-z0-9+/]{22,256}")
# RFC 5737 (192.0.2.0/24, TEST-NET-1) and RFC 3849 (2001:db8::/32) documentation ranges.
DOCUMENTATION = (ipaddress.ip_network("192.0.2.0/24"), ipaddress.ip_network("2001:db8::/32"))


def run_demo() -> tuple[int, str]:
    out = io.StringIO()
    status = main(out)
    return status, out.getvalue()


class TestExampleOffer:
    def test_example_is_strictly_valid_crlf_sdp(self) -> None:
        """The shipped offer parses strictly, validate() finds nothing, every line ends CRLF, and it round-trips."""
        text = example_offer()
        assert "\n" not in text.replace("\r\n", "")
        assert text.endswith("\r\n")
        desc = parse(text, strict=True)
        assert validate(desc) == []
        assert desc.to_sdp() == text

    def test_example_is_a_chrome_style_bundled_offer(self) -> None:
        """Audio opus/red/telephone-event, video VP8/VP9/H264 each with rtx, a data channel, all in one BUNDLE group."""
        desc = parse(example_offer())
        assert [m.kind for m in desc.media] == ["audio", "video", "application"]
        assert desc.bundle_groups == (("0", "1", "2"),)
        audio, video, data = desc.media
        assert [c.name for c in audio.codecs] == ["opus", "red", "telephone-event"]
        names = [c.name for c in video.codecs]
        assert names == ["VP8", "rtx", "VP9", "rtx", "H264", "rtx", "H264", "rtx"]
        for codec, rtx in zip(video.codecs[::2], video.codecs[1::2], strict=True):
            assert rtx.parameters == (("apt", str(codec.payload_type)),)
            assert {fb.feedback_type for fb in codec.feedback} >= {"nack", "transport-cc"}
        for media in (audio, video):
            assert media.extmaps and media.msids and media.ssrcs and media.rtcp_mux
            assert {s.attribute for s in media.ssrcs} >= {"cname"}
        assert (data.protocol, data.sctp_port, data.max_message_size) == (
            "UDP/DTLS/SCTP",
            5000,
            262144,
        )

    def test_example_ice_and_dtls_parameters_follow_their_rfcs(self) -> None:
        """ufrag/pwd are RFC 8839 lengths, the fingerprint is sha-256 with 32 upper-case hex pairs, setup is actpass."""
        for media in parse(example_offer()).media:
            assert media.ice_ufrag is not None and ICE_UFRAG.fullmatch(media.ice_ufrag)
            assert media.ice_pwd is not None and ICE_PWD.fullmatch(media.ice_pwd)
            (fingerprint,) = media.attributes_of(Fingerprint)
            assert fingerprint.hash_function == "sha-256"
            assert re.fullmatch(r"[0-9A-F]{2}(:[0-9A-F]{2}){31}", fingerprint.fingerprint)
            assert media.setup is SetupRole.ACTPASS

    def test_example_addresses_are_documentation_addresses(self) -> None:
        """Every candidate is a host candidate on a documentation address (RFC 5737, RFC 3849), IPv4 and IPv6."""
        candidates: list[Candidate] = [
            c for m in parse(example_offer()).media for c in m.candidates
        ]
        versions = set()
        for candidate in candidates:
            address = ipaddress.ip_address(candidate.address)
            assert any(address in network for network in DOCUMENTATION), candidate.address
            assert candidate.type == "host"
            versions.add(address.version)
        assert versions == {4, 6}


class TestDemo:
    def test_demo_exits_0_and_stays_short(self) -> None:
        """The demo holds every claim it prints (exit 0) and fits in about 120 lines.

        (80 before issue 5: part 4 now narrates a whole perfect negotiation with glare,
        about 50 lines, one per step.)
        """
        status, out = run_demo()
        assert status == 0, out
        assert len(out.splitlines()) <= 120

    def test_demo_narrates_perfect_negotiation_with_glare(self) -> None:
        """Part 4 prints `sdpmodel trace glare --brief`'s narration: both offer, bob ignores, alice rolls back."""
        status, out = run_demo()
        assert status == 0, out
        assert "4. Two RTCPeerConnections, perfect negotiation, forced glare" in out
        timeline = asyncio.run(run_scenario("glare"))
        narration = narrate(timeline, decisions="brief", width=96)
        assert "\n".join("   " + line for line in narration) in out
        assert "perfect negotiation: glare: ignores the colliding offer (impolite)" in out
        assert "perfect negotiation: glare: takes the other offer; its own is rolled back" in out
        assert "session: rollback: have-local-offer -> stable (RFC 9429, 5.7)" in out

    def test_demo_opens_a_data_channel_and_talks(self) -> None:
        """Part 4 ends connected, with a data channel message each way."""
        _, out = run_demo()
        assert "   connectionState: alice connected, bob connected\n" in out
        assert "bob receives 'hello from alice' on 'chat'; alice receives 'hi alice, bob here'" in (
            " ".join(out.split())
        )

    def test_a_closed_pipe_is_not_a_traceback(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """`python -m sdpmodel.demo | head`: when stdout's reader is gone the demo stops quietly, exit 141 (as the CLI)."""
        read_end, write_end = os.pipe()
        os.close(read_end)  # the reader went away
        stdout = io.TextIOWrapper(os.fdopen(write_end, "wb", buffering=0), write_through=True)
        monkeypatch.setattr(sys, "stdout", stdout)
        monkeypatch.setattr(sys, "argv", ["sdpmodel.demo"])
        assert sdpmodel.demo._run() == 141
        stdout.close()

    def test_the_real_transport_connects_on_loopback(self) -> None:
        """make demo with the aiortc extra: part 4's peers connect over real UDP on 127.0.0.1 and talk; every claim holds."""
        pytest.importorskip("aiortc", reason="the aiortc extra is not installed")
        out = io.StringIO()
        status = main(out, transport="aiortc")
        text = out.getvalue()
        assert status == 0, text
        assert (
            "on the aiortc transport: real ICE, DTLS and SCTP over UDP, on 127.0.0.1 only" in text
        )
        assert "   connectionState: alice connected, bob connected\n" in text
        assert "bob receives 'hello from alice' on 'chat'" in " ".join(text.split())

    def test_auto_picks_the_real_transport_when_it_is_installed(self) -> None:
        """`--transport auto` (the default) is aiortc when its extra is installed, else memory."""
        from sdpmodel.demo import resolve_transport
        from sdpmodel.trace import transport_available

        expected = "aiortc" if transport_available("aiortc") else "memory"
        assert resolve_transport("auto") == expected
        assert resolve_transport("memory") == "memory"

    def test_the_transport_is_one_parameter(self) -> None:
        """`python -m sdpmodel.demo --transport NAME` takes auto or a name of sdpmodel.trace.TRANSPORTS."""
        result = subprocess.run(
            [sys.executable, "-m", "sdpmodel.demo", "--transport", "memory"],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        refused = subprocess.run(
            [sys.executable, "-m", "sdpmodel.demo", "--transport", "pigeon"],
            capture_output=True,
            text=True,
            check=False,
        )
        assert refused.returncode == 2
        assert "invalid choice: 'pigeon'" in refused.stderr

    def test_demo_summarises_the_typed_model(self) -> None:
        """Part 1 prints the model: BUNDLE, ICE/DTLS, codecs joined from rtpmap/fmtp/rtcp-fb, sctp, candidates."""
        _, out = run_demo()
        lines = [line.strip() for line in out.splitlines()]
        assert "1. validate() and parse(strict=True) find no problems." in lines
        expected = [
            "BUNDLE     0 1 2 (one transport for all, if the answer agrees)",
            "ICE        ufrag Xk9f, pwd of 24 chars, options trickle, the same in every m-section",
            "DTLS       setup actpass, fingerprint sha-256",
            "m=audio, mid 0, sendrecv, UDP/TLS/RTP/SAVPF port 50000, rtcp-mux",
            "codecs     111 opus/48000/2 minptime=10 useinbandfec=1",
            "63 red/48000/2 111/111",
            "97 rtx/90000 apt=96",
            "rtcp-fb    goog-remb, transport-cc, ccm fir, nack, nack pli (for 96 98 102 106)",
            "ssrc       FID 3740291855 1106827349; cname Qm3ZtG7pXc2LwB9e",
            "m=application, mid 2, UDP/DTLS/SCTP port 50008",
            "sctp       port 5000, max-message-size 262144",
            "candidates host udp 192.0.2.10:50008, host udp [2001:db8::10]:50009",
        ]
        for start in expected:
            assert any(line.startswith(start) for line in lines), start

    def test_demo_prints_the_cli_diagnostic_for_the_broken_copy(self) -> None:
        """Part 2 prints exactly what sdpmodel.cli.format_diagnostic writes, caret under 'abc'."""
        _, out = run_demo()
        broken, line_number = break_offer(example_offer())
        _, (diagnostic,) = diagnose(broken, BROKEN_NAME)
        printed = format_diagnostic(diagnostic)
        assert printed in out
        header, shown, caret = printed.splitlines()
        message = "a=rtpmap: expected a payload type (0-127), got 'abc'"
        assert header == f"{BROKEN_NAME}:{line_number}:10: error: {message}"
        assert shown.endswith("| a=rtpmap:abc opus/48000/2")
        assert caret.index("^") == shown.index("abc")

    def test_demo_shows_both_modes_refuse_and_the_round_trip(self) -> None:
        """Part 3: lenient and strict give the same error on the broken line; the good offer round-trips."""
        _, out = run_demo()
        _, line_number = break_offer(example_offer())
        message = "a=rtpmap: expected a payload type (0-127), got 'abc'"
        refusal = f"-> line {line_number}, column 10: {message}"
        assert f"parse(broken)              {refusal}" in out
        assert f"parse(broken, strict=True) {refusal}" in out
        assert "parse(offer).to_sdp() == offer   True" in out
        assert "canonical(parse(offer)) == offer True" in out

    def test_demo_fails_when_a_claim_does_not_hold(
        self, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
    ) -> None:
        """An example with a problem makes the demo print it and exit 1, naming the claim that failed."""
        offer = example_offer().replace(
            "a=mid:1\r\n", "a=mid:0\r\n"
        )  # RFC 5888, 4: a duplicate mid
        monkeypatch.setattr(sdpmodel.demo, "example_offer", lambda: offer)
        status, out = run_demo()
        assert status == 1
        # The BUNDLE group now names a mid no m-section has, too (RFC 5888, 5).
        assert "1. validate() and parse(strict=True) find 2 problems." in out
        assert "error: a=mid:0 is already used by the m-section at line 8 [RFC 5888, 4]" in out
        assert "a=group:BUNDLE names mid 1, which no m-section has [RFC 5888, 5]" in out
        err = capsys.readouterr().err
        assert (
            err
            == "demo: unexpected: it is not true that the example offer passes the strict checks\n"
        )

    def test_break_offer_changes_one_line(self) -> None:
        """The broken copy differs from the offer in the first a=rtpmap line only."""
        offer = example_offer()
        broken, line_number = break_offer(offer)
        changed = [
            number
            for number, (old, new) in enumerate(
                zip(offer.split("\r\n"), broken.split("\r\n"), strict=True), start=1
            )
            if old != new
        ]
        assert changed == [line_number]
        assert broken.split("\r\n")[line_number - 1] == "a=rtpmap:abc opus/48000/2"

    def test_python_m_sdpmodel_demo(self) -> None:
        """`python -m sdpmodel.demo` (what make demo runs) exits 0 with nothing on stderr."""
        result = subprocess.run(
            [sys.executable, "-m", "sdpmodel.demo"], capture_output=True, text=True, check=False
        )
        assert result.returncode == 0, result.stderr
        assert result.stderr == ""
        assert result.stdout.startswith("sdpmodel demo: sdpmodel/examples/chrome-offer.sdp")


def test_wheel_ships_the_example_and_the_demo_runs_from_it(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """The example offer is package data: inside the wheel, and the demo runs from the unpacked wheel."""
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            str(REPO),
            "--no-deps",
            "--no-build-isolation",
            "--quiet",
            "-w",
            str(out),
        ],
        check=True,
    )
    (wheel,) = out.glob("sdpmodel-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "sdpmodel/examples/chrome-offer.sdp" in names
    site = tmp_path_factory.mktemp("site")
    zipfile.ZipFile(wheel).extractall(site)
    script = (
        "import sys; sys.path.insert(0, sys.argv[1]); import sdpmodel.demo as d;"
        "assert d.__file__.startswith(sys.argv[1]), d.__file__; raise SystemExit(d.main())"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(site)],
        capture_output=True,
        text=True,
        cwd=site,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "canonical(parse(offer)) == offer True" in result.stdout
