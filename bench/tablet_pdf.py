"""Tablet PDF benchmark: the tenant's copy of a T4 EDL with 40 photos, drawn in headless Chromium.

Run from the repository root:  .venv/bin/python bench/tablet_pdf.py   (prints figures; not a test)

pwa/src/edl/pdf.js is bundled with pwa's Vite (bench/tablet_pdf_entry.js, config
bench/tablet_pdf.vite.config.mjs: pdf-lib in its own lazy chunk, as in the app), served on the
loopback and opened in Debian's Chromium through Playwright. The EDL is the one bench/edl_pdf.py
prints on the server (a T4 from the template: 11 rooms, 117 elements, 4 meters, 4 kinds of keys,
2 parties), with 40 photos whose thumbnails are real 480×360 JPEGs and 2 drawn signatures as
transparent PNGs, handed to renderEdlPdf as Blobs (as IndexedDB gives them back).
Figures: the first rendering of the page (pdf-lib fetched and compiled), then the median of 5;
the same EDL through the server's WeasyPrint PDF (bench/edl_pdf.py) for comparison.
"""

from __future__ import annotations

import argparse
import base64
import functools
import hashlib
import io
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PIL import Image, ImageDraw, ImageFilter  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from bench.edl_pdf import PHOTOS, T4_ROOMS, t4_edl  # noqa: E402
from bench.js_shipped import gzip_size  # noqa: E402
from e2e.support import CHROMIUM, CHROMIUM_ARGS, PWA_DIR  # noqa: E402

GOAL_S, SERVER_GOAL_S, RUNS = 3.0, 1.0, 5
THUMB_SIZE = (480, 360)
VITE_CONFIG = ROOT / "bench" / "tablet_pdf.vite.config.mjs"
PAGE = '<!doctype html><html lang="fr"><meta charset="utf-8"><title>Banc PDF</title>'
PAGE += '<script type="module" src="/entry.js"></script></html>'

# Blobs from base64, as the app hands them over from IndexedDB; ready when renderEdlPdf is.
SETUP_JS = """async (d) => {
  const bytes = (b64) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  const blob = (b64, type) => new Blob([bytes(b64)], {type});
  const photos = d.photos.map(({b64, ...p}) => ({...p, thumbnail: blob(b64, 'image/jpeg')}));
  const signatures = d.signatures.map(({b64, ...s}) => ({...s, png: blob(b64, 'image/png')}));
  window.__data = {...d, photos, signatures};
  return typeof window.renderEdlPdf;
}"""
RENDER_JS = """async () => {
  const start = performance.now();
  const out = await window.renderEdlPdf(window.__data);
  const ms = performance.now() - start;
  window.__pdf = out.bytes;
  const missing = out.pages.flat().filter((s) => / non reçue$/.test(s)).length;
  return {ms, size: out.bytes.length, pages: out.pages.length, missing};
}"""
PDF_B64_JS = """async () => new Promise((resolve, reject) => {
  const reader = new FileReader();
  reader.onload = () => resolve(reader.result.slice(reader.result.indexOf(',') + 1));
  reader.onerror = () => reject(reader.error);
  reader.readAsDataURL(new Blob([window.__pdf]));
})"""


def photo_jpeg(rng: random.Random, size: tuple[int, int] = THUMB_SIZE) -> bytes:
    """A real JPEG drawn at full size: a gradient, shapes, lines and grain, different each time."""
    w, h = size
    top = [rng.randrange(40, 220) for _ in range(3)]
    bottom = [rng.randrange(40, 220) for _ in range(3)]
    gradient = Image.linear_gradient("L").resize(size)
    image = Image.composite(
        Image.new("RGB", size, tuple(bottom)), Image.new("RGB", size, tuple(top)), gradient
    )
    draw = ImageDraw.Draw(image)
    for _ in range(rng.randrange(15, 40)):
        x, y = rng.randrange(w), rng.randrange(h)
        box = (x, y, x + rng.randrange(8, w // 2), y + rng.randrange(8, h // 2))
        colour = tuple(rng.randrange(256) for _ in range(3))
        (draw.rectangle if rng.random() < 0.6 else draw.ellipse)(box, fill=colour)
    for _ in range(rng.randrange(5, 20)):
        points = [(rng.randrange(w), rng.randrange(h)) for _ in range(2)]
        draw.line(
            points, fill=tuple(rng.randrange(256) for _ in range(3)), width=rng.randrange(1, 6)
        )
    image = image.filter(ImageFilter.GaussianBlur(rng.choice([0.6, 1.0, 1.5])))
    image = Image.blend(image, Image.effect_noise(size, rng.randrange(20, 60)).convert("RGB"), 0.15)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


def signature_png(rng: random.Random, size: tuple[int, int] = (600, 200)) -> bytes:
    """A handwritten-like stroke on a transparent background, as signature_pad exports it."""
    image = Image.new("RGBA", size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    x, y = 30.0, size[1] / 2
    points = [(x, y)]
    while x < size[0] - 40:
        x += rng.uniform(4, 14)
        y = min(size[1] - 20, max(20, y + rng.uniform(-22, 22)))
        points.append((x, y))
    draw.line(points, fill=(20, 30, 90, 255), width=4, joint="curve")
    out = io.BytesIO()
    image.save(out, "PNG", optimize=True)
    return out.getvalue()


def t4_with_images(
    size: tuple[int, int] = THUMB_SIZE, seed: int = 480
) -> tuple[dict, dict[str, bytes]]:
    """bench/edl_pdf.py's T4 EDL with real photos of `size` and signature images; bytes by sha."""
    rng = random.Random(seed)
    thumbs = [photo_jpeg(rng, size) for _ in range(PHOTOS)]
    pngs = [signature_png(rng) for _ in range(2)]
    edl, elements, signatures, photos, context = t4_edl(thumbs)
    for signature, png in zip(signatures, pngs, strict=True):
        signature["image_sha256"] = hashlib.sha256(png).hexdigest()
    blobs = {hashlib.sha256(b).hexdigest(): b for b in thumbs + pngs}
    data = {
        "edl": edl,
        "elements": elements,
        "photos": photos,
        "signatures": signatures,
        "context": context,
        "content_hash": hashlib.sha256(b"bench").hexdigest(),
    }
    return data, blobs


def page_payload(data: dict, blobs: dict[str, bytes]) -> dict:
    """The data for the page: image bytes as base64 (turned into Blobs there)."""

    def b64(sha: str) -> str:
        return base64.b64encode(blobs[sha]).decode()

    return {
        **data,
        "photos": [{**p, "b64": b64(p["sha256"])} for p in data["photos"]],
        "signatures": [{**s, "b64": b64(s["image_sha256"])} for s in data["signatures"]],
    }


def build_bundle(out: Path) -> None:
    """Bundle renderEdlPdf with pwa's Vite into `out` (with an index.html loading it)."""
    if not (PWA_DIR / "node_modules").is_dir():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=PWA_DIR, check=True)
    subprocess.run(
        ["npx", "vite", "build", "--config", str(VITE_CONFIG)],
        cwd=PWA_DIR,
        env={**os.environ, "PALIER_BENCH_OUT": str(out)},
        check=True,
    )
    (out / "index.html").write_text(PAGE)


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base's name
        pass


def serve(directory: Path) -> ThreadingHTTPServer:
    """A static HTTP server on the loopback, in a thread (shut down by the caller)."""
    handler = functools.partial(QuietHandler, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def image_count(pdf: bytes) -> int:
    """Distinct image XObjects drawn on the PDF's pages."""
    seen = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        xobjects = page["/Resources"].get("/XObject") or {}
        for ref in xobjects.get_object().values():
            if ref.get_object().get("/Subtype") == "/Image":
                seen.add(ref.idnum)
    return len(seen)


def browser_runs(url: str, payload: dict, runs: int, slowdown: float) -> tuple[list[dict], bytes]:
    """The first rendering, then `runs` more, in one page of headless Chromium; the last PDF."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_page(viewport={"width": 1024, "height": 768}, locale="fr-FR")
            if slowdown != 1:
                cdp = page.context.new_cdp_session(page)
                cdp.send("Emulation.setCPUThrottlingRate", {"rate": slowdown})
            page.goto(url + "/")
            page.wait_for_function("() => typeof window.renderEdlPdf === 'function'")
            assert page.evaluate(SETUP_JS, payload) == "function"
            results = [page.evaluate(RENDER_JS) for _ in range(runs + 1)]
            pdf = base64.b64decode(page.evaluate(PDF_B64_JS))
        finally:
            browser.close()
    return results, pdf


def server_pdf(
    data: dict, blobs: dict[str, bytes], runs: int
) -> tuple[float, list[tuple[float, float]], int]:
    """The same EDL through the server's WeasyPrint PDF (its own 320-px thumbnails): the first
    rendering's seconds, (wall, CPU) seconds of `runs` more, the PDF's pages."""
    from server.blobs import process_image
    from server.documents.edl_pdf import render_edl_pdf

    stored = {
        sha: process_image(b).thumb if b[:2] == b"\xff\xd8" else b for sha, b in blobs.items()
    }

    def render() -> tuple[float, float, bytes]:
        started, cpu = time.perf_counter(), time.process_time()
        pdf = render_edl_pdf(
            data["edl"],
            data["elements"],
            data["signatures"],
            data["photos"],
            data["context"],
            data["content_hash"],
            stored.get,
        )
        return time.perf_counter() - started, time.process_time() - cpu, pdf

    cold, _, pdf = render()
    timed = [render()[:2] for _ in range(runs)]
    return cold, timed, len(PdfReader(io.BytesIO(pdf)).pages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=RUNS, help="timed renderings after the first")
    parser.add_argument(
        "--cpu-slowdown", type=float, default=1.0, help="Chromium CPU throttling (4: a slow tablet)"
    )
    parser.add_argument(
        "--photo-size",
        default=f"{THUMB_SIZE[0]}x{THUMB_SIZE[1]}",
        help="photos handed to the PDF, WxH (2048x1536: the device's own full-size photos)",
    )
    parser.add_argument("--no-server", action="store_true", help="skip the server's PDF")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="palier-bench-tablet-pdf-"))
    try:
        for name in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "PLAYWRIGHT_BROWSERS_PATH"):
            (tmp / name.lower()).mkdir()
            os.environ[name] = str(tmp / name.lower())
        bundle = tmp / "bundle"
        build_bundle(bundle)
        chunks = sorted(bundle.glob("*.js"))
        print(
            "bundle (gzip): "
            + ", ".join(f"{p.name} {gzip_size(p) / 1024:.1f} KB" for p in chunks)
            + " — pdf-lib loads at the first rendering"
        )
        size = tuple(int(n) for n in args.photo_size.lower().split("x"))
        data, blobs = t4_with_images(size)
        thumbs = [blobs[p["sha256"]] for p in data["photos"]]
        print(
            f"T4 EDL: {len(data['elements'])} elements in {len(T4_ROOMS)} rooms, "
            f"{len(data['edl']['compteurs'])} meters, {len(data['edl']['cles'])} kinds of keys, "
            f"{len(data['edl']['parties'])} parties, {len(data['signatures'])} signatures (PNG); "
            f"{len(thumbs)} photos as {size[0]}×{size[1]} JPEGs, "
            f"{statistics.mean(map(len, thumbs)) / 1024:.0f} KB on average"
        )
        server = serve(bundle)
        try:
            url = f"http://127.0.0.1:{server.server_address[1]}"
            results, pdf = browser_runs(
                url, page_payload(data, blobs), args.runs, args.cpu_slowdown
            )
        finally:
            server.shutdown()
            server.server_close()
        assert all(r["missing"] == 0 for r in results), "a photo or signature was not drawn"
        reader_pages = len(PdfReader(io.BytesIO(pdf)).pages)
        assert reader_pages == results[-1]["pages"], (reader_pages, results[-1]["pages"])
        images = image_count(pdf)
        cold = results[0]["ms"] / 1000
        walls = [r["ms"] / 1000 for r in results[1:]]
        median = statistics.median(walls)
        throttled = f", CPU slowed down ×{args.cpu_slowdown:g}" if args.cpu_slowdown != 1 else ""
        print(
            f"PDF: {len(pdf) / 1024:.0f} KB, {reader_pages} pages, {images} images "
            f"(photos and signatures, each once)"
        )
        print(
            f"tablet PDF of a T4 EDL with {PHOTOS} photos in headless Chromium{throttled}: "
            f"median {median:.2f} s of {len(walls)} (min {min(walls):.2f}, max {max(walls):.2f}); "
            f"first rendering {cold:.2f} s (pdf-lib fetched and compiled); goal < {GOAL_S:.0f} s: "
            f"median {'OK' if median < GOAL_S else 'MISSED'}, "
            f"first {'OK' if cold < GOAL_S else 'MISSED'}"
        )
        if not args.no_server:
            s_cold, s_timed, s_pages = server_pdf(data, blobs, args.runs)
            s_walls = [wall for wall, _ in s_timed]
            s_median = statistics.median(s_walls)
            s_cpu = statistics.median(cpu for _, cpu in s_timed)
            print(
                f"server PDF of the same EDL (WeasyPrint, 320-px thumbnails): median "
                f"{s_median:.2f} s of {len(s_walls)} (min {min(s_walls):.2f}, max "
                f"{max(s_walls):.2f}; CPU median {s_cpu:.2f} s); first {s_cold:.2f} s; "
                f"{s_pages} pages; goal < "
                f"{SERVER_GOAL_S:.0f} s: {'OK' if s_median < SERVER_GOAL_S else 'MISSED'}"
            )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
