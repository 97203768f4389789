"""Hand built packages to a running Anki desktop through the AnkiConnect add-on's HTTP API (version 6)."""

from __future__ import annotations

import json
import os
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from ..build import build
from ..errors import LpdeckError
from ..ship.report import BuildReport
from ..sources.records import COMBINED
from ..sources.workspace import Workspace

DEFAULT_URL = "http://127.0.0.1:8765"
ADDON_CODE = "2055492159"
API_VERSION = 6


class AnkiConnectError(LpdeckError):
    """AnkiConnect could not be reached, refused the request, or reported an error."""


@dataclass(frozen=True)
class AnkiConnect:
    """A client of one AnkiConnect server."""

    url: str = DEFAULT_URL
    key: str | None = None
    timeout: float = 60.0

    def invoke(self, action: str, **params: object) -> object:
        """Run one action; return its result or raise AnkiConnectError with a one-line message."""
        request: dict[str, object] = {"action": action, "version": API_VERSION, "params": params}
        if self.key:
            request["key"] = self.key
        body = json.dumps(request).encode()
        http = urllib.request.Request(self.url, data=body, headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(http, timeout=self.timeout) as response:
                reply = response.read()
        except urllib.error.HTTPError as error:
            raise AnkiConnectError(f"AnkiConnect at {self.url} answered {action} with HTTP {error.code}") from None
        except TimeoutError:
            raise self._timed_out(action) from None
        except urllib.error.URLError as error:
            if isinstance(error.reason, (TimeoutError, socket.timeout)):
                raise self._timed_out(action) from None
            raise AnkiConnectError(
                f"cannot reach AnkiConnect at {self.url} ({_reason(error.reason)}): is Anki running, with the "
                f"AnkiConnect add-on ({ADDON_CODE}) installed?") from None
        except (ConnectionError, ValueError) as error:  # a reset connection, or a malformed URL
            raise AnkiConnectError(f"cannot reach AnkiConnect at {self.url}: {_reason(error)}") from None
        return self._result(action, reply)

    def _timed_out(self, action: str) -> AnkiConnectError:
        return AnkiConnectError(f"AnkiConnect at {self.url} did not answer {action} within {self.timeout:g} s "
                                "(is a dialog open in Anki?); try a larger --timeout")

    def _result(self, action: str, reply: bytes) -> object:
        try:
            answer = json.loads(reply)
        except ValueError:
            answer = None
        if not isinstance(answer, dict) or not {"result", "error"} <= answer.keys():
            raise AnkiConnectError(f"{self.url} does not answer like AnkiConnect (API version {API_VERSION})")
        error = answer["error"]
        if error is not None:
            text = shown(str(error))
            if "api key" in text.lower():
                hint = ("set --key or ANKICONNECT_KEY to the add-on's apiKey" if not self.key else
                        "check --key / ANKICONNECT_KEY against the add-on's apiKey (with none set, give no key)")
                raise AnkiConnectError(f"AnkiConnect refused the API key ({text}): {hint}")
            raise AnkiConnectError(f"AnkiConnect {action} failed: {text}{_hint(action, text)}")
        return answer["result"]


def shown(text: str, limit: int = 300) -> str:
    """Anki's own words on one line, cut short: an answer can be megabytes, which no terminal line should echo."""
    line = " ".join(text[: limit * 4].split())
    if len(line) <= limit and len(text) <= limit * 4:
        return line
    return f"{line[: limit - 1]}… ({len(text):,} characters)"


def _reason(reason: object) -> str:
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror.lower()
    return " ".join(str(reason).split()) or type(reason).__name__


def client_from(url: str | None, key: str | None, timeout: float) -> AnkiConnect:
    """A client for ``url``/``key`` as given, else the ANKICONNECT_URL/ANKICONNECT_KEY variables, else the default."""
    return AnkiConnect(url or os.environ.get("ANKICONNECT_URL") or DEFAULT_URL,
                       key or os.environ.get("ANKICONNECT_KEY") or None, timeout)


def import_package(client: AnkiConnect, package: Path) -> None:
    """Ask Anki to import ``package``; it reads the file itself, so the path is absolute."""
    result = client.invoke("importPackage", path=os.path.abspath(package))
    if result is not True:
        raise AnkiConnectError(f"AnkiConnect could not import {package} (importPackage returned "
                               f"{shown(repr(result))})")


def push(workspace: Workspace, client: AnkiConnect) -> BuildReport:
    """Build exactly as ``lpdeck build`` does, for ``deliver`` to hand to Anki.

    AnkiConnect is asked for its version first, so that an Anki that is not running, or a wrong key, fails before the
    build touches the lock or the packages.
    """
    if not workspace.everything:
        raise LpdeckError(_PART_ONLY)
    client.invoke("version")
    return build(workspace)


def _hint(action: str, text: str) -> str:
    """What to say after an action's error, when its likely cause is one the user can act on."""
    if action == "importPackage" and "No such file" in text:
        return " (Anki reads the package itself: it must run on this computer and see this path)"
    if action == "sync":
        return " (everything before it is done; log in to AnkiWeb in Anki, then sync there)"
    return ""


_PART_ONLY = ("push imports all.apkg, which only a build of whole folders writes: these sources are part of the "
              "lock's; push the folder (or build these files with `lpdeck build` and import their packages in Anki)")


def combined_package(report: BuildReport) -> Path:
    """The package holding every note of the build (a build of part of the sources has none: LpdeckError)."""
    for deck in report.decks:
        if deck.name == COMBINED:
            return deck.path
    raise LpdeckError(_PART_ONLY)
