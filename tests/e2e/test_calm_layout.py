"""Calm in the worst moment, checked in a real browser on a five-week-old program:

* nothing is hidden under the Pause button at 320x640, 390x844 and 1280x800: after
  scrolling each screen to its end, no control or text overlaps the button's box;
* an accessibility walk of every route at phone size, with Flutter's semantics tree on:
  every button, switch, checkbox, tab and text field has a name, no control sits inside
  another (two stops for one thing, one of them often silent), every tap target is at
  least 48x48 px;
* a screenshot of every screen at phone size, light and dark, in test-output/screenshots.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .conftest import PHONE, open_app, reload, screenshot, start_app, tap, type_into
from .test_progress_journey import seed
from .test_send_check_journey import BLAMING

SMALL_PHONE = {"width": 320, "height": 640}
DESKTOP = {"width": 1280, "height": 800}
MIN_TAP = 48

#: Every route a person can reach (phase pages, stacked screens and the drafts list).
ROUTES = ("today", "today/history", "phases", "phases/1", "phases/2", "phases/3",
          "phases/4", "progress", "settings", "send-check", "send-check/drafts", "checkin",
          "checkin/history", "pause", "pause/history")

#: Roles a person operates: each needs a name, and none may hold another.
INTERACTIVE = ("button", "checkbox", "switch", "tab", "textbox", "radio", "slider", "link",
               "combobox", "menuitem")

#: One snapshot of the semantics tree: every operable node with its name, box and
#: whether an operable node sits inside it.
SNAPSHOT_JS = """(interactive) => {
  const roleOf = e => {
    const role = e.getAttribute('role');
    if (role) return role;
    if (e.tagName === 'INPUT' || e.tagName === 'TEXTAREA') return 'textbox';
    return null;
  };
  const nameOf = e => {
    const own = (e.getAttribute('aria-label') || '').trim();
    if (own) return own;
    if (e.tagName === 'INPUT' || e.tagName === 'TEXTAREA') return '';
    if (e.querySelector('flt-semantics')) return '';
    return (e.textContent || '').trim();
  };
  const clippedBy = e => {
    // inside a scrolling area, a node cut by its edge reports only its visible part
    for (let a = e.parentElement; a; a = a.parentElement) {
      if (a.tagName === 'FLT-SEMANTICS' && a.getAttribute('role') === 'group') {
        const g = a.getBoundingClientRect(), r = e.getBoundingClientRect();
        if (g.height < 200) continue;
        return r.top < g.top + 0.5 || r.bottom > g.bottom - 0.5;
      }
    }
    return false;
  };
  const nodes = [...document.querySelectorAll('flt-semantics, input, textarea')];
  const out = [];
  for (const e of nodes) {
    const role = roleOf(e);
    if (!interactive.includes(role)) continue;
    if (e.getAttribute('aria-hidden') === 'true') continue;
    const r = e.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    const inner = [...e.querySelectorAll('flt-semantics, input, textarea')]
      .filter(c => interactive.includes(roleOf(c)))
      .map(c => roleOf(c) + ':' + (nameOf(c) || '(no name)'));
    // a text field's own input sits inside its semantics node: one stop, not two
    const field = role === 'textbox' || e.querySelector('input, textarea') !== null;
    out.push({role, name: nameOf(e), x: r.x, y: r.y, w: r.width, h: r.height,
              clipped: clippedBy(e),
              inner: field ? [] : inner, disabled: e.getAttribute('aria-disabled') === 'true'});
  }
  return out;
}"""

#: Leaves of the semantics tree (texts, images, controls) with their boxes.
LEAVES_JS = """() => [...document.querySelectorAll('flt-semantics')]
  .filter(e => e.querySelector('flt-semantics') === null)
  .map(e => { const r = e.getBoundingClientRect();
    let text = (e.getAttribute('aria-label') || '');
    for (const n of e.childNodes) if (n.nodeType === 3) text += n.textContent;
    return {role: e.getAttribute('role'), name: text.trim().slice(0, 60),
            x: r.x, y: r.y, w: r.width, h: r.height}; })
  .filter(n => n.w > 0 && n.h > 0)"""


@pytest.fixture
def seeded_server(tmp_path: Path):
    seed(tmp_path / "data")
    server = start_app(tmp_path / "data", tmp_path / "app.log")
    yield server
    server.stop()


def open_route(page, url: str, route: str) -> None:
    page.goto(url + route)
    reload(page)
    page.locator("flt-semantics[role=button], flt-semantics[role=tab]").first.wait_for(
        timeout=30_000)
    page.wait_for_timeout(800)


def scroll_body(page, viewport: dict, steps: int, delta: int) -> None:
    page.mouse.move(viewport["width"] * 0.6, viewport["height"] * 0.5)
    for _ in range(steps):
        page.mouse.wheel(0, delta)
        page.wait_for_timeout(60)
    page.wait_for_timeout(700)


def show_a_verdict(page) -> None:
    """Before you send with its longest state: a 'Wait' verdict and its notes."""
    page.get_by_role("textbox", name="Your message").wait_for(timeout=30_000)
    type_into(page, "Your message", BLAMING)
    tap(page, page.get_by_role("button", name="Check message"))
    page.get_by_text("Wait — don't send this now").wait_for(timeout=30_000)


def pause_button_box(page):
    button = page.get_by_role("button", name=re.compile(r"^Pause\b"))
    if button.count() == 0:
        return None
    return button.first.bounding_box()


def overlaps(a: dict, b: dict) -> bool:
    return (a["x"] < b["x"] + b["width"] and b["x"] < a["x"] + a["w"]
            and a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["h"])


@pytest.mark.parametrize("viewport", [SMALL_PHONE, PHONE, DESKTOP],
                         ids=["320x640", "390x844", "1280x800"])
def test_nothing_is_hidden_under_the_pause_button(browser, seeded_server, viewport):
    page = open_app(browser, seeded_server.url, viewport=viewport)
    checked, problems = [], []
    for route in ROUTES:
        open_route(page, seeded_server.url, route)
        if route == "send-check":
            show_a_verdict(page)
        fab = pause_button_box(page)
        if fab is None:
            continue  # this screen has no Pause button to cover anything
        scroll_body(page, viewport, steps=40, delta=1500)  # to the end
        fab = pause_button_box(page)
        leaves = [n for n in page.evaluate(LEAVES_JS)
                  if not n["name"].startswith("Pause") and n["role"] != "tab"
                  and n["y"] + n["h"] <= viewport["height"] and n["y"] >= 0]
        body = [n for n in leaves if n["w"] < viewport["width"] * 0.9 or n["h"] < 200]
        last = max(body, key=lambda n: n["y"] + n["h"])
        checked.append(f"{route}: last control '{last['name']}' ends at "
                       f"{last['y'] + last['h']:.0f}, Pause starts at {fab['y']:.0f}")
        problems += [f"{route}: '{n['name'] or n['role']}' under the Pause button"
                     for n in body if overlaps(n, fab)]
    page.context.close()
    assert checked, "no screen showed the Pause button"
    assert not problems, "\n".join(problems + ["", *checked])


def accessibility_problems(page, route: str, viewport: dict) -> set[str]:
    """Walk one screen from top to bottom and name what a screen reader or a finger would
    stumble on."""
    found: set[str] = set()
    for _ in range(30):
        for node in page.evaluate(SNAPSHOT_JS, list(INTERACTIVE)):
            if node["y"] + node["h"] <= 0 or node["y"] >= viewport["height"]:
                continue  # off screen: seen when scrolled to
            name = node["name"] or f"(no name) at {node['x']:.0f},{node['y']:.0f}"
            label = f"{node['role']} '{name}'"
            if not node["name"]:
                found.add(f"{route}: {node['role']} without a name")
                screenshot(page, f"unnamed-{route.replace('/', '-')}-{len(found)}")
            if node["inner"]:
                found.add(f"{route}: {label} holds {', '.join(node['inner'])} (two stops)")
            if node["role"] != "textbox" and not node["clipped"] and (node["w"] < MIN_TAP - 0.5
                                                              or node["h"] < MIN_TAP - 0.5):
                found.add(f"{route}: {label} is {node['w']:.0f}x{node['h']:.0f}, "
                          f"under {MIN_TAP}x{MIN_TAP}")
        before = page.evaluate("() => document.querySelector('flt-semantics[role=group]')"
                               " ? JSON.stringify([...document.querySelectorAll("
                               "'flt-semantics')].slice(0, 80).map(e => "
                               "Math.round(e.getBoundingClientRect().y))) : ''")
        scroll_body(page, viewport, steps=1, delta=int(viewport["height"] * 0.6))
        after = page.evaluate("() => document.querySelector('flt-semantics[role=group]')"
                              " ? JSON.stringify([...document.querySelectorAll("
                              "'flt-semantics')].slice(0, 80).map(e => "
                              "Math.round(e.getBoundingClientRect().y))) : ''")
        if before == after:
            break  # the end of the screen
    return found


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_every_route_is_named_single_stop_and_big_enough(browser, seeded_server, dark):
    page = open_app(browser, seeded_server.url, viewport=PHONE, dark=dark)
    theme = "dark" if dark else "light"
    problems: set[str] = set()
    for route in ROUTES:
        open_route(page, seeded_server.url, route)
        if route == "send-check":
            show_a_verdict(page)
        screenshot(page, f"screen-{route.replace('/', '-')}-phone-{theme}")
        problems |= accessibility_problems(page, route, PHONE)
    page.context.close()
    report = Path(__file__).resolve().parents[2] / "test-output" / f"accessibility-{theme}.txt"
    report.parent.mkdir(parents=True, exist_ok=True)
    report.write_text("\n".join(sorted(problems)) + "\n", encoding="utf-8")
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(sorted(problems))


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_the_welcome_and_the_lock_screen_are_named_single_stop_and_big_enough(
        browser, app_server, dark):
    """The two screens outside the routes above: the first run, and the lock."""
    from .test_foundation_journey import complete_welcome
    from .test_privacy_journey import turn_on_lock

    theme = "dark" if dark else "light"
    page = open_app(browser, app_server.url, viewport=PHONE, dark=dark)
    page.get_by_text("Three things before we start").wait_for(timeout=30_000)
    screenshot(page, f"screen-welcome-phone-{theme}")
    problems = accessibility_problems(page, "welcome", PHONE)
    complete_welcome(page)
    turn_on_lock(page, "2468")
    page.goto(app_server.url)
    reload(page)
    page.get_by_text("Repair is locked").wait_for(timeout=30_000)
    screenshot(page, f"screen-lock-phone-{theme}")
    problems |= accessibility_problems(page, "lock", PHONE)
    page.context.close()
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(sorted(problems))
