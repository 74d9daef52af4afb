"""What the platform's answers mean (core, over bytes and status codes), and the last privacy
answer kept per mini-program for `status --json`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from wizard.commands.status import status_view
from wizard.core.network_errors import NetworkProblem
from wizard.core.paths import app_paths
from wizard.core.platform_api import answers as core
from wizard.core.platform_api import memory, requests
from wizard.core.state import ProgramStore

AT = 1_700_000_000.0


def body(data: object, err_no: int = 0) -> bytes:
    return json.dumps({"data": data, "err_no": err_no, "err_msg": "", "log_id": "1"}).encode()


def test_privacy_configured_and_not() -> None:
    assert (
        core.interpret_privacy(200, body({"is_configure": True}), None, AT).status == "configured"
    )
    no = core.interpret_privacy(200, body({"is_configure": False}), None, AT)
    assert no.status == "not_configured" and "「用户隐私保护协议」" in no.sentence()


@pytest.mark.parametrize(
    ("status", "payload", "network", "words"),
    [
        (None, b"", NetworkProblem.TIMED_OUT.value, "did not answer in time"),
        (None, b"", NetworkProblem.TLS.value, "secure connection"),
        (None, b"", NetworkProblem.OFFLINE.value, "could not be reached"),
        (None, b"", NetworkProblem.PROXY.value, "proxy"),
        (503, b"Service Unavailable", None, "HTTP 503"),
        (500, body({}, 0), None, "HTTP 500"),
        (200, b"<html><head></head><body>login</body></html>", None, "web page"),
        (301, b"", None, "another address"),
        (200, b"not json", None, "could not be understood"),
        (200, body({"other": 1}), None, "could not be understood"),
        (200, b'{"data": {"is_configure": true}}', None, "could not be understood"),
        (200, body({}, 12345), None, "does not know"),
    ],
)
def test_could_not_ask_is_a_sentence(
    status: int | None, payload: bytes, network: str | None, words: str
) -> None:
    answer = core.interpret_privacy(status, payload, network, AT)
    assert answer.status == "unknown"
    assert answer.problem is not None and words in answer.problem.message
    assert answer.sentence().startswith("Could not ask")


def test_categories_in_both_documented_spellings() -> None:
    v2 = core.interpret_categories(
        200,
        body(
            {
                "app_category_audit_info": [
                    {"category_name": "a", "category_audit_state": 3, "reason": "资质不符"}
                ],
                "remaining_times": 2,
            }
        ),
        None,
        AT,
    )
    assert [(c.name, c.state, c.reason) for c in v2.categories] == [("a", "rejected", "资质不符")]
    assert "Category changes left this month: 2." in v2.lines()
    v1 = core.interpret_categories(
        200,
        body(
            {
                "appCategoryAuditInfo": [{"categoryName": "b", "categoryAuditState": 2}],
                "remainingTimes": 3,
            }
        ),
        None,
        AT,
    )
    assert v1.approved == (core.Category("b", "approved"),) and v1.remaining_times == 3
    bad = core.interpret_categories(200, body({"app_category_audit_info": "x"}), None, AT)
    assert bad.problem is not None and bad.lines()[0].startswith("Could not ask")


def test_capacities_list_and_status() -> None:
    found = core.interpret_capacity_list(
        200, body({"AppCapacityInfoList": [{"capacity_key": "k", "capacity_name": "n"}, 5]}), None
    )
    assert found == [core.Capacity("k", "n")]
    cap = core.interpret_capacity_status(found[0], 200, body({"status": 2}), None)
    assert cap.status == "approved"
    same = core.interpret_capacity_status(found[0], 200, body({}, 28001005), None)
    assert same == found[0]
    answer = core.CapacitiesAnswer((cap,), AT)
    assert "- n: granted" in answer.lines()


def test_token_is_taken_from_the_stable_answer_only() -> None:
    good = json.dumps({"data": {"access_token": "clt.x", "expires_in": 7200}}).encode()
    assert requests.access_token_from(good) == "clt.x"
    assert requests.access_token_from(b"<html>") is None
    assert core.token_problem(200, good, None) is None
    request = requests.token_request("tt411d37a0de37d565", "0" * 40)
    assert request.url.endswith("/oauth/stable_client_token/")
    assert "0" * 40 not in repr(request)
    assert requests.privacy_request("clt.x").headers["access-token"] == "clt.x"
    assert "clt.x" not in repr(requests.privacy_request("clt.x"))


def test_status_json_privacy_unknown_until_the_platform_answered(app_home: Path) -> None:
    store = ProgramStore(app_paths())
    store.load()
    program = store.create("Shop")
    assert status_view(store)["programs"][0]["privacy"] == "unknown"
    failed = core.interpret_privacy(None, b"", NetworkProblem.TIMED_OUT.value, AT)
    assert memory.privacy_values(failed) == {}
    program.answer(memory.PLATFORM_KEY).update(
        memory.privacy_values(core.interpret_privacy(200, body({"is_configure": True}), None, AT))
    )
    store.save()
    again = ProgramStore(app_paths())
    again.load()
    assert status_view(again)["programs"][0]["privacy"] == "configured"
    remembered = memory.remembered_privacy(again.ordered()[0])
    assert remembered is not None and remembered.asked_at == AT and remembered.configured
    program.answer(memory.PLATFORM_KEY)["privacy"] = "hacked"
    assert memory.privacy_status(program) == "unknown"
