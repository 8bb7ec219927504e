"""A Datasette plugin, registered by ukcsa-data's ``datasette`` entry point, so that Datasette
installed beside ukcsa-data answers a wrong address with its 404 page rather than a 500.

Why: frictionless needs typer, which needs rich; Datasette prints every error with
``rich.get_console().print_exception()`` when rich can be imported, and rich raises
``ValueError`` when no exception is being handled, which is the case for a page not found. No
version of rich or Datasette avoids it (rich 13 to 15 and Datasette 0.64 to 1.0a behave alike),
so pinning rich cannot fix it. This wrapper runs each error handler inside an ``except`` block
for the exception it reports, which is all rich needs; nothing else changes.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from typing import Any

from datasette import hookimpl  # type: ignore[import-untyped,import-not-found,unused-ignore]
from datasette.utils import await_me_maybe  # type: ignore[import-untyped,import-not-found,unused-ignore]


def _inside_except(result: Any, exception: BaseException) -> Callable[[], Any]:
    async def handle() -> Any:
        try:
            raise exception
        except type(exception):
            return await await_me_maybe(result)

    return handle


@hookimpl(hookwrapper=True)  # type: ignore[misc,untyped-decorator,unused-ignore]
def handle_exception(datasette: Any, request: Any, exception: BaseException) -> Generator[None, Any, None]:
    outcome = yield
    outcome.force_result([_inside_except(result, exception) for result in outcome.get_result()])
