"""The README's commands: .ci/run runs the test command verbatim, and both install into a virtual environment."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def readme_commands() -> list[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    quickstart = readme.split("## Quickstart", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.*?)\n```", quickstart, re.DOTALL)


def test_ci_runs_the_readme_test_command_verbatim():
    commands = readme_commands()
    assert len(commands) == 2
    assert commands[1] in (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()


def test_the_readme_commands_install_into_a_virtual_environment_not_the_system_python():
    # Debian's own python3 refuses `pip install` outside a virtual environment (PEP 668: externally managed)
    for command in readme_commands():
        assert "python3 -m venv .venv && .venv/bin/python -m pip install" in command
        assert "python3 -m pip" not in command and "--break-system-packages" not in command
    assert "/.venv/" in (REPO / ".gitignore").read_text(encoding="utf-8").splitlines()
