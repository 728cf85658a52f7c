"""The public SDP corpus (../shared/corpus/public), read at test time, never copied."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import attrs
import pytest

REPO = Path(__file__).resolve().parent.parent


def corpus_dir() -> Path | None:
    """The public corpus: $SDPMODEL_CORPUS, else ../shared/corpus beside the checkout."""
    configured = os.environ.get("SDPMODEL_CORPUS")
    for candidate in (Path(configured) if configured else None, REPO.parent / "shared" / "corpus"):
        if candidate is not None and (candidate / "public" / "MANIFEST.tsv").is_file():
            return candidate / "public"
    return None


@attrs.frozen
class CorpusFile:
    """One row of corpus/public/MANIFEST.tsv with the file's bytes."""

    name: str
    valid: bool
    kind: str
    producer: str
    notes: str
    data: bytes

    @property
    def crlf_text(self) -> str:
        """The text with every line ending CRLF and a final CRLF (the round-trip reference)."""
        text = self.data.decode("utf-8").replace("\r\n", "\n").replace("\n", "\r\n")
        return text if text.endswith("\r\n") else text + "\r\n"


def load_corpus() -> list[CorpusFile]:
    root = corpus_dir()
    if root is None:
        return []
    with (root / "MANIFEST.tsv").open(newline="", encoding="utf-8") as manifest:
        rows = list(csv.DictReader(manifest, delimiter="\t"))
    return [
        CorpusFile(
            name=row["file"],
            valid=row["valid"] == "yes",
            kind=row["kind"],
            producer=row["producer"],
            notes=row["notes"],
            data=(root / row["file"]).read_bytes(),
        )
        for row in rows
    ]


CORPUS = load_corpus()
NO_CORPUS = pytest.mark.skipif(
    not CORPUS, reason="the public corpus (../shared/corpus or $SDPMODEL_CORPUS) is not here"
)
