"""Shipping: the lock, the ``.apkg`` packages, the build record, atomic files and the two-process writer.

May import ``lpdeck.errors``, ``lpdeck.sources`` and ``lpdeck.cards``.
"""
