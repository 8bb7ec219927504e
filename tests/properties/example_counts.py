"""Every property really runs its examples: settings that scale the active profile's count, and a
decorator that fails a property whose strategy rejects too many."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from hypothesis import settings


def thorough_at_most(examples: int) -> settings:
    """Settings running at most ``examples`` (the ci profile's fewer are kept): for a property
    whose each example validates a whole generated package (about 0.1 s on a shared 2-core
    machine), so that the thorough profile of the property families stays under 15 minutes
    (measured: docs/testing.md). Each use says in its docstring why the count covers
    the property's space."""
    return settings(max_examples=min(examples, settings().max_examples))


def scaled(fraction: float, minimum: int = 10) -> settings:
    """Settings running ``fraction`` of the active profile's examples (for the slowest properties)."""
    return settings(max_examples=max(minimum, int(settings().max_examples * fraction)))


RUNS: dict[str, int] = {}


def runs_its_examples(minimum_fraction: float = 0.9, at_least: int | None = None) -> Callable[[Any], Any]:
    """Fail a passing property that ran fewer than ``minimum_fraction`` of its ``max_examples``
    (or, for a property whose whole input space may be tiny, fewer than ``at_least``).

    Put above ``@given``: wraps the inner test to count the examples that ran to the end (not
    rejected by ``assume`` or a filter), and checks the count once the property has passed.
    """

    def decorate(test: Any) -> Any:
        name = test.__qualname__
        inner = test.hypothesis.inner_test

        @functools.wraps(inner)
        def counting(*args: Any, **kwargs: Any) -> Any:
            result = inner(*args, **kwargs)
            RUNS[name] = RUNS.get(name, 0) + 1
            return result

        test.hypothesis.inner_test = counting

        @functools.wraps(test)
        def checked(*args: Any, **kwargs: Any) -> None:
            RUNS[name] = 0
            test(*args, **kwargs)
            wanted = getattr(test, "_hypothesis_internal_use_settings", settings()).max_examples
            wanted = at_least if at_least is not None else minimum_fraction * wanted
            assert RUNS[name] >= wanted, (
                f"{name} ran only {RUNS[name]} of {wanted} examples: its strategy rejects too many"
            )

        return checked

    return decorate
