"""The journeys' tap() on a plain page in real Chromium (no app): a node that leaves the
DOM while Playwright waits for it is found again and tapped once.

CI failed once on this (stop 21): after a route change Flutter rebuilt its navigation
bar's accessibility nodes while tap() was scrolling the "Message" tab into view, and
Playwright gave up with "Element is not attached to the DOM"."""

from __future__ import annotations

from .conftest import tap

# A tab that moves every frame (so Playwright keeps waiting for it to be stable) and is
# then replaced by a new, still node with the same role and name, as Flutter does.
REPLACED_WHILE_MOVING = """
<!doctype html>
<body style="margin:0">
<div id="bar"></div>
<script>
  window.clicks = [];
  function tab(which) {
    const node = document.createElement('div');
    node.setAttribute('role', 'tab');
    node.setAttribute('aria-label', 'Message');
    node.setAttribute('flt-tappable', '');
    node.style.cssText = 'position:absolute;top:20px;width:80px;height:48px';
    node.addEventListener('click', () => window.clicks.push(which));
    return node;
  }
  const bar = document.getElementById('bar');
  const first = tab('old');
  bar.appendChild(first);
  const started = performance.now();
  function move() {
    const elapsed = performance.now() - started;
    if (elapsed < 600) {
      first.style.left = (elapsed % 200) + 'px';
      requestAnimationFrame(move);
    } else {
      bar.replaceChild(tab('new'), first);
    }
  }
  requestAnimationFrame(move);
</script>
"""


def test_a_tab_replaced_while_being_tapped_is_tapped_once_where_it_now_is(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        page.set_content(REPLACED_WHILE_MOVING)
        tap(page, page.get_by_role("tab", name="Message").first)
        page.wait_for_timeout(300)
        assert page.evaluate("window.clicks") == ["new"]
    finally:
        context.close()


def test_a_still_tab_is_tapped_once(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        page.set_content(REPLACED_WHILE_MOVING.replace("elapsed < 600", "elapsed < 0"))
        page.wait_for_function("document.querySelector('[role=tab]') !== null")
        page.wait_for_timeout(100)
        tap(page, page.get_by_role("tab", name="Message").first)
        page.wait_for_timeout(300)
        assert page.evaluate("window.clicks") == ["new"]
    finally:
        context.close()
