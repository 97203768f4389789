"""The daily loop: the preview page and its server, watch, push to Anki, and the plan to the interview date.

May import ``lpdeck.build`` and every stage before it (``sources``, ``cards``, ``ship``); not ``lpdeck.author``.
"""
