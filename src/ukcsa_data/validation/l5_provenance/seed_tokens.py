"""A seed's numeric tokens, held as two arrays of offsets."""

from __future__ import annotations

from array import array
from collections.abc import Iterator, Sequence

from ukcsa_data.text.tokens import Token


class SeedTokens(Sequence[Token]):
    """A seed's numeric tokens held as two arrays of offsets (8 bytes a token, or 16 in a text of
    4 Gi characters or more) instead of a list of ``Token`` objects (about 150 bytes each): a
    token is made, its text sliced from the seed, when it is asked for."""

    __slots__ = ("_text", "ends", "starts")

    def __init__(self, text: str, spans: Sequence[tuple[int, int]]) -> None:
        """The tokens at ``spans`` ((start, end) in order, as :func:`numeric_spans` finds them)."""
        typecode = "I" if len(text) < 1 << 32 else "q"
        self._text = text
        self.starts: array[int] = array(typecode, [start for start, _ in spans])
        self.ends: array[int] = array(typecode, [end for _, end in spans])

    def __len__(self) -> int:
        return len(self.starts)

    def __getitem__(self, index: int) -> Token:  # type: ignore[override]
        start, end = self.starts[index], self.ends[index]
        return Token(start, end, self._text[start:end])

    @classmethod
    def of(cls, text: str, starts: array[int], ends: array[int]) -> SeedTokens:
        """The tokens at ``starts`` and ``ends`` of ``text`` (as an earlier ``SeedTokens`` of the
        same text found them)."""
        tokens = cls(text, ())
        tokens.starts, tokens.ends = starts, ends
        return tokens

    def __iter__(self) -> Iterator[Token]:
        text = self._text
        for start, end in zip(self.starts, self.ends, strict=True):
            yield Token(start, end, text[start:end])
