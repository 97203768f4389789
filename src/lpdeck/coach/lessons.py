"""Generic lessons and the words specific to a story: what the written coach's ``generic-reflection`` rule reads.

A reflection that states a lesson any story could teach, and names nothing of its own story, tells the interviewer
nothing; these are the lessons and how a story's own words are told apart from the words every story uses.
"""

from __future__ import annotations

import re

from .measure import Span, words

# Lessons that fit every story, so they tell the interviewer nothing about this one ("I learned communication is
# important - most common reflection failure. Applies to every story." - the seed pages' common mistake). Each entry
# is (name, pattern); a reflection that says one of them and nothing specific to its story is generic.
_VITAL = r"(?:important|key|crucial|critical|essential|vital)"
_TOGETHER = r"(?:teamwork|collaboration|working together)"
GENERIC_LESSONS: tuple[tuple[str, str], ...] = (
    # "communication is (really) important", "how important communication is", "communication matters"
    ("communication is important", rf"communication (?:is|was|are) (?:\w+ )?{_VITAL}|communication matters"
                                   rf"|how {_VITAL} (?:good |clear )?communication (?:is|was)"),
    ("the importance of communication or teamwork",
     r"(?:importance|value|power) of (?:good |clear |better )?(?:communication|teamwork|collaboration)"),
    ("communicate more", r"communicat\w* (?:more|better|earlier|early|clearly|often)|over-?communicat\w*"),
    ("teamwork is important", rf"{_TOGETHER} (?:is|was) (?:\w+ )?{_VITAL}|{_TOGETHER} matters"
                              rf"|how {_VITAL} {_TOGETHER} (?:is|was)"),
    ("ask for help", r"ask(?:ing)? for help"),
    ("never give up", r"never give up|not to give up|perseverance pays"),
    ("attention to detail", r"attention to detail"),
    ("time management", r"time management|manage (?:my )?time better"),
    ("plan or test better", r"(?:plan|test|document)(?:ning|ing)? (?:more|better|ahead|earlier)"),
    ("stay calm", r"stay(?:ing)? calm"),
    ("learned a lot", r"learn(?:ed|t) (?:a lot|so much|many things)"),
    ("be more proactive", r"be(?:ing)? more proactive"),
    ("hard work pays off", r"hard work pays off"),
    ("the customer comes first", r"customers? (?:always )?comes? first"),
)
_GENERIC = re.compile("|".join(f"(?:{pattern})" for _, pattern in GENERIC_LESSONS), re.IGNORECASE)


def generic_lesson(text: str) -> Span | None:
    """Where ``text`` states one of GENERIC_LESSONS (the first), or None."""
    match = _GENERIC.search(text)
    return Span(match.group(), match.start(), match.end()) if match else None


# Words that carry no story: grammar, and the words any lesson or any workplace story uses.
_COMMON_WORDS = """
a about above after again against all also am an and any are as at be because been before being below between both
but by can could did do does doing done down during each even ever every few for from further had has have having
he her here hers him his how i if in into is it its itself just let like made make many me more most much must my
myself no nor not now of off on once only or other our ours out over own same she should so some still such than
that the their them then there these they this those through to too under until up us very was we were what when
where which while who whom why will with would you your yours
able always another asked back better come could day get got great help important issue job key learn learned
learnt lesson lot next often people problem real really lot see something team teams thing things think time times
took use used way well work worked working would year years important key crucial essential vital lesson lessons
looking retrospect future instead since sure
"""
_COMMON = frozenset(_COMMON_WORDS.split())


def stem(word: str) -> str:
    """A word's rough stem, so "webhooks" meets "webhook" and "deployment" meets "deployed": its first six letters,
    lower-cased, after a plural "s" or a possessive."""
    lowered = word.lower().replace("’", "'").removesuffix("'s")
    if len(lowered) > 3 and lowered.endswith("s") and not lowered.endswith("ss"):
        lowered = lowered[:-1]
    return lowered[:6]


def content_words(text: str) -> set[str]:
    """The stems of the words of ``text`` that carry its content: no grammar, no word every story uses, no number."""
    return {stem(word.text) for word in words(text)
            if word.text.lower() not in _COMMON and not any(ch.isdigit() for ch in word.text) and len(word.text) > 2}


def specific_words(text: str, story_texts: list[str]) -> list[Span]:
    """The words of ``text`` specific to its story: content words the story's other texts use too, and that no
    generic lesson is made of."""
    story = set().union(*map(content_words, story_texts)) - _GENERIC_STEMS
    return [word for word in words(text) if word.text.lower() not in _COMMON and stem(word.text) in story]


_GENERIC_STEMS = frozenset(stem(word) for _, pattern in GENERIC_LESSONS for word in re.findall(r"[a-z]{3,}", pattern))
