"""The shipped strategies (``sdpmodel.testing.strategies``) keep their promises.

Users build their own property tests on these strategies, so each promise in a
docstring there is checked here or in ``test_properties.py``:

* here: every typed attribute class has a strategy (a new class without one
  fails ``test_every_typed_attribute_class_has_a_strategy``) and
  ``attributes()`` draws them all; each strategy draws values of its class
  that parse back to themselves; ``terminal_text`` stays inside its
  terminal; realistic candidates and WebRTC descriptions look like a
  browser's and honour their parameters; bad arguments raise
  ``InvalidArgument`` when the strategy is made, not in the middle of a test;
* in ``test_properties.py``: ``field_text`` and ``attribute_text`` (plain and
  strict) draw strings their rule accepts, for every rule; ``sdp_text`` draws
  whole descriptions the ``session`` rule accepts; ``session_descriptions``
  and ``webrtc_session_descriptions`` round-trip.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable

import pytest
from hypothesis import Phase, find, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from sdpmodel import (
    Attribute,
    Candidate,
    Direction,
    Group,
    IcePwd,
    IceUfrag,
    Rtpmap,
    SessionDescription,
    Setup,
    SetupRole,
    UnknownAttribute,
    canonical,
    parse,
    parse_attribute,
    parse_candidate,
)
from sdpmodel._grammar import GRAMMAR
from sdpmodel.attributes import ATTRIBUTE_CLASSES, FlagAttribute, attribute_class
from sdpmodel.serialize import from_fields
from sdpmodel.testing import strategies as sdp_st

#: One Hypothesis test per class or terminal: an eighth of the profile's examples each.
PER_CASE = settings(max_examples=max(10, settings().max_examples // 8))

TERMINALS = sorted(GRAMMAR.terminal_regex)


def class_id(cls: type[Attribute]) -> str:
    return cls.__name__


# --- coverage --------------------------------------------------------------------------


def test_every_typed_attribute_class_has_a_strategy() -> None:
    """Every class in ATTRIBUTE_CLASSES has a strategy; a new class needs one (sdpmodel.testing)."""
    missing = []
    for cls in ATTRIBUTE_CLASSES:
        try:
            sdp_st.typed_attributes(cls)
        except InvalidArgument:
            missing.append(cls.__name__)
    assert missing == []


def test_attributes_draws_every_class() -> None:
    """attributes() with its defaults draws every typed class and UnknownAttribute (sdpmodel.testing)."""
    wanted = {*ATTRIBUTE_CLASSES, UnknownAttribute}
    seen: set[type[Attribute]] = set()

    def all_seen(attribute: Attribute) -> bool:
        seen.add(type(attribute))
        return seen >= wanted

    find(
        sdp_st.attributes(),
        all_seen,
        settings=settings(max_examples=10_000, phases=[Phase.generate], database=None),
    )
    assert seen == wanted


# --- attribute values round-trip ----------------------------------------------------------


@pytest.mark.parametrize("cls", ATTRIBUTE_CLASSES, ids=class_id)
@PER_CASE
@given(data=st.data())
def test_typed_attributes_round_trip(cls: type[Attribute], data: st.DataObject) -> None:
    """typed_attributes(cls) draws values of exactly cls whose line parses back to them (sdpmodel.testing)."""
    attribute = data.draw(sdp_st.typed_attributes(cls), label="attribute")
    assert type(attribute) is cls
    assert attribute_class(attribute.name) is cls
    assert parse_attribute(attribute.sdp_line) == attribute
    rule = cls.rule()
    if rule is not None:
        assert attribute.value is not None
        assert GRAMMAR.regex(rule).fullmatch(attribute.value)


@given(sdp_st.unknown_attributes())
def test_unknown_attributes_stay_unknown(attribute: UnknownAttribute) -> None:
    """unknown_attributes() never uses a typed name, so the line parses back to the same unknown attribute (DESIGN.md)."""
    assert attribute_class(attribute.name) is None
    assert parse_attribute(attribute.sdp_line) == attribute


@given(sdp_st.attributes(classes=[Rtpmap, Direction], unknown=False))
def test_attributes_can_be_limited_to_classes(attribute: Attribute) -> None:
    """attributes(classes=..., unknown=False) draws only the classes asked for (sdpmodel.testing)."""
    assert type(attribute) in (Rtpmap, Direction)


# --- candidates -------------------------------------------------------------------------


@given(sdp_st.candidates(realistic=True))
def test_realistic_candidates_look_like_a_browser(candidate: Candidate) -> None:
    """candidates(realistic=True) writes what browsers write: IP addresses, RFC 8445 priorities, raddr only off host (RFC 8839, 5.1)."""
    assert candidate.transport.lower() in ("udp", "tcp")
    assert candidate.type in ("host", "srflx", "prflx", "relay")
    assert candidate.component in (1, 2)
    ipaddress.ip_address(candidate.address)
    assert (candidate.related_address is None) == (candidate.type == "host")
    assert (candidate.tcp_type is not None) == (candidate.transport.lower() == "tcp")
    type_preference = {"host": 126, "prflx": 110, "srflx": 100, "relay": 0}[candidate.type]
    assert candidate.priority >> 24 == type_preference
    assert candidate.priority & 0xFF == 256 - candidate.component
    assert parse_candidate(candidate.sdp_line[2:]) == candidate


# --- text from the grammar -----------------------------------------------------------------


@pytest.mark.parametrize("name", TERMINALS)
@PER_CASE
@given(data=st.data())
def test_terminal_text_matches_the_terminal(name: str, data: st.DataObject) -> None:
    """terminal_text(name) draws strings the terminal's regex fully matches (grammar/sdp.lark)."""
    text = data.draw(sdp_st.terminal_text(name), label="text")
    assert re.fullmatch(GRAMMAR.terminal_regex[name], text)


# --- whole descriptions ----------------------------------------------------------------------


@given(
    sdp_st.session_descriptions(
        media=sdp_st.media_descriptions(
            attributes=sdp_st.attributes(classes=[Rtpmap], unknown=False)
        ),
        attributes=sdp_st.unknown_attributes(),
        max_media=1,
    )
)
def test_description_strategies_take_their_parts(desc: SessionDescription) -> None:
    """session_descriptions() and media_descriptions() draw their parts from the strategies and bounds given (sdpmodel.testing)."""
    assert len(desc.media) <= 1
    assert all(type(attribute) is UnknownAttribute for attribute in desc.attributes)
    for media in desc.media:
        assert all(type(attribute) is Rtpmap for attribute in media.attributes)
    assert parse(desc.to_sdp()) == desc
    assert from_fields(desc) == desc.to_sdp()
    assert canonical(parse(canonical(desc))) == canonical(desc)


def setups(desc: SessionDescription) -> set[SetupRole]:
    return {a.role for m in desc.media for a in m.attributes if isinstance(a, Setup)}


@pytest.mark.parametrize(
    ("sdp_type", "roles"),
    [
        ("offer", {SetupRole.ACTPASS}),
        ("answer", {SetupRole.ACTIVE, SetupRole.PASSIVE}),
        ("pranswer", {SetupRole.ACTIVE, SetupRole.PASSIVE}),
    ],
)
@PER_CASE
@given(data=st.data())
def test_webrtc_setup_follows_the_sdp_type(
    sdp_type: str, roles: set[SetupRole], data: st.DataObject
) -> None:
    """An offer says a=setup:actpass, an answer active or passive (RFC 8842, 5.2 and 5.3)."""
    desc = data.draw(sdp_st.webrtc_session_descriptions(sdp_type=sdp_type), label="desc")
    drawn = setups(desc)
    assert len(drawn) == 1
    assert drawn <= roles


@given(
    sdp_st.webrtc_session_descriptions(
        kinds=["audio", "video", "application"], bundle=True, with_candidates=False
    )
)
def test_webrtc_descriptions_honour_their_parameters(desc: SessionDescription) -> None:
    """kinds fixes the m-sections, bundle=True groups every mid, with_candidates=False writes none (RFC 8843, 7.1)."""
    assert [m.media for m in desc.media] == ["audio", "video", "application"]
    assert desc.bundle_groups == (desc.mids,)
    assert all(m.candidates == () for m in desc.media)
    assert len(set(desc.mids)) == len(desc.media)


@given(sdp_st.webrtc_session_descriptions(bundle=False, with_candidates=True))
def test_webrtc_descriptions_are_browser_shaped(desc: SessionDescription) -> None:
    """Every payload type has an a=rtpmap, ICE credentials are ice-chars, candidates present (JSEP, RFC 9429, 5.2.1)."""
    assert not any(isinstance(a, Group) for a in desc.attributes)
    for media in desc.media:
        assert media.candidates
        if media.media != "application":
            assert {str(r.payload_type) for r in media.rtpmaps} == set(media.formats)
        ufrag = media.attribute(IceUfrag)
        password = media.attribute(IcePwd)
        assert ufrag is not None
        assert password is not None
        assert GRAMMAR.regex("strict_ice_ufrag_value").fullmatch(ufrag.ufrag)
        assert GRAMMAR.regex("strict_ice_pwd_value").fullmatch(password.password)
    assert parse(desc.to_sdp(), strict=True) == desc


# --- arguments ---------------------------------------------------------------------------------

BAD_ARGUMENTS: list[tuple[str, Callable[[], object]]] = [
    ("rule_text of an unknown rule", lambda: sdp_st.rule_text("nonsense_value")),
    ("terminal_text of an unknown terminal", lambda: sdp_st.terminal_text("NONSENSE")),
    ("field_text of an unknown letter", lambda: sdp_st.field_text("x")),
    ("attribute_text of an unknown attribute", lambda: sdp_st.attribute_text("x-nonsense")),
    ("attribute_text of a flag", lambda: sdp_st.attribute_text("rtcp-mux")),
    ("attribute_text of a direction", lambda: sdp_st.attribute_text("sendrecv")),
    ("typed_attributes of UnknownAttribute", lambda: sdp_st.typed_attributes(UnknownAttribute)),
    ("typed_attributes of a base class", lambda: sdp_st.typed_attributes(FlagAttribute)),
    ("attributes of nothing", lambda: sdp_st.attributes(classes=[], unknown=False)),
    ("negative max_attributes", lambda: sdp_st.media_descriptions(max_attributes=-1)),
    ("negative max_media", lambda: sdp_st.session_descriptions(max_media=-1)),
    ("unknown sdp_type", lambda: sdp_st.webrtc_session_descriptions(sdp_type="rollback")),
    ("no m-sections", lambda: sdp_st.webrtc_session_descriptions(kinds=[])),
    ("unknown kind", lambda: sdp_st.webrtc_session_descriptions(kinds=["text"])),
    ("max_media below one", lambda: sdp_st.webrtc_session_descriptions(max_media=0)),
]


@pytest.mark.parametrize(
    "make", [make for _, make in BAD_ARGUMENTS], ids=[name for name, _ in BAD_ARGUMENTS]
)
def test_bad_arguments_raise_invalid_argument(make: Callable[[], object]) -> None:
    """A bad argument raises InvalidArgument when the strategy is made, as Hypothesis' own strategies do."""
    with pytest.raises(InvalidArgument):
        make()
