"""Real-browser tests: the app in web mode on a free port, driven in Debian's Chromium.

The recipe is in shared/FLET1.md. Without Chromium these tests skip, unless
REPAIR_E2E_REQUIRED=1 (as CI sets), where a missing browser fails the run.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from .local_time import quiet_local_time

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "test-output" / "screenshots"
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic",
]


def chromium_path() -> str | None:
    for candidate in (os.environ.get("REPAIR_CHROMIUM"), "/usr/bin/chromium",
                      shutil.which("chromium"), shutil.which("chromium-browser")):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def pytest_collection_modifyitems(config, items):
    e2e_items = [item for item in items if "tests/e2e" in str(item.fspath)]
    for item in e2e_items:
        item.add_marker(pytest.mark.e2e)
    if chromium_path() and _playwright_available():
        return
    if os.environ.get("REPAIR_E2E_REQUIRED") == "1":
        return  # the browser fixture fails these tests loudly
    skip = pytest.mark.skip(reason="Chromium or playwright not found: install Debian's "
                                   "'chromium' and 'playwright' to run browser tests")
    for item in e2e_items:
        item.add_marker(skip)


def _playwright_available() -> bool:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return True


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# The launch key each running test server printed, by origin: open_app() opens a fresh
# browser context through the owner's link, as a person would, so the key becomes a cookie.
LAUNCH_KEYS: dict[str, str] = {}
LINK = re.compile(r"Repair is running at (http://\S+)")


def origin_of(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def with_key(url: str) -> str:
    """The URL as the owner's link: the launch key added, if this server printed one."""
    key = LAUNCH_KEYS.get(origin_of(url))
    if key is None:
        return url
    parts = urllib.parse.urlsplit(url)
    query = urllib.parse.urlencode([*urllib.parse.parse_qsl(parts.query), ("key", key)])
    return urllib.parse.urlunsplit(parts._replace(query=query))


@dataclass
class AppServer:
    url: str  # the base address, without the key (what a stranger could guess)
    key: str
    data_dir: Path
    process: subprocess.Popen
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


DESKTOP_DISPLAY = ":0"


def start_app(data_dir: Path, log_path: Path, extra_env: dict[str, str] | None = None, *,
              display: str | None = DESKTOP_DISPLAY, web: bool = True,
              program: tuple[str, ...] = ("-m", "repair_app")) -> AppServer:
    """Start `repair-app` as a person would and wait for the link it prints to answer.

    ``display``: the DISPLAY it sees. By default a desktop's (":0"), so the journeys run
    the way a desktop user starts Repair; None removes it (a headless server). ``web``:
    pass ``--web``; without it Repair tries its desktop window first and falls back.
    ``program``: what Python runs (a script that wraps Repair's command line, say).
    The app inherits the e2e package's local time zone (``TZ``, see local_time.py), so
    its "today" is the one the journeys seed and type.
    """
    port = free_port()
    # REPAIR_LOG=debug: every navigation goes to the log, which a failure's report shows.
    env = {**os.environ, "PYTHONUNBUFFERED": "1", "REPAIR_LOG": "debug", **(extra_env or {})}
    env.pop("DISPLAY", None)
    if display is not None:
        env["DISPLAY"] = display
    log_file = log_path.open("w")
    command = [sys.executable, *program, "--no-browser", "--port", str(port),
               "--data-dir", str(data_dir)]
    process = subprocess.Popen([*command, "--web"] if web else command,
                               cwd=ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 90
    link = None
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"app exited early:\n{log_path.read_text()}")
        found = LINK.search(log_path.read_text(errors="replace"))
        if found:
            link = found.group(1)
            try:  # the link sets its cookie and redirects: keep the cookie, as a browser does
                opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
                with opener.open(link, timeout=2):
                    break
            except OSError:
                pass
        time.sleep(0.2)
    else:
        process.kill()
        raise RuntimeError(f"app did not serve its link in 90 s:\n{log_path.read_text()}")
    assert link is not None
    key = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(link).query))["key"]
    url = f"http://127.0.0.1:{port}/"
    LAUNCH_KEYS[origin_of(url)] = key
    server = AppServer(url=url, key=key, data_dir=data_dir, process=process, log_path=log_path)
    STARTED_SERVERS.append(server)
    return server


@pytest.fixture(scope="package", autouse=True)
def _quiet_local_time() -> Iterator[str]:
    """Every journey, the app it starts and the data it seeds share one local time:
    mid-morning in a zone without daylight saving, hours from midnight and from any
    default reminder (local_time.py says why). Restored when the e2e package ends."""
    with quiet_local_time() as zone:
        yield zone


@pytest.fixture
def app_server(tmp_path: Path) -> Iterator[AppServer]:
    server = start_app(tmp_path / "data", tmp_path / "app.log")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if path is None:
        pytest.fail("REPAIR_E2E_REQUIRED=1 but no Chromium was found (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class BlockedRequests:
    urls: list[str] = field(default_factory=list)


def open_app(browser, url: str, *, viewport=PHONE, dark: bool = False, blocked=None):
    """A new browser page on the app, loaded, with Flutter's accessibility tree enabled."""
    context = browser.new_context(viewport=viewport,
                                  color_scheme="dark" if dark else "light")
    page = context.new_page()

    def route(request_route):
        request_url = request_route.request.url
        if request_url.startswith(("http://127.0.0.1", "blob:", "data:")):
            request_route.continue_()
        else:
            if blocked is not None:
                blocked.urls.append(request_url)
            request_route.abort()

    page.route("**/*", route)
    OPEN_PAGES.append(page)
    page.goto(with_key(url))
    wait_loaded(page)
    return page


# Pages the running test opened: on a failure, what each one showed and what its
# accessibility tree held go to test-output/failures/ (and a summary into the report).
OPEN_PAGES: list = []
# App servers the running test started: a failure's report ends with each one's log (the
# navigations it drew, at REPAIR_LOG=debug), so a journey that fails once can be read.
STARTED_SERVERS: list = []
SERVER_LOG_LINES = 40
FAILURES = ROOT / "test-output" / "failures"
SEMANTICS_SUMMARY = """() => Array.from(document.querySelectorAll('flt-semantics'))
    .map(node => [node.getAttribute('role') || '', node.getAttribute('aria-label') || '',
                  node.childElementCount ? '' : (node.textContent || '').trim()])
    .filter(([role, label, text]) => label || text)
    .map(([role, label, text]) => `${role}: ${label || text}`.slice(0, 120))"""


@pytest.fixture(autouse=True)
def _close_pages():
    """Close every page a test opened once it ends (after a failure's diagnostics): a
    page left open keeps Flutter drawing (the pause's breathing circle takes a whole
    core) and slows every later test on the same machine."""
    OPEN_PAGES.clear()
    STARTED_SERVERS.clear()
    yield
    for page in OPEN_PAGES:
        with contextlib.suppress(Exception):
            page.context.close()
    OPEN_PAGES.clear()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.when != "call" or not report.failed or not (OPEN_PAGES or STARTED_SERVERS):
        return
    folder = FAILURES / re.sub(r"[^\w.-]+", "_", item.nodeid.split("::", 1)[-1])
    folder.mkdir(parents=True, exist_ok=True)
    lines = []
    for number, page in enumerate(OPEN_PAGES):
        try:
            if page.is_closed():
                continue
            page.screenshot(path=str(folder / f"page{number}.png"))
            nodes = page.evaluate(SEMANTICS_SUMMARY)
            (folder / f"page{number}-semantics.txt").write_text("\n".join(nodes))
            lines.append(f"page {number} at {page.url}: {len(nodes)} labelled nodes")
            lines.extend(f"  {node}" for node in nodes[:60])
        except Exception as error:  # a crashed page must not hide the test's own failure
            lines.append(f"page {number}: no diagnostics ({error})")
    lines.append(f"screenshots: {folder}")
    report.sections.append(("browser at the failure", "\n".join(lines)))
    for number, server in enumerate(STARTED_SERVERS):
        try:
            tail = server.log().splitlines()[-SERVER_LOG_LINES:]
        except OSError as error:
            tail = [f"(unreadable: {error})"]
        report.sections.append((f"app server {number} log, last lines ({server.log_path})",
                                "\n".join(tail)))


def wait_loaded(page, timeout: float = 60_000) -> None:
    page.wait_for_function("() => !document.getElementById('loading')", timeout=timeout)
    enable_semantics(page)


def enable_semantics(page) -> None:
    placeholder = page.locator("flt-semantics-placeholder")
    placeholder.wait_for(state="attached", timeout=30_000)
    placeholder.evaluate("e => e.click()")
    page.wait_for_timeout(300)


def reload(page) -> None:
    page.reload()
    wait_loaded(page)


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_timeout(1200)  # the canvas paints late; an early shot is blank
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


def go_to_destination(page, label: str) -> None:
    """Tap a navigation destination (a tab in the phone's bar, a button in the desktop
    rail) and wait until the app has moved there: its route is in the address bar.

    Waiting on the route, rather than on text Flutter may not have painted yet, is what
    keeps this steady on a loaded machine."""
    from repair_app.ui.navigation import DESTINATIONS

    route = next(d.route for d in DESTINATIONS if d.label == label)
    destination = page.get_by_role("tab", name=label).or_(
        page.get_by_role("button", name=re.compile(f"^{re.escape(label)}\\b"))).first
    destination.wait_for(timeout=30_000)
    tap(page, destination)
    page.wait_for_url(re.compile(f"{re.escape(route)}(?:[/?#]|$)"), timeout=30_000)


def field_value(page, label: str) -> str:
    """A text field's current value. Flutter fills the DOM input only once it has focus."""
    field = page.get_by_role("textbox", name=label)
    focus_for_typing(page, field)
    return field.input_value()


def type_into(page, label: str, text: str) -> None:
    """Replace a text field's content the way a person types."""
    field = page.get_by_role("textbox", name=label)
    scroll_into_view(field)
    page.wait_for_timeout(400)  # see tap(): let Flutter scroll before clicking
    focus_for_typing(page, field)
    field.press("Control+a")
    field.press("Delete")
    field.press_sequentially(text)
    settle_input(page, field, text)


# Put in a field's DOM input before tapping it; Flutter replaces it with the field's own
# text once it has connected the field to its text editing, and not before.
NOT_CONNECTED = "\u2063not connected yet\u2063"


def focus_for_typing(page, field, *, attempts: int = 3) -> None:
    """Tap a text field and wait until Flutter listens to its keystrokes.

    The field's DOM input takes focus at the tap, but Flutter's framework connects it to
    text editing a few frames later. Keys pressed in between land in the input and never
    reach the app (on a loaded machine a whole word was lost, or a win was saved cut
    short), and the connection then overwrites them. A person's first key comes long
    after that; a test's comes at once, so it waits for the connection: the moment
    Flutter writes the field's own text into the input."""
    from playwright.sync_api import Error as PlaywrightError

    for _ in range(attempts):
        field.wait_for(timeout=30_000)
        handle = field.element_handle()
        handle.evaluate("(input, mark) => { if (document.activeElement !== input) "
                        "input.value = mark; }", NOT_CONNECTED)
        field.click()
        try:
            page.wait_for_function(
                "([input, mark]) => input.isConnected && document.activeElement === input"
                " && input.value !== mark", arg=[handle, NOT_CONNECTED], timeout=10_000)
            return
        except PlaywrightError:
            continue  # the tap didn't take, or Flutter replaced the input: tap again
    raise AssertionError(f"Flutter never connected the text field {field} for typing")


def settle_input(page, field, text: str, *, reshaped: bool = False) -> None:
    """Wait until Flutter has taken in every keystroke: the editing element holds the text
    and two frames have passed (Flutter reads DOM input in its next frame and only then
    tells the app). A person pauses between typing and tapping Save; a test that taps at
    once on a loaded machine can beat the last keystrokes to the app.

    ``reshaped``: the field may change what is typed (a length limit); then only the
    frames are waited for."""
    from playwright.sync_api import Error as PlaywrightError

    try:
        page.wait_for_function("([input, text]) => (input.value || '').includes(text)",
                               arg=[field.element_handle(), text], timeout=10_000)
    except PlaywrightError:
        if not reshaped:
            raise AssertionError(f"the field never showed what was typed: {text[:80]!r}; "
                                 f"it holds {field.input_value()[:80]!r}") from None
    page.evaluate("() => new Promise(done => requestAnimationFrame("
                  "() => requestAnimationFrame(() => setTimeout(done, 50))))")


def scroll_into_view(locator, *, attempts: int = 5) -> None:
    """Scroll ``locator`` into view, finding it again if Flutter replaced it meanwhile.

    Flutter rebuilds its accessibility nodes after a route change: the node a locator
    found can leave the DOM while Playwright waits for it to be stable, and Playwright
    then fails at once ("Element is not attached to the DOM") instead of looking again.
    A person just sees the tab where it was; so the test looks again."""
    from playwright.sync_api import Error as PlaywrightError

    for attempt in range(attempts):
        try:
            locator.scroll_into_view_if_needed(timeout=30_000)
            return
        except PlaywrightError as error:
            if not is_detached(error) or attempt == attempts - 1:
                raise
            locator.wait_for(timeout=30_000)


def is_detached(error: Exception) -> bool:
    """Whether Playwright failed because the element it held left the DOM."""
    message = str(error)
    return "not attached to the DOM" in message or "Element is detached" in message \
        or "JSHandle is disposed" in message


# Click a node only if it is still in the page: a click on a node Flutter has replaced
# reaches nothing, and the tap would be lost without a word.
CLICK_IF_ATTACHED = """node => {
    if (!node.isConnected) return false;
    node.dispatchEvent(new MouseEvent('click', {bubbles: true, cancelable: true,
                                                composed: true}));
    return true;
}"""


def tap(page, locator, *, attempts: int = 5) -> None:
    """Tap a control the way a screen reader does: a click event on its semantics node,
    which Flutter turns into the control's tap action. A mouse click at coordinates can
    land on another control when Flutter scrolls the canvas after the DOM.

    If Flutter replaces the node between finding it and tapping it (it rebuilds its
    accessibility nodes after a route change), the tap is tried again on the new node;
    a tap that was delivered is never repeated."""
    from playwright.sync_api import Error as PlaywrightError

    for attempt in range(attempts):
        last = attempt == attempts - 1
        try:
            scroll_into_view(locator)
            wait_until_still(page, locator)
            node = locator.element_handle(timeout=30_000)
            # A labelled wrapper (ui/widgets/common.icon_action) holds the tappable node
            # inside it.
            target = node if node.get_attribute("flt-tappable") is not None \
                else node.query_selector("[flt-tappable]")
            if target is None:
                locator.click()
                return
            if target.evaluate(CLICK_IF_ATTACHED):
                return
            if last:
                raise AssertionError(f"{locator} kept leaving the page before its tap")
        except PlaywrightError as error:
            if not is_detached(error) or last:
                raise
        page.wait_for_timeout(200)


def wait_until_still(page, locator, *, still_ms: int = 300, timeout: float = 15_000) -> None:
    """Wait until ``locator`` has stayed in one place for ``still_ms``. While Flutter
    scrolls (an animated scroll the app started, or one after scroll_into_view), the
    scrolled content ignores taps, so a tap then is silently lost; a person taps what
    has stopped moving."""
    page.wait_for_function(
        """([node, stillMs]) => new Promise(done => {
            const where = () => JSON.stringify(node.getBoundingClientRect());
            let last = where(), since = performance.now();
            const check = () => {
                const now = where();
                if (now !== last) { last = now; since = performance.now(); }
                if (performance.now() - since >= stillMs) done(true);
                else setTimeout(check, 50);
            };
            setTimeout(check, 50);
        })""", arg=[locator.element_handle(), still_ms], timeout=timeout)


def scroll_to_text(page, text: str, *, steps: int = 12, timeout: float = 30_000) -> None:
    """Scroll the screen until ``text`` is drawn. Flutter puts only what is on (or near)
    the screen in its accessibility tree, so a line just below the fold can't be waited
    for; on a loaded machine the first scroll may not have brought it in yet."""
    target = page.get_by_text(text).first
    for _ in range(steps):
        if target.count() and target.is_visible():
            break
        page.mouse.move(page.viewport_size["width"] / 2, page.viewport_size["height"] / 2)
        page.mouse.wheel(0, 250)
        page.wait_for_timeout(300)
    target.wait_for(timeout=timeout)
