"""What the words around a number state about one field, or that they are silent or ambiguous."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Stated(Generic[T]):
    """A value the words state (``None``: unknown, the words are silent or ambiguous) and the
    character span of the words that state it, quoted in messages."""

    value: T | None
    start: int = 0
    end: int = 0
