"""Which key phrases the grammar around a blank gives away: those are never blanked, only highlighted.

A key-phrases card blanks a phrase and asks the learner to say it. The blank is worth a card only if the words around
it do not already say what goes in. Grammar gives a phrase away when it is made of

- function words only (pronouns, articles, prepositions, auxiliaries, conjunctions, "not": "not mine", "it was"),
  which the sentence's structure dictates; or
- a subject pronoun and its verb, nothing after it ("I traced", "nobody had asked", "I didn't ask"): the rest of the
  sentence holds the verb's object ("[...] the failure to a race condition"), which calls for a subject and a verb,
  and the subject is the speaker. A phrase that goes on ("nobody owned it", "I took ownership") is a clause of its
  own, which its sentence does not dictate.

Every other phrase holds a word the context does not dictate (a number, a noun, an adjective, a second verb) and is
blanked. The rule reads the words alone, with no tagger: a word is a function word when it is in the closed list below
(English grammar's closed classes), and the verb of a pronoun-led phrase is its one word outside them, last.
A phrase not blanked still shows highlighted on the Read and Drill cards: nothing the author wrote is dropped.
"""

from __future__ import annotations

import re

_SUBJECT_WORDS = "i we you he she they it nobody somebody someone everyone everybody anyone no-one"
_CLOSED_CLASSES = """
    me my mine myself us our ours ourselves your yours yourself him his himself her hers herself its itself them their
    theirs themselves this that these those what which who whom whose one ones nothing something anything everything
    a an the some any no every each all both either neither another such
    in on at to from of for with by about into onto over under out up down off through after before between across
    against within without upon as than like per via
    and or but so if because when while then nor yet
    am is are was were be been being have has had having do does did done will would shall should can could may might
    must not never 'll 've 'd 's 're 'm n't ca wo sha
    """
_SUBJECTS = frozenset(_SUBJECT_WORDS.split())
_FUNCTION_WORDS = _SUBJECTS | frozenset(_CLOSED_CLASSES.split())
_WORD = re.compile(r"[\w'’]+(?:-[\w'’]+)*")


def _words(phrase: str) -> list[str]:
    """The phrase's words, lower-cased, contractions split as grammar reads them ("didn't": "did", "n't")."""
    words = []
    for word in (found.replace("’", "'").lower() for found in _WORD.findall(phrase)):
        if word.endswith("n't"):
            words += [word[:-3], "n't"]
        elif "'" in word:
            stem, _, ending = word.partition("'")
            words += [stem, "'" + ending]
        else:
            words.append(word)
    return words


def _content(word: str) -> bool:
    """A word the grammar does not dictate: not in the closed classes (a number always counts as content)."""
    return word not in _FUNCTION_WORDS


def guessable_reason(phrase: str) -> str | None:
    """Why grammar gives ``phrase`` away as a blank ("function words only", "a pronoun and its verb"), or None."""
    words = _words(phrase)
    content = [index for index, word in enumerate(words) if _content(word)]
    if not content:
        return "function words only"
    if words[0] in _SUBJECTS and content == [len(words) - 1]:
        return "a pronoun and its verb"
    return None


def blankable(phrases: list[str]) -> list[str]:
    """The phrases a key-phrases card blanks: those grammar does not give away, in the author's order."""
    return [phrase for phrase in phrases if guessable_reason(phrase) is None]
