"""The domains step module: answers read from damaged files, rules, and the done-condition."""

from __future__ import annotations

import json
from pathlib import Path

from wizard.core import journey
from wizard.core.domains.scan import ScanSummary, scan_package
from wizard.core.state import MiniProgram
from wizard.core.steps import domains as step
from wizard.core.steps.domains import DomainsAnswers


def program_with_package(tmp_path: Path) -> MiniProgram:
    folder = tmp_path / "pkg"
    folder.mkdir()
    (folder / "project.config.json").write_text(json.dumps({"appid": "tt411d37a0de37d565"}))
    (folder / "app.js").write_text(
        'tt.request({url: "https://api.example.com/x"});\n'
        'tt.connectSocket({url: "wss://ws.example.com"});\n'
    )
    program = MiniProgram(id="p1", name="花店")
    program.answer("package").update({"extracted_to": str(folder), "can_upload": True})
    return program


def test_step_is_in_the_journey_after_package() -> None:
    ids = journey.step_ids()
    assert ids.index("domains") == ids.index("package") + 1


def test_damaged_answers_read_as_defaults() -> None:
    program = MiniProgram(id="p", name="x")
    for damaged in [None, "x", [], {"lists": 4, "scan": "y", "confirmed_saved": 1}]:
        program.answers["domains"] = damaged  # type: ignore[assignment]
        answers = DomainsAnswers.read(program)
        assert answers.lists == {} and answers.scan is None and not answers.confirmed_saved
    assert ScanSummary.from_dict({"root": "/x", "called": {"request": ["a.com", 3]}}) == (
        ScanSummary(root="/x", called={"request": ("a.com",)})
    )


def test_done_needs_a_current_scan_complete_lists_and_confirmation(tmp_path: Path) -> None:
    program = program_with_package(tmp_path)
    assert not step.is_done(program)
    assert "Check the code package first" in step.verdict(program).reasons[0]
    folder = step.folder_to_scan(program)
    assert folder is not None
    program.answer("domains").update(step.scanned(scan_package(folder)))
    assert step.missing_hosts(program) == {
        "request": ["api.example.com"],
        "socket": ["ws.example.com"],
    }
    added = step.merged(program, step.missing_hosts(program))
    assert added is not None
    program.answer("domains").update(added)
    assert step.missing_hosts(program) == {}
    assert step.verdict(program).reasons == ("Confirm that you saved the lists in the console.",)
    program.answer("domains").update(step.confirmed(True))
    assert step.is_done(program)
    # Typing into a list after confirming asks for saving again; unchanged text does not.
    same = step.list_typed("request", "api.example.com", program)
    assert same["confirmed_saved"] is True
    changed = step.list_typed("request", "api.example.com\nb.example.com", program)
    assert changed["confirmed_saved"] is False
    # A package unpacked elsewhere makes the old scan stale.
    other = tmp_path / "other"
    other.mkdir()
    program.answer("package")["extracted_to"] = str(other)
    assert step.current_scan(program) is None and not step.is_done(program)


def test_merge_keeps_entries_and_skips_known_hosts(tmp_path: Path) -> None:
    program = program_with_package(tmp_path)
    program.answer("domains").update({"lists": {"request": ["https://api.example.com/v1"]}})
    assert step.merged(program, {"request": ["api.example.com"]}) is None
    merged = step.merged(program, {"request": ["pay.example.com", "  "], "webview": ["h5.x.cn"]})
    assert merged is not None
    assert merged["lists"] == {
        "request": ["https://api.example.com/v1", "pay.example.com"],
        "webview": ["h5.x.cn"],
    }
