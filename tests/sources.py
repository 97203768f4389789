"""Small, valid source documents for tests, written as YAML text the way an author would."""

from __future__ import annotations

from pathlib import Path

STORY = """\
story: tiny-story
title: The tiny story
overview: I fixed a drop rate nobody owned.
takeaways: [Scope boundary]
steps:
  - id: situation
    step: situation
    target: 30s
    example: I noticed a 0.3% drop rate & nobody owned it.
    phrases: [I noticed, nobody owned it]
    coaching: Keep it short.
    mistakes: Too much architecture.
  - id: result
    step: result
    target: 20s
    example: The drop rate went to zero; $8K recovered weekly.
    coaching: Quantify.
    mistakes: [Team was happy., No numbers.]
phrases:
  - id: we-vs-i
    weak: We figured it out together.
    strong: I traced the race condition.
    why: Individual contribution.
angles:
  - id: bias-for-action
    lp: Bias for Action
    lead: Lead with the zero drop rate.
    emphasize: Acting before anyone asked.
    downplay: The architecture.
"""

WALKTHROUGH = """\
walkthrough: tiny-walk
title: Tiny walk
question: Tell me about a time you <b>acted</b> fast
lp: Bias for Action
story: tiny-story
overview: A short overview with {{braces}} and emoji 🚀.
takeaways:
  - Scope boundary
probes:
  - id: slack
    question: How did you make sure the fix shipped?
    probes: Ownership
    weak: I sent a Slack message.
    weak_why: Routing, not ownership.
    strong: I brought a complete fix.
    key_phrase: A solution, not a problem.
weak_answers:
  - id: handoff
    answer: I escalated it and they fixed it.
    critique: ['"They fixed it" hides my part.', No numbers.]
    verdict: Leaning No Hire.
quiz:
  - id: ownership-phrase
    question: Which phrase signals ownership?
    options:
      a: I escalated it
      b: I brought a fix
      c: I coordinated the deploy
    answer: [b, c]
    explanation: Both show individual action.
angles:
  - id: dive-deep
    lp: Dive Deep
    lead: Lead with the logs.
    emphasize: Root cause analysis.
    downplay: Business impact.
levels:
  - id: senior
    level: Senior
    focus: Organizational thinking.
    reflection: No shared SLO.
    bar: Broader impact.
    length: 2.5-3 minutes.
"""


def write_sources(folder: Path, story: str = STORY, walkthrough: str = WALKTHROUGH) -> Path:
    """Write a story and a walkthrough into ``folder``; return the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "story.yaml").write_text(story, encoding="utf-8")
    (folder / "walk.yaml").write_text(walkthrough, encoding="utf-8")
    return folder
