"""Hand a build to a running Anki: import all.apkg, retire there what the lock retired, and ask for a sync."""

from __future__ import annotations

from ..ship import lock_json
from ..ship.report import BuildReport
from .push import AnkiConnect, combined_package, import_package
from .retire import after_import, before_import


def deliver(client: AnkiConnect, report: BuildReport) -> list[str]:
    """Import the build's combined package into Anki, then retire there what the lock retired; return what to say."""
    package = combined_package(report)
    # the lock the build left, read again only when the build found nothing changed and did not read it
    retirement = before_import(client, report.lock or lock_json.read(report.lock_path))
    import_package(client, package)
    return [f"pushed {package} to Anki at {client.url}", *after_import(client, retirement)]


def ask_sync(client: AnkiConnect) -> str:
    """Ask Anki to sync with AnkiWeb; what to say (the add-on answers before any sync, so none can be confirmed)."""
    client.invoke("sync")
    return "asked Anki to sync with AnkiWeb (AnkiConnect cannot confirm a sync: Anki shows it, or asks you to log in)"
