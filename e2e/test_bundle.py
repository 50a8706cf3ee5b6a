"""The first screen ships no PDF or signature code: pdf-lib and signature_pad load only when an
état des lieux is signed (issue 9). Reads the built field app, as the browser would."""

from __future__ import annotations

import re
from pathlib import Path

LAZY = ("pdf-lib", "signature_pad")


def _first_screen(dist: Path) -> list[str]:
    html = (dist / "index.html").read_text(encoding="utf-8")
    return re.findall(r'(?:src|href)="/assets/([^"]+\.js)"', html)


def test_the_first_screen_loads_no_pdf_or_signature_chunk(pwa_dist: Path) -> None:
    first = _first_screen(pwa_dist)
    assert first and all(not name.startswith(LAZY) for name in first), first
    lazy = sorted(p.name for p in (pwa_dist / "assets").glob("*.js") if p.name.startswith(LAZY))
    assert [n.split("-")[0] for n in lazy] == ["pdf", "signature_pad"], lazy
    for name in first:
        source = (pwa_dist / "assets" / name).read_text(encoding="utf-8")
        static = re.findall(r'(?:^|[;}\s])import[^()]*?from\s*"\./([^"]+)"', source)
        assert not [s for s in static if s.startswith(LAZY)], static
