"""Benchmarks of sdpmodel against aiortc and sdp-transform: ``python -m bench [--quick]``.

Parse, serialization, linearity, retained memory and a profile, measured in
one run with the implementations interleaved round-robin (``bench.timing``);
the method and one run's table are in ``docs/benchmarks.md``.
"""
