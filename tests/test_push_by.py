"""`lpdeck push --by DATE` against an AnkiConnect-compatible server backed by a real collection: lpdeck's own preset."""

from __future__ import annotations

import math
from datetime import date

import pytest
from anki.collection import Collection
from click.testing import CliRunner

from ankiconnect_server import FakeAnkiConnect
from lpdeck.cli import main
from lpdeck.loop import plan as plan_module
from lpdeck.loop.preset import PRESET
from lpdeck.loop.push import AnkiConnect
from sources import write_sources

TODAY = date(2026, 6, 1)
LP_DECKS = ("LP Interview", "LP Interview::Stories", "LP Interview::Stories::The tiny story",
            "LP Interview::Stories::The tiny story::Tiny walk")


class _FixedDate(date):
    @classmethod
    def today(cls) -> _FixedDate:
        return cls(TODAY.year, TODAY.month, TODAY.day)


@pytest.fixture
def anki(tmp_path, monkeypatch):
    """A running 'Anki' whose LP Interview deck uses a preset of the user's, beside decks of other material."""
    monkeypatch.setattr(plan_module, "date", _FixedDate)
    folder = tmp_path / "anki"
    folder.mkdir()
    col = Collection(str(folder / "collection.anki2"))
    mine = col.decks.add_config("My preset", col.decks.get_config(1))
    mine["new"]["perDay"], mine["rev"]["perDay"], mine["lapse"]["leechFails"] = 15, 10, 5
    col.decks.update_config(mine)
    col.decks.id("Spanish")
    tips = col.decks.id("LP Interviewing tips")  # a name that starts like the LP Interview decks, and is not one
    note = col.new_note(col.models.by_name("Basic"))
    note["Front"], note["Back"] = "a card of another deck", "new, not to be counted"
    col.add_note(note, tips)
    root = col.decks.get(col.decks.id("LP Interview"))
    root["conf"] = mine["id"]
    col.decks.save(root)
    col.close()
    server = FakeAnkiConnect(folder / "collection.anki2")
    yield server
    server.close()


def _push(*args: str):
    return CliRunner().invoke(main, ["push", *args], catch_exceptions=False,
                              env={"ANKICONNECT_URL": None, "ANKICONNECT_KEY": None})


def _state(anki: FakeAnkiConnect) -> dict:
    """Each deck's preset name, and every preset by name."""
    col = Collection(str(anki.collection_path))
    try:
        presets = {preset["id"]: preset for preset in col.decks.all_config()}
        return {"decks": {deck.name: presets[int(col.decks.get(deck.id)["conf"])]["name"]
                          for deck in col.decks.all_names_and_ids()},
                "presets": {preset["name"]: preset for preset in presets.values()},
                "presets named ours": sum(preset["name"] == PRESET for preset in presets.values()),
                "new LP cards": len(col.find_cards('deck:"LP Interview" is:new -is:suspended'))}
    finally:
        col.close()


def test_push_by_makes_lpdeck_s_preset_from_the_one_in_use_and_moves_only_the_lp_decks(anki, tmp_path):
    before = _state(anki)
    sources = write_sources(tmp_path / "decks")
    result = _push(str(sources), "-o", str(tmp_path / "dist"), "--url", anki.url, "--by", "2026-06-13")
    assert result.exit_code == 0, result.output
    after = _state(anki)
    cards = after["new LP cards"]  # as Anki counts them; the Basic card of "LP Interviewing tips" is not one
    per_day = math.ceil(cards / 8)  # 12 days away: 8 study days
    lines = result.stdout.splitlines()
    assert lines[lines.index(f"pushed {tmp_path / 'dist' / 'all.apkg'} to Anki at {anki.url}") + 2] == (
        f"cards to meet: {cards} still new in Anki's LP Interview decks (0 met already, their reviews not counted "
        "below)")
    assert (f'made preset "{PRESET}", a copy of "My preset" (the preset LP Interview used)\n'
            'moved LP Interview to it (from "My preset")\n'
            'moved LP Interview::Stories to it (from "Default")\n'
            'moved LP Interview::Stories::The tiny story to it (from "Default")\n'
            'moved LP Interview::Stories::The tiny story::Tiny walk to it (from "Default")\n'
            'moved LP Interview::Your level to it (from "Default")\n'
            f"new cards/day: 15 → {per_day}\n") in result.stdout
    assert lines[-1] == 'study from the "LP Interview" deck itself: its limits then hold for its sub-decks together'
    assert after["presets named ours"] == 1
    ours = after["presets"][PRESET]
    assert ours["new"]["perDay"] == per_day
    assert ours["lapse"]["leechFails"] == 5  # cloned from "My preset", not made from Anki's defaults
    # 10 reviews/day could not hold the busiest day's reviews and new cards: raised, and said so
    assert ours["rev"]["perDay"] > 10
    assert f"maximum reviews/day: 10 → {ours['rev']['perDay']} (raised so that " in result.stdout
    # Anki plays a back's sounds as it shows, unless the preset says not to: the Listen buttons speak only when tapped
    assert before["presets"]["My preset"]["autoplay"] is True and ours["autoplay"] is False
    assert "play audio automatically: on → off (off: a back's Listen button speaks only when tapped)\n" in result.stdout
    assert {deck: after["decks"][deck] for deck in LP_DECKS} == dict.fromkeys(LP_DECKS, PRESET)
    assert {deck: after["decks"][deck] for deck in ("Default", "Spanish", "LP Interviewing tips")} == {
        "Default": "Default", "Spanish": "Default", "LP Interviewing tips": "Default"}
    assert after["presets"]["Default"] == before["presets"]["Default"]  # never changed
    assert after["presets"]["My preset"] == before["presets"]["My preset"]


def test_a_second_push_by_updates_the_same_preset_and_counts_only_cards_not_yet_met(anki, tmp_path):
    sources = write_sources(tmp_path / "decks")
    dist = tmp_path / "dist"
    assert _push(str(sources), "-o", str(dist), "--url", anki.url, "--by", "2026-06-13").exit_code == 0
    first = _state(anki)
    col = Collection(str(anki.collection_path))
    met, suspended, *_ = col.find_cards('deck:"LP Interview"')
    card = col.get_card(met)
    card.type = card.queue = 2  # met: a review card now
    card.ivl, card.due = 3, col.sched.today + 3
    col.update_card(card)
    col.sched.suspend_cards([suspended])
    sub_deck = col.decks.get(col.decks.id("LP Interview::Stories::The tiny story"))
    sub_deck["conf"] = 1  # the user put one deck back on Default
    col.decks.save(sub_deck)
    col.close()

    result = _push(str(sources), "-o", str(dist), "--url", anki.url, "--by", "2026-06-20")
    assert result.exit_code == 0, result.output
    second = _state(anki)
    cards = first["new LP cards"] - 2
    assert f"cards to meet: {cards} still new in Anki's LP Interview decks (1 met already" in result.stdout
    per_day = math.ceil(cards / 15)  # 19 days away: 15 study days
    assert (f'updated preset "{PRESET}"\n'
            'moved LP Interview::Stories::The tiny story to it (from "Default")\n'
            f"new cards/day: {first['presets'][PRESET]['new']['perDay']} → {per_day}\n") in result.stdout
    assert "made preset" not in result.stdout
    assert "play audio automatically: off (unchanged)" in result.stdout
    assert second["presets named ours"] == 1
    assert second["presets"][PRESET]["id"] == first["presets"][PRESET]["id"]
    assert second["presets"][PRESET]["new"]["perDay"] == per_day
    assert {deck: second["decks"][deck] for deck in LP_DECKS} == dict.fromkeys(LP_DECKS, PRESET)

    assert _push(str(sources), "-o", str(dist), "--url", anki.url).exit_code == 0  # a push without --by
    third = _state(anki)
    assert third["decks"] == second["decks"] and third["presets"] == second["presets"]  # importing moves nothing


def test_push_by_with_a_past_or_unparsable_date_is_a_usage_error_before_anything_else(anki, tmp_path):
    sources = write_sources(tmp_path / "decks")
    for by, message in (("2026-05-01", "2026-05-01 is in the past (today is 2026-06-01)"),
                        ("June 13", "'June 13' is not a date: write it as YYYY-MM-DD")):
        result = _push(str(sources), "-o", str(tmp_path / "dist"), "--url", anki.url, "--by", by)
        assert result.exit_code == 2, result.output
        assert "Invalid value for '--by'" in result.stderr and message in result.stderr
    assert anki.actions == [] and not (tmp_path / "dist").exists() and not (sources / "lpdeck.lock").exists()


def test_push_by_with_sync_syncs_once_the_preset_is_set(anki, tmp_path):
    result = _push(str(write_sources(tmp_path / "decks")), "-o", str(tmp_path / "dist"), "--url", anki.url,
                   "--by", "2026-06-13", "--sync")
    assert result.exit_code == 0, result.output
    assert anki.actions[-2:] == ["saveDeckConfig", "sync"] and anki.actions.count("sync") == 1
    assert f"pushed {tmp_path / 'dist' / 'all.apkg'} to Anki at {anki.url}\n" in result.stdout
    assert result.stdout.endswith("\nasked Anki to sync with AnkiWeb (AnkiConnect cannot confirm a sync: Anki shows it, "
                                  "or asks you to log in)\n")


@pytest.mark.parametrize("action", ["findCards", "cloneDeckConfigId", "saveDeckConfig"])
def test_an_ankiconnect_error_while_setting_the_preset_is_one_line(anki, tmp_path, action):
    anki.failing[action] = "collection is not available"
    result = _push(str(write_sources(tmp_path / "decks")), "-o", str(tmp_path / "dist"), "--url", anki.url,
                   "--by", "2026-06-13")
    assert result.exit_code == 1, result.output
    assert result.stderr == f"AnkiConnect {action} failed: collection is not available\n"
    assert _state(anki)["presets"]["Default"]["new"]["perDay"] == 20


def test_the_server_answers_the_deck_actions_as_ankiconnect_does(anki):
    client = AnkiConnect(anki.url)
    assert client.invoke("getDeckConfig", deck="No such deck") is False
    assert client.invoke("cloneDeckConfigId", name="x", cloneFrom=987654) is False
    assert client.invoke("setDeckConfigId", decks=["No such deck"], configId=1) is False
    assert client.invoke("saveDeckConfig", config={"id": 987654, "name": "x"}) is False
    assert client.invoke("findCards", query='deck:"LP Interviewing tips"') != []
    assert "Spanish" in client.invoke("deckNames")


def test_a_failed_sync_with_by_comes_after_the_plan_and_preset_lines(anki, tmp_path):
    anki.sync_error = "sync: auth not configured"
    result = _push(str(write_sources(tmp_path / "decks")), "-o", str(tmp_path / "dist"), "--url", anki.url,
                   "--by", "2026-06-13", "--sync")
    assert result.exit_code == 1, result.output
    lines = result.stdout.splitlines()
    assert f"pushed {tmp_path / 'dist' / 'all.apkg'} to Anki at {anki.url}" in lines
    assert lines[-1] == 'study from the "LP Interview" deck itself: its limits then hold for its sub-decks together'
    assert any(line.startswith("new cards/day: ") for line in lines)
    assert result.stderr == ("AnkiConnect sync failed: sync: auth not configured (everything before it is done; log "
                             "in to AnkiWeb in Anki, then sync there)\n")
    assert _state(anki)["presets"][PRESET]["new"]["perDay"] > 0 and anki.actions[-1] == "sync"  # the preset was set
