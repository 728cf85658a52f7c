"""Shared test set-up: the Hypothesis profiles.

Profiles (select with HYPOTHESIS_PROFILE): ``dev`` (fast, the default),
``ci`` (derandomized, so CI is reproducible), ``thorough`` (long; on request).
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

settings.register_profile("dev", max_examples=50, deadline=None)
settings.register_profile(
    "ci",
    max_examples=200,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "thorough", max_examples=5000, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

_EXAMPLE = Path(__file__).resolve().parent.parent / "sdpmodel" / "examples" / "chrome-offer.sdp"


@pytest.fixture
def chrome_offer() -> str:
    """The Chrome-style offer the project ships (sdpmodel/examples/chrome-offer.sdp)."""
    return _EXAMPLE.read_text(encoding="utf-8")
