"""A real `python -m lpdeck watch` subprocess whose output the tests wait for, with bounded waits."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"


# `python -m lpdeck`, with Ctrl-C raising KeyboardInterrupt as it does in a terminal. A test run started in the
# background (`cmd &` in a script) ignores SIGINT, Python keeps an ignored SIGINT ignored, and the watcher would
# never hear the test's Ctrl-C.
_LPDECK_WITH_CTRL_C = ("import runpy, signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); "
                       "sys.argv[0] = 'lpdeck'; runpy.run_module('lpdeck', run_name='__main__', alter_sys=True)")


class WatchProcess:
    """`lpdeck watch ARGS` in ``cwd``; its stdout and stderr lines are collected as they come."""

    def __init__(self, cwd: Path, *args: str) -> None:
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")]),
               "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen([sys.executable, "-c", _LPDECK_WITH_CTRL_C, "watch", "--port", "0", *args],
                                        cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.stdout: list[str] = []
        self.stderr: list[str] = []
        self._readers = [threading.Thread(target=self._read, args=(stream, lines), daemon=True)
                         for stream, lines in ((self.process.stdout, self.stdout), (self.process.stderr, self.stderr))]
        for reader in self._readers:
            reader.start()

    @staticmethod
    def _read(stream, lines: list[str]) -> None:
        for line in stream:
            lines.append(line.rstrip("\n"))

    def wait_for(self, what: Callable[[], object], description: str, timeout: float = 20) -> object:
        """Poll ``what`` until it returns something true; fail after ``timeout`` seconds with the output so far."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = what()
            if found:
                return found
            if self.process.poll() is not None:
                break
            time.sleep(0.05)
        raise AssertionError(f"no {description} within {timeout} s; stdout={self.stdout} stderr={self.stderr}")

    def wait_for_line(self, pattern: str, *, err: bool = False, after: int = 0) -> str:
        """The first line (from index ``after``) of stdout, or stderr, matching the regular expression ``pattern``."""
        lines = self.stderr if err else self.stdout
        found = self.wait_for(lambda: next((line for line in lines[after:] if re.search(pattern, line)), None),
                              f"line matching {pattern!r} on {'stderr' if err else 'stdout'}")
        return str(found)

    @property
    def url(self) -> str:
        return re.search(r"http://127\.0\.0\.1:\d+/", self.wait_for_line(r"^preview on http://127\.0\.0\.1:\d+/"))[0]

    def interrupt(self, timeout: float = 10) -> int:
        """Ctrl-C: send SIGINT and return the exit status."""
        self.process.send_signal(signal.SIGINT)
        code = self.process.wait(timeout)
        for reader in self._readers:
            reader.join(timeout)
        return code

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
