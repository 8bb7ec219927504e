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

Two more functions, one per kind of reader, build on ``escape``:

- ``neutralise_commands``, for every output that a CI log holds (text, JSON, the summary line of the
  ``github`` format, stderr): GitHub's runner executes a line that holds ``##[`` anywhere (its
  first form of workflow command, such as ``##[error]`` or ``##[add-mask]``) or starts with ``::``
  after blanks (its second form, such as ``::error::`` or ``::stop-commands::``). The function
  writes ``##[`` as ``#\\u0023[`` and such a leading ``:`` as ``\\u003a``, in the same ``\\uXXXX``
  form (inside a JSON string the value then holds that text, as it holds an escaped line break).
- ``markdown_text``, for a package value written into GitHub-flavoured Markdown (the ``diff``
  summary, generated docs): the value shows as the same plain text when rendered, and nothing in it
  becomes markup (see its docstring).
- ``page_text``, for a package value on a web page (``ukcsa-data site``, whose template engine then
  escapes ``& < > " '``): see its docstring.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

#: The Unicode general categories whose characters are printed escaped (and Zs, except U+0020).
#: A C0 or C1 control character or a line or paragraph separator: what no cell may hold (the CSV
#: reader's rule, and ``add-source``'s for the cells it writes).
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
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


#: The Unicode categories of a character invisible in a cell: format (Cf: a byte order mark, a
#: zero-width space, a bidi control), private use (Co) and lone surrogates (Cs).
INVISIBLE_CATEGORIES = frozenset({"Cf", "Co", "Cs"})


def is_hidden(char: str, categories: frozenset[str]) -> bool:
    """Whether ``char`` is in one of ``categories``, default-ignorable (a Hangul filler, a
    variation selector, the blank Braille pattern...), in the tag block, or a noncharacter."""
    code = ord(char)
    return (
        unicodedata.category(char) in categories
        or is_ignorable(char)
        or 0xE0000 <= code <= 0xE0FFF
        or 0xFDD0 <= code <= 0xFDEF
        or code & 0xFFFE == 0xFFFE
    )


def is_invisible(char: str) -> bool:
    """Whether ``char`` is invisible in a cell or a seed (:func:`is_hidden` in
    :data:`INVISIBLE_CATEGORIES`): what layer 5 finds in a number and layer 7 in a cell."""
    return is_hidden(char, INVISIBLE_CATEGORIES)


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


# --- workflow commands of a CI log -----------------------------------------------------------------

#: GitHub's runner reads its first form of workflow command wherever ``##[`` stands in a line.
COMMAND_PREFIX = "##["
#: ... and its second form on a line that starts with ``::`` (after blanks, which it trims).
_LEADING_COLONS = re.compile(r"(?:\A|(?<=[\r\n]))([^\S\r\n]*):(?=:)")


def neutralise_commands(text: str) -> str:
    """``text`` with no line that GitHub's runner executes as a workflow command: ``##[`` written
    ``#\\u0023[`` wherever it stands, and the first ``:`` of a line (its text after a CR or LF, or
    the start) that starts with ``::`` after blanks written ``\\u003a``. Idempotent."""
    if COMMAND_PREFIX not in text and "::" not in text:
        return text
    text = text.replace(COMMAND_PREFIX, "#\\u0023[")
    return _LEADING_COLONS.sub(lambda match: match.group(1) + "\\u003a", text)


def for_log(text: str) -> str:
    """``text`` as every format that a CI log holds prints it: escaped (``escape``), then with no
    workflow command (``neutralise_commands``). Idempotent."""
    return neutralise_commands(escape(text))


def for_json(node: object) -> object:
    """A JSON value with each key and string escaped for a log (``for_log``); numbers, booleans and
    null as they are."""
    if isinstance(node, str):
        return for_log(node)
    if isinstance(node, list | tuple):
        return [for_json(item) for item in node]
    if isinstance(node, dict):
        return {for_log(str(key)): for_json(value) for key, value in node.items()}
    return node


# --- GitHub-flavoured Markdown ---------------------------------------------------------------------

#: Characters that start markdown or a GitHub link: each written with a backslash (ASCII
#: punctuation, so GFM shows the character itself), or as an HTML entity; a ``:`` only before
#: ``/`` (an autolink's ``://``) or ``:`` (a workflow command's ``::``).
_MARKDOWN_SPECIAL = re.compile(r"[\\`*_~\[\]!|$#@&<>:]")
_MARKDOWN_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
#: GitHub links mentions (``@name``), issue references (``#12``) and emoji codes (``:name:``) in
#: the rendered text, where markdown escapes no longer apply: a zero-width space after the ``@``,
#: ``#`` or ``:`` that a name follows breaks them (written as its entity, so that the markdown
#: itself holds no invisible character).
_ZERO_WIDTH_SPACE = "&#8203;"
_NAME_START = re.compile(r"\w|[+-]")
#: A bare ``www.`` is an autolink: its dot is written escaped.
_WWW_DOT = re.compile(r"(?i)(?<=www)\.")
#: What starts a block at the start of a line: a list item or a setext underline (``-``, ``+``,
#: ``=``), an ordered list item (``1. `` or ``1) ``, a number and a space: ``1.5`` is none).
_LEADING_SIGN = re.compile(r"\A[-+=]")
_LEADING_NUMBER = re.compile(r"\A(\d{1,9})([.)])(?= |\Z)")
_EDGE_SPACES = re.compile(r"\A +| +\Z")


def _markdown_char(match: re.Match[str]) -> str:
    char, after = match.group(), match.string[match.end() : match.end() + 1]
    if char == ":":
        shown = "\\:" if after in ("/", ":") else ":"
    else:
        shown = _MARKDOWN_ENTITIES.get(char) or "\\" + char
    return shown + _ZERO_WIDTH_SPACE if char in "@#:" and _NAME_START.match(after) else shown


def markdown_text(text: str) -> str:
    """``text`` (a package value) for GitHub-flavoured Markdown, as plain text wherever it stands:
    a table cell, a list item, a heading, a line of its own.

    ``escape`` first (a line break becomes ``\\u000a``, so the value stays on its line and in
    its cell); then every character that could start markup is written so that GFM shows the
    character itself: ``\\ ` * _ ~ [ ] ! | $ # @``, and ``:`` before ``/`` or ``:``, with a
    backslash (code, emphasis, strikethrough, links, images, footnotes, table borders, math,
    headings, autolinks such as ``https://``, mentions) and ``& < >`` as entities (HTML,
    entities, ``<autolinks>``, quotes); a zero-width space (``&#8203;``) after an ``@``, ``#`` or
    ``:`` that a letter, digit, ``_``, ``+`` or ``-`` follows (GitHub's mentions, emails, issue
    references and emoji codes, which it finds in the rendered text); the dot of ``www.``
    escaped; a leading ``-``, ``+`` or ``=``, and the ``.`` or ``)`` of a leading ``1. ``, kept
    from starting a list; leading and trailing spaces as ``&#32;``, kept from being trimmed. The
    result holds no workflow command (``neutralise_commands`` changes nothing in it): ``##[``
    becomes ``\\#\\#\\[`` and a leading ``::`` becomes ``\\::``.

    Rendered, the value reads exactly as ``escape(text)`` (with the zero-width spaces): no tag,
    link, image, mention or cell border comes from it."""
    shown = _MARKDOWN_SPECIAL.sub(_markdown_char, escape(text))
    shown = _WWW_DOT.sub(r"\\.", shown)
    shown = _LEADING_NUMBER.sub(r"\1\\\2", _LEADING_SIGN.sub(r"\\\g<0>", shown))
    return _EDGE_SPACES.sub(lambda match: "&#32;" * len(match.group()), shown)


# --- web pages -------------------------------------------------------------------------------------


def page_text(text: str) -> str:
    """``text`` (a package value, or one line of an article) for a web page: as ``escape``, except
    that a space separator (category Zs: the no-break, thin or figure space that groups a number's
    thousands) is kept, since a browser shows it as a space; a bidi control, an invisible or
    control character (a line break too: the site splits an article into lines first) is shown as
    ``\\uXXXX``. The site's template engine then escapes HTML's own characters. Idempotent."""
    if text.isprintable() and not _IGNORABLE_RE.search(text):
        return text
    return "".join(
        escaped_char(char) if unsafe(char) and unicodedata.category(char) != "Zs" else char for char in text
    )
