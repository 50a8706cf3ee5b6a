"""Fixtures of the end-to-end tests: pwa/dist, a demo data dir, server processes, Chromium.

Playwright's sync API with our own fixtures (no pytest-playwright), Debian's Chromium through
`executable_path`; nothing is downloaded.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

# Before Playwright (or Chromium) starts: keep their config and caches in a temporary folder.
_TMP = Path(tempfile.mkdtemp(prefix="palier-e2e-"))
for _name, _sub in (
    ("XDG_CONFIG_HOME", "xdg-config"),
    ("XDG_CACHE_HOME", "xdg-cache"),
    ("PLAYWRIGHT_BROWSERS_PATH", "pw-browsers"),
):
    (_TMP / _sub).mkdir(parents=True, exist_ok=True)
    os.environ[_name] = str(_TMP / _sub)

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from playwright.sync_api import Browser, BrowserContext, Page, expect, sync_playwright  # noqa: E402

from e2e.support import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    PWA_DIR,
    ServerProcess,
    fresh_server,
    prepare_demo_data,
)

expect.set_options(timeout=15_000)
TABLET = {"width": 1024, "height": 768}
CONTEXT_OPTIONS = {
    "viewport": TABLET,
    "locale": "fr-FR",
    "timezone_id": "Europe/Paris",
    "service_workers": "allow",
    # The field app honours it (no smooth scrolling): clicks need not wait for animations.
    "reduced_motion": "reduce",
}


PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    """A phone-sized (390 × 844), touch, mobile browser context: a gardien's phone."""
    context = browser.new_context(
        **{**CONTEXT_OPTIONS, "viewport": PHONE}, is_mobile=True, has_touch=True
    )
    context.set_default_timeout(20_000)
    yield context.new_page()
    context.close()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    shutil.rmtree(_TMP, ignore_errors=True)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> Iterator[None]:
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


def _build_pwa() -> None:
    if not (PWA_DIR / "node_modules").is_dir():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=PWA_DIR, check=True)
    subprocess.run(["npm", "run", "build"], cwd=PWA_DIR, check=True)


@pytest.fixture(scope="session")
def pwa_dist() -> Path:
    """A snapshot of pwa/dist (built if missing), so a rebuild during the run changes nothing."""
    dist = PWA_DIR / "dist"
    if not (dist / "index.html").is_file() or not (dist / "sw.js").is_file():
        _build_pwa()
    snapshot = _TMP / "pwa-dist"
    shutil.copytree(dist, snapshot)
    assert (snapshot / "index.html").is_file() and (snapshot / "sw.js").is_file()
    return snapshot


@pytest.fixture(scope="session")
def demo_template() -> Path:
    """A data dir after `python -m server init` and `python -m server demo` (copied per server)."""
    template = _TMP / "demo-template"
    prepare_demo_data(template)
    return template


@pytest.fixture
def server(
    request: pytest.FixtureRequest, tmp_path: Path, demo_template: Path, pwa_dist: Path
) -> Iterator[ServerProcess]:
    """A real server process on a free port with its own data dir and SQLite database."""
    proc = fresh_server(demo_template, tmp_path, pwa_dist)
    yield proc
    proc.stop()
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        print(f"\n--- server log ({proc.log_path}) ---\n{proc.log_tail()}")


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def playwright_chromium(browser: Browser):
    """The BrowserType (for persistent contexts), from the running Playwright."""
    return browser.browser_type


def _console_to_log(page: Page, label: str, lines: list[str]) -> None:
    page.on("console", lambda m: lines.append(f"[{label}] {m.type}: {m.text}"))
    page.on("pageerror", lambda e: lines.append(f"[{label}] pageerror: {e}"))


@pytest.fixture
def devices(request: pytest.FixtureRequest, browser: Browser) -> Iterator[Callable[[str], Page]]:
    """Factory of "devices": an isolated browser context each (its own IndexedDB and SW)."""
    contexts: list[BrowserContext] = []
    log: list[str] = []

    def make(label: str = "tablette") -> Page:
        context = browser.new_context(**CONTEXT_OPTIONS)
        context.set_default_timeout(20_000)
        contexts.append(context)
        page = context.new_page()
        _console_to_log(page, label, log)
        return page

    yield make
    for context in contexts:
        context.close()
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed and log:
        print("\n--- browser console ---\n" + "\n".join(log[-80:]))


class PersistentDevice:
    """A Chromium profile on disk: close the browser and launch it again on the same folder."""

    def __init__(self, chromium, user_data_dir: Path, log: list[str]) -> None:
        self.chromium = chromium
        self.user_data_dir = user_data_dir
        self.context: BrowserContext | None = None
        self.log = log

    def launch(self, offline: bool = False) -> Page:
        assert self.context is None
        self.context = self.chromium.launch_persistent_context(
            str(self.user_data_dir),
            executable_path=CHROMIUM,
            args=CHROMIUM_ARGS,
            headless=True,
            **CONTEXT_OPTIONS,
        )
        self.context.set_default_timeout(20_000)
        if offline:
            self.context.set_offline(True)
        page = self.context.pages[0] if self.context.pages else self.context.new_page()
        _console_to_log(page, "persistante", self.log)
        return page

    def close(self) -> None:
        if self.context is not None:
            self.context.close()
            self.context = None


@pytest.fixture
def persistent_device(
    request: pytest.FixtureRequest, tmp_path: Path, playwright_chromium
) -> Iterator[PersistentDevice]:
    log: list[str] = []
    device = PersistentDevice(playwright_chromium, tmp_path / "chromium-profile", log)
    yield device
    device.close()
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed and log:
        print("\n--- browser console ---\n" + "\n".join(log[-80:]))
