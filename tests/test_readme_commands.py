"""The README's commands: .ci/run runs the test command verbatim, and both install into a virtual environment."""

from __future__ import annotations

import os
import re
import subprocess
import sys
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
        assert "python3 -m venv --clear .venv && .venv/bin/python -m pip install" in command
        assert "python3 -m pip" not in command and "--break-system-packages" not in command
    assert "/.venv/" in (REPO / ".gitignore").read_text(encoding="utf-8").splitlines()


def _venv_step() -> str:
    """How both README commands make the virtual environment (the same way)."""
    steps = {re.search(r"python3 -m venv [^&]*", command)[0].strip() for command in readme_commands()}
    assert len(steps) == 1
    return steps.pop()


def _run_with_python3(step: str, interpreter: str, folder: Path) -> subprocess.CompletedProcess[str]:
    """Run ``step`` in ``folder`` with ``interpreter`` as the python3 first on the PATH; then ask the venv's python."""
    bin_dir = folder / "python3-first"
    bin_dir.mkdir(exist_ok=True)
    (bin_dir / "python3").write_text(f'#!/bin/sh\nexec "{interpreter}" "$@"\n', encoding="utf-8")  # as a pyenv shim
    (bin_dir / "python3").chmod(0o755)
    env = {name: value for name, value in os.environ.items() if not name.startswith(("PYTHON", "VIRTUAL_ENV"))}
    env["PATH"] = f"{bin_dir}{os.pathsep}{env.get('PATH', '')}"
    subprocess.run(["sh", "-c", step], cwd=folder, env=env, check=True, timeout=120)
    return subprocess.run([str(folder / ".venv" / "bin" / "python"), "-c", "import ssl, sys; print(sys.version)"],
                          check=False, env=env, capture_output=True, text=True, timeout=60)


def test_the_venv_step_run_again_with_another_python3_leaves_a_working_venv(tmp_path):
    # Debian's python3 beside the one running the tests (pyenv's, here): a venv made by one and then by the other over
    # it kept the first one's python with the second one's standard library, and `import ssl` failed.
    step, this_one = _venv_step(), os.path.realpath(sys._base_executable)
    other = "/usr/bin/python3"
    if Path(other).is_file() and not os.path.samefile(other, this_one):
        first = _run_with_python3(step, other, tmp_path)
        assert first.returncode == 0, first.stderr
    else:  # one Python on this machine: leave a venv whose interpreter is gone, as one from another machine would be
        assert _run_with_python3(step, this_one, tmp_path).returncode == 0
        config = tmp_path / ".venv" / "pyvenv.cfg"
        config.write_text(re.sub(r"(?m)^home = .*$", "home = /nowhere/bin", config.read_text(encoding="utf-8")))
    again = _run_with_python3(step, this_one, tmp_path)
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip() == sys.version
