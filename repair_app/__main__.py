"""Command line: `repair-app` (window, or the web app on 127.0.0.1) and its options."""

from __future__ import annotations

import argparse
import inspect
import ipaddress
import os
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from repair_app import __version__
from repair_app.core.launch import LaunchMode, LaunchPlan, plan_launch

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8550
#: How long the app's preparation waits for the web server before it starts anyway.
SERVING_TIMEOUT = 30.0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="repair-app",
        description="Repair: rebuild a relationship one small day at a time. Private and offline.",
        epilog="Also: `repair-app remind` shows any reminder that is due and exits (for cron "
               "or a timer); `repair-app remind --help` for more.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--web", action="store_true",
                        help="serve the app to a browser instead of opening a window")
    parser.add_argument("--no-browser", action="store_true",
                        help="in web mode, don't open the page in the default browser (the "
                             "printed link opens it)")
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


def serve_web(main, host: str, port: int, *, open_browser: bool,
              on_serving: Callable[[], object] | None = None) -> int:
    """Serve the web app until Ctrl+C; 1 with a plain message if the port is taken.
    ``on_serving``: called once the server answers requests."""
    import platformdirs

    from repair_app.web_assets import prepare_web_assets
    from repair_app.web_server import PortInUse, serve

    app_assets = Path(__file__).resolve().parent.parent / "assets"
    assets = prepare_web_assets(app_assets, Path(platformdirs.user_cache_dir("Repair",
                                                                             appauthor=False)))
    try:
        serve(main, host=host, port=port, assets_dir=assets, open_browser=open_browser,
              announce=lambda line: print(line, flush=True), on_serving=on_serving)
    except PortInUse:
        print(f"Port {port} on {host} is already in use: is Repair already running? Open the "
              f"link it printed, or start this one on another port, e.g. "
              f"`repair-app --web --port {port + 1}`.", file=sys.stderr, flush=True)
        return 1
    return 0


class WindowDidNotStart(RuntimeError):
    pass


def open_window(main) -> None:
    """Flet's desktop window, until the user closes it.

    Raises if the desktop client can't be found or downloaded, and WindowDidNotStart if it
    exits before it ever showed Repair (a client that crashes at start, say for a missing
    system library): Flet returns quietly then, as if the user had closed the window.
    """
    import flet as ft

    shown: list[bool] = []

    async def main_once_shown(page):
        shown.append(True)
        result = main(page)
        if inspect.isawaitable(result):
            await result

    os.environ.pop("FLET_FORCE_WEB_SERVER", None)  # would turn the window into a web server
    ft.run(main_once_shown, view=ft.AppView.FLET_APP)
    if not shown:
        raise WindowDidNotStart("the desktop client closed before it showed Repair")


def configure_logging(level_name: str | None) -> None:
    """``REPAIR_LOG=debug`` (or info): Repair's own log lines at that level go to stderr,
    each with the time, e.g. every navigation (docs in CONTRIBUTING.md). Unset: Python's
    default, warnings and errors only."""
    import logging

    level = logging.getLevelName((level_name or "").strip().upper())
    if not isinstance(level, int):
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    logger = logging.getLogger("repair_app")
    logger.setLevel(level)
    logger.addHandler(handler)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    configure_logging(os.environ.get("REPAIR_LOG"))
    if argv[:1] == ["remind"]:
        from repair_app.notify.remind_command import main as remind_main

        return remind_main(argv[1:])
    args = build_parser().parse_args(argv)
    from repair_app.data_dir import default_data_dir, default_stamp_dir
    from repair_app.startup import prepared

    data_dir = (args.data_dir or default_data_dir()).expanduser().resolve()
    if not is_loopback(args.host):
        refusal = host_refusal(args.host, data_dir)
        if refusal:
            print(refusal, file=sys.stderr, flush=True)
            return 2
        print(
            f"Warning: serving on {args.host} makes Repair reachable by anyone on the "
            "network who can reach this device. They still need the link Repair prints (it "
            "carries a key), then your passcode.",
            file=sys.stderr, flush=True,
        )
    network = not is_loopback(args.host)

    def build_app():
        from repair_app.app import make_main

        app = make_main(data_dir, network=network, stamp_dir=default_stamp_dir())
        app.prepare()
        return app

    plan: LaunchPlan = plan_launch(platform=sys.platform, environ=os.environ, web=args.web,
                                   no_browser=args.no_browser)
    if plan.mode is LaunchMode.WEB:
        # The server starts now; the app is built while the browser loads the page, from
        # the moment the server answers (before that, the two would share the
        # interpreter: the server's own imports take longer than the whole build).
        serving = threading.Event()
        return serve_web(prepared(build_app, first=lambda: serving.wait(SERVING_TIMEOUT)),
                         args.host, args.port, open_browser=plan.open_browser,
                         on_serving=serving.set)
    app_main = prepared(build_app)
    try:
        open_window(app_main)
        return 0
    except Exception as error:  # the desktop client could not be downloaded or started
        print(f"Couldn't open Repair's desktop window ({error}). Opening Repair in your "
              "browser instead.", file=sys.stderr, flush=True)
    return serve_web(app_main, args.host, args.port, open_browser=plan.fallback().open_browser)


if __name__ == "__main__":
    raise SystemExit(main())
