"""The model as JSON-ready data: ``to_dict(desc)`` for ``sdpmodel json`` and for users.

This module owns one mapping, model -> plain ``dict``/``list``/``str``/``int``/
``bool``/``None``, and nothing else: it does not parse, does not serialize
SDP, does no I/O and never changes a value.  It is written once, over the
attrs fields of whatever value it meets, so a field added to the model shows
up in the output with no edit here (there is no table of classes to forget).

The rules, all generic:

* every attrs value becomes a dict of its ``__init__`` fields, in declaration
  order; the line cache (``_sdp``, ``init=False``) is not part of the value
  and is left out;
* tuples become lists; enum members (``MediaDirection``, ``SetupRole``)
  become their string values, the spec's spelling;
* an ``a=`` attribute starts with two keys of its own: ``name``, the SDP
  name as written (``"rtpmap"``, ``"sendrecv"``, ``"x-google-flag"``), and
  ``type``, the model class (``"Rtpmap"``, ``"Direction"``,
  ``"UnknownAttribute"``).  A field whose name would collide with them is
  prefixed with the class name in snake case: ``Candidate.type`` (host,
  srflx, ...) is written ``candidate_type``.

``UnknownAttribute`` keeps what it has, its ``attribute_name`` and
``attribute_value``; the attribute order of each section is the order of
the SDP.  Computed views (``MediaDescription.codecs``, ``.mid``) are not
fields and are not exported: the output is the model, not a summary of it.
"""

from __future__ import annotations

import re
from enum import Enum
from typing import Any

import attrs

from sdpmodel.attributes import Attribute
from sdpmodel.model import SessionDescription

__all__ = ["RESERVED_KEYS", "to_dict"]

#: The keys every exported attribute starts with; fields of that name are renamed.
RESERVED_KEYS = ("name", "type")

#: JSON's scalars, passed through as they are.
_SCALARS = (str, int, float, bool, type(None))

_CAMEL_HUMP = re.compile(r"(?<!^)(?=[A-Z])")


def to_dict(desc: SessionDescription) -> dict[str, Any]:
    """The whole description as a dict that ``json.dumps`` accepts, losing no field.

    ``to_dict(parse(text))["media"][0]["attributes"][0]`` for ``a=rtpmap:111
    opus/48000/2`` is ``{"name": "rtpmap", "type": "Rtpmap", "payload_type":
    111, "encoding_name": "opus", "clock_rate": 48000, "encoding_parameters":
    2}``.  Raises ``TypeError`` for anything but a ``SessionDescription``.
    """
    if not isinstance(desc, SessionDescription):
        raise TypeError(f"to_dict() takes a SessionDescription, not {type(desc).__name__}")
    exported = _export(desc)
    assert isinstance(exported, dict)
    return exported


def _export(value: object) -> Any:
    if isinstance(value, Enum):
        # Checked before the scalars: a StrEnum member is also a str.
        return value.value
    if isinstance(value, _SCALARS):
        return value
    if isinstance(value, tuple | list):
        return [_export(item) for item in value]
    cls = type(value)
    if attrs.has(cls):
        return _export_attrs(value, cls)
    # Every field of the model is one of the above; anything else is a model
    # change this module must learn about, so say so instead of guessing.
    raise TypeError(f"to_dict() cannot export a {type(value).__name__} ({value!r})")


def _export_attrs(value: object, cls: type[attrs.AttrsInstance]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if isinstance(value, Attribute):
        out["name"] = value.name
        out["type"] = cls.__name__
    for field in attrs.fields(cls):
        if not field.init:
            continue  # the cached line text: derived, not part of the value
        key = field.name
        if key in out:
            key = f"{_snake(cls.__name__)}_{key}"
        out[key] = _export(getattr(value, field.name))
    return out


def _snake(name: str) -> str:
    """``Candidate`` -> ``candidate``, ``RtcpFb`` -> ``rtcp_fb``."""
    return _CAMEL_HUMP.sub("_", name).lower()
