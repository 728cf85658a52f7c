"""Model -> SDP text.

Each value writes its own line (``sdp_line``, see ``sdpmodel.attributes``);
this module joins them.  ``serialize(desc)`` is byte-exact for a parsed
description: ``serialize(parse(x)) == x`` for well-formed x with CRLF line
endings.  ``canonical(desc)`` rewrites every line from its fields, ignoring
the text the parser kept: the form ``sdpmodel fmt`` prints.
"""

from __future__ import annotations

from sdpmodel.model import CRLF, SessionDescription

__all__ = ["canonical", "serialize"]


def serialize(desc: SessionDescription) -> str:
    """The description as SDP text with CRLF line endings."""
    return desc.to_sdp()


def canonical(desc: SessionDescription) -> str:
    """The description written from its fields alone (no kept or cached line text)."""
    out = desc.line_list(fresh=True)
    out.append("")  # the final CRLF
    return CRLF.join(out)
