"""Reading sources: the workspace they are in (and its settings), YAML with positions, the schema, validation into
records, and their messages.

Imports nothing of lpdeck but ``lpdeck.errors``: every later stage may import it.
"""
