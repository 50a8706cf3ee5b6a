"""What a Vite build ships, gzip: the first screen's JS, the lazy chunks, the service worker, CSS.

The first screen is what index.html loads before the app can paint: its module scripts, the
chunks it modulepreloads, and every chunk those import statically. A chunk reached only through
`import()` (pdf-lib, signature_pad…) is lazy: it loads on the screen that needs it.
"""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass
from pathlib import Path

FIRST_SCREEN_GOAL_KB = 150.0
_HTML_JS = re.compile(
    r'<(?:script[^>]*\bsrc|link[^>]*\brel="modulepreload"[^>]*\bhref)="/?([^"]+\.js)"'
)
_HTML_CSS = re.compile(r'<link[^>]*\brel="stylesheet"[^>]*\bhref="/?([^"]+\.css)"')
# `import{a}from"./x.js"`, `import"./x.js"`, `export*from"./x.js"`; never `import("./x.js")`.
_STATIC_IMPORT = re.compile(
    r'\b(?:import|export)\s*(?:[\w$*{}\s,]*?from\s*)?["\']\./([^"\']+\.js)["\']'
)
# Strings that survive minification and tell which library a chunk holds (Vite names a chunk after
# its entry module's file: pdf-lib's comes out as "es-<hash>.js").
LIBRARY_MARKERS = {
    "pdf-lib (https://github.com/Hopding": "pdf-lib",
    "beforeUpdateStroke": "signature_pad",
}


@dataclass
class Shipped:
    """Gzip sizes in bytes by file name (relative to dist)."""

    first_screen: dict[str, int]
    lazy: dict[str, int]
    service_worker: dict[str, int]
    css: dict[str, int]
    libraries: dict[str, list[str]]  # file name → the known libraries it holds

    @staticmethod
    def kb(files: dict[str, int]) -> float:
        """Total of a group, in KB."""
        return sum(files.values()) / 1024


def gzip_size(path: Path) -> int:
    """Bytes of the file gzipped at level 9 (as pwa/scripts/sizes.js counts)."""
    return len(gzip.compress(path.read_bytes(), compresslevel=9))


def _static_closure(dist: Path, roots: list[str]) -> set[str]:
    seen: set[str] = set()
    todo = list(roots)
    while todo:
        name = todo.pop()
        if name in seen or not (dist / name).is_file():
            continue
        seen.add(name)
        folder = str(Path(name).parent)
        text = (dist / name).read_text(errors="replace")
        for target in _STATIC_IMPORT.findall(text):
            todo.append(str(Path(folder) / target) if folder != "." else target)
    return seen


def shipped(dist: Path) -> Shipped:
    """Split a build's JS into first screen, lazy chunks and service worker (gzip sizes)."""
    html = (dist / "index.html").read_text()
    first = _static_closure(dist, _HTML_JS.findall(html))
    # vite-plugin-pwa writes the worker (and with generateSW its workbox runtime) at the root
    workers = {p.name for p in [*dist.glob("sw.js"), *dist.glob("workbox-*.js")]} - first
    assets = {str(p.relative_to(dist)) for p in dist.rglob("*.js")} - workers
    size = {name: gzip_size(dist / name) for name in assets | workers}
    libraries = {name: _libraries(dist / name) for name in assets}
    css = {name: gzip_size(dist / name) for name in _HTML_CSS.findall(html)}
    for p in dist.rglob("*.css"):
        css.setdefault(str(p.relative_to(dist)), gzip_size(p))
    return Shipped(
        first_screen={n: size[n] for n in sorted(first)},
        lazy={n: size[n] for n in sorted(assets - first)},
        service_worker={n: size[n] for n in sorted(workers)},
        css=css,
        libraries={n: found for n, found in libraries.items() if found},
    )


def _libraries(path: Path) -> list[str]:
    text = path.read_text(errors="replace")
    return [name for marker, name in LIBRARY_MARKERS.items() if marker in text]


def _detail(files: dict[str, int], libraries: dict[str, list[str]]) -> str:
    def name(n: str) -> str:
        held = libraries.get(n)
        return f"{Path(n).name} [{', '.join(held)}]" if held else Path(n).name

    return ", ".join(f"{name(n)} {s / 1024:.1f}" for n, s in files.items()) or "none"


def report_lines(dist: Path, prefix: str = "") -> list[str]:
    """Printable lines: first screen (with the goal), lazy chunks, service worker, CSS."""
    s = shipped(dist)
    first = s.kb(s.first_screen)
    verdict = "OK" if first < FIRST_SCREEN_GOAL_KB else "MISSED"
    return [
        f"{prefix}JS of the first screen (index.html's scripts, modulepreloads and their static "
        f"imports): {first:.1f} KB gzip ({_detail(s.first_screen, s.libraries)}) — "
        f"goal < {FIRST_SCREEN_GOAL_KB:.0f} KB {verdict}",
        f"{prefix}JS loaded only when needed (lazy chunks): {s.kb(s.lazy):.1f} KB gzip "
        f"({_detail(s.lazy, s.libraries)})",
        f"{prefix}service worker: {s.kb(s.service_worker):.1f} KB gzip "
        f"({_detail(s.service_worker, {})}); CSS: {s.kb(s.css):.1f} KB gzip",
    ]


if __name__ == "__main__":
    import sys

    target = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).parent.parent / "pwa/dist"
    print("\n".join(report_lines(target)))
