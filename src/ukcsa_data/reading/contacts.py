"""Numbers that are not quantities but a clock time or a way to reach someone: "10:30am", "9pm",
"14:00" (reason ``time``); a telephone number ("0800 1111", "020 3276 3803", "call 999", "116
123"), a reference quoted to the police, a street address or a postcode (reason ``contact``).

A short number of a service (999, 101, 111, ...) is read as one only after words about calling
("call 101", "contact police on 101"): "999 calls" or "on 101 occasions" stay figures.
"""

from __future__ import annotations

import re

_SP = r"[\s\u00a0\u202f]"
_MERIDIEM = r"(?:am|pm|a\.m\.|p\.m\.)(?![A-Za-z])"
_HOUR_12 = r"(?:1[0-2]|0?[1-9])"
_HOUR_24 = r"(?:[01]?[0-9]|2[0-3])"
_HOUR_WORDS = r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)"
#: A clock time: "9pm", "10:30am", "9.30am", "14:00", "14.35 BST", "1400 GMT", "14.30 hrs", "7
#: o'clock" (not "150 hours" or "2000 hours", counts of hours).
_CLOCK = re.compile(
    rf"{_HOUR_12}(?:[:.][0-5][0-9])?{_SP}?{_MERIDIEM}"
    rf"|{_HOUR_24}:[0-5][0-9](?::[0-5][0-9])?(?![0-9:])(?:{_SP}?{_MERIDIEM})?"
    rf"|(?:[01][0-9]|2[0-3])[.]?[0-5][0-9]{_SP}?(?:GMT|BST|UTC)\b|{_HOUR_24}\.[0-5][0-9]{_SP}?(?:hrs|hours)\b"
    rf"|(?:{_HOUR_12}|{_HOUR_WORDS}){_SP}o['\u2019]clock",
    re.IGNORECASE,
)
#: A UK telephone number ("020 3276 3803", "07803 903686", "+44 20 7946 0000", "0800 1111").
_PHONE = re.compile(
    r"(?:\+?44(?:[\s\u00a0]?\(0\))?[\s\u00a0]?|0)[0-9]{2,4}(?:[\s\u00a0-]?[0-9]{3,4}){0,3}(?![0-9])"
)
#: The European helplines ("116 123", "116 000"), read as such wherever they stand.
_HELPLINE = re.compile(r"116[\s\u00a0]?[0-9]{3}(?![0-9])")
#: Short numbers of services, read as such only after words about calling.
_SHORT = re.compile(r"(?:999|101|111|112|105|119)(?![0-9]|[,.][0-9])")
_CALL = (
    r"\b(?:call(?:s|ing|ed)?|ring(?:ing)?|dial(?:ling|led)?|phon(?:e|ing)|telephone|tel|text(?:ing)?"
    r"|contact(?:ing)?|helpline|hotline|freephone|number)\b"
)
_CALL_RIGHT_BEFORE = re.compile(rf"{_CALL}\.?:?{_SP}*(?:on{_SP}+)?$", re.IGNORECASE)
_ON_BEFORE = re.compile(rf"\b(?:on|via){_SP}+$", re.IGNORECASE)
_CALL_IN = re.compile(_CALL, re.IGNORECASE)
#: Words before a reference quoted to the police: "quoting reference", "crime number", "ref:".
_REFERENCE_BEFORE = re.compile(
    rf"\b(?:quot(?:e|ing)(?:{_SP}+(?:the{_SP}+)?(?:(?:crime|incident|case){_SP}+)?"
    rf"(?:reference|ref\.?|log|number|incident|crime))?"
    rf"|reference|ref\.?|(?:crime|case|incident|log){_SP}+(?:reference{_SP}+)?(?:number|no\.?|ref\.?))"
    rf"(?:{_SP}+(?:number|no\.?))?{_SP}*:?{_SP}*$",
    re.IGNORECASE,
)
_REFERENCE = re.compile(r"[0-9A-Za-z]*[0-9](?:[/\-][0-9A-Za-z]+)*")
#: A street address: "10 Downing Street", "12a High Road".
_ADDRESS = re.compile(
    rf"[0-9]{{1,4}}[A-Za-z]?,?{_SP}+(?:[A-Z][a-z']+{_SP}+){{1,3}}(?:Street|St|Road|Rd|Lane|Avenue|Ave|Drive"
    rf"|Close|Way|Place|Square|Crescent|Gardens|Court|Terrace|Grove|Row|Walk|Mews|Parade)\b"
)
#: A postcode: "SW1A 1AA", "M1 3BE".
_POSTCODE = re.compile(r"\b[A-Z]{1,2}[0-9][A-Z0-9]?[\s\u00a0]?[0-9][A-Z]{2}\b")


def clock_time(text: str, start: int) -> int | None:
    """Where the clock time starting at ``start`` ends ("10:30am", "9pm", "14:00", "14.35 BST"), or
    None if no clock time starts there."""
    if start and (text[start - 1].isdigit() or text[start - 1] in ":."):
        return None
    found = _CLOCK.match(text, start)
    return found.end() if found else None


def _phone(text: str, start: int) -> tuple[int, int] | None:
    """A telephone number of 10 or 11 digits, or from 7 digits starting 08 ("0800 1111")."""
    at = start - 1 if start and text[start - 1] == "+" else start
    found = _PHONE.match(text, at)
    if found is None:
        return None
    digits = sum(c.isdigit() for c in found.group().replace("+44", "0", 1))
    return (at, found.end()) if 10 <= digits <= 11 or (text.startswith("08", at) and digits >= 7) else None


def _service(text: str, start: int, before: str) -> tuple[int, int] | None:
    """A helpline ("116 123"), or a short number after words about calling ("call 999")."""
    found = _HELPLINE.match(text, start)
    if found is not None:
        return start, found.end()
    found = _SHORT.match(text, start)
    called = _CALL_RIGHT_BEFORE.search(before) or (_ON_BEFORE.search(before) and _CALL_IN.search(before))
    return (start, found.end()) if found is not None and called else None


def _reference(text: str, start: int, before: str) -> tuple[int, int] | None:
    """A reference after "quoting reference", "crime number", "ref:" ("14/12345/18")."""
    found = _REFERENCE.match(text, start) if _REFERENCE_BEFORE.search(before) else None
    return (start, found.end()) if found is not None else None


def _address(text: str, start: int, line_start: int) -> tuple[int, int] | None:
    """A street address starting at ``start``, or the postcode that holds it."""
    found = _ADDRESS.match(text, start)
    if found is not None:
        return start, found.end()
    for postcode in _POSTCODE.finditer(text, max(line_start, start - 4), min(len(text), start + 9)):
        if postcode.start() <= start < postcode.end():
            return postcode.start(), postcode.end()
    return None


def contact(text: str, start: int) -> tuple[int, int] | None:
    """The span of the telephone number, reference, address or postcode that the number starting
    at ``start`` belongs to ("0800 1111", "call 999", "quoting reference 123", "10 Downing Street",
    "SW1A 1AA"), or None."""
    if start and text[start - 1].isdigit():
        return None
    line_start = text.rfind("\n", max(0, start - 80), start) + 1
    before = text[max(line_start, start - 80) : start]
    return (
        _phone(text, start)
        or _service(text, start, before)
        or _reference(text, start, before)
        or _address(text, start, line_start)
    )
