"""Amazon's Leadership Principles and the interview levels lpdeck knows."""

LEADERSHIP_PRINCIPLES = (
    "Customer Obsession",
    "Ownership",
    "Invent and Simplify",
    "Are Right, A Lot",
    "Learn and Be Curious",
    "Hire and Develop the Best",
    "Insist on the Highest Standards",
    "Think Big",
    "Bias for Action",
    "Frugality",
    "Earn Trust",
    "Dive Deep",
    "Have Backbone; Disagree and Commit",
    "Deliver Results",
    "Strive to be Earth's Best Employer",
    "Success and Scale Bring Broad Responsibility",
)

LEVELS = ("SDE1", "SDE2", "Senior")
EVERY_LEVEL = "all"  # what the settings or --level say for every level (as saying none does)

LEVEL_LABELS = {"SDE1": "SDE I", "SDE2": "SDE II", "Senior": "Senior SDE"}

STEPS = ("situation", "task", "action", "result", "reflection")

STEP_LABELS = {
    "situation": "Situation",
    "task": "Task",
    "action": "Action",
    "result": "Result",
    "reflection": "Reflection",
}


def tag_slug(name: str) -> str:
    """Return a tag-safe form of a principle's name: "Are Right, A Lot" -> "Are_Right_A_Lot"."""
    kept = "".join(ch for ch in name if ch.isalnum() or ch == " ")
    return "_".join(kept.split())
