"""End-to-end tests: Playwright (Python) driving the system's Chromium against a real server."""
