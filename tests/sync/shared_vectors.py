"""The worked examples of ../shared/vectors/, or the copy in tests/vectors/shared/."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared" / "vectors"
COPY = ROOT / "tests" / "vectors" / "shared"


def vector_path(name: str) -> Path:
    """Where the vectors `name` (e.g. "vetuste.json") are read from."""
    return SHARED / name if (SHARED / name).is_file() else COPY / name


def load_cases(name: str) -> list[dict[str, Any]]:
    """The cases of one vectors file."""
    return json.loads(vector_path(name).read_text(encoding="utf-8"))["cases"]
