"""Page event handlers that several features set: chain them instead of overwriting."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any


def chain_handler(existing: Callable[..., Any] | None, ours: Callable[[Any], None], *,
                  first: bool = False) -> Callable[[Any], Any]:
    """Add our handler to one another feature may already have set (sync or async)."""
    if existing is None:
        return ours
    if inspect.iscoroutinefunction(existing):

        async def both_async(e: Any) -> Any:
            if first:
                ours(e)
            result = await existing(e)
            if not first:
                ours(e)
            return result

        return both_async

    def both(e: Any) -> Any:
        if first:
            ours(e)
        result = existing(e)
        if not first:
            ours(e)
        return result

    return both
