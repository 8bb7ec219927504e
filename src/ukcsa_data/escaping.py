"""The one escaping function for everything printed from a package, in every output format.

A printed string may come from a stranger's package (a cell value, a field name, a file name, a
JSON key), so nothing in it may change what a reader or a terminal sees: no line break that starts a
forged line, no ANSI escape, no bidi control that reorders the text, no invisible character.

The rule. ``escape`` replaces each *unsafe* character by ``\\uXXXX`` (``\\U00XXXXXX`` above the
Basic Multilingual Plane) and leaves every other character, the backslash included, as it is. A
character is unsafe when its Unicode general category is ``Cc`` (control, C0, DEL and C1), ``Cf``
(format: bidi controls, zero-width characters, soft hyphen, word joiner, U+FEFF, U+180E, tag
characters), ``Cs`` (a lone surrogate), ``Co`` (private use), ``Cn`` (unassigned), ``Zl``, ``Zp``
or ``Zs`` other than U+0020 (the space), which is exactly what ``str.isprintable`` refuses; or when
it is one of the other default-ignorable code points of Unicode (``IGNORABLE``: combining grapheme
joiner, Hangul fillers, Khmer inherent vowels, Mongolian free variation selectors, variation
selectors) or U+2800 (the blank Braille pattern, which looks like a space).

Because the output of ``escape`` holds only safe characters and backslashes are left alone,
``escape(escape(s)) == escape(s)``: it is safe to apply to every printed string, even one that
already holds escaped values. Quoted values (``validation.problems.show``) double each backslash
before escaping, so inside quotes ``\\\\`` is a backslash and ``\\uXXXX`` always an escaped
character; in unquoted names (paths, field names) a backslash stands for itself.

Importing this module also registers the codec error handler ``ERRORS`` ("ukcsa-escape"), which
writes a character that an output encoding (such as ASCII) cannot encode in the same ``\\uXXXX``
form, so that output survives any stdout encoding.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

#: The Unicode general categories whose characters are printed escaped (and Zs, except U+0020).
UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp", "Zs"})

#: Default-ignorable code points (Unicode's DerivedCoreProperties) whose category is not unsafe,
#: and the blank Braille pattern: (first, last) ranges.
IGNORABLE = (
    (0x034F, 0x034F),  # combining grapheme joiner
    (0x115F, 0x1160),  # Hangul choseong and jungseong fillers
    (0x17B4, 0x17B5),  # Khmer inherent vowels
    (0x180B, 0x180F),  # Mongolian free variation selectors (and U+180E, which is Cf)
    (0x2800, 0x2800),  # Braille pattern blank
    (0x3164, 0x3164),  # Hangul filler
    (0xFE00, 0xFE0F),  # variation selectors
    (0xFFA0, 0xFFA0),  # halfwidth Hangul filler
    (0xE0100, 0xE01EF),  # variation selectors supplement
)

_IGNORABLE_RE = re.compile("[" + "".join(f"{chr(a)}-{chr(b)}" for a, b in IGNORABLE) + "]")

#: The name of the codec error handler that escapes what an encoding cannot encode.
ERRORS = "ukcsa-escape"


#: Names of control characters that messages name (unicodedata has no name for them).
CONTROL_NAMES = {
    "\t": "CHARACTER TABULATION",
    "\n": "LINE FEED",
    "\r": "CARRIAGE RETURN",
    "\x00": "NULL",
    "\x1b": "ESCAPE",
}


def char_name(char: str) -> str:
    """``U+XXXX NAME`` of one character, for messages."""
    return f"U+{ord(char):04X} {CONTROL_NAMES.get(char) or unicodedata.name(char, 'CONTROL CHARACTER')}"


def is_ignorable(char: str) -> bool:
    """Whether ``char`` is a default-ignorable code point outside the unsafe categories (``IGNORABLE``)."""
    return bool(_IGNORABLE_RE.match(char))


def unsafe(char: str) -> bool:
    """Whether ``char`` is printed escaped (see the module's rule)."""
    if char == " ":
        return False
    return unicodedata.category(char) in UNSAFE_CATEGORIES or bool(_IGNORABLE_RE.match(char))


def escaped_char(char: str) -> str:
    """``char`` as ``\\uXXXX`` (or ``\\U00XXXXXX`` above U+FFFF)."""
    code = ord(char)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def escape(text: str) -> str:
    """``text`` with every unsafe character written as ``\\uXXXX``; idempotent."""
    if text.isprintable() and not _IGNORABLE_RE.search(text):
        return text
    return "".join(escaped_char(char) if unsafe(char) else char for char in text)


def _escape_unencodable(error: UnicodeError) -> tuple[str, int]:
    """Codec error handler: what the encoding cannot encode, in the ``\\uXXXX`` form."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    return "".join(escaped_char(c) for c in error.object[error.start : error.end]), error.end


codecs.register_error(ERRORS, _escape_unencodable)
