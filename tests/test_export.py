"""sdpmodel.export.to_dict: the model as JSON-ready data, every field, attributes named and in order."""

from __future__ import annotations

import json
import re
from typing import Any

import attrs
import pytest

from sdpmodel import (
    Attribute,
    MediaDescription,
    Mid,
    Origin,
    RTCError,
    SessionDescription,
    SimulcastId,
    UnknownAttribute,
    parse,
)
from sdpmodel.attributes import ATTRIBUTE_CLASSES
from sdpmodel.export import to_dict
from tests._corpus import CORPUS, NO_CORPUS

OFFER = (
    "v=0\r\n"
    "o=- 20518 0 IN IP4 203.0.113.1\r\n"
    "s=-\r\n"
    "t=0 0\r\n"
    "a=group:BUNDLE a0\r\n"
    "m=audio 54400 UDP/TLS/RTP/SAVPF 111 0\r\n"
    "c=IN IP4 203.0.113.1\r\n"
    "a=mid:a0\r\n"
    "a=sendonly\r\n"
    "a=setup:actpass\r\n"
    "a=extmap:3/recvonly urn:ietf:params:rtp-hdrext:sdes:mid\r\n"
    "a=rtpmap:111 opus/48000/2\r\n"
    "a=rtpmap:0 PCMU/8000\r\n"
    "a=candidate:7 1 udp 2122260223 192.0.2.7 54400 typ host generation 0\r\n"
    "a=x-vendor-flag:on\r\n"
    "a=x-bare\r\n"
    "a=simulcast:send 1,~2;3\r\n"
)


def audio_attributes() -> list[dict[str, Any]]:
    attributes: list[dict[str, Any]] = to_dict(parse(OFFER))["media"][0]["attributes"]
    return attributes


def first_of(kind: str) -> dict[str, Any]:
    return next(a for a in audio_attributes() if a["type"] == kind)


class TestAttributes:
    def test_rtpmap_carries_its_sdp_name_type_and_fields(self) -> None:
        """Each attribute is {"name": <SDP name>, "type": <class>, <fields>...}, numbers as numbers."""
        assert first_of("Rtpmap") == {
            "name": "rtpmap",
            "type": "Rtpmap",
            "payload_type": 111,
            "encoding_name": "opus",
            "clock_rate": 48000,
            "encoding_parameters": 2,
        }

    def test_enums_are_their_spec_strings(self) -> None:
        """Enum fields export as the spec's string values (MediaDirection, SetupRole), not member names."""
        assert first_of("Setup") == {"name": "setup", "type": "Setup", "role": "actpass"}
        assert first_of("Direction") == {
            "name": "sendonly",
            "type": "Direction",
            "direction": "sendonly",
        }
        assert first_of("Extmap")["direction"] == "recvonly"
        assert type(first_of("Setup")["role"]) is str

    def test_unknown_attribute_keeps_name_and_value(self) -> None:
        """An attribute sdpmodel has no type for keeps its name and its value (None without one)."""
        unknown = [a for a in audio_attributes() if a["type"] == "UnknownAttribute"]
        assert unknown == [
            {
                "name": "x-vendor-flag",
                "type": "UnknownAttribute",
                "attribute_name": "x-vendor-flag",
                "attribute_value": "on",
            },
            {
                "name": "x-bare",
                "type": "UnknownAttribute",
                "attribute_name": "x-bare",
                "attribute_value": None,
            },
        ]

    def test_field_named_like_a_reserved_key_is_prefixed(self) -> None:
        """A field called name or type does not overwrite the attribute's own keys: Candidate.type is candidate_type."""
        candidate = first_of("Candidate")
        assert candidate["name"] == "candidate"
        assert candidate["type"] == "Candidate"
        assert candidate["candidate_type"] == "host"
        assert candidate["extensions"] == [["generation", "0"]]

    def test_nested_values_become_dicts_and_lists(self) -> None:
        """Nested attrs values become dicts, tuples become lists (a=simulcast's streams of rids)."""
        assert first_of("Simulcast")["send"] == [
            [{"rid": "1", "paused": False}, {"rid": "2", "paused": True}],
            [{"rid": "3", "paused": False}],
        ]

    def test_attributes_keep_their_order(self) -> None:
        """Attributes appear in SDP order, typed and unknown alike."""
        assert [a["name"] for a in audio_attributes()] == [
            "mid",
            "sendonly",
            "setup",
            "extmap",
            "rtpmap",
            "rtpmap",
            "candidate",
            "x-vendor-flag",
            "x-bare",
            "simulcast",
        ]


class TestDescription:
    def test_every_init_field_of_the_description_is_exported(self) -> None:
        """The session and each m-section export every __init__ field, in declaration order."""
        exported = to_dict(parse(OFFER))
        session_fields = [f.name for f in attrs.fields(SessionDescription) if f.init]
        media_fields = [f.name for f in attrs.fields(MediaDescription) if f.init]
        assert list(exported) == session_fields
        assert list(exported["media"][0]) == media_fields

    def test_session_level_values(self) -> None:
        """Session fields keep their types: session ids stay text, times are numbers, formats are text."""
        exported = to_dict(parse(OFFER))
        assert exported["origin"] == {
            "username": "-",
            "session_id": "20518",
            "session_version": "0",
            "nettype": "IN",
            "addrtype": "IP4",
            "address": "203.0.113.1",
        }
        assert exported["times"] == [{"start": 0, "stop": 0, "repeats": []}]
        assert exported["attributes"] == [
            {"name": "group", "type": "Group", "semantics": "BUNDLE", "mids": ["a0"]}
        ]
        media = exported["media"][0]
        assert media["formats"] == ["111", "0"]
        assert media["connections"][0]["address"] == "203.0.113.1"

    def test_the_line_cache_is_not_exported(self) -> None:
        """The cached line text (_sdp, init=False) is not part of the value and never appears."""
        text = json.dumps(to_dict(parse(OFFER)))
        assert "_sdp" not in text
        assert "a=rtpmap" not in text

    def test_a_description_built_in_code_exports_the_same_way(self) -> None:
        """Values built in code, never parsed, export the same way (nothing depends on parser state)."""
        desc = SessionDescription(origin=Origin("-", "1", "1")).with_media(
            MediaDescription(media="application", formats=("webrtc-datachannel",)).with_attributes(
                Mid("d"), UnknownAttribute("x", "y")
            )
        )
        media = to_dict(desc)["media"][0]
        assert media["attributes"] == [
            {"name": "mid", "type": "Mid", "mid": "d"},
            {
                "name": "x",
                "type": "UnknownAttribute",
                "attribute_name": "x",
                "attribute_value": "y",
            },
        ]

    def test_rejects_what_is_not_a_description(self) -> None:
        """to_dict takes a SessionDescription; anything else is a TypeError, not a half export."""
        with pytest.raises(TypeError, match="SessionDescription"):
            to_dict(OFFER)  # type: ignore[arg-type]


def rebuild_attribute(data: dict[str, Any]) -> Attribute:
    """The attribute a dict from to_dict describes, built again from its fields alone."""
    classes = {cls.__name__: cls for cls in (*ATTRIBUTE_CLASSES, UnknownAttribute)}
    cls = classes[data["type"]]
    kwargs = {}
    for field in attrs.fields(cls):
        if not field.init:
            continue
        key = field.name
        if key in ("name", "type"):
            key = re.sub(r"(?<!^)(?=[A-Z])", "_", cls.__name__).lower() + "_" + key
        kwargs[field.name] = thaw(data[key])
    return cls(**kwargs)


def thaw(value: Any) -> Any:
    """JSON lists back to tuples; the one nested value type inside attributes is SimulcastId."""
    if isinstance(value, list):
        return tuple(thaw(item) for item in value)
    if isinstance(value, dict):
        return SimulcastId(**value)
    return value


def parsed_corpus() -> list[tuple[str, SessionDescription]]:
    parsed = []
    for item in CORPUS:
        try:
            parsed.append((item.name, parse(item.data)))
        except RTCError:
            continue  # an invalid file the lenient parser refuses: nothing to export
    return parsed


@NO_CORPUS
class TestCorpus:
    def test_every_corpus_file_exports_to_json_with_attributes_in_order(self) -> None:
        """For every corpus file that parses, to_dict is json.dumps-able and lists every attribute in SDP order."""
        parsed = parsed_corpus()
        assert len(parsed) > 100
        for name, desc in parsed:
            exported = json.loads(json.dumps(to_dict(desc)))
            sections = [(desc.attributes, exported["attributes"])] + [
                (media.attributes, data["attributes"])
                for media, data in zip(desc.media, exported["media"], strict=True)
            ]
            for attributes, data in sections:
                assert [(a["name"], a["type"]) for a in data] == [
                    (a.name, type(a).__name__) for a in attributes
                ], name

    def test_every_corpus_attribute_rebuilds_from_its_json(self) -> None:
        """The JSON loses nothing: each attribute of every corpus file rebuilds, equal and writing the same line."""
        for name, desc in parsed_corpus():
            exported = json.loads(json.dumps(to_dict(desc)))
            pairs = list(zip(desc.attributes, exported["attributes"], strict=True))
            for media, data in zip(desc.media, exported["media"], strict=True):
                pairs += zip(media.attributes, data["attributes"], strict=True)
            for attribute, data in pairs:
                rebuilt = rebuild_attribute(data)
                assert rebuilt == attribute, name
                assert rebuilt.format_line() == attribute.sdp_line, name
