"""UpdateMedia carries what a real RTP stack needs: the negotiated header extensions."""

from __future__ import annotations

from _core import negotiate, pair, track

import sdpmodel
from sdpmodel.effects import UpdateMedia


def test_update_media_names_the_negotiated_header_extensions_with_the_remote_ids() -> None:
    """RFC 8285, 6: after an answer, UpdateMedia lists the extmap ids of the URIs both descriptions carry, as the remote numbered them."""
    a, b = pair()
    a.add_track(track("audio"))
    a.add_transceiver("video")
    _offer, answer = negotiate(a, b)
    answered = sdpmodel.parse(answer)
    for effects, media_of in ((a.effects, answered), (b.effects, None)):
        updates = [e for e in effects if isinstance(e, UpdateMedia)]
        assert len(updates) == 2
        for update in updates:
            assert update.header_extensions
            uris = [e.uri for e in update.header_extensions]
            assert "urn:ietf:params:rtp-hdrext:sdes:mid" in uris
            if media_of is not None and update.mid is not None:
                section = media_of.media_by_mid(update.mid)
                assert section is not None
                assert set(update.header_extensions) <= set(section.extmaps)
