"""`lpdeck push --by DATE`: plan for the cards Anki still has as new, and set the LP Interview decks' new cards a day.

The decks get a preset of lpdeck's own (PRESET), cloned from the one the "LP Interview" deck uses, and reused on later
pushes; the user's other presets, Default above all, are never changed. Presets are Anki's legacy deck-config JSON,
as AnkiConnect's getDeckConfig/saveDeckConfig pass them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..cards.compile import ROOT_DECK
from .plan import Plan, make_plan, plan_lines, today
from .push import AnkiConnect, AnkiConnectError, shown

PRESET = "lpdeck: LP Interview"
DEFAULT_PRESET = 1  # Anki's Default preset
# the deck and its sub-decks, less the cards of retired notes (push suspends them), and not the deck "LP Interview
# (retired, delete me)" where earlier releases put the retired notes a collection had never held
_DECKS = f'deck:"{ROOT_DECK}" -is:suspended'


@dataclass(frozen=True)
class Setting:
    """One option lpdeck's preset sets: its name in Anki, where the JSON keeps it, and its value for a plan."""

    label: str
    path: tuple[str, ...]
    value: Callable[[Plan, Any], Any]  # (the plan, the current value) → the value to set
    why: str = ""  # said when the value changes


SETTINGS = (
    Setting("new cards/day", ("new", "perDay"), lambda plan, now: plan.per_day if plan.cards else now),
    Setting("maximum reviews/day", ("rev", "perDay"), lambda plan, now: max(now, plan.review_limit),
            "raised so that the busiest day's reviews and new cards fit: Anki counts new cards against this limit"),
    # Anki plays every sound of a side as it shows, {{tts}} too, unless the preset says not to: no template can
    Setting("play audio automatically", ("autoplay",), lambda plan, now: False,
            "off: a back's Listen button speaks only when tapped"),
)


def plan_in_anki(client: AnkiConnect, by: date, *, now: date | None = None) -> list[str]:
    """Plan for the LP Interview cards Anki still has as new, set lpdeck's preset to it; return what to print."""
    new = len(_list(client.invoke("findCards", query=f"{_DECKS} is:new"), "findCards"))
    met = len(_list(client.invoke("findCards", query=f"{_DECKS} -is:new"), "findCards"))
    plan = make_plan(new, now or today(), by)
    return plan_lines(plan, met) + set_preset(client, plan)


def set_preset(client: AnkiConnect, plan: Plan) -> list[str]:
    """Put the LP Interview decks on lpdeck's preset (made if none) and set it to ``plan``; say what changed."""
    decks = [name for name in _list(client.invoke("deckNames"), "deckNames")
             if name == ROOT_DECK or name.startswith(f"{ROOT_DECK}::")]
    if ROOT_DECK not in decks:
        raise AnkiConnectError(f'Anki has no deck "{ROOT_DECK}" to set new cards a day for')
    in_use = {deck: _preset_of(client, deck) for deck in decks}
    ours = next((preset for preset in in_use.values() if _is_ours(preset)), None)
    if ours is None:
        source = in_use[ROOT_DECK]
        preset_id = client.invoke("cloneDeckConfigId", name=PRESET, cloneFrom=source["id"])
        if not isinstance(preset_id, int) or isinstance(preset_id, bool):
            raise AnkiConnectError(f'AnkiConnect could not copy the preset "{source["name"]}" (cloneDeckConfigId '
                                   f"returned {shown(repr(preset_id))})")
        lines = [f'made preset "{PRESET}", a copy of "{source["name"]}" (the preset {ROOT_DECK} used)']
    else:
        preset_id = ours["id"]
        lines = [f'updated preset "{PRESET}"']
    moving = [deck for deck in decks if in_use[deck]["id"] != preset_id]
    if moving:
        if client.invoke("setDeckConfigId", decks=moving, configId=preset_id) is not True:
            raise AnkiConnectError(f'AnkiConnect could not move the {ROOT_DECK} decks to the preset "{PRESET}"')
        lines += [f'moved {deck} to it (from "{in_use[deck]["name"]}")' for deck in moving]
    preset = _preset_of(client, ROOT_DECK)  # lpdeck's, as Anki now holds it
    if preset["id"] != preset_id:
        raise AnkiConnectError(f'{ROOT_DECK} is not on the preset "{PRESET}" after setDeckConfigId')
    changes = [_apply(setting, preset, plan) for setting in SETTINGS]
    changed = any(before != after for _, before, after in changes)
    if changed and client.invoke("saveDeckConfig", config=preset) is not True:
        raise AnkiConnectError(f'AnkiConnect could not save the preset "{PRESET}" (saveDeckConfig)')
    lines += [f"{setting.label}: {_shown(before)} → {_shown(after)}{f' ({setting.why})' if setting.why else ''}"
              if before != after else f"{setting.label}: {_shown(after)} (unchanged)"
              for setting, before, after in changes]
    # Anki (v3 scheduler) applies the limits of the deck clicked on, its sub-decks' counting towards them
    return [*lines, f'study from the "{ROOT_DECK}" deck itself: its limits then hold for its sub-decks together']


def _shown(value: Any) -> str:
    return {True: "on", False: "off"}.get(value, str(value)) if isinstance(value, bool) else str(value)


def _apply(setting: Setting, preset: dict[str, Any], plan: Plan) -> tuple[Setting, Any, Any]:
    """Set one option in ``preset``; return it with its value before and after."""
    *parents, key = setting.path
    holder = preset
    for name in parents:
        holder = holder[name]
    before = holder[key]
    holder[key] = setting.value(plan, before)
    return setting, before, holder[key]


def _is_ours(preset: dict[str, Any]) -> bool:
    return bool(preset["name"] == PRESET and preset["id"] != DEFAULT_PRESET)


def _preset_of(client: AnkiConnect, deck: str) -> dict[str, Any]:
    preset = client.invoke("getDeckConfig", deck=deck)
    if not isinstance(preset, dict) or not {"id", "name", "new", "rev"} <= preset.keys():
        raise AnkiConnectError(f"AnkiConnect getDeckConfig gave no preset for the deck {deck!r}: {shown(repr(preset))}")
    return preset


def _list(result: object, action: str) -> list[Any]:
    if not isinstance(result, list):
        raise AnkiConnectError(f"AnkiConnect {action} returned {shown(repr(result))}, not a list")
    return result
