"""A bounded memo of a pure function of one argument, read as a plain dict: `memo[key]`."""

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Memo(dict, Generic[K, V]):
    """`memo[key]` is `function(key)`, worked out on the first lookup only.

    For the per-cell lookups of a parse (every cell of every report): a hit is a dict lookup in C, a
    third of the cost of calling an lru_cache. It is emptied when it holds `limit` entries, so that a
    build of many reports keeps its memory bounded."""

    def __init__(self, function: Callable[[K], V], limit: int) -> None:
        super().__init__()
        self.function, self.limit = function, limit

    def __missing__(self, key: K) -> V:
        if len(self) >= self.limit:
            self.clear()
        value = self[key] = self.function(key)
        return value
