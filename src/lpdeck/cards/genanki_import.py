"""genanki, imported without asyncio: every module of lpdeck takes genanki from here.

genanki takes ``cached_property`` from the PyPI backport of that name, whose module imports asyncio for properties
that are coroutines. genanki has none (``Model._req`` and ``Note.cards`` are plain), and importing asyncio costs a
build of the five samples a sixth of its time. So while genanki is first imported, ``import cached_property`` finds
the standard library's ``functools.cached_property``, which caches a plain property in the instance's ``__dict__``
the same way; the stand-in is taken back out at once, so nothing else is handed it.
"""

from __future__ import annotations

import functools
import sys
import types

_stand_in = None
if "genanki" not in sys.modules and "cached_property" not in sys.modules:
    _stand_in = types.ModuleType("cached_property", "functools.cached_property, for genanki's import")
    _stand_in.cached_property = functools.cached_property  # type: ignore[attr-defined]
    sys.modules["cached_property"] = _stand_in
try:
    import genanki as genanki
finally:
    if _stand_in is not None:
        del sys.modules["cached_property"]
