"""The command line's own checks: paths that name something, seconds that are a number, AnkiConnect's address.

A value that fails them is a wrong command line: click reports it in one line, with exit status 2. Imports no other
lpdeck module, so every command layer may use it.
"""

from __future__ import annotations

import math
import os
import urllib.parse
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

URL_VARIABLE = "ANKICONNECT_URL"
Command = TypeVar("Command", bound=Callable[..., Any])
LONGEST_WAIT = 86_400.0  # seconds: a day; past about 10**9 the socket library cannot even represent the deadline


class PathArg(click.Path):
    """A path, never the empty string: ``""`` would quietly mean the working folder (``Path("")`` is ``.``).

    Whether it can be read is not checked here: the command says so, as it says every problem with a source, with
    exit status 1 (click's check would make an unreadable folder a wrong command line).
    """

    def __init__(self, **options: Any):
        super().__init__(readable=False, **options)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, str) and not value.strip():
            self.fail("an empty path names no file or folder", param, ctx)
        return super().convert(value, param, ctx)


if TYPE_CHECKING:  # generic from click 8.2 on; 8.1 has no subscript at run time
    _FloatType = click.ParamType[float]
else:
    _FloatType = click.ParamType


class Seconds(_FloatType):
    """A number of seconds above 0 and at most a day: ``inf`` and ``nan`` are no time to wait."""

    name = "seconds"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> float:
        try:
            seconds = float(value)
        except (TypeError, ValueError):
            self.fail(f"{value!r} is not a number of seconds", param, ctx)
        if not math.isfinite(seconds) or not 0 < seconds <= LONGEST_WAIT:
            self.fail(f"{value!r} is not a number of seconds above 0 and at most {LONGEST_WAIT:,.0f} (a day)",
                      param, ctx)
        return seconds


def url_problem(url: str) -> str | None:
    """What is wrong with an AnkiConnect address, or None: it must be http(s)://host[:port]."""
    shown = repr(url) if len(url) <= 80 else repr(url[:79] + "…")
    try:
        parts = urllib.parse.urlsplit(url)
        port = parts.port
    except ValueError as error:  # an unclosed "[", a port out of range
        return f"{shown} is not a valid address ({error}); expected one like http://127.0.0.1:8765"
    if parts.scheme not in ("http", "https") or not parts.hostname or any(char.isspace() for char in url):
        return f"{shown} is not an http:// address; expected one like http://127.0.0.1:8765"
    if port == 0:
        return f"{shown}: port 0 is no port to connect to; expected one like http://127.0.0.1:8765"
    return None


def ankiconnect_url(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """--url, or ANKICONNECT_URL when it is not given: either must be an http(s) address (else exit status 2)."""
    if value is not None:
        problem = url_problem(value)
        if problem:
            raise click.BadParameter(problem)
        return value
    from_environment = os.environ.get(URL_VARIABLE)
    if not from_environment or ctx.params.get("push_builds") is False:  # `watch` without --push reaches no Anki
        return None
    problem = url_problem(from_environment)
    if problem:
        raise click.UsageError(f"{URL_VARIABLE} (from the environment): {problem}; fix or unset it, or pass --url",
                               ctx)
    return from_environment


def ankiconnect_options(function: Command) -> Command:
    """The options that say how to reach AnkiConnect, shared by push and watch."""
    for option in reversed((
        click.option("--url", metavar="URL", callback=ankiconnect_url, help="AnkiConnect's address [env "
                     "ANKICONNECT_URL; default http://127.0.0.1:8765]."),
        click.option("--key", metavar="KEY", help="AnkiConnect's API key, if it has one [env ANKICONNECT_KEY]."),
        click.option("--timeout", type=Seconds(), default=60.0, show_default=True,
                     help="Seconds to wait for each answer from Anki."),
        click.option("--sync", is_flag=True, help="Ask Anki to sync with AnkiWeb after importing."),
    )):
        function = option(function)
    return function
