"""Shared fixtures: the CLI, fresh Anki collections (the official ``anki`` library) and built decks."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

# anki.collection must be imported before anki.cards (the library's own import order).
from anki.collection import Collection, ImportAnkiPackageOptions, ImportAnkiPackageRequest
from anki.import_export_pb2 import ImportAnkiPackageUpdateCondition
from click.testing import CliRunner
from playwright.sync_api import sync_playwright

from browser_support import CHROMIUM, LAUNCH_ARGS
from lpdeck.cards.notetypes import NOTETYPES
from lpdeck.cli import main
from regen_support import Project

REPO = Path(__file__).resolve().parent.parent
DECKS = REPO / "decks"
BANK = REPO / "tests" / "bank"  # a user's bank of seven stories and sixteen walkthroughs, laid out as decks/ is
IF_NEWER = ImportAnkiPackageUpdateCondition.IMPORT_ANKI_PACKAGE_UPDATE_CONDITION_IF_NEWER
# note types made only for a bank of two or more stories (the choice between them): one story never ships them
BANK_ONLY = {"which-story-2", "which-story", "story-for-lp"}
# a Coaching card is made only for a step whose example is still a placeholder (issue 24: the Read card teaches it)
EXAMPLE_KINDS = {kind for kind in NOTETYPES if kind not in BANK_ONLY | {"coaching"}}


def run_cli(*args: str):
    """Run ``lpdeck ARGS`` in-process; return click's Result (exit_code, stdout, stderr)."""
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def import_package(col: Collection, apkg: Path):
    """Import ``apkg`` with Anki's default options; return the import log."""
    options = ImportAnkiPackageOptions(
        merge_notetypes=False, update_notes=IF_NEWER, update_notetypes=IF_NEWER,
        with_scheduling=False, with_deck_configs=False,
    )
    response = col.import_anki_package(ImportAnkiPackageRequest(package_path=str(apkg), options=options))
    col.models._clear_cache()
    return response.log


@pytest.fixture
def collection(tmp_path):
    """A fresh, empty Anki collection."""
    folder = tmp_path / "anki"
    folder.mkdir()
    col = Collection(str(folder / "collection.anki2"))
    yield col
    col.close()


@pytest.fixture
def project_here(tmp_path, monkeypatch) -> Project:
    """A small source tree (regen_support), its root the working folder, as a user runs lpdeck."""
    project = Project(tmp_path / "project")
    monkeypatch.chdir(project.root)
    return project


@pytest.fixture
def small_disk(tmp_path):
    """A real 1 MiB tmpfs (mounted as root): writes to it fail with ENOSPC once it is full (tests fill it first)."""
    mount = tmp_path / "small"
    mount.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(mount)], check=True)
    yield mount
    subprocess.run(["umount", str(mount)], check=True)


def fill_disk(folder: Path, leave: int) -> None:
    """Fill the file system of ``folder`` until only about ``leave`` bytes are free."""
    stats = os.statvfs(folder)
    free = stats.f_bavail * stats.f_frsize
    with open(folder / "filler", "wb") as filler:
        filler.write(b"\0" * max(0, free - leave))


@pytest.fixture
def decks_copy(tmp_path) -> Path:
    """A private copy of the repository's decks/ (with its lock), safe to edit and build."""
    target = tmp_path / "decks"
    shutil.copytree(DECKS, target)
    return target


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, launched once per test session (never downloaded: a missing browser fails the tests)."""
    if not CHROMIUM.exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium (apt-get install chromium) "
                    "or point LPDECK_CHROMIUM at a Chromium executable", pytrace=False)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield launched
        launched.close()


def _built(tmp_path_factory, sources: Path, name: str) -> Path:
    """``sources`` copied into a decks/ folder of their own and built (with a lock of their own); the dist/ folder."""
    root = tmp_path_factory.mktemp(name)
    shutil.copytree(sources, root / "decks")
    result = run_cli("build", str(root / "decks"), "-o", str(root / "dist"))
    assert result.exit_code == 0, result.output
    return root / "dist"


@pytest.fixture(scope="session")
def built_decks(tmp_path_factory) -> Path:
    """The repository's decks built once per session into a temporary dist/ folder; returns that folder."""
    return _built(tmp_path_factory, DECKS, "built")


@pytest.fixture(scope="session")
def built_bank(tmp_path_factory) -> Path:
    """tests/bank built once per session into a temporary dist/ folder; returns that folder."""
    return _built(tmp_path_factory, BANK, "bank")


@pytest.fixture
def ankiconnect(tmp_path):
    """A running 'Anki' with AnkiConnect: an HTTP server importing into a collection of its own (the anki library)."""
    from ankiconnect_server import FakeAnkiConnect

    folder = tmp_path / "anki"
    folder.mkdir()
    Collection(str(folder / "collection.anki2")).close()
    server = FakeAnkiConnect(folder / "collection.anki2")
    yield server
    server.close()
