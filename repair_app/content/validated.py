"""Remember which content files passed validation, keyed by their exact bytes.

Building the message rules (every phrase compiled into one index) cost each start about
40 ms before the first frame, to learn what the last start already knew: the bundled
files are valid. A stamp named by the SHA-256 of the files and of the code that checks
them is written after a full validation succeeds; while the stamp is there, the next
start skips the check. A file edited by hand, or an app update that checks differently,
changes the hash: the full check runs again at start, and a malformed file still stops
the app there with its clear message (no stamp is ever written for a failing file).
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import os
from collections.abc import Callable, Iterable
from pathlib import Path

#: The modules whose code decides whether a content file is valid.
CHECKING_MODULES = ("repair_app.core.content", "repair_app.core.message_rules",
                    "repair_app.core.apology", "repair_app.content.message_rules",
                    "repair_app.content.apology_rules")


def content_key(files: Iterable[Path], modules: Iterable[str] = CHECKING_MODULES) -> str:
    """The SHA-256 of the files' bytes and of the checking modules' source (unreadable
    files hash as their names: the check then runs and says what is wrong)."""
    digest = hashlib.sha256()
    sources = [Path(spec.origin) for name in modules
               if (spec := importlib.util.find_spec(name)) is not None and spec.origin]
    for path in [*files, *sources]:
        digest.update(str(path.name).encode())
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"\0unreadable")
        digest.update(b"\0")
    return digest.hexdigest()


#: The SHA-256 of each file's bytes when it passed (at this start, or at an earlier one
#: with the same bytes and checking code): a loader that reads the same bytes may skip
#: the slow part of its check (``passed``).
_PASSED: dict[Path, str] = {}


def passed(path: Path, data: bytes) -> bool:
    """Whether ``data``, read from ``path``, is what passed validation in this process
    (``validate_once`` found or wrote its stamp)."""
    return _PASSED.get(path) == hashlib.sha256(data).hexdigest()


def _remember_passed(files: Iterable[Path]) -> None:
    for path in files:
        try:
            _PASSED[path] = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            _PASSED.pop(path, None)


def validate_once(files: Iterable[Path], validate: Callable[[], object],
                  stamp_dir: Path | None) -> bool:
    """Run ``validate`` (which raises on a malformed file) unless these exact files passed
    it before. True when it ran. ``stamp_dir`` None: always run, remember nothing.
    A stamp that can't be written only means the check runs again next time. Either way
    the files that passed are remembered for ``passed``."""
    files = list(files)
    if stamp_dir is None:
        validate()
        return True
    stamp = stamp_dir / f"content-{content_key(files)}.ok"
    if stamp.exists():
        _remember_passed(files)
        return False
    validate()
    _remember_passed(files)
    # Older stamps stay (empty files): the same bytes checked by the same code pass again,
    # and two installs sharing the cache folder don't undo each other's stamps.
    with contextlib.suppress(OSError):
        stamp_dir.mkdir(parents=True, exist_ok=True)
        stamp.touch()
        os.chmod(stamp, 0o600)
    return True
