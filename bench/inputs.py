"""Benchmark inputs: Chrome-style offers generated in code, and the public corpus.

Nothing here is copied from a real capture: the offers are written from the
shape of a Chrome (M120-era) unified-plan ``createOffer`` /
``localDescription`` with made-up identifiers from a seeded PRNG, so every
run sees the same text.  ``seed`` changes every identifier that differs
between two real sessions (origin id, ICE credentials, DTLS fingerprint,
candidates, stream/track ids, SSRCs, CNAME) and nothing else, which is what
"parsing many similar SDPs" looks like to a signalling server.

The corpus (``$SDPMODEL_CORPUS`` or ``../shared/corpus``) is read at run
time through its ``MANIFEST.tsv``; it is never copied into this repository.
"""

from __future__ import annotations

import os
import random
import string
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "CorpusFile",
    "chrome_offer",
    "corpus_dir",
    "load_corpus",
    "many_sections_offer",
    "plan_b_offer",
    "typical_offer",
]

CRLF = "\r\n"
_ICE_CHARS = string.ascii_letters + string.digits + "+/"
_ID_CHARS = string.ascii_letters + string.digits

# --- codec tables (what Chrome offers; payload types as Chrome numbers them) ------

_AUDIO_EXTMAPS = (
    "1 urn:ietf:params:rtp-hdrext:ssrc-audio-level",
    "2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
    "3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
    "4 urn:ietf:params:rtp-hdrext:sdes:mid",
)
_AUDIO_CODECS: tuple[tuple[int, str, str | None, tuple[str, ...]], ...] = (
    (111, "opus/48000/2", "minptime=10;useinbandfec=1", ("transport-cc",)),
    (63, "red/48000/2", "111/111", ()),
    (9, "G722/8000", None, ()),
    (0, "PCMU/8000", None, ()),
    (8, "PCMA/8000", None, ()),
    (13, "CN/8000", None, ()),
    (110, "telephone-event/48000", None, ()),
    (126, "telephone-event/8000", None, ()),
)
_VIDEO_EXTMAPS = (
    "14 urn:ietf:params:rtp-hdrext:toffset",
    "2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
    "13 urn:3gpp:video-orientation",
    "3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
    "5 http://www.webrtc.org/experiments/rtp-hdrext/playout-delay",
    "6 http://www.webrtc.org/experiments/rtp-hdrext/video-content-type",
    "7 http://www.webrtc.org/experiments/rtp-hdrext/video-timing",
    "8 http://www.webrtc.org/experiments/rtp-hdrext/color-space",
    "4 urn:ietf:params:rtp-hdrext:sdes:mid",
    "10 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id",
    "11 urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id",
)
_VIDEO_FEEDBACK = ("goog-remb", "transport-cc", "ccm fir", "nack", "nack pli")
_H264 = "level-asymmetry-allowed=1;packetization-mode={mode};profile-level-id={profile}"
# (payload type, rtpmap, fmtp, rtx payload type)
_VIDEO_CODECS: tuple[tuple[int, str, str | None, int | None], ...] = (
    (96, "VP8/90000", None, 97),
    (102, "H264/90000", _H264.format(mode=1, profile="42001f"), 103),
    (104, "H264/90000", _H264.format(mode=0, profile="42001f"), 105),
    (106, "H264/90000", _H264.format(mode=1, profile="42e01f"), 107),
    (45, "AV1/90000", "level-idx=5;profile=0;tier=0", 46),
    (98, "VP9/90000", "profile-id=0", 99),
    (100, "VP9/90000", "profile-id=2", 101),
    (116, "red/90000", None, 117),
    (118, "ulpfec/90000", None, None),
)


class _Ids:
    """Every per-session identifier, drawn from one seeded PRNG."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        rng = self.rng
        self.session_id = str(rng.randrange(10**17, 10**18))
        self.ufrag = "".join(rng.choices(_ICE_CHARS, k=4))
        self.pwd = "".join(rng.choices(_ICE_CHARS, k=24))
        self.fingerprint = ":".join(f"{rng.randrange(256):02X}" for _ in range(32))
        self.cname = "".join(rng.choices(_ICE_CHARS, k=16))
        self.stream = self.uuid()
        self.ip4 = f"192.168.{rng.randrange(256)}.{rng.randrange(1, 255)}"
        self.public4 = f"203.0.113.{rng.randrange(1, 255)}"
        self.ip6 = "2001:db8:{:x}:{:x}::{:x}".format(*(rng.randrange(65536) for _ in range(3)))

    def uuid(self) -> str:
        rng = self.rng
        parts = (8, 4, 4, 4, 12)
        return "-".join("".join(rng.choices("0123456789abcdef", k=n)) for n in parts)

    def ssrc(self) -> int:
        return self.rng.randrange(1, 2**32)

    def foundation(self) -> int:
        return self.rng.randrange(10**9, 4 * 10**9)

    def port(self) -> int:
        return self.rng.randrange(49152, 65536)


def _candidates(ids: _Ids) -> tuple[int, list[str]]:
    """Host IPv4/IPv6 UDP, server-reflexive UDP and host TCP candidates (rtcp-mux: component 1)."""
    port4, port6, port_srflx = ids.port(), ids.port(), ids.port()
    tail = "generation 0 network-id {} network-cost 10"
    lines = [
        f"a=candidate:{ids.foundation()} 1 udp 2122260223 {ids.ip4} {port4} typ host "
        + tail.format(1),
        f"a=candidate:{ids.foundation()} 1 udp 2122197247 {ids.ip6} {port6} typ host "
        + tail.format(2),
        f"a=candidate:{ids.foundation()} 1 udp 1686052607 {ids.public4} {port_srflx} typ srflx "
        f"raddr {ids.ip4} rport {port4} " + tail.format(1),
        f"a=candidate:{ids.foundation()} 1 tcp 1518280447 {ids.ip4} 9 typ host tcptype active "
        + tail.format(1),
    ]
    return port_srflx, lines


def _transport(ids: _Ids, mid: str, with_candidates: bool) -> tuple[str, list[str]]:
    """(port, lines from c= to a=mid) of one m-section, in Chrome's order."""
    if with_candidates:
        port, candidates = _candidates(ids)
        lines = [f"c=IN IP4 {ids.public4}", "a=rtcp:9 IN IP4 0.0.0.0", *candidates]
    else:
        port, lines = 9, ["c=IN IP4 0.0.0.0", "a=rtcp:9 IN IP4 0.0.0.0"]
    lines += [
        f"a=ice-ufrag:{ids.ufrag}",
        f"a=ice-pwd:{ids.pwd}",
        "a=ice-options:trickle",
        f"a=fingerprint:sha-256 {ids.fingerprint}",
        "a=setup:actpass",
        f"a=mid:{mid}",
    ]
    return str(port), lines


def _audio_section(ids: _Ids, mid: str, with_candidates: bool) -> list[str]:
    port, transport = _transport(ids, mid, with_candidates)
    track, ssrc = ids.uuid(), ids.ssrc()
    formats = " ".join(str(pt) for pt, *_ in _AUDIO_CODECS)
    lines = [f"m=audio {port} UDP/TLS/RTP/SAVPF {formats}", *transport]
    lines += [f"a=extmap:{e}" for e in _AUDIO_EXTMAPS]
    lines += ["a=sendrecv", f"a=msid:{ids.stream} {track}", "a=rtcp-mux", "a=rtcp-rsize"]
    for pt, rtpmap, fmtp, feedback in _AUDIO_CODECS:
        lines.append(f"a=rtpmap:{pt} {rtpmap}")
        lines += [f"a=rtcp-fb:{pt} {fb}" for fb in feedback]
        if fmtp is not None:
            lines.append(f"a=fmtp:{pt} {fmtp}")
    lines += [f"a=ssrc:{ssrc} cname:{ids.cname}", f"a=ssrc:{ssrc} msid:{ids.stream} {track}"]
    return lines


def _video_section(ids: _Ids, mid: str, with_candidates: bool) -> list[str]:
    port, transport = _transport(ids, mid, with_candidates)
    track, ssrc, rtx_ssrc = ids.uuid(), ids.ssrc(), ids.ssrc()
    pts: list[int] = []
    for pt, _, _, rtx in _VIDEO_CODECS:
        pts += [pt] if rtx is None else [pt, rtx]
    lines = [f"m=video {port} UDP/TLS/RTP/SAVPF {' '.join(map(str, pts))}", *transport]
    lines += [f"a=extmap:{e}" for e in _VIDEO_EXTMAPS]
    lines += ["a=sendrecv", f"a=msid:{ids.stream} {track}", "a=rtcp-mux", "a=rtcp-rsize"]
    for pt, rtpmap, fmtp, rtx in _VIDEO_CODECS:
        lines.append(f"a=rtpmap:{pt} {rtpmap}")
        if rtpmap.split("/")[0] not in ("red", "ulpfec"):
            lines += [f"a=rtcp-fb:{pt} {fb}" for fb in _VIDEO_FEEDBACK]
        if fmtp is not None:
            lines.append(f"a=fmtp:{pt} {fmtp}")
        if rtx is not None:
            lines += [f"a=rtpmap:{rtx} rtx/90000", f"a=fmtp:{rtx} apt={pt}"]
    lines += [
        f"a=ssrc-group:FID {ssrc} {rtx_ssrc}",
        f"a=ssrc:{ssrc} cname:{ids.cname}",
        f"a=ssrc:{ssrc} msid:{ids.stream} {track}",
        f"a=ssrc:{rtx_ssrc} cname:{ids.cname}",
        f"a=ssrc:{rtx_ssrc} msid:{ids.stream} {track}",
    ]
    return lines


def _data_section(ids: _Ids, mid: str, with_candidates: bool) -> list[str]:
    port, transport = _transport(ids, mid, with_candidates)
    return [
        f"m=application {port} UDP/DTLS/SCTP webrtc-datachannel",
        *transport,
        "a=sctp-port:5000",
        "a=max-message-size:262144",
    ]


def _session(ids: _Ids, mids: list[str], semantic: str) -> list[str]:
    return [
        "v=0",
        f"o=- {ids.session_id} 2 IN IP4 127.0.0.1",
        "s=-",
        "t=0 0",
        f"a=group:BUNDLE {' '.join(mids)}",
        "a=extmap-allow-mixed",
        f"a=msid-semantic: {semantic}",
    ]


def chrome_offer(seed: int, sections: str, *, with_candidates: bool) -> str:
    """A Chrome-style unified-plan offer; ``sections`` spells the m-lines (``"avd"``)."""
    ids = _Ids(seed)
    makers = {"a": _audio_section, "v": _video_section, "d": _data_section}
    mids = [str(i) for i in range(len(sections))]
    lines = _session(ids, mids, f"WMS {ids.stream}")
    for kind, mid in zip(sections, mids, strict=True):
        lines += makers[kind](ids, mid, with_candidates)
    return CRLF.join(lines) + CRLF


def typical_offer(seed: int = 1) -> str:
    """Audio + video + data channel after ICE gathering (candidates in every section): ~6 KB."""
    return chrome_offer(seed, "avd", with_candidates=True)


def many_sections_offer(count: int, seed: int = 1) -> str:
    """``count`` audio/video m-sections (alternating), every mid in one BUNDLE group.

    As ``createOffer`` writes it before gathering: port 9, ``c=IN IP4 0.0.0.0``,
    no candidates; each section has its own track id and SSRCs.
    """
    return chrome_offer(seed, ("av" * count)[:count], with_candidates=False)


def plan_b_offer(ssrc_lines: int = 500, seed: int = 1) -> str:
    """A legacy plan-b offer (one audio and one video m-section carrying many tracks).

    Each track is written the plan-b way, four ``a=ssrc`` lines per SSRC
    (cname, msid, mslabel, label); video tracks are an SSRC and its RTX in an
    ``a=ssrc-group:FID``.  One fifth of the ``a=ssrc`` lines are audio.
    """
    if ssrc_lines % 20:
        raise ValueError("ssrc_lines must be a multiple of 20")
    ids = _Ids(seed)
    audio_tracks, video_tracks = ssrc_lines // 20, ssrc_lines // 10
    streams = [ids.uuid() for _ in range(max(audio_tracks, video_tracks))]
    lines = _session(ids, ["audio", "video"], "WMS " + " ".join(streams))

    def ssrc_block(ssrc: int, stream: str, track: str) -> list[str]:
        return [
            f"a=ssrc:{ssrc} cname:{ids.cname}",
            f"a=ssrc:{ssrc} msid:{stream} {track}",
            f"a=ssrc:{ssrc} mslabel:{stream}",
            f"a=ssrc:{ssrc} label:{track}",
        ]

    audio = _audio_section(ids, "audio", True)
    lines += [line for line in audio if not line.startswith(("a=ssrc:", "a=msid:"))]
    for index in range(audio_tracks):
        lines += ssrc_block(ids.ssrc(), streams[index], ids.uuid())
    video = _video_section(ids, "video", True)
    lines += [line for line in video if not line.startswith(("a=ssrc", "a=msid:"))]
    for index in range(video_tracks):
        track, ssrc, rtx = ids.uuid(), ids.ssrc(), ids.ssrc()
        lines.append(f"a=ssrc-group:FID {ssrc} {rtx}")
        lines += ssrc_block(ssrc, streams[index], track)
        lines += ssrc_block(rtx, streams[index], track)
    return CRLF.join(lines) + CRLF


# --- the public corpus ---------------------------------------------------------------


@dataclass(frozen=True)
class CorpusFile:
    name: str
    text: str


def corpus_dir() -> Path | None:
    """``$SDPMODEL_CORPUS`` (its ``public`` folder if it has one) or ``../shared/corpus/public``."""
    root = os.environ.get("SDPMODEL_CORPUS")
    here = Path(__file__).resolve().parent.parent
    candidates = [Path(root)] if root else [here.parent / "shared" / "corpus"]
    for base in candidates:
        for path in (base / "public", base):
            if (path / "MANIFEST.tsv").is_file():
                return path
    return None


def load_corpus() -> list[CorpusFile]:
    """Every ``valid=yes`` file of the manifest, as text (CRLF, LF and mixed endings kept)."""
    folder = corpus_dir()
    if folder is None:
        return []
    rows = (folder / "MANIFEST.tsv").read_text(encoding="utf-8").splitlines()
    header = rows[0].split("\t")
    file_column, valid_column = header.index("file"), header.index("valid")
    files = []
    for row in rows[1:]:
        cells = row.split("\t")
        if len(cells) > valid_column and cells[valid_column] == "yes":
            data = (folder / cells[file_column]).read_bytes()
            files.append(CorpusFile(cells[file_column], data.decode("utf-8", "replace")))
    return files
