"""lpdeck: compile Leadership Principle interview walkthroughs into Anki decks."""

__version__ = "0.1.0"
