"""A Flet page that lays out text as hard as it can: forty paragraphs of six spans each,
restyled about sixty times a second inside a turning box. The workload of
flutter/flutter#190039, the freeze that keeps Repair's page from being cross-origin
isolated. ``isolation_freeze_probe.py`` serves it; ``--port N`` to run it alone."""

from __future__ import annotations

import argparse
import asyncio
import random

import flet as ft

WORDS = ("alpha", "beta", "gamma", "delta", "ε", "ж", "ש", "ع")
WEIGHTS = (ft.FontWeight.W_300, ft.FontWeight.W_700, ft.FontWeight.W_900)


async def main(page: ft.Page) -> None:
    page.title = "Text churn"
    rng = random.Random(1)
    paragraphs = [ft.Text(spans=[ft.TextSpan(f"word{i}-{j} ") for j in range(6)])
                  for i in range(40)]
    turning = ft.Container(content=ft.Column(paragraphs, spacing=0), rotate=ft.Rotate(0))
    page.add(turning)
    frame = 0
    while True:
        frame += 1
        for paragraph in paragraphs:
            for span in paragraph.spans:
                span.text = f"{rng.choice(WORDS)}{frame % 97} "
                span.style = ft.TextStyle(size=rng.uniform(9, 22), weight=rng.choice(WEIGHTS),
                                          italic=rng.random() < 0.5,
                                          letter_spacing=rng.uniform(-1, 3))
        turning.rotate = ft.Rotate(frame * 0.05)
        page.update()
        await asyncio.sleep(0.016)


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    print(f"Text churn is running at http://127.0.0.1:{args.port}", flush=True)
    ft.run(main, view=None, host="127.0.0.1", port=args.port, no_cdn=True)
