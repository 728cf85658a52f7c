"""Model -> SDP text.

Each value writes its own line (``sdp_line``, see ``sdpmodel.attributes``);
this module joins them.  ``serialize(desc)`` is byte-exact for a parsed
description: ``serialize(parse(x)) == x`` for well-formed x with CRLF line
endings.  ``canonical(desc)`` rewrites every line from its fields in one
canonical spelling, ignoring the text the parser kept: the form ``sdpmodel
fmt`` prints (docs/sdp.md, "The canonical form").  ``from_fields(desc)``
rewrites every line from its fields as they spell it, normalising nothing.
"""

from __future__ import annotations

from sdpmodel.model import CRLF, SessionDescription

__all__ = ["canonical", "from_fields", "serialize"]


def serialize(desc: SessionDescription) -> str:
    """The description as SDP text with CRLF line endings."""
    return desc.to_sdp()


def from_fields(desc: SessionDescription) -> str:
    """The description written from its fields alone, each line as its fields spell it.

    No kept or cached line text is used, and nothing is normalised: for a
    parsed description this is the text it was parsed from (CRLF endings),
    because each value keeps every spelling the grammar lets vary (one
    spelling per value).  Tests use it to check that the fields lose nothing.
    """
    out = desc.line_list(fresh=True)
    out.append("")  # the final CRLF
    return CRLF.join(out)


def canonical(desc: SessionDescription) -> str:
    """The description written from its fields alone, each line in its canonical spelling.

    No kept or cached line text is used.  Where SDP lets one meaning be
    spelled several ways, one spelling is chosen (docs/sdp.md, "The
    canonical form"): ``a=fmtp`` parameters joined by ``;`` without spaces,
    registered hash function names in lower case and hex digests in upper
    case, candidate transports and types in lower case, ``a=ptime`` and its
    kin without redundant zeros.  Everything else is written as its fields
    hold it.  ``parse(canonical(d))`` means what ``d`` means, and
    ``canonical(parse(canonical(d))) == canonical(d)``.
    """
    out = desc.line_list(canonical=True)
    out.append("")  # the final CRLF
    return CRLF.join(out)
