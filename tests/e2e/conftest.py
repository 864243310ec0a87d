"""A live server on SQLite and Debian's Chromium driven by Playwright."""

import os
import shutil
import threading
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from creditdesk import create_app
from creditdesk.extensions import db
from creditdesk.leads.spam import SALT, _BackdatedSigner

CHROMIUM = os.environ.get("CREDITDESK_CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).parent / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)


def build_live_app(tmp: Path, **overrides):
    """Build the app on a fresh SQLite database in `tmp`, with CSRF on as in production."""
    app = create_app(
        {
            "SECRET_KEY": "e2e-secret",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp / 'live.db'}",
            "RATELIMIT_ENABLED": False,
            # Cheap password hashing: the staff accounts here are throw-away.
            "PASSWORD_HASH_TIME_COST": 1, "PASSWORD_HASH_MEMORY_KIB": 8,
            "PASSWORD_HASH_PARALLELISM": 1,
            **overrides,
        },
        instance_path=str(tmp / "instance"),
    )
    with app.app_context():
        db.create_all()
    return app


@contextmanager
def serving(app):
    """Serve `app` on a free loopback port in a background thread; yield its URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    url = f"http://127.0.0.1:{server.server_port}"
    # The public origin is this server, as `make run` sets it: absolute links (canonical,
    # share link, QR) must point where the browser is.
    app.config["SITE_URL"] = url
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield url
    finally:
        server.shutdown()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def live_app(tmp_path_factory):
    """The app on a fresh SQLite database, with CSRF on as in production."""
    return build_live_app(tmp_path_factory.mktemp("live"))


@pytest.fixture(scope="session")
def live_server(live_app):
    """Serve the app on a free loopback port in a background thread."""
    with serving(live_app) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install -y chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture(params=["phone", "desktop"])
def viewport(request):
    return request.param, PHONE if request.param == "phone" else DESKTOP


@pytest.fixture
def page_at(browser):
    """Open new pages at a given viewport; close them after the test."""
    contexts = []

    def factory(size, **options):
        context = browser.new_context(viewport=size, locale="zh-CN", **options)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield factory
    for context in contexts:
        context.close()


@pytest.fixture
def shot():
    """Save a full-page screenshot under tests/e2e/screenshots/ (git-ignored)."""
    SCREENSHOTS.mkdir(exist_ok=True)

    def take(page, name):
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def backdate_form(live_app):
    """Make a form on the page look served `seconds` ago (no real waiting).

    The live app keeps the production minimum fill time (3 s: a person takes longer); the
    form's signed token says when it was served, so the test re-signs its key earlier.
    """

    def backdate(form, seconds: int = 10) -> None:
        field = form.locator("input[name=form_token]")
        key = field.input_value().split(".")[0]
        signer = _BackdatedSigner(live_app.config["SECRET_KEY"], salt=SALT,
                                  timestamp=int(time.time()) - seconds)
        field.evaluate("(input, value) => { input.value = value; }", signer.sign(key).decode())

    return backdate
