"""``python -m lpdeck``."""

from .cli import run

run()
