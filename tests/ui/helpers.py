"""Walk a Flet control tree built without a page, and fire handlers the way Flet would."""

from __future__ import annotations

from collections.abc import Iterator

import flet as ft


def walk(control) -> Iterator[ft.Control]:
    if isinstance(control, list | tuple):
        for child in control:
            yield from walk(child)
        return
    if control is None or not isinstance(control, ft.BaseControl):
        return
    yield control
    for name in ("content", "controls", "title", "subtitle", "leading", "trailing", "actions",
                 "destinations", "label", "segments", "spans"):
        value = getattr(control, name, None)
        if isinstance(value, ft.BaseControl | list | tuple):
            yield from walk(value)


def texts(control) -> list[str]:
    found = []
    for node in walk(control):
        if isinstance(node, ft.Text) and node.value:
            found.append(node.value)
    return found


def all_text(control) -> str:
    return "\n".join(texts(control))


def find(control, kind: type, **attrs):
    for node in walk(control):
        if isinstance(node, kind) and all(getattr(node, k, None) == v for k, v in attrs.items()):
            return node
    raise AssertionError(f"no {kind.__name__} with {attrs}")


def find_all(control, kind: type) -> list:
    return [node for node in walk(control) if isinstance(node, kind)]


def click(control) -> None:
    control.on_click(ft.Event(name="click", control=control))


def change(control, value) -> None:
    control.value = value
    if getattr(control, "on_change", None):
        control.on_change(ft.Event(name="change", control=control))


def run_async(coroutine):
    """Run a coroutine to the end and return its result, on a thread of its own: after the
    browser tests, playwright's loop is running on this thread and asyncio.run refuses."""
    import asyncio
    import threading

    outcome: dict = {}

    def main() -> None:
        try:
            outcome["result"] = asyncio.run(coroutine)
        except BaseException as error:  # re-raised on the test's thread
            outcome["error"] = error

    thread = threading.Thread(target=main)
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("result")
