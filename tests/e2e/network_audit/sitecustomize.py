"""Loaded by the app process under test (PYTHONPATH): records every network connection
or name lookup to anything but this machine into $REPAIR_NETWORK_AUDIT_LOG.

Python's audit hooks see every ``socket.connect`` and ``socket.getaddrinfo`` made by any
library, so nothing the app (or Flet, or a dependency) does escapes them.
"""

from __future__ import annotations

import ipaddress
import os
import sys

_LOG = os.environ.get("REPAIR_NETWORK_AUDIT_LOG")


def _is_local(host: object) -> bool:
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    if not isinstance(host, str) or not host:
        return True  # AF_UNIX paths, None: not a network host
    if host.lower() in ("localhost", "ip6-localhost"):
        return True
    try:
        address = ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return False  # a name to resolve: a lookup on the network
    return address.is_loopback or address.is_unspecified


def _hook(event: str, args: tuple) -> None:
    if event == "socket.connect":
        address = args[1]
        host = address[0] if isinstance(address, tuple) and address else None
    elif event == "socket.getaddrinfo":
        host = args[0]
    else:
        return
    if not _is_local(host):
        with open(_LOG, "a", encoding="utf-8") as log:
            log.write(f"{event} {args[1] if event == 'socket.connect' else host!r}\n")


if _LOG:
    sys.addaudithook(_hook)
