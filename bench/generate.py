"""Write a realistic benchmark corpus: stories and walkthroughs in the real source format, every note kind, ~N notes.

Each group is one story (5 STAR steps, 6 phrases, 4 probes = 15 items) and four walkthroughs of 25 items each
(overview, 5 probes, 2 weak answers, 8 quiz questions, 5 angles, the first for the question's own principle, 4
levels); a size counts these items (lpdeck makes more notes of them: three per step, one per level text, a Tell-it per
walkthrough, two "Which story" per principle). Written the way decks/ is: block scalars
for long texts, a few lists, Markdown in a few fields, ``$``, ``%``, ``&`` and quotes here and there. Texts are drawn
from a fixed vocabulary with a seeded RNG, so the same size always gives the same bytes; every text is distinct.

    python bench/generate.py 10k            # -> bench/out/corpus-10k/
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"
STORY_NOTES = 5 + 6 + 4
WALKTHROUGH_NOTES = 1 + 5 + 2 + 8 + 5 + 4
WALKTHROUGHS_PER_STORY = 4
GROUP_NOTES = STORY_NOTES + WALKTHROUGHS_PER_STORY * WALKTHROUGH_NOTES

PRINCIPLES = (
    "Customer Obsession", "Ownership", "Invent and Simplify", "Are Right, A Lot", "Learn and Be Curious",
    "Hire and Develop the Best", "Insist on the Highest Standards", "Think Big", "Bias for Action", "Frugality",
    "Earn Trust", "Dive Deep", "Have Backbone; Disagree and Commit", "Deliver Results",
    "Strive to be Earth's Best Employer", "Success and Scale Bring Broad Responsibility",
)
STEPS = (("situation", "30s"), ("task", "20s"), ("action", "90s"), ("result", "20s"), ("reflection", "15s"))
LEVELS = ("SDE1", "SDE2", "Senior")
WORDS = [
    "webhook", "drop", "rate", "platform", "team", "payment", "notification", "service", "alert", "ticket",
    "scope", "incomplete", "information", "assignment", "investigate", "fix", "problem", "weekly", "revenue",
    "loss", "estimate", "owner", "boundary", "nobody", "asked", "ownership", "proactively", "logs", "monitoring",
    "system", "traced", "failure", "race", "condition", "retry", "logic", "reproduced", "locally", "root", "cause",
    "minimal", "safely", "dead", "letter", "queue", "pull", "request", "coordinated", "engineers", "deploy",
    "deployment", "metric", "delta", "business", "impact", "second", "order", "effect", "adoption", "pattern",
    "standard", "template", "reliability", "reflection", "retrospect", "proposed", "shared", "visibility", "cross",
    "team", "health", "delayed", "detection", "interviewer", "candidate", "contribution", "individual", "concrete",
    "steps", "quantify", "translate", "value", "memorable", "concise", "architecture", "details", "interest",
    "context", "escalated", "handed", "off", "follow", "up", "confirm", "measure", "opportunity", "demonstrate",
    "verdict", "competent", "hire", "bar", "raiser", "signal", "initiative", "decision", "judgment", "risk",
    "reversible", "mitigate", "communicated", "leadership", "customer", "latency", "throughput", "outage",
    "incident", "pager", "rotation", "dashboard", "budget", "cost", "frugal", "simplify", "invent", "data",
    "analysis", "hypothesis", "experiment", "rollout", "canary", "rollback", "migration", "schema", "database",
    "cache", "queue", "consumer", "producer", "backlog", "priority", "stakeholder", "manager", "mentor", "junior",
    "senior", "principal", "review", "design", "document", "trade", "off", "deadline", "launch", "feature",
    "regression", "test", "coverage", "flaky", "pipeline", "build", "release", "quarter", "roadmap", "goal",
    "milestone", "estimate",
]
OPENERS = ("I", "I", "I", "We", "The team", "My manager", "Our customers", "The service", "Nobody", "Then I")
VERBS = ("noticed", "traced", "measured", "proposed", "wrote", "reviewed", "escalated", "shipped", "owned", "reduced",
         "found", "rebuilt", "questioned", "documented", "automated", "simplified", "challenged", "verified")


class Texts:
    """A seeded source of distinct sentences."""

    def __init__(self, seed: int):
        self.random = random.Random(seed)
        self.seen: set[str] = set()

    def _words(self, count: int) -> str:
        return " ".join(self.random.choice(WORDS) for _ in range(count))

    def sentence(self, low: int = 8, high: int = 18) -> str:
        while True:
            words = self._words(self.random.randint(low, high))
            body = f"{self.random.choice(OPENERS)} {self.random.choice(VERBS)} the {words}"
            roll = self.random.random()
            if roll < 0.08:
                body += f", saving ${self.random.randint(2, 90)}K a week"
            elif roll < 0.14:
                body += f", from {self.random.randint(1, 9)}.{self.random.randint(0, 9)}% to zero"
            elif roll < 0.18:
                body += " & the on-call load fell"
            elif roll < 0.22:
                body += f" - '{self._words(3)}' was the phrase"
            if body not in self.seen:
                self.seen.add(body)
                return body + "."

    def paragraph(self, sentences: int) -> str:
        return " ".join(self.sentence() for _ in range(sentences))

    def marked(self, sentences: int) -> str:
        """A paragraph that now and then carries Markdown emphasis, as authors add it."""
        text = self.paragraph(sentences)
        if self.random.random() < 0.15:
            words = text.split(" ")
            at = self.random.randrange(1, len(words) - 1)
            words[at] = f"**{words[at]}**"
            text = " ".join(words)
        return text

    def short(self) -> str:
        return self.sentence(3, 7)

    def example(self, step: str, target: str) -> str:
        """A strong example as ``lpdeck check`` coaches it: said within its target at 150 words a minute (sentences
        of at most 18 words), "I" acting in the Action, a number in the Result."""
        sentences = [self.sentence(6, 10) for _ in range(max(1, int(target.removesuffix("s")) * 150 // 60 // 18))]
        if step == "action":
            sentences = [next(("I" + sentence[len(opener):] for opener in OPENERS if sentence.startswith(f"{opener} ")),
                              sentence) for sentence in sentences]
        if step == "result":
            sentences[-1] = sentences[-1][:-1] + f", from {self.random.randint(1, 9)}% to zero."
        return " ".join(sentences)


def _phrases_of(t: Texts, example: str, count: int) -> list[str]:
    """Key phrases as authors pick them: a few words of the example, each as it stands there."""
    words = example.split(" ")
    phrases: list[str] = []
    while len(phrases) < count:
        at, size = t.random.randrange(len(words)), t.random.randint(2, 4)
        phrase = " ".join(words[at:at + size]).strip(".,;*")
        if phrase and phrase[0].isalnum() and " " in phrase and phrase not in phrases:
            phrases.append(phrase)
    return phrases


def _block(key: str, text: str, indent: str) -> str:
    return f"{indent}{key}: >-\n{indent}  {text}\n"


def _list(key: str, texts: list[str], indent: str) -> str:
    return f"{indent}{key}:\n" + "".join(f"{indent}  - >-\n{indent}    {t}\n" for t in texts)


def _probe(t: Texts, ident: str) -> str:
    return (f"  - id: {ident}\n"
            f"    question: {t.short()[:-1]}?\n"
            f"    probes: {t.short()}\n"
            f"    weak: {t.sentence(4, 9)}\n"
            f"    weak_why: {t.sentence(4, 9)}\n"
            + _block("strong", t.marked(2), "    ")
            + f"    key_phrase: {t.short()}\n")


def story(t: Texts, sid: str) -> str:
    out = [f"# Generated by bench/generate.py\nstory: {sid}\ntitle: Story {sid} about {t._words(4)}\nsteps:\n"]
    for name, target in STEPS:
        example = t.example(name, target)
        phrases = _phrases_of(t, example, t.random.randint(3, 6))
        out.append(f"  - id: {name}\n    step: {name}\n    target: {target}\n"
                   + _block("example", example, "    ")
                   + "    phrases:\n" + "".join(f"      - {p}\n" for p in phrases)
                   + _list("coaching", [t.paragraph(2) for _ in range(t.random.randint(2, 5))], "    ")
                   + _list("mistakes", [t.sentence() for _ in range(t.random.randint(1, 4))], "    "))
    out.append("phrases:\n")
    for index in range(6):
        out.append(f"  - id: phrase-{index + 1}\n    weak: {t.sentence(4, 8)}\n    strong: {t.sentence(6, 12)}\n"
                   + (_block("why", t.sentence(), "    ") if index % 3 else ""))
    out.append("probes:\n")
    out += [_probe(t, f"shared-probe-{index + 1}") for index in range(4)]
    return "".join(out)


def walkthrough(t: Texts, wid: str, sid: str, lp: str) -> str:
    out = [f"# Generated by bench/generate.py\nwalkthrough: {wid}\ntitle: Walkthrough {wid}\n"
           f"question: Tell me about a time you {t._words(6)}\nlp: {lp}\nstory: {sid}\n"
           f"overview: |-\n  {t.paragraph(3)}\n\n  {t.paragraph(4)}\n"
           f"takeaways:\n" + "".join(f"  - {t.short()[:-1]}\n" for _ in range(3))]
    out.append("probes:\n")
    out += [_probe(t, f"probe-{index + 1}") for index in range(5)]
    out.append("weak_answers:\n")
    for index in range(2):
        out.append(f"  - id: weak-{index + 1}\n" + _block("answer", t.paragraph(4), "    ")
                   + _list("critique", [t.sentence() for _ in range(t.random.randint(3, 5))], "    ")
                   + _block("verdict", t.paragraph(2), "    "))
    out.append("quiz:\n")
    for index in range(8):
        options = "".join(f"      {key}: {t.sentence(4, 10)[:-1]}\n" for key in "abcd")
        answer = t.random.choice(["b", "a", "c", "d", "[a, c]"])
        out.append(f"  - id: quiz-{index + 1}\n    question: {t.short()[:-1]}?\n    options:\n{options}"
                   f"    answer: {answer}\n" + _block("explanation", t.paragraph(2), "    "))
    out.append("angles:\n")
    # an angle for the question's own principle first, as `lpdeck check` asks, then four others
    for index, angle_lp in enumerate([lp, *t.random.sample([p for p in PRINCIPLES if p != lp], 4)]):
        out.append(f"  - id: angle-{index + 1}\n    lp: \"{angle_lp}\"\n" + _block("lead", t.paragraph(2), "    ")
                   + f"    emphasize: {t.sentence(5, 10)}\n    downplay: {t.sentence(3, 8)}\n")
    out.append("levels:\n")
    for index in range(4):
        out.append(f"  - id: level-{index + 1}\n    level: {LEVELS[index % 3]}\n"
                   + _block("focus", t.sentence(), "    ") + _block("reflection", t.paragraph(2), "    ")
                   + f"    bar: {t.sentence(4, 9)}\n    length: Keep to {2 + index % 2} minutes.\n")
    return "".join(out)


def parse_size(text: str) -> int:
    text = text.strip().lower()
    return int(float(text[:-1]) * 1000) if text.endswith("k") else int(text)


def generate(notes: int, target: Path) -> tuple[int, int]:
    """Write about ``notes`` notes of sources under ``target`` (replacing it); return (files, notes) written."""
    groups = max(1, round(notes / GROUP_NOTES))
    if target.exists():
        shutil.rmtree(target)
    (target / "stories").mkdir(parents=True)
    texts = Texts(seed=notes)
    files = 0
    for group in range(groups):
        sid = f"story-{group + 1:04d}"
        (target / "stories" / f"{sid}.yaml").write_text(story(texts, sid), encoding="utf-8")
        files += 1
        for index in range(WALKTHROUGHS_PER_STORY):
            wid = f"walk-{group + 1:04d}-{index + 1}"
            lp = PRINCIPLES[(group * WALKTHROUGHS_PER_STORY + index) % len(PRINCIPLES)]
            (target / f"{wid}.yaml").write_text(walkthrough(texts, wid, sid, lp), encoding="utf-8")
            files += 1
    return files, groups * GROUP_NOTES


SAMPLES = Path(__file__).resolve().parent.parent / "decks"  # the five sample walkthroughs: the "samples" size


def corpus(size: str) -> Path:
    """Return the corpus folder for ``size`` ("10k"; "samples": the repository's decks/), generating it if missing."""
    if size == "samples":
        return SAMPLES
    target = OUT / f"corpus-{size}"
    if not (target / "stories").is_dir():
        generate(parse_size(size), target)
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="+", help="note counts, like 1k 10k 50k")
    args = parser.parse_args()
    for size in args.sizes:
        files, notes = generate(parse_size(size), OUT / f"corpus-{size}")
        print(f"{OUT / f'corpus-{size}'}: {files} files, {notes} notes")


if __name__ == "__main__":
    main()
