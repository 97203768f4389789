"""Coaching the telling: measures of a text (``measure``), shared by the written rules ``lpdeck check`` applies to a
story's strong examples and by the spoken report of ``lpdeck rehearse``.

May import ``lpdeck.errors`` and ``lpdeck.sources`` (the records it judges), and of the cards stage only
``lpdeck.cards.lengths`` and ``lpdeck.cards.numbers``: a level's length and a result's numbers are read from the text
exactly as the Tell-it card reads them, so check, rehearse and card agree.
"""
