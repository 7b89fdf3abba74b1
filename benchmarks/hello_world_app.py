"""A bare Flet hello world, served the way Repair serves itself: the yardstick of
``app_timing_benchmark.py``. ``python benchmarks/hello_world_app.py --port N``"""

from __future__ import annotations

import argparse

import flet as ft


def main(page: ft.Page) -> None:
    page.title = "Hello"
    count = ft.Text("Tapped 0 times")

    def tapped(_e: ft.Event) -> None:
        taps = int(count.value.split()[1]) + 1
        count.value = f"Tapped {taps} times"

    page.add(ft.Text("Hello, world"), ft.Button("Tap me", on_click=tapped), count)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    print(f"Hello world is running at http://127.0.0.1:{args.port}", flush=True)
    ft.run(main, view=None, host="127.0.0.1", port=args.port, no_cdn=True)
