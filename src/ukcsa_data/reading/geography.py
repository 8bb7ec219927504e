"""The areas the words name, from the package's code list of areas (``dataset/areas.csv``): their
names and the aliases the press uses ("Britain", "the North West", "Thames Valley Police").

Bad: geography ``UK`` for "police in England and Wales recorded ...". Good: ``England and Wales``.

A phrase is matched as whole words, longest first ("Greater Manchester", not "Manchester"), with
its words capitalised as a name ("the North West", not "north west of the city"); "UK" in any case
("Uk-based") but not inside an address (".co.uk"). An area that is part of a name ("NHS England",
"Bank of England", "Prince of Wales", "New South Wales") is not read, and a sentence that takes
the figure beyond any area ("worldwide", "overseas") states none.

A sentence naming one area states it for each of its numbers (one naming more than eight areas
states none). Where it names several, a number
takes the one area of its own clause ("Merseyside recorded 70 offences and Cheshire 45"), unless
that clause holds areas listed together ("in Merseyside and Cheshire"); otherwise it is unknown. A
police force ("Thames Valley Police") states its area only for its own count ("Thames Valley
Police arrested 50 people") or for a count of its own clause that it is the agent of ("17 people
were arrested by West Mercia Police", "offences recorded by Derbyshire police rose by 13 per cent"),
not for a number it comments on ("Police Scotland said ...").
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from itertools import pairwise

from ukcsa_data.reading.stated import Stated
from ukcsa_data.reading.text import Span, between_breaks
from ukcsa_data.reading.vocabulary import Vocabulary, bundled_vocabulary

#: A capitalised word (or "X of (the)", "X for") right before an area makes it part of a name:
#: "NHS England", "Bank of England", "Prince of Wales", "Commissioner for England".
_NAME_WORD = re.compile(r"[A-Z][\w'’]*")
#: Capitalised words that open a sentence or a phrase, not a name: "In England and Wales, ...".
_NOT_A_NAME = frozenset(
    [
        "In",
        "Across",
        "Throughout",
        "Within",
        "For",
        "From",
        "To",
        "The",
        "And",
        "Of",
        "All",
        "Over",
        "Under",
        "By",
        "At",
        "On",
        "Both",
        "While",
        "Whereas",
        "But",
        "Only",
        "Including",
        "Outside",
        "Inside",
        "Between",
        "Than",
        "Like",
    ]
)
_NAME_AFTER = re.compile(r"\s+[A-Z][a-z]")
#: Words of an area's name that may be written in lower case ("Yorkshire and the Humber",
#: "Derbyshire police").
_LOWER_WORDS = frozenset(
    ["and", "of", "the", "upon", "on", "in", "across", "uk", "u.k", "police", "constabulary"]
)
_WORD = re.compile(r"[^\W\d_][\w.'’]*")
#: Words that take a figure beyond any one area ("worldwide", "overseas") or to a whole country
#: left unnamed ("both on Merseyside and nationally"): the sentence's area may not be the figure's.
_BEYOND = re.compile(
    r"\b(?:worldwide|globally|international(?:ly)?|overseas|abroad|(?:across|around)\s+the\s+world"
    r"|nationally|nationwide|across\s+the\s+country|country-?wide)\b",
    re.IGNORECASE,
)
#: Words before a comparison point ("compared with 417 arrests in 2009/10", "up from 15"): a number
#: after them takes no area from the rest of the sentence.
_COMPARISON = re.compile(
    r"\b(?:compared\s+(?:with|to)|up\s+from|down\s+from|(?<!more\s)(?<!fewer\s)(?<!less\s)than)\b",
    re.IGNORECASE,
)
#: "from" before an area: where someone or something comes from ("David, from Norfolk, ..."), not
#: necessarily where the figure is.
_FROM = re.compile(r"\bfrom\s+(?:the\s+)?$", re.IGNORECASE)
#: A sentence naming more areas than this attaches none to its numbers (and costs little to read).
MOST_AREAS = 8
#: Where a clause ends: a comma or other stop, a conjunction, a comparison.
_CLAUSE_BREAK = re.compile(
    r"[,;:()\u2013\u2014](?!\d)|\s-\s|\b(?:and|but|while|whilst|whereas|compared|than|up\s+from|down\s+from)\b",
    re.IGNORECASE,
)
#: What joins areas listed together ("Merseyside and Cheshire", "Kent, Essex or Sussex").
_LIST_GAP = re.compile(r"\s*(?:,|&|\band\b|\bor\b|\bnor\b|\bas\s+well\s+as\b)?\s*(?:the\s+)?", re.IGNORECASE)
#: The words between a force and its own count: "Kent Police (has) recorded (more than) 500".
_OWN_COUNT = re.compile(
    r"\s+(?:(?:has|have|had)\s+)?(?:recorded|arrested|made|received|charged|identified|safeguarded|"
    r"investigated|seized|conducted|executed|handled|issued|carried\s+out|dealt\s+with)"
    r"(?:\s+(?:a\s+total\s+of|more\s+than|over|almost|nearly|around|about|at\s+least|some))?\s+$",
    re.IGNORECASE,
)

#: The words before a force that make it the agent of a count: "(17 people were) arrested by".
_AGENT = re.compile(
    r"\b(?:recorded|arrested|logged|detained|charged|identified|safeguarded|seized|investigated)"
    r"\s+by\s+(?:the\s+)?$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class AreaMention:
    """Words naming an area: the areas they can mean, where they stand, and whether they attach
    to a number only in a narrow way (a police force: its own count; "from" an area: never)."""

    areas: frozenset[str]
    start: int
    end: int
    force: bool
    origin: bool = False
    agent: bool = False


def _in_a_name(text: str, start: int, end: int) -> bool:
    before = text[max(0, start - 40) : start]
    if before[-1:].isspace():
        words = before.split()
        if words[-2:-1] in (["of"], ["for"]) and words[-1:] == ["the"]:
            words = words[:-2]
        elif words[-1:] in (["of"], ["for"]):
            words = words[:-1]
        if words and _NAME_WORD.fullmatch(words[-1]) and words[-1] not in _NOT_A_NAME:
            return True
    return bool(_NAME_AFTER.match(text, end))


def _capitalised(words: str) -> bool:
    """Whether every word of a matched area is written as a name (a capital), but for the small
    words of a name ("and", "of", "the") and "uk"."""
    return all(w[0].isupper() or w.lower().rstrip(".") in _LOWER_WORDS for w in _WORD.findall(words))


#: How many distinct spellings of area names a vocabulary remembers (a hostile text cannot grow it).
_KNOWN_LIMIT = 10_000


def _known(vocabulary: Vocabulary) -> dict[str, tuple[frozenset[str], bool] | None]:
    """Matched words -> (the areas they name, whether they name a police force), or None where
    they are not written as a name; filled as words are met (a few hundred distinct at most)."""
    return {}


def _names_as_written(vocabulary: Vocabulary) -> frozenset[str]:
    """The areas' names exactly as the code list writes them ("West Midlands police force area"),
    which name their area however they are capitalised."""
    return frozenset(area.area for area in vocabulary.areas)


def mentions(
    text: str, span: Span, vocabulary: Vocabulary | None = None, limit: int | None = None
) -> list[AreaMention]:
    """Every phrase naming an area in ``span``, in order (not one that is part of a name); only
    the first ``limit`` if given."""
    vocabulary = vocabulary or bundled_vocabulary()
    found: list[AreaMention] = []
    matcher, known = vocabulary.area_matcher, vocabulary.built(_known)
    for match in matcher.finditer(text, span.start, span.end):
        words = match.group()
        if words in known:
            info = known[words]
        else:
            as_a_name = _capitalised(words) or words in vocabulary.built(_names_as_written)
            info = (vocabulary.areas_named(words), vocabulary.is_force(words)) if as_a_name else None
            if len(known) < _KNOWN_LIMIT:
                known[words] = info
        if info is None or _in_a_name(text, match.start(), match.end()):
            continue
        origin = _FROM.search(text, max(0, match.start() - 12), match.start()) is not None
        agent = info[1] and _AGENT.search(text, max(0, match.start() - 20), match.start()) is not None
        found.append(AreaMention(info[0], match.start(), match.end(), info[1], origin, agent))
        if len(found) == limit:
            break
    return found


def named(text: str, span: Span, vocabulary: Vocabulary | None = None) -> list[Stated[str]]:
    """Every area named in ``span``, in order (each area a phrase can mean)."""
    return [
        Stated(area, m.start, m.end) for m in mentions(text, span, vocabulary) for area in sorted(m.areas)
    ]


def _one(found: list[AreaMention]) -> AreaMention | None:
    """The first of ``found`` if all of them name the same area (or the same areas, "West
    Midlands")."""
    return found[0] if len({m.areas for m in found}) == 1 else None


def _own_count(text: str, force: AreaMention, start: int) -> bool:
    """Whether the number at ``start`` is the force's own count: "Kent Police recorded 500"."""
    return force.end <= start and bool(_OWN_COUNT.fullmatch(text, force.end, start))


def _listed(text: str, found: list[AreaMention]) -> set[int]:
    """The starts of the areas that stand together with another in a list ("in Merseyside and
    Cheshire")."""
    starts: set[int] = set()
    for first, second in pairwise(found):
        if _LIST_GAP.fullmatch(text, first.end, second.start) is not None:
            starts.update((first.start, second.start))
    return starts


def _compared_without_area(text: str, sentence: Span, found: list[AreaMention], start: int) -> bool:
    """Whether the number at ``start`` is a comparison point ("compared with 417 arrests") whose
    own words, from the comparison on, name no area."""
    last = None
    for match in _COMPARISON.finditer(text, sentence.start, start):
        last = match
    if last is None:
        return False
    after = _COMPARISON.search(text, start, sentence.end)
    stop = after.start() if after is not None else sentence.end
    return not any(last.start() <= m.start and m.end <= stop for m in found)


def _clause(text: str, sentence: Span, found: list[AreaMention], start: int, end: int) -> Span:
    """The clause of ``sentence`` holding ``start:end``: cut at stops, conjunctions and comparisons
    outside the words naming an area ("England and Wales" is one name)."""
    starts = [m.start for m in found]

    def outside_a_name(match: re.Match[str]) -> bool:
        before = bisect_right(starts, match.start()) - 1
        return before < 0 or match.start() >= found[before].end

    breaks = filter(outside_a_name, _CLAUSE_BREAK.finditer(text, sentence.start, sentence.end))
    return between_breaks(breaks, sentence, start, end)


def areas_of(
    text: str, sentence: Span, found: list[AreaMention], start: int, end: int
) -> Stated[frozenset[str]]:
    """The areas the words attach to the number at ``start:end`` (one, or those one phrase can
    mean: "West Midlands"), from ``found``, the sentence's first ``MOST_AREAS + 1`` area mentions:
    the area the sentence names, or, where it names several, the area of the number's own clause;
    unknown otherwise, or where the sentence takes the figure beyond any area ("worldwide",
    "overseas")."""
    if not found or len(found) > MOST_AREAS or _BEYOND.search(text, *sentence):
        return Stated(None)
    if _compared_without_area(text, sentence, found, start):
        return Stated(None)
    own = [m for m in found if m.force and _own_count(text, m, start)]
    if not own and any(m.agent for m in found):
        clause = _clause(text, sentence, found, start, end)
        own = [m for m in found if m.agent and clause.start <= m.start and m.end <= clause.end]
    places = [m for m in found if not (m.force or m.origin)] + own
    if not places:
        return Stated(None)
    one = _one(places if own else found)
    if one is None:
        listed = _listed(text, found)
        clause = _clause(text, sentence, found, start, end)
        inside = [m for m in found if clause.start <= m.start and m.end <= clause.end]
        if inside and not any((m.force and m not in own) or m.origin or m.start in listed for m in inside):
            one = _one(inside)
    return Stated(None) if one is None else Stated(one.areas, one.start, one.end)


def one_area(areas: Stated[frozenset[str]]) -> Stated[str]:
    """The area of ``areas`` if the words name just one, else unknown."""
    if areas.value is None or len(areas.value) != 1:
        return Stated(None)
    return Stated(next(iter(areas.value)), areas.start, areas.end)
