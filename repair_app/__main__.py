"""Command line: `repair-app` (window, or the web app on 127.0.0.1) and its options."""

from __future__ import annotations

import argparse
import ipaddress
import os
import sys
from pathlib import Path

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8550


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="repair-app",
        description="Repair: rebuild a relationship one small day at a time. Private and offline.",
        epilog="Also: `repair-app remind` shows any reminder that is due and exits (for cron "
               "or a timer); `repair-app remind --help` for more.",
    )
    parser.add_argument("--web", action="store_true",
                        help="serve the app to a browser instead of opening a window")
    parser.add_argument("--host", default=DEFAULT_HOST,
                        help="web mode address (default 127.0.0.1: this device only)")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT,
                        help=f"port to serve on in web mode (default {DEFAULT_PORT})")
    parser.add_argument("--data-dir", type=Path, default=None,
                        help="folder for your data (default: $REPAIR_DATA_DIR, else the "
                             "platform's user data folder)")
    return parser


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def host_refusal(host: str, data_dir: Path) -> str | None:
    """Why Repair will not serve on a network address, or None when the app lock is on."""
    from repair_app.lock_service import lock_is_on
    from repair_app.system_clock import SystemClock

    if lock_is_on(data_dir, SystemClock()):
        return None
    return (
        f"Repair won't serve on {host}: anyone on your network could open your journal, "
        "and the app lock is off. Start Repair without --host (it then serves only this "
        "device, at 127.0.0.1), turn on the app lock in Settings, then try again."
    )


def can_open_window() -> bool:
    """A desktop window needs a display; headless Linux serves the web app instead."""
    if sys.platform.startswith("linux"):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


def serve_web(main, host: str, port: int) -> None:
    import flet as ft
    import platformdirs

    from repair_app.web_assets import prepare_web_assets

    app_assets = Path(__file__).resolve().parent.parent / "assets"
    assets = prepare_web_assets(app_assets, Path(platformdirs.user_cache_dir("Repair",
                                                                             appauthor=False)))
    print(f"Repair is running at http://{host}:{port}  (press Ctrl+C to stop)", flush=True)
    ft.run(main, view=None, host=host, port=port, no_cdn=True, assets_dir=str(assets))


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["remind"]:
        from repair_app.notify.remind_command import main as remind_main

        return remind_main(argv[1:])
    args = build_parser().parse_args(argv)
    from repair_app.data_dir import default_data_dir, default_stamp_dir
    from repair_app.startup import listening, prepared

    os.environ.setdefault("FLET_WEB_NO_CDN", "1")
    data_dir = (args.data_dir or default_data_dir()).expanduser().resolve()
    if not is_loopback(args.host):
        refusal = host_refusal(args.host, data_dir)
        if refusal:
            print(refusal, file=sys.stderr, flush=True)
            return 2
        print(
            f"Warning: serving on {args.host} makes Repair reachable by anyone on the "
            "network who can reach this device; they will see the lock screen.",
            file=sys.stderr, flush=True,
        )
    network = not is_loopback(args.host)

    def build_app():
        from repair_app.app import make_main

        app = make_main(data_dir, network=network, stamp_dir=default_stamp_dir())
        app.prepare()
        return app

    if args.web or not can_open_window():
        # The server starts now; the app is built while the browser loads the page.
        serve_web(prepared(build_app, first=lambda: listening(args.host, args.port)),
                  args.host, args.port)
        return 0
    app_main = prepared(build_app)
    import flet as ft

    try:
        ft.run(app_main)
    except Exception as error:  # the desktop client could not be downloaded or started
        print(f"Couldn't open the desktop window ({error.__class__.__name__}: {error}). "
              "Serving the web app instead.", file=sys.stderr, flush=True)
        serve_web(app_main, args.host, args.port)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
