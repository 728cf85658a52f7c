"""A semantic diff of two session descriptions: what changed for the negotiation, not the text.

``diff(a, b)`` compares two ``SessionDescription`` values and returns the
changes a person debugging a negotiation asks about, in the order of the
description: the session (origin, BUNDLE groups, ICE lite and options,
session-level ICE and DTLS values), then each m-section by its position
(m-lines never move in a negotiation, RFC 3264, 8 and RFC 9429, 5.2.2):
added, removed, recycled (a rejected m-line that carries a new mid),
rejected or accepted, its protocol, direction, codecs (by payload type:
added, removed, remapped, fmtp and rtcp-fb changes, preference order),
header extensions, ICE credentials (an ICE restart), DTLS fingerprint and
setup role, msid, SSRCs, simulcast, SCTP values, candidates and the default
address, and at last every other attribute line that was added or removed.

Each ``Change`` says where (the session, or an m-section's index and mid),
which aspect, the values before and after, a sentence, and the rule that
gives the change its meaning when there is one.  Values the descriptions do
not contain are never guessed: an ICE value an m-section does not carry is
read from the session level, then from the m-section's BUNDLE tag (RFC
9143, 7.1.3), and a change is reported only when both sides say something.

Pure functions over the model; no I/O.  ``sdpmodel diff`` prints them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import Any

import attrs

from sdpmodel.attributes import (
    BundleOnly,
    Candidate,
    EndOfCandidates,
    IceLite,
)
from sdpmodel.model import Codec, MediaDescription, SessionDescription

__all__ = ["Change", "diff"]


@attrs.frozen
class Change:
    """One semantic difference between two descriptions.

    ``index`` is the m-section's position (None for the session level) and
    ``mid`` its mid in the second description (else the first); ``aspect``
    is a stable key (``"direction"``, ``"codecs"``, ``"ice"``, ...) for
    code that filters; ``before`` / ``after`` are the values as text, None
    when that side has none; ``rule`` is the source that makes the change
    meaningful ("RFC 8839, 4.4.1.1.1" for new ICE credentials), if any.
    """

    index: int | None
    mid: str | None
    aspect: str
    text: str
    before: str | None = None
    after: str | None = None
    rule: str | None = None

    @property
    def where(self) -> str:
        if self.index is None:
            return "session"
        return f"m={self.index}" + (f" (mid {self.mid})" if self.mid is not None else "")

    def __str__(self) -> str:
        return f"{self.where}: {self.text}" + (f" [{self.rule}]" if self.rule else "")

    def to_json(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "mid": self.mid,
            "aspect": self.aspect,
            "text": self.text,
            "before": self.before,
            "after": self.after,
            "rule": self.rule,
        }


def diff(a: SessionDescription, b: SessionDescription) -> tuple[Change, ...]:
    """The semantic changes from ``a`` to ``b`` (empty when they mean the same)."""
    out: list[Change] = []
    out.extend(_session(a, b))
    for index in range(max(len(a.media), len(b.media))):
        old = a.media[index] if index < len(a.media) else None
        new = b.media[index] if index < len(b.media) else None
        if old is None:
            assert new is not None
            out.append(
                Change(index, new.mid, "added", f"added: {_describe(new)}", None, _describe(new))
            )
        elif new is None:
            out.append(
                Change(
                    index,
                    old.mid,
                    "removed",
                    f"removed: {_describe(old)} (an answer or a later offer keeps every m-line)",
                    _describe(old),
                    None,
                    "RFC 3264, 8; RFC 9429, 5.2.2",
                )
            )
        else:
            out.extend(_media(index, old, new, a, b))
    return tuple(out)


# --- the session level ---------------------------------------------------------------


def _session(a: SessionDescription, b: SessionDescription) -> list[Change]:
    out: list[Change] = []

    def change(aspect: str, text: str, before: object, after: object, rule: str | None) -> None:
        out.append(Change(None, None, aspect, text, _text(before), _text(after), rule))

    if a.origin.session_id != b.origin.session_id:
        change(
            "origin",
            f"another session: o= sess-id {a.origin.session_id} -> {b.origin.session_id}",
            a.origin.session_id,
            b.origin.session_id,
            "RFC 8866, 5.2",
        )
    elif a.origin.session_version != b.origin.session_version:
        change(
            "origin",
            f"session version {a.origin.session_version} -> {b.origin.session_version}",
            a.origin.session_version,
            b.origin.session_version,
            "RFC 8866, 5.2; RFC 3264, 8",
        )
    old_groups, new_groups = a.bundle_groups, b.bundle_groups
    if old_groups != new_groups:
        change("bundle", _bundle_text(old_groups, new_groups), old_groups, new_groups, "RFC 9143")
    if a.ice_lite != b.ice_lite:
        change(
            "ice-lite",
            "now ice-lite" if b.ice_lite else "no longer ice-lite",
            a.ice_lite,
            b.ice_lite,
            "RFC 8839, 5.3",
        )
    out.extend(_other_attributes(None, None, a.attributes, b.attributes, _SESSION_KNOWN))
    return out


def _bundle_text(old: Sequence[Sequence[str]], new: Sequence[Sequence[str]]) -> str:
    def show(groups: Sequence[Sequence[str]]) -> str:
        return "; ".join(" ".join(g) for g in groups) or "none"

    parts = [f"BUNDLE {show(old)} -> {show(new)}"]
    before = {m for g in old for m in g}
    after = {m for g in new for m in g}
    if after - before:
        parts.append(f"mids in: {' '.join(sorted(after - before, key=_mid_order))}")
    if before - after:
        parts.append(f"mids out: {' '.join(sorted(before - after, key=_mid_order))}")
    old_tags = [g[0] for g in old if g]
    new_tags = [g[0] for g in new if g]
    if old_tags and new_tags and old_tags[0] != new_tags[0]:
        parts.append(f"tag {old_tags[0]} -> {new_tags[0]}")
    return "; ".join(parts)


def _mid_order(mid: str) -> tuple[int, str]:
    return (int(mid), "") if mid.isdigit() else (1 << 30, mid)


# --- one m-section ---------------------------------------------------------------------


def _describe(media: MediaDescription) -> str:
    """``video, mid 1, sendrecv, UDP/TLS/RTP/SAVPF`` (``rejected`` for port 0)."""
    parts = [media.media]
    if media.mid is not None:
        parts.append(f"mid {media.mid}")
    if media.is_rejected:
        parts.append("rejected (port 0)")
    elif media.media != "application":
        parts.append(str(media.direction))
    parts.append(media.protocol)
    return ", ".join(parts)


def _media(
    index: int,
    old: MediaDescription,
    new: MediaDescription,
    a: SessionDescription,
    b: SessionDescription,
) -> list[Change]:
    mid = new.mid if new.mid is not None else old.mid
    out: list[Change] = []

    def change(
        aspect: str,
        text: str,
        before: object = None,
        after: object = None,
        rule: str | None = None,
    ) -> None:
        out.append(Change(index, mid, aspect, text, _text(before), _text(after), rule))

    if old.mid != new.mid or old.media != new.media:
        if old.is_rejected and not new.is_rejected:
            # RFC 9429, 5.2.2: a new transceiver may take the place of a rejected m-line.
            change(
                "recycled",
                f"recycled: the rejected m-line ({_describe(old)}) now carries {_describe(new)}",
                _describe(old),
                _describe(new),
                "RFC 9429, 5.2.2; RFC 3264, 8.3.3",
            )
        else:
            change(
                "replaced",
                f"another m-section: {_describe(old)} -> {_describe(new)} "
                "(not the same m-line of one negotiation)",
                _describe(old),
                _describe(new),
                "RFC 3264, 8; RFC 9429, 5.2.2",
            )
        return out
    if old.is_rejected != new.is_rejected:
        if new.is_rejected:
            # What a rejected m-section still lists means nothing (RFC 3264, 6 and 8.2).
            change("rejected", "rejected (port 0)", old.port, 0, "RFC 3264, 6 and 8.2")
            return out
        change("accepted", f"accepted again (port 0 -> {new.port})", 0, new.port)
    if new.is_rejected:
        return out
    if old.protocol != new.protocol:
        change("protocol", f"protocol {old.protocol} -> {new.protocol}", old.protocol, new.protocol)
    if old.media != "application" and old.direction != new.direction:
        change(
            "direction",
            f"direction {old.direction} -> {new.direction}",
            old.direction,
            new.direction,
            "RFC 3264, 6.1 and 8.4",
        )
    if old.is_bundle_only != new.is_bundle_only:
        change(
            "bundle-only",
            "now bundle-only" if new.is_bundle_only else "no longer bundle-only",
            old.is_bundle_only,
            new.is_bundle_only,
            "RFC 9143, 6",
        )
    if old.rtcp_mux != new.rtcp_mux:
        change(
            "rtcp-mux",
            "now rtcp-mux" if new.rtcp_mux else "no longer rtcp-mux",
            old.rtcp_mux,
            new.rtcp_mux,
            "RFC 5761, 5.1.1",
        )
    if old.media in ("audio", "video"):
        out.extend(_codecs(index, mid, old.codecs, new.codecs))
        out.extend(_extmaps(index, mid, old, new))
    out.extend(_transport(index, mid, old, new, a, b))
    old_msids = [str(m.sdp_line) for m in old.msids]
    new_msids = [str(m.sdp_line) for m in new.msids]
    if old_msids != new_msids:
        change("msid", f"msid {_list(old.msids)} -> {_list(new.msids)}", old_msids, new_msids)
    old_ssrcs = sorted({s.ssrc for s in old.ssrcs})
    new_ssrcs = sorted({s.ssrc for s in new.ssrcs})
    if old_ssrcs != new_ssrcs:
        change(
            "ssrc",
            f"SSRCs {_words(map(str, old_ssrcs))} -> {_words(map(str, new_ssrcs))}",
            old_ssrcs,
            new_ssrcs,
            "RFC 5576",
        )
    if old.simulcast != new.simulcast or [r.sdp_line for r in old.rids] != [
        r.sdp_line for r in new.rids
    ]:
        change(
            "simulcast",
            f"simulcast {_one(old.simulcast)} -> {_one(new.simulcast)}; rids "
            f"{_words(r.rid for r in old.rids)} -> {_words(r.rid for r in new.rids)}",
            _one(old.simulcast),
            _one(new.simulcast),
            "RFC 8853; RFC 8851",
        )
    if old.sctp_port != new.sctp_port:
        change(
            "sctp-port",
            f"sctp-port {old.sctp_port} -> {new.sctp_port}",
            old.sctp_port,
            new.sctp_port,
            "RFC 8841, 5",
        )
    if old.max_message_size != new.max_message_size:
        change(
            "max-message-size",
            f"max-message-size {old.max_message_size} -> {new.max_message_size}",
            old.max_message_size,
            new.max_message_size,
            "RFC 8841, 6",
        )
    out.extend(_candidates(index, mid, old, new))
    out.extend(_other_attributes(index, mid, old.attributes, new.attributes, _MEDIA_KNOWN))
    return out


def _codecs(
    index: int, mid: str | None, old: Sequence[Codec], new: Sequence[Codec]
) -> list[Change]:
    out: list[Change] = []
    before = {c.payload_type: c for c in old}
    after = {c.payload_type: c for c in new}

    def add(text: str, b: object, a: object, rule: str | None = None) -> None:
        out.append(Change(index, mid, "codecs", text, _text(b), _text(a), rule))

    added = [after[pt] for pt in after if pt not in before]
    removed = [before[pt] for pt in before if pt not in after]
    if added:
        add(f"codecs added: {', '.join(map(_codec, added))}", None, [_codec(c) for c in added])
    if removed:
        add(
            f"codecs removed: {', '.join(map(_codec, removed))}",
            [_codec(c) for c in removed],
            None,
        )
    for pt, was in before.items():
        now = after.get(pt)
        if now is None:
            continue
        if _identity(was) != _identity(now):
            add(
                f"payload type {pt} now means {_codec(now)} (was {_codec(was)}): a payload "
                "type keeps its codec within a session",
                _codec(was),
                _codec(now),
                "RFC 3264, 8.3.2",
            )
            continue
        old_fmtp = None if was.fmtp is None else was.fmtp.parameter_text
        new_fmtp = None if now.fmtp is None else now.fmtp.parameter_text
        if old_fmtp != new_fmtp:
            add(
                f"payload type {pt} {now.name}: fmtp {old_fmtp or '(none)'} -> "
                f"{new_fmtp or '(none)'}",
                old_fmtp,
                new_fmtp,
            )
        old_fb = [_feedback(f) for f in was.feedback]
        new_fb = [_feedback(f) for f in now.feedback]
        if old_fb != new_fb:
            add(
                f"payload type {pt} {now.name}: rtcp-fb {_words(old_fb)} -> {_words(new_fb)}",
                old_fb,
                new_fb,
                "RFC 4585, 4.2",
            )
    common_before = [pt for pt in before if pt in after]
    common_after = [pt for pt in after if pt in before]
    if common_before != common_after:
        add(
            f"preference order {_words(map(str, common_before))} -> "
            f"{_words(map(str, common_after))}",
            common_before,
            common_after,
            "RFC 3264, 5.1",
        )
    return out


def _identity(codec: Codec) -> tuple[str, int | None, int | None]:
    return ((codec.name or "").lower(), codec.clock_rate, codec.channels)


def _codec(codec: Codec) -> str:
    text = f"{codec.payload_type} {codec.name or '(static)'}"
    if codec.clock_rate is not None:
        text += f"/{codec.clock_rate}"
    if codec.channels is not None:
        text += f"/{codec.channels}"
    return text


def _feedback(feedback: Any) -> str:
    return f"{feedback.feedback_type} {feedback.parameters or ''}".strip()


def _extmaps(
    index: int, mid: str | None, old: MediaDescription, new: MediaDescription
) -> list[Change]:
    before = {e.uri: e.id for e in old.extmaps}
    after = {e.uri: e.id for e in new.extmaps}
    out: list[Change] = []
    for uri, ext_id in after.items():
        if uri not in before:
            out.append(Change(index, mid, "extmap", f"extmap added: {ext_id} {uri}", None, uri))
        elif before[uri] != ext_id:
            out.append(
                Change(
                    index,
                    mid,
                    "extmap",
                    f"extmap {uri}: id {before[uri]} -> {ext_id}",
                    str(before[uri]),
                    str(ext_id),
                    "RFC 8285, 6",
                )
            )
    for uri, ext_id in before.items():
        if uri not in after:
            out.append(Change(index, mid, "extmap", f"extmap removed: {ext_id} {uri}", uri, None))
    return out


def _ice(media: MediaDescription, desc: SessionDescription) -> tuple[str | None, str | None]:
    """The ICE ufrag and pwd an m-section uses: its own, the session's, else its BUNDLE tag's."""
    ufrag = media.ice_ufrag or desc.ice_ufrag
    pwd = media.ice_pwd or desc.ice_pwd
    if ufrag is None or pwd is None:
        group = desc.bundle_group_of(media.mid)
        tag = desc.media_by_mid(group[0]) if group else None
        if tag is not None and tag is not media:
            ufrag = ufrag or tag.ice_ufrag
            pwd = pwd or tag.ice_pwd
    return ufrag, pwd


def _dtls(media: MediaDescription, desc: SessionDescription) -> tuple[tuple[str, ...], str | None]:
    prints = media.fingerprints or desc.fingerprints
    setup = media.setup or desc.setup
    if not prints or setup is None:
        # RFC 9143, 7.1.3: a bundled m-section may leave them to its BUNDLE tag.
        group = desc.bundle_group_of(media.mid)
        tag = desc.media_by_mid(group[0]) if group else None
        if tag is not None and tag is not media:
            prints = prints or tag.fingerprints
            setup = setup or tag.setup
    return (
        tuple(f"{f.hash_function} {f.fingerprint}" for f in prints),
        None if setup is None else str(setup),
    )


def _tls_id(media: MediaDescription, desc: SessionDescription) -> str | None:
    found = media.attributes_named("tls-id") or desc.attributes_named("tls-id")
    return str(found[0].sdp_line).split(":", 1)[1] if found else None


def _transport(
    index: int,
    mid: str | None,
    old: MediaDescription,
    new: MediaDescription,
    a: SessionDescription,
    b: SessionDescription,
) -> list[Change]:
    out: list[Change] = []
    # Two descriptions of one session (the same o= sess-id) are one end's, one after the
    # other; otherwise they are two ends' (an offer and its answer), whose ICE and DTLS
    # values differ by nature.
    same_session = a.origin.session_id == b.origin.session_id
    (old_ufrag, old_pwd), (new_ufrag, new_pwd) = _ice(old, a), _ice(new, b)
    if None not in (old_ufrag, new_ufrag) and (old_ufrag, old_pwd) != (new_ufrag, new_pwd):
        what = f"ufrag {old_ufrag} -> {new_ufrag}" if old_ufrag != new_ufrag else "new pwd"
        out.append(
            Change(
                index,
                mid,
                "ice",
                # RFC 8839, 4.4.1.1.1: new credentials in a subsequent offer restart ICE.
                f"new ICE credentials ({what}): an ICE restart"
                if same_session
                else f"ICE credentials {what}",
                old_ufrag,
                new_ufrag,
                "RFC 8839, 4.4.1.1.1" if same_session else "RFC 8839, 5.4",
            )
        )
    # RFC 8839, 5.6: ice-options at session level hold for every m-section.
    old_options = old.ice_options or a.ice_options
    new_options = new.ice_options or b.ice_options
    if old_options != new_options:
        out.append(
            Change(
                index,
                mid,
                "ice-options",
                f"ice-options {_words(old_options)} -> {_words(new_options)}",
                " ".join(old_options),
                " ".join(new_options),
                "RFC 8839, 5.6",
            )
        )
    (old_prints, old_setup), (new_prints, new_setup) = _dtls(old, a), _dtls(new, b)
    if old_prints and new_prints and old_prints != new_prints:
        out.append(
            Change(
                index,
                mid,
                "fingerprint",
                "new DTLS fingerprint: a new DTLS association (which needs an ICE restart too)"
                if same_session
                else "another DTLS certificate fingerprint",
                "; ".join(old_prints),
                "; ".join(new_prints),
                "RFC 8842, 5.5; RFC 9429, 5.11" if same_session else "RFC 8122, 5",
            )
        )
    old_tls = _tls_id(old, a)
    new_tls = _tls_id(new, b)
    if same_session and old_tls and new_tls and old_tls != new_tls:
        out.append(
            Change(
                index,
                mid,
                "tls-id",
                f"tls-id {old_tls} -> {new_tls}: a new DTLS association",
                old_tls,
                new_tls,
                "RFC 8842, 5.2 and 5.5",
            )
        )
    if old_setup and new_setup and old_setup != new_setup:
        out.append(
            Change(
                index,
                mid,
                "setup",
                f"a=setup:{old_setup} -> a=setup:{new_setup}",
                old_setup,
                new_setup,
                "RFC 8842, 5",
            )
        )
    return out


def _candidates(
    index: int, mid: str | None, old: MediaDescription, new: MediaDescription
) -> list[Change]:
    out: list[Change] = []
    before = [c.sdp_line for c in old.candidates]
    after = [c.sdp_line for c in new.candidates]
    added = [c for c in new.candidates if c.sdp_line not in before]
    removed = [c for c in old.candidates if c.sdp_line not in after]
    if added:
        out.append(
            Change(
                index,
                mid,
                "candidates",
                f"{len(added)} candidate(s) added: {', '.join(map(_candidate, added))}",
                None,
                ", ".join(map(_candidate, added)),
                "RFC 8839, 5.1",
            )
        )
    if removed:
        out.append(
            Change(
                index,
                mid,
                "candidates",
                f"{len(removed)} candidate(s) removed: {', '.join(map(_candidate, removed))}",
                ", ".join(map(_candidate, removed)),
                None,
                "RFC 8839, 5.1",
            )
        )
    old_end = old.attribute(EndOfCandidates) is not None
    new_end = new.attribute(EndOfCandidates) is not None
    if old_end != new_end:
        out.append(
            Change(
                index,
                mid,
                "candidates",
                "end-of-candidates added" if new_end else "end-of-candidates removed",
                str(old_end).lower(),
                str(new_end).lower(),
                "RFC 8840, 4.1",
            )
        )
    old_address = _address(old)
    new_address = _address(new)
    if old_address != new_address and not new.is_rejected:
        out.append(
            Change(
                index,
                mid,
                "address",
                f"default address {old_address} -> {new_address}",
                old_address,
                new_address,
                "RFC 9429, 5.2.2; RFC 8839, 4.2.1.2",
            )
        )
    return out


def _candidate(candidate: Candidate) -> str:
    address = f"[{candidate.address}]" if ":" in candidate.address else candidate.address
    return f"{candidate.type} {candidate.transport} {address}:{candidate.port}"


def _address(media: MediaDescription) -> str:
    connection = media.connections[0] if media.connections else None
    host = "(session c=)" if connection is None else connection.address
    return f"{host}:{media.port}"


#: The attributes ``diff`` compares by meaning; every other one is compared as lines.
_MEDIA_KNOWN = frozenset(
    {
        "mid",
        "sendrecv",
        "sendonly",
        "recvonly",
        "inactive",
        "rtpmap",
        "fmtp",
        "rtcp-fb",
        "extmap",
        "ice-ufrag",
        "ice-pwd",
        "ice-options",
        "fingerprint",
        "setup",
        "tls-id",
        "msid",
        "ssrc",
        "ssrc-group",
        "simulcast",
        "rid",
        "sctp-port",
        "max-message-size",
        "candidate",
        "end-of-candidates",
        "rtcp-mux",
        BundleOnly.NAME,
    }
)
_SESSION_KNOWN = frozenset(
    {
        "group",
        IceLite.NAME,
        "ice-options",
        "ice-ufrag",
        "ice-pwd",
        "fingerprint",
        "setup",
        "tls-id",
    }
)


def _other_attributes(
    index: int | None,
    mid: str | None,
    old: Iterable[Any],
    new: Iterable[Any],
    known: frozenset[str],
) -> list[Change]:
    """Lines of the attributes ``diff`` does not read, added or removed (as multisets)."""
    before = Counter(a.sdp_line for a in old if a.name not in known)
    after = Counter(a.sdp_line for a in new if a.name not in known)
    out: list[Change] = []
    for line in after:
        for _ in range(after[line] - before.get(line, 0)):
            out.append(Change(index, mid, "attribute", f"added {line}", None, line))
    for line in before:
        for _ in range(before[line] - after.get(line, 0)):
            out.append(Change(index, mid, "attribute", f"removed {line}", line, None))
    return out


# --- words ---------------------------------------------------------------------------------


def _words(items: Iterable[str]) -> str:
    return " ".join(items) or "(none)"


def _list(items: Iterable[Any]) -> str:
    return ", ".join(str(i.sdp_line).removeprefix("a=msid:") for i in items) or "(none)"


def _one(value: Any) -> str:
    return "(none)" if value is None else str(value.sdp_line).split(":", 1)[1]


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, list | tuple):
        return " ".join(_text(v) or "" for v in value) if value else ""
    return str(value)
