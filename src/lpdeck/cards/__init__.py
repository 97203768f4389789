"""Making cards: validated sources become notes (pure, no I/O), with their note types, templates and card text.

May import ``lpdeck.errors`` and ``lpdeck.sources``.
"""
