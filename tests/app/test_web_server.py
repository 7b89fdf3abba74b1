"""Web mode's launch: the owner's key, the page's name, a busy port, --version, the address.

The gate is tested as the ASGI app it is (scope, receive, send), with no server; the
command line with real processes where what matters is what a user would see.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from repair_app import __main__ as cli
from repair_app import __version__
from repair_app.web_server import (
    FILE_CHUNK_BYTES,
    KEY_PARAM,
    PATHSEND,
    REFUSAL_PAGE,
    ClosedTabNoise,
    OwnerGate,
    PortInUse,
    WebLaunch,
    bind_socket,
    build_asgi_app,
    cookie_name,
    sending_files,
    write_manifest,
)

ROOT = Path(__file__).resolve().parents[2]
KEY = "k3y-for-tests_0123456789"
PORT = 8550


class InnerApp:
    """Stands in for Flet's app: records what reached it."""

    def __init__(self) -> None:
        self.scopes: list[dict] = []

    async def __call__(self, scope, receive, send) -> None:
        self.scopes.append(scope)
        if scope["type"] == "http":
            await send({"type": "http.response.start", "status": 200, "headers": []})
            await send({"type": "http.response.body", "body": b"the app"})


def call(gate: OwnerGate, *, kind="http", path="/", query="", cookie: str | None = None):
    import asyncio

    headers = [(b"host", b"127.0.0.1:8550")]
    if cookie is not None:
        headers.append((b"cookie", cookie.encode("latin-1")))
    scope = {"type": kind, "path": path, "root_path": "", "query_string": query.encode(),
             "headers": headers}
    sent: list[dict] = []

    async def receive():
        return {"type": "websocket.connect"} if kind == "websocket" else {
            "type": "http.request", "body": b""}

    async def send(message):
        sent.append(message)

    asyncio.run(gate(scope, receive, send))
    return sent


def status_and_headers(sent: list[dict]) -> tuple[int, dict[bytes, bytes]]:
    start = sent[0]
    return start["status"], dict(start["headers"])


@pytest.fixture
def inner() -> InnerApp:
    return InnerApp()


@pytest.fixture
def gate(inner: InnerApp) -> OwnerGate:
    return OwnerGate(inner, KEY, PORT)


def test_a_request_without_the_key_gets_a_plain_page_and_never_reaches_the_app(gate, inner):
    sent = call(gate, path="/today")
    status, headers = status_and_headers(sent)
    assert status == 403 and headers[b"content-type"].startswith(b"text/html")
    assert sent[1]["body"] == REFUSAL_PAGE.encode()
    assert "?key=" in REFUSAL_PAGE and "start Repair again" in REFUSAL_PAGE
    assert inner.scopes == []


@pytest.mark.parametrize("query", ["key=wrong", "key=", f"key={KEY}x", f"KEY={KEY}",
                                   f"other={KEY}"])
def test_a_wrong_or_misplaced_key_is_refused(gate, inner, query):
    assert status_and_headers(call(gate, query=query))[0] == 403
    assert inner.scopes == []


def test_the_owners_link_sets_a_cookie_and_drops_the_key_from_the_address(gate, inner):
    sent = call(gate, path="/checkin/history", query=f"{KEY_PARAM}={KEY}&tab=2")
    status, headers = status_and_headers(sent)
    assert status == 303
    assert headers[b"location"] == b"/checkin/history?tab=2"
    cookie = headers[b"set-cookie"].decode()
    assert cookie.startswith(f"{cookie_name(PORT)}={KEY};")
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie and "Path=/" in cookie
    assert inner.scopes == []  # the next request, with the cookie, reaches the app


def test_the_cookie_opens_every_page_and_the_websocket(gate, inner):
    cookie = f"theme=dark; {cookie_name(PORT)}={KEY}"
    assert status_and_headers(call(gate, path="/settings", cookie=cookie))[0] == 200
    call(gate, kind="websocket", path="/ws", cookie=cookie)
    assert [scope["type"] for scope in inner.scopes] == ["http", "websocket"]


@pytest.mark.parametrize("cookie", [None, f"{cookie_name(PORT)}=wrong",
                                    f"{cookie_name(PORT + 1)}={KEY}", "=;;\x00garbage"])
def test_the_websocket_opens_no_session_without_the_cookie(gate, inner, cookie):
    sent = call(gate, kind="websocket", path="/ws", query=f"key={KEY}", cookie=cookie)
    assert sent == [{"type": "websocket.close", "code": 1008}]
    assert inner.scopes == []


def test_pages_are_served_without_cross_origin_isolation():
    """Flet adds COOP/COEP to every response; with them Flutter's renderer draws on a
    second thread, which can freeze the page for good when the text size changes
    (flutter/flutter#190039). Repair serves its pages without them; the rest stays."""
    async def flet_like(scope, receive, send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": [
            (b"content-type", b"text/html"),
            (b"Cross-Origin-Opener-Policy", b"same-origin"),
            (b"cross-origin-embedder-policy", b"require-corp")]})
        await send({"type": "http.response.body", "body": b"the app"})

    sent = call(OwnerGate(flet_like, KEY, PORT), cookie=f"{cookie_name(PORT)}={KEY}")
    assert sent[0]["headers"] == [(b"content-type", b"text/html")]
    assert sent[1] == {"type": "http.response.body", "body": b"the app"}


def _sent_by_pathsend(path: Path) -> list[dict]:
    sent: list[dict] = []

    async def send(message):
        sent.append(message)

    asyncio.run(sending_files(send)({"type": PATHSEND, "path": str(path)}))
    return sent


@pytest.mark.parametrize("size", [0, 1, FILE_CHUNK_BYTES - 1, FILE_CHUNK_BYTES,
                                  FILE_CHUNK_BYTES + 1, 5 * FILE_CHUNK_BYTES // 2])
def test_a_file_asked_for_by_path_is_sent_whole_in_large_pieces(tmp_path: Path, size: int):
    path = tmp_path / "engine.wasm"
    data = os.urandom(size)
    path.write_bytes(data)
    sent = _sent_by_pathsend(path)
    assert all(m["type"] == "http.response.body" for m in sent)
    assert b"".join(m["body"] for m in sent) == data
    assert [m["more_body"] for m in sent] == [True] * (len(sent) - 1) + [False]
    assert all(len(m["body"]) <= FILE_CHUNK_BYTES for m in sent)
    assert len(sent) == size // FILE_CHUNK_BYTES + 1  # an exact multiple ends with b""


def test_other_messages_pass_through_the_file_sender():
    sent: list[dict] = []

    async def send(message):
        sent.append(message)

    start = {"type": "http.response.start", "status": 200, "headers": []}
    body = {"type": "http.response.body", "body": b"x"}
    asyncio.run(sending_files(send)(start))
    asyncio.run(sending_files(send)(body))
    assert sent == [start, body]


def test_the_app_is_offered_pathsend_and_keeps_the_servers_extensions(inner):
    async def app(scope, receive, send):
        inner.scopes.append(scope)
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": PATHSEND, "path": __file__})

    gate = OwnerGate(app, KEY, PORT)
    headers = [(b"cookie", f"{cookie_name(PORT)}={KEY}".encode())]
    scope = {"type": "http", "path": "/", "root_path": "", "query_string": b"",
             "headers": headers, "extensions": {"http.response.trailers": {}}}
    sent: list[dict] = []

    async def send(message):
        sent.append(message)

    asyncio.run(gate(scope, None, send))
    assert set(inner.scopes[0]["extensions"]) == {"http.response.trailers", PATHSEND}
    assert b"".join(m.get("body", b"") for m in sent[1:]) == Path(__file__).read_bytes()


def _asgi_get(app, path: str, *, method: str = "GET", cookie: str | None = None,
              extra: tuple[tuple[bytes, bytes], ...] = ()) -> list[dict]:
    headers = [(b"host", b"127.0.0.1:8550"), *extra]
    if cookie:
        headers.append((b"cookie", cookie.encode()))
    scope = {"type": "http", "asgi": {"version": "3.0", "spec_version": "2.3"},
             "http_version": "1.1", "method": method, "scheme": "http", "path": path,
             "raw_path": path.encode(), "root_path": "", "query_string": b"",
             "headers": headers, "server": ("127.0.0.1", 8550), "client": ("127.0.0.1", 1),
             "extensions": {}}
    sent: list[dict] = []
    requests = [{"type": "http.request", "body": b"", "more_body": False}]

    async def receive():  # the request once; then, as a server does, wait for a disconnect
        if requests:
            return requests.pop()
        await asyncio.Event().wait()

    async def send(message):
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    return sent


def test_flets_own_engine_files_reach_the_browser_whole_in_large_pieces(tmp_path: Path):
    """Through Flet's real app: the 8.5 MB engine goes in nine pieces, not Starlette's
    130 pieces of 64 KB (each read on a worker thread, benchmarks in docs)."""
    import flet_web

    engine = Path(flet_web.__file__).with_name("web") / "main.dart.wasm"
    app = build_asgi_app(lambda page: None, assets_dir=tmp_path, key=KEY, port=PORT)
    cookie = f"{cookie_name(PORT)}={KEY}"
    sent = _asgi_get(app, "/main.dart.wasm", cookie=cookie)
    status, headers = status_and_headers(sent)
    data = engine.read_bytes()
    assert status == 200 and int(headers[b"content-length"]) == len(data)
    bodies = [m["body"] for m in sent[1:]]
    assert b"".join(bodies) == data
    assert len(bodies) == len(data) // FILE_CHUNK_BYTES + 1
    head = _asgi_get(app, "/main.dart.wasm", method="HEAD", cookie=cookie)
    assert int(status_and_headers(head)[1][b"content-length"]) == len(data)
    assert b"".join(m.get("body", b"") for m in head[1:]) == b""
    assert status_and_headers(_asgi_get(app, "/main.dart.wasm"))[0] == 403  # no cookie
    # A range, and a copy the browser already has, take Starlette's own ways, unchanged.
    part = _asgi_get(app, "/main.dart.wasm", cookie=cookie,
                     extra=((b"range", b"bytes=100-2000099"),))
    assert status_and_headers(part)[0] == 206
    assert b"".join(m.get("body", b"") for m in part[1:]) == data[100:2000100]
    etag = status_and_headers(sent)[1][b"etag"]
    cached = _asgi_get(app, "/main.dart.wasm", cookie=cookie,
                       extra=((b"if-none-match", etag),))
    assert status_and_headers(cached)[0] == 304
    assert b"".join(m.get("body", b"") for m in cached[1:]) == b""


def test_another_repairs_cookie_on_another_port_does_not_open_this_one(gate, inner):
    assert status_and_headers(call(gate, cookie=f"{cookie_name(PORT + 1)}={KEY}"))[0] == 403


def test_lifespan_passes_through(gate, inner):
    import asyncio

    async def nothing(*_):
        return {"type": "lifespan.startup"}

    asyncio.run(gate({"type": "lifespan"}, nothing, nothing))
    assert inner.scopes == [{"type": "lifespan"}]


def test_the_printed_link_carries_the_key() -> None:
    assert WebLaunch("127.0.0.1", 8550, KEY).url == f"http://127.0.0.1:8550/?key={KEY}"
    assert WebLaunch("::1", 8550, KEY).url == f"http://[::1]:8550/?key={KEY}"


def test_the_manifest_names_repair_with_its_own_icons(tmp_path: Path) -> None:
    write_manifest(tmp_path)
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert manifest["name"] == manifest["short_name"] == "Repair"
    assert manifest["theme_color"].startswith("#") and manifest["background_color"]
    for icon in manifest["icons"]:
        assert (ROOT / "assets" / icon["src"]).is_file(), icon["src"]
    assert {icon.get("purpose") for icon in manifest["icons"]} == {None, "maskable"}
    assert (ROOT / "assets" / "icons" / "apple-touch-icon-192.png").is_file()


def test_a_busy_port_is_found_before_anything_starts() -> None:
    first = bind_socket("127.0.0.1", 0)
    try:
        with pytest.raises(PortInUse):
            bind_socket("127.0.0.1", first.getsockname()[1])
    finally:
        first.close()


@pytest.mark.parametrize("host", ["127.0.0.1", "::1"])
def test_connections_to_the_bound_socket_send_small_pieces_at_once(host: str) -> None:
    """The server runs on the socket bind_socket made. asyncio turns Nagle's algorithm off
    on a connection only if its listening socket says it is TCP; with it on, every small
    response waited for the browser's delayed acknowledgement (~40 ms each)."""
    try:
        sock = bind_socket(host, 0)
    except OSError:
        pytest.skip(f"no {host} on this machine")
    seen: dict[str, int] = {}

    async def connect_once() -> None:
        def accepted(_reader, writer) -> None:
            seen["nodelay"] = writer.get_extra_info("socket").getsockopt(
                socket.IPPROTO_TCP, socket.TCP_NODELAY)
            writer.close()

        server = await asyncio.start_server(accepted, sock=sock)
        async with server:
            _reader, writer = await asyncio.open_connection(host, sock.getsockname()[1])
            for _ in range(100):
                if seen:
                    break
                await asyncio.sleep(0.01)
            writer.close()

    asyncio.run(connect_once())
    assert seen["nodelay"] != 0


def test_a_second_repair_on_a_busy_port_says_so(tmp_path: Path, capsys) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        code = cli.main(["--web", "--no-browser", "--port", str(port),
                         "--data-dir", str(tmp_path / "data")])
    assert code == 1
    err = capsys.readouterr().err
    assert f"Port {port}" in err and "already in use" in err and f"--port {port + 1}" in err
    assert "Traceback" not in err


def test_version(capsys) -> None:
    with pytest.raises(SystemExit) as done:
        cli.main(["--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out.strip() == f"repair-app {__version__}"


def _listening_addresses(pid: int) -> set[str]:
    """Local addresses of the process's listening TCP sockets, from /proc (Linux)."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        target = os.readlink(fd) if fd.is_symlink() else ""
        if target.startswith("socket:["):
            inodes.add(target[8:-1])
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if fields[3] == "0A" and fields[9] in inodes:  # 0A: LISTEN
                found.add(fields[1])
    return found


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads Linux's /proc")
def test_only_repairs_own_flags_decide_the_address(tmp_path: Path) -> None:
    """FLET_SERVER_IP / FLET_SERVER_PORT in the environment don't move the server."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "FLET_SERVER_IP": "0.0.0.0", "FLET_SERVER_PORT": "8999",
           "DISPLAY": ":0", "PYTHONUNBUFFERED": "1"}
    log = tmp_path / "app.log"
    with log.open("w") as out:
        process = subprocess.Popen([sys.executable, "-m", "repair_app", "--web", "--no-browser",
                                    "--port", str(port), "--data-dir", str(tmp_path / "data")],
                                   cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while not re.search(r"running at http://127\.0\.0\.1:\d+/\?key=", log.read_text()):
            assert process.poll() is None, log.read_text()
            assert time.monotonic() < deadline, log.read_text()
            time.sleep(0.2)
        assert f"http://127.0.0.1:{port}/?key=" in log.read_text()
        assert _listening_addresses(process.pid) == {f"0100007F:{port:04X}"}
        with pytest.raises(urllib.error.HTTPError) as refused:  # up, and guarded
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10)
        assert refused.value.code == 403
    finally:
        process.terminate()
        process.wait(timeout=20)


def _receive_loop_log(logger, error: Exception) -> None:
    try:
        raise error
    except Exception as e:  # as flet_web's receive loop logs it
        logger.warning(f"Receive loop error: {e}", exc_info=True)


def test_a_tab_closing_mid_frame_is_one_quiet_line_and_real_errors_keep_their_traceback(
        tmp_path, caplog):
    import logging

    build_asgi_app(lambda page: None, assets_dir=tmp_path, key="k", port=8550)
    build_asgi_app(lambda page: None, assets_dir=tmp_path, key="k", port=8551)
    logger = logging.getLogger("flet_web.fastapi")
    assert sum(isinstance(f, ClosedTabNoise) for f in logger.filters) == 1  # added once
    with caplog.at_level(logging.INFO, logger="flet_web.fastapi"):
        _receive_loop_log(logger, RuntimeError(
            'WebSocket is not connected. Need to call "accept" first.'))
        _receive_loop_log(logger, ValueError("a frame we could not read"))
    quiet, real = caplog.records
    assert quiet.levelname == "INFO" and quiet.exc_info is None
    assert real.levelname == "WARNING" and real.exc_info is not None
    assert "Traceback" not in caplog.text.split("a frame we could not read")[0]


class LeavingTab:
    """Flet's app when the tab went away mid-send: Starlette's disconnect escapes it."""

    def __init__(self, error: Exception) -> None:
        self.error = error

    async def __call__(self, scope, receive, send) -> None:
        raise self.error


def test_a_tab_leaving_mid_send_ends_its_session_quietly(caplog):
    import logging

    from starlette.websockets import WebSocketDisconnect

    cookie = f"{cookie_name(PORT)}={KEY}"
    gate = OwnerGate(LeavingTab(WebSocketDisconnect(code=1006)), KEY, PORT)
    with caplog.at_level(logging.INFO, logger="repair_app.web_server"):
        assert call(gate, kind="websocket", path="/ws", cookie=cookie) == []
    assert "a tab left while Repair was sending to it (code 1006)" in caplog.text
    # Anything else still surfaces, and an HTTP request is not wrapped at all.
    with pytest.raises(ValueError):
        call(OwnerGate(LeavingTab(ValueError("broken")), KEY, PORT), kind="websocket",
             path="/ws", cookie=cookie)
    with pytest.raises(WebSocketDisconnect):
        call(OwnerGate(LeavingTab(WebSocketDisconnect(code=1006)), KEY, PORT),
             path="/", cookie=cookie)


SERVING_PROBE = """
import sys, tempfile
from pathlib import Path
from repair_app.web_server import serve

def on_serving():
    print("SERVING", "flet_web.fastapi" in sys.modules, flush=True)

serve(lambda page: None, host="127.0.0.1", port=0, assets_dir=Path(tempfile.mkdtemp()),
      open_browser=False, announce=lambda line: print(line, flush=True),
      on_serving=on_serving)
"""


def test_on_serving_is_called_once_the_server_answers(tmp_path: Path) -> None:
    """The app's preparation starts at on_serving: by then the web framework is imported
    and requests are answered (a socket that merely listens would let the two compete
    for the interpreter while the server starts)."""
    process = subprocess.Popen([sys.executable, "-c", SERVING_PROBE], cwd=ROOT,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        announced = process.stdout.readline()
        port = int(re.search(r"127\.0\.0\.1:(\d+)/", announced).group(1))
        serving = process.stdout.readline()
        assert serving.split() == ["SERVING", "True"], announced + serving
        with pytest.raises(urllib.error.HTTPError) as refused:  # answered at once
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
        assert refused.value.code == 403
    finally:
        process.terminate()
        process.wait(timeout=20)
