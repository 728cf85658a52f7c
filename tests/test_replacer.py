"""sdpmodel._builders.replacer: attrs.evolve without the detour, for classes with nothing to check."""

from __future__ import annotations

import attrs
import pytest

from sdpmodel._builders import replacer
from sdpmodel.attributes import Rtpmap
from sdpmodel.enums import RTCRtpTransceiverDirection as D
from sdpmodel.model import MediaDescription
from sdpmodel.transceiver import Encoding, TrackRef, Transceiver, replace_transceiver

_CHANGES: dict[str, object] = {
    "id": "t9",
    "kind": "audio",
    "direction": D.RECVONLY,
    "mid": "3",
    "m_line_index": 3,
    "current_direction": D.SENDONLY,
    "fired_direction": D.SENDRECV,
    "receptive": True,
    "stopping": True,
    "stopped": True,
    "sender_track": TrackRef("x", "audio"),
    "sender_stream_ids": ("s",),
    "send_encodings": (Encoding(rid="a"), Encoding(rid="b")),
    "send_codecs": (),
    "ssrc": 7,
    "rtx_ssrc": 8,
    "receiver_track_id": "r",
    "remote_stream_ids": ("rs",),
    "remote_track_id": "rt",
    "receive_codecs": (),
    "transport": "0",
    "preferred_codecs": (),
    "header_extensions": (("urn:x", "stopped"),),
    "attached_by_add_track": True,
    "ever_sent": True,
}


def test_changes_cover_every_field() -> None:
    """The table below changes each field of Transceiver once."""
    assert set(_CHANGES) == {f.alias for f in attrs.fields(Transceiver)}


@pytest.mark.parametrize("name", sorted(_CHANGES))
def test_replace_transceiver_is_evolve(name: str) -> None:
    """replace_transceiver(t, **changes) equals attrs.evolve(t, **changes), field for field."""
    t = Transceiver("t1", "video", mid="0", m_line_index=0, ssrc=5)
    made = replace_transceiver(t, **{name: _CHANGES[name]})
    expected = attrs.evolve(t, **{name: _CHANGES[name]})
    assert made == expected
    assert attrs.astuple(made, recurse=False) == attrs.astuple(expected, recurse=False)
    assert made is not t and t == Transceiver("t1", "video", mid="0", m_line_index=0, ssrc=5)


def test_replace_transceiver_all_at_once_and_none() -> None:
    """Every change in one call, and no change (a copy)."""
    t = Transceiver("t1", "video")
    assert replace_transceiver(t, **_CHANGES) == attrs.evolve(t, **_CHANGES)
    copy = replace_transceiver(t)
    assert copy == t and copy is not t


def test_replace_transceiver_refuses_unknown_names() -> None:
    """A name that is not a field is a TypeError, as attrs.evolve gives."""
    with pytest.raises(TypeError, match="no field 'nope'"):
        replace_transceiver(Transceiver("t1", "video"), nope=1)


def test_replacer_refuses_classes_with_checks() -> None:
    """Validators, converters, fields outside __init__ and __attrs_post_init__ are refused."""
    with pytest.raises(TypeError, match="validator"):
        replacer(Rtpmap)  # validators
    with pytest.raises(TypeError, match="validator"):
        replacer(MediaDescription)  # validators and cache slots outside __init__

    @attrs.frozen
    class Checked:
        x: int = 0

        def __attrs_post_init__(self) -> None:
            pass

    with pytest.raises(TypeError, match="__attrs_post_init__"):
        replacer(Checked)
    with pytest.raises(TypeError, match="slotted attrs class"):
        replacer(dict)


def test_replacer_resets_a_cached_hash() -> None:
    """A cache_hash class gets its hash computed afresh for the copy."""

    @attrs.frozen(cache_hash=True)
    class Hashed:
        x: int = 0

    value = Hashed(1)
    hash(value)
    copy = replacer(Hashed)(value, x=2)
    assert copy == Hashed(2) and hash(copy) == hash(Hashed(2))
