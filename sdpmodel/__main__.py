"""``python -m sdpmodel``: the command line of ``sdpmodel.cli``, nothing else."""

from __future__ import annotations

from sdpmodel.cli import main

__all__: list[str] = []

if __name__ == "__main__":
    raise SystemExit(main())
