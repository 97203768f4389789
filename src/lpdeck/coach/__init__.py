"""Coaching the telling: measures of a text (``measure``), shared by the written rules ``lpdeck check`` applies to a
story's strong examples and by the spoken report of ``lpdeck rehearse``.

May import ``lpdeck.errors`` and ``lpdeck.sources`` (the records it judges), and ``lpdeck.cards.lengths`` alone of the
cards stage: a level's length is read from its text exactly as the Tell-it card reads it, so check and card agree.
"""
