"""The rehearsal page in Chromium, its microphone a WAV file espeak-ng made: record, stop, the report, the history."""

from __future__ import annotations

import json

import pytest

from browser_support import CHROMIUM, LAUNCH_ARGS, OUTPUT, PHONE
from lpdeck.build import load_sources
from lpdeck.loop.rehearse_server import RehearseServer
from lpdeck.sources.workspace import resolve
from rehearse_support import TOLD, seconds, speak, workspace


@pytest.fixture
def page_server(tmp_path):
    folder = workspace(tmp_path / "ws")
    server = RehearseServer(load_sources(resolve([folder / "decks"])), folder / ".lpdeck" / "rehearsals")
    server.start()
    yield server, folder
    server.close()


def test_the_page_records_the_microphone_and_shows_the_report_and_the_history(browser, page_server, tmp_path):
    server, folder = page_server
    microphone = speak(" ".join(TOLD[1:3]), tmp_path / "microphone.wav")  # the Task and the Action, about 9 s
    args = [*LAUNCH_ARGS, "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream",
            f"--use-file-for-fake-audio-capture={microphone}"]
    # a Chromium of its own (its microphone is the file), launched by the session's Playwright
    recorder = browser.browser_type.launch(executable_path=str(CHROMIUM), args=args)
    try:
        page = recorder.new_page(viewport=PHONE)
        asked = []
        page.on("request", lambda request: asked.append(request.url))
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(server.url)
        page.wait_for_selector("#pick option[value='fixed-the-outage']", state="attached")
        assert page.locator("#clock").inner_text() == "1:35"  # the steps' targets added up
        page.click("#start")
        page.wait_for_function("document.querySelector('#stop').disabled === false")
        page.wait_for_timeout(1000 * (seconds(microphone) + 1))
        page.click("#stop")
        page.wait_for_selector("#report:not([hidden])", timeout=60_000)
        said = page.locator("#steps .said").all_inner_texts()
        assert {"nobody owned the cache", "I traced"} <= set(said), page.locator("#steps").inner_text()
        assert page.locator("#transcript mark.phrase").count() >= 2
        assert "words a minute" in page.locator("#measures").inner_text()
        assert page.locator("#history tr").count() == 1 and "/7" in page.locator("#history").inner_text()
        assert page.locator("#error").is_hidden() and errors == []
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")  # fits a phone
        (OUTPUT / "screenshots").mkdir(parents=True, exist_ok=True)
        page.screenshot(path=OUTPUT / "screenshots" / "rehearse-report.png", full_page=True)
    finally:
        recorder.close()
    assert all(url.startswith(server.url) for url in asked), asked  # the audio goes to the local lpdeck only
    (kept,) = (folder / ".lpdeck" / "rehearsals").glob("*.json")
    assert json.loads(kept.read_text())["walkthrough"] == "fixed-the-outage"
