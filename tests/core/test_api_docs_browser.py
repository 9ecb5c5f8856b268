"""The API docs page renders in Chromium from our own static files, with no CSP error and no request elsewhere."""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.mark.browser
def test_api_docs_render_offline_under_the_csp(transactional_db, live_server, page, screenshot_dir):
    console, elsewhere = [], []
    page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
    page.on("request", lambda r: None if r.url.startswith(live_server.url) else elsewhere.append(r.url))
    page.goto(f"{live_server.url}/api/v1/docs")
    page.wait_for_selector(".opblock", timeout=20000)
    operations = page.locator(".opblock").count()
    page.screenshot(path=str(screenshot_dir / "api-docs.png"), full_page=False)
    assert [m for m in console if "Content Security Policy" in m] == []
    assert elsewhere == []
    assert operations > 0
    assert page.locator(".opblock-summary-path", has_text="/api/v1/auth/token").count() == 1
