"""An installed lpdeck, not this checkout: the wheel `pip install .` builds carries everything `init` and a build need."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> dict[str, str]:
    """lpdeck's wheel, built from this checkout and installed alone into a folder of its own; its environment."""
    root = tmp_path_factory.mktemp("wheel")
    # from the files git tracks, as a fresh clone has them: a checkout's build/ may hold files the sources no longer do
    clone = root / "clone"
    tracked = subprocess.run(["git", "ls-files", "-z", "pyproject.toml", "README.md", "src"], cwd=REPO,
                             capture_output=True, text=True, check=True).stdout.split("\0")
    for name in filter(None, tracked):
        (clone / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(REPO / name, clone / name)
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(root / "wheels"), str(clone)],
                   check=True, capture_output=True)
    (wheel,) = (root / "wheels").glob("lpdeck-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    sources = {name.removeprefix("src/") for name in tracked if name.startswith("src/lpdeck/")}
    assert sources <= set(names)  # every module, template, scaffold and example file; nothing else of lpdeck's
    assert {name for name in names if name.startswith("lpdeck/")} == sources
    subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(root / "site"),
                    str(wheel)], check=True, capture_output=True)
    # the dependencies come from this environment; lpdeck itself only from the installed wheel
    return {**os.environ, "PYTHONPATH": str(root / "site"), "PATH": f"{root / 'site' / 'bin'}{os.pathsep}"
            f"{os.environ['PATH']}", "PYTHONSAFEPATH": "1"}


def _lpdeck(env: dict[str, str], cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["lpdeck", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120,
                          check=False)


def test_the_installed_command_is_the_wheels(installed, tmp_path):
    found = subprocess.run([sys.executable, "-c", "import lpdeck; print(lpdeck.__file__)"], cwd=tmp_path, env=installed,
                           capture_output=True, text=True, check=True)
    assert Path(found.stdout.strip()).is_relative_to(Path(installed["PYTHONPATH"]))
    assert _lpdeck(installed, tmp_path, "--version").stdout.startswith("lpdeck, version ")


def test_init_from_the_wheel_outside_the_repository_then_work_from_a_subfolder(installed, tmp_path):
    assert not tmp_path.resolve().is_relative_to(REPO)
    made = _lpdeck(installed, tmp_path, "init", "bank", "--example")
    assert made.returncode == 0, made.stderr
    bank = tmp_path / "bank"
    assert (bank / "schema" / "lpdeck.schema.json").is_file() and (bank / ".gitignore").is_file()
    assert (bank / "decks" / "stories" / "webhook-drops.yaml").read_bytes() == \
        (REPO / "decks" / "stories" / "webhook-drops.yaml").read_bytes()
    here = bank / "decks" / "stories"
    checked = _lpdeck(installed, here, "check")
    assert (checked.returncode, checked.stdout) == (0, "ok: 5 walkthroughs, 1 story; 0 problems, 0 warnings, 0 open placeholders\n"), checked.stderr
    built = _lpdeck(installed, here, "build")
    assert built.returncode == 0, built.stderr
    assert sorted(p.name for p in (bank / "dist").glob("*.apkg")) == sorted(
        ["all.apkg", *(p.stem + ".apkg" for p in (REPO / "decks").glob("*.yaml"))])
    new = _lpdeck(installed, here, "new", "story", "my-story")
    assert new.returncode == 0 and (here / "my-story.yaml").is_file(), new.stderr
    assert _lpdeck(installed, here, "check").returncode == 0
