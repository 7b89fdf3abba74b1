"""Web mode: Repair's page served on this device, to its owner only.

We build Flet's ASGI app ourselves (``flet_web.fastapi.app``) and run it with uvicorn, rather
than calling ``ft.run(view=None)``: Flet 1.0.5 then serves HTTP only where it believes it
is on a headless Linux server (``DISPLAY`` unset) and otherwise starts its desktop-client
socket, so a browser got nothing on any desktop. Serving it ourselves also means that
only Repair's flags decide the address (``FLET_SERVER_IP`` / ``FLET_SERVER_PORT`` in the
environment don't move it), a busy port is a plain message, and the page is named Repair.

Any process or account on the same computer can reach 127.0.0.1, so the page is guarded
the way Jupyter guards a notebook: a random key made at each launch goes in the printed
URL (and the one the browser is opened with). The first request that carries it gets a
cookie and is sent on to the same address without the key; every later request, the
Flet websocket included, needs that cookie. Without it: a short page saying how to open
Repair, and no session.
"""

from __future__ import annotations

import asyncio
import errno
import hmac
import json
import logging
import os
import secrets
import socket
import threading
import webbrowser
from collections.abc import Callable
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode

log = logging.getLogger(__name__)

KEY_PARAM = "key"
APP_NAME = "Repair"
APP_DESCRIPTION = "A private, offline companion for rebuilding a relationship, one day at a time."
THEME_COLOR = "#4E7D6B"  # the icon's sage, as the theme's seed
BACKGROUND_COLOR = "#FAF7F0"

REFUSAL_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Repair</title>
<style>
  body { font-family: system-ui, sans-serif; max-width: 34rem; margin: 3rem auto;
         padding: 0 1.25rem; line-height: 1.5; color: #1d2b26; background: #faf7f0; }
  h1 { font-size: 1.5rem; color: #3b6657; }
  code { background: #e8efe9; padding: 0.1rem 0.3rem; border-radius: 4px; }
  @media (prefers-color-scheme: dark) {
    body { color: #e4ebe7; background: #17201c; } h1 { color: #9fd0bc; }
    code { background: #24312b; }
  }
</style></head>
<body>
<h1>Repair is private</h1>
<p>This page opens only from the link Repair gave when it started, so that nobody else
using this computer can read your journal.</p>
<p>Open the link shown where you started Repair (it ends in <code>?key=</code> and a long
code), or start Repair again: it opens the right page for you.</p>
</body></html>
"""


def new_key() -> str:
    return secrets.token_urlsafe(24)


def cookie_name(port: int) -> str:
    """Cookies aren't kept apart by port, so two Repairs on one machine each get their own."""
    return f"repair-key-{port}"


#: Headers Flet's web app adds to every response. They make the page cross-origin
#: isolated, and Flutter's renderer (skwasm) then draws on a second thread. That mode can
#: corrupt its own memory when a lot of text is laid out while the last frame is still
#: being drawn (flutter/flutter#190039; Flet 1.0.5's client and 1.1.0.dev1's, built with
#: Flutter 3.47.7, both still freeze: benchmarks/isolation_freeze_probe.py), and the page
#: freezes for good with a core pinned. Changing the browser's text
#: size is exactly that: it froze Repair's page twice in the test runs, at 200% text.
#: Without them the renderer draws on the page's own thread. Repair needs no isolation:
#: it runs its Python on the server, not in the browser.
ISOLATION_HEADERS = frozenset({b"cross-origin-opener-policy", b"cross-origin-embedder-policy"})


def without_isolation(send: Callable) -> Callable:
    """``send`` with the cross-origin isolation headers taken out of responses."""
    async def send_plain(message: dict) -> None:
        if message.get("type") == "http.response.start":
            message = {**message, "headers": [
                (name, value) for name, value in message.get("headers", [])
                if name.lower() not in ISOLATION_HEADERS]}
        await send(message)
    return send_plain


#: The ASGI extension by which an app asks the server to send a file by its path
#: (Starlette's FileResponse uses it when the server offers it; uvicorn doesn't).
PATHSEND = "http.response.pathsend"
#: Large enough that the engine's 8.5 MB main.dart.wasm goes in nine pieces.
FILE_CHUNK_BYTES = 1 << 20


def offering_pathsend(scope: dict) -> dict:
    """``scope`` with pathsend among the server's extensions (the others kept)."""
    return {**scope, "extensions": {**(scope.get("extensions") or {}), PATHSEND: {}}}


def sending_files(send: Callable) -> Callable:
    """``send`` that carries out the pathsend extension: the file is read on the event
    loop in 1 MB pieces. Starlette's own way reads it in 64 KB pieces, each on a worker
    thread; while the app is prepared on another thread (``startup.py``), every piece
    waited for the interpreter twice, and the engine's 12 MB took 0.2-0.3 s longer to
    reach the browser (docs/benchmarks.md, stop 32). The files are the app's own, on a
    local disk."""
    async def send_file(message: dict) -> None:
        if message.get("type") != PATHSEND:
            await send(message)
            return
        with open(message["path"], "rb") as file:
            while True:
                chunk = file.read(FILE_CHUNK_BYTES)
                more = len(chunk) == FILE_CHUNK_BYTES
                await send({"type": "http.response.body", "body": chunk, "more_body": more})
                if not more:
                    return
    return send_file


class OwnerGate:
    """ASGI middleware: only requests with the launch key (once) or its cookie get through."""

    def __init__(self, app: Any, key: str, port: int) -> None:
        self.app = app
        self._key = key.encode()
        self._cookie = cookie_name(port)

    def _matches(self, value: str | None) -> bool:
        return value is not None and hmac.compare_digest(value.encode(), self._key)

    def _cookie_value(self, scope: dict) -> str | None:
        for name, value in scope.get("headers", []):
            if name == b"cookie":
                jar = SimpleCookie()
                try:
                    jar.load(value.decode("latin-1"))
                except Exception:  # a malformed Cookie header is simply no cookie
                    continue
                if self._cookie in jar:
                    return jar[self._cookie].value
        return None

    async def __call__(self, scope: dict, receive: Callable, send: Callable) -> None:
        kind = scope.get("type")
        if kind not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        if self._matches(self._cookie_value(scope)):
            if kind == "websocket":
                await self._session(scope, receive, send)
            else:
                await self.app(offering_pathsend(scope), receive,
                               sending_files(without_isolation(send)))
            return
        query = parse_qsl(scope.get("query_string", b"").decode("latin-1"),
                          keep_blank_values=True)
        given = next((value for name, value in query if name == KEY_PARAM), None)
        if kind == "http" and self._matches(given):
            await self._welcome(scope, send, [(n, v) for n, v in query if n != KEY_PARAM])
            return
        if kind == "websocket":
            await send({"type": "websocket.close", "code": 1008})  # policy violation
            return
        await _respond(send, 403, REFUSAL_PAGE.encode(), [(b"content-type",
                                                           b"text/html; charset=utf-8")])

    async def _session(self, scope: dict, receive: Callable, send: Callable) -> None:
        """A page's websocket. A tab that reloads or closes while Flet is sending to it
        ends the session as any disconnect does; Flet 1.0.5's send loop lets Starlette's
        WebSocketDisconnect out of the app there, and the server would log it as an
        "Exception in ASGI application" with three tracebacks. It is one quiet line."""
        from starlette.websockets import WebSocketDisconnect

        try:
            await self.app(scope, receive, send)
        except WebSocketDisconnect as gone:
            log.info("a tab left while Repair was sending to it (code %s)", gone.code)

    async def _welcome(self, scope: dict, send: Callable, rest: list[tuple[str, str]]) -> None:
        """Keep the key in a cookie and go on to the same page without it in the address."""
        location = scope.get("root_path", "") + scope.get("path", "/")
        if rest:
            location += "?" + urlencode(rest)
        cookie = (f"{self._cookie}={self._key.decode()}; Path=/; HttpOnly; SameSite=Strict")
        await _respond(send, 303, b"", [(b"location", location.encode("latin-1")),
                                        (b"set-cookie", cookie.encode("latin-1")),
                                        (b"cache-control", b"no-store")])


async def _respond(send: Callable, status: int, body: bytes,
                   headers: list[tuple[bytes, bytes]]) -> None:
    await send({"type": "http.response.start", "status": status,
                "headers": [*headers, (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})


def write_manifest(assets_dir: Path) -> None:
    """The web manifest "Add to home screen" reads: Repair's name, colours and icons."""
    icons = [{"src": f"icons/icon-{size}.png", "sizes": f"{size}x{size}", "type": "image/png"}
             for size in (192, 512)]
    icons += [{"src": f"icons/icon-maskable-{size}.png", "sizes": f"{size}x{size}",
               "type": "image/png", "purpose": "maskable"} for size in (192, 512)]
    manifest = {
        "name": APP_NAME, "short_name": APP_NAME, "description": APP_DESCRIPTION,
        "start_url": ".", "display": "standalone", "orientation": "natural",
        "background_color": BACKGROUND_COLOR, "theme_color": THEME_COLOR,
        "prefer_related_applications": False, "icons": icons,
    }
    target = assets_dir / "manifest.json"
    partial = target.with_name(f".manifest-{os.getpid()}.json")
    partial.write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    os.replace(partial, target)  # two launches at once never serve half a file


class ClosedTabNoise(logging.Filter):
    """Flet's receive loop, when a tab reloads or closes while a frame is on its way, can
    find the socket already closed and log "Receive loop error: WebSocket is not
    connected" with a whole traceback (Starlette raises RuntimeError there, not
    WebSocketDisconnect, which Flet treats as normal). Nothing is lost: the session ends
    as on any disconnect. Keep it as one quiet line, so a real error still stands out."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if (record.getMessage().startswith("Receive loop error:")
                and isinstance(error, RuntimeError) and "not connected" in str(error)):
            record.exc_info = None
            record.exc_text = None
            record.levelno, record.levelname = logging.INFO, "INFO"
            return logging.getLogger(record.name).isEnabledFor(logging.INFO)
        return True


def build_asgi_app(main: Callable, *, assets_dir: Path, key: str, port: int) -> Any:
    import flet_web.fastapi as flet_fastapi

    flet_logger = logging.getLogger(flet_fastapi.__name__)
    if not any(isinstance(f, ClosedTabNoise) for f in flet_logger.filters):
        flet_logger.addFilter(ClosedTabNoise())
    flet_app = flet_fastapi.app(main, assets_dir=str(assets_dir), app_name=APP_NAME,
                                app_short_name=APP_NAME, app_description=APP_DESCRIPTION,
                                no_cdn=True)
    return OwnerGate(flet_app, key, port)


class PortInUse(Exception):
    pass


def bind_socket(host: str, port: int) -> socket.socket:
    """Bind now, so a busy port is found before anything is printed or opened."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # Say TCP, not 0 ("the default"): asyncio turns Nagle's algorithm off only on
    # connections whose listening socket says it is TCP. With it on, each small response
    # (a page file's last piece, a websocket update) waited for the browser's delayed
    # acknowledgement, and the page took about 200 ms longer to open its session.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    if os.name == "nt":  # Windows' SO_REUSEADDR would let a second server share the port
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_EXCLUSIVEADDRUSE, 1)
    else:  # restart at once after a stop, while old connections sit in TIME_WAIT
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as error:
        sock.close()
        if error.errno in (errno.EADDRINUSE, errno.EACCES):
            raise PortInUse(port) from error
        raise
    sock.listen(128)
    sock.set_inheritable(True)
    return sock


def url_host(host: str) -> str:
    if host in ("0.0.0.0", "::"):
        return socket.gethostname()
    return f"[{host}]" if ":" in host else host


@dataclass
class WebLaunch:
    host: str
    port: int
    key: str

    @property
    def url(self) -> str:
        """The address that opens Repair: the owner's link, with the launch key."""
        return f"http://{url_host(self.host)}:{self.port}/?{KEY_PARAM}={self.key}"


def serve(main: Callable, *, host: str, port: int, assets_dir: Path, open_browser: bool,
          key: str | None = None, announce: Callable[[str], None] = print,
          on_serving: Callable[[], object] | None = None) -> None:
    """Serve until Ctrl+C. Raises PortInUse before printing anything if the port is taken.

    ``on_serving`` is called (on the server's thread) once the server answers requests:
    the socket listens from the start, but the web framework's imports come after it, and
    work started at "listening" would compete with them for the interpreter."""
    import uvicorn

    class Server(uvicorn.Server):
        async def startup(self, sockets: list[socket.socket] | None = None) -> None:
            await super().startup(sockets=sockets)
            if self.started and on_serving is not None:
                on_serving()

    sock = bind_socket(host, port)
    launch = WebLaunch(host=host, port=sock.getsockname()[1], key=key or new_key())
    write_manifest(assets_dir)
    app = build_asgi_app(main, assets_dir=assets_dir, key=launch.key, port=launch.port)
    config = uvicorn.Config(app, log_level="warning", ws="websockets-sansio", lifespan="on")
    server = Server(config)
    announce(f"Repair is running at {launch.url}  (only this link opens it; "
             "press Ctrl+C to stop)")
    if open_browser:
        threading.Timer(0.5, webbrowser.open, args=(launch.url,)).start()
    try:
        asyncio.run(server.serve(sockets=[sock]))
    except KeyboardInterrupt:
        pass
    finally:
        sock.close()
