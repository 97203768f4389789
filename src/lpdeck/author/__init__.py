"""Authoring: ``lpdeck init`` (a workspace), ``lpdeck new`` (a scaffold) and ``lpdeck import`` (pages into sources).

May import ``lpdeck.errors``, ``lpdeck.sources`` and ``lpdeck.ship`` (atomic writes); not ``lpdeck.loop``.
"""
