"""The merchant's work, counted: a scripted walk on the real window from first start to
"submitted", for a first release and for a second one (issue 23, "Fewer actions").

Every action on the app's own widgets counts once: a click, a field filled in, a key pressed.
Work outside the app (the console, the phone) is not counted but listed. The upload and the
submission run the real official CLI against the loopback fake. The figures are printed (run
with -s) and the issue's targets are kept: first release ≤ 30 for a registered merchant,
second release ≤ 12 with no console visit.
"""

# ruff: noqa: F401, F811 (fixtures imported from the upload tests are parameters here)

from __future__ import annotations

import json
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QWidget, QWizard
from pytestqt.qtbot import QtBot

from tests.core.test_readiness import ready_program
from tests.core.test_upload_real_cli import (
    APPID,
    TOKEN,
    no_token_left_behind,
    template,
)
from tests.fake_platform import FakePlatform, Scenario
from tests.ui.conftest import OpenWizard, next_until
from wizard.core import journey
from wizard.core.releases import ReviewState
from wizard.core.steps import version as version_step
from wizard.ui.wizard_window import PublisherWizard

pytestmark = pytest.mark.slow

SECRET = "0123456789abcdef0123456789abcdef01234567"
API = "api.flowers.example.com"


@pytest.fixture
def keyring_file(tmp_path: Path) -> Path:
    """The keychain lives outside the test's folders: holding the token there is its job."""
    return tmp_path.parent / f"{tmp_path.name}-keychain" / "keyring_pass.cfg"


class Merchant:
    """Drives the real widgets and counts what the merchant does."""

    def __init__(self, qtbot: QtBot, window: PublisherWizard) -> None:
        self.qtbot = qtbot
        self.window = window
        self.actions: list[str] = []
        self.outside: list[str] = []

    def click(self, widget: QWidget, why: str) -> None:
        target = getattr(widget, "box", widget)  # WrappingCheckBox holds its QCheckBox
        assert target.isEnabled() and target.isVisible(), why
        self.qtbot.mouseClick(target, Qt.MouseButton.LeftButton)
        self.actions.append("click: " + why)

    def fill(self, field: QLineEdit | QPlainTextEdit, text: str, why: str) -> None:
        assert field.isEnabled() and field.isVisible(), why
        if isinstance(field, QLineEdit):
            field.setText(text)
        else:
            field.setPlainText(text)
        self.actions.append("field: " + why)

    def key(self, widget: QWidget, key: Qt.Key, why: str) -> None:
        self.qtbot.keyClick(widget, key)
        self.actions.append("key: " + why)

    def next(self) -> None:
        button = self.window.button(QWizard.WizardButton.NextButton)
        self.click(button, "Next on " + self.step())

    def step(self) -> str:
        return journey.step_ids()[self.window.currentId()]

    def wait(self, until: Callable[[], bool], timeout: int = 90_000) -> None:
        self.qtbot.waitUntil(until, timeout=timeout)


def make_zip(template: Path, path: Path, version_marker: str) -> Path:
    """The provider's package: the CLI-made project in a wrapper folder, calling one API."""
    with zipfile.ZipFile(path, "w") as archive:
        for file in template.rglob("*"):
            if file.is_file() and file.name != "project.config.json":
                archive.write(file, "dist/" + file.relative_to(template).as_posix())
        archive.writestr(
            "dist/utils/api.js",
            f'tt.request({{url: "https://{API}/goods?v={version_marker}"}});\n',
        )
        config = json.loads((template / "project.config.json").read_text("utf-8"))
        config["appid"] = "testappId"
        archive.writestr("dist/project.config.json", json.dumps(config))
    return path


def aim(monkeypatch: pytest.MonkeyPatch, fake: FakePlatform) -> None:
    """Every CLI run of the app goes to the loopback fake, from the window's first page on (the
    review page asks the platform by itself when it is shown at start)."""
    from wizard.ui.widgets import review_submit, upload_panel

    monkeypatch.setattr(review_submit, "system_proxy", lambda: fake.proxy_url)
    monkeypatch.setattr(upload_panel, "_system_proxy", lambda: fake.proxy_url)
    monkeypatch.setenv("NODE_EXTRA_CA_CERTS", str(fake.ca_file))


def first_release(m: Merchant, package: Path) -> None:
    w = m.window
    welcome = w.page_for("welcome")
    m.fill(welcome.name_edit, "小明的花店", "name of the mini-program")  # type: ignore[attr-defined]
    m.key(welcome.name_edit, Qt.Key.Key_Return, "Enter adds it")  # type: ignore[attr-defined]
    m.next()
    m.click(w.page_for("registration").done_before_button, "registered before")  # type: ignore[attr-defined]
    m.next()
    if m.step() == "filing":
        m.outside.append("file the mini-program (备案) in the console, in parallel")
        m.next()  # filing takes weeks and does not hold the submission back
    credentials = w.page_for("credentials")
    m.fill(credentials.appid_edit, APPID, "AppID")  # type: ignore[attr-defined]
    m.fill(credentials.secret_edit, SECRET, "AppSecret")  # type: ignore[attr-defined]
    m.outside.append("paste AppID and AppSecret into the provider's admin")
    m.click(credentials.pasted_box, "pasted into the provider's admin")  # type: ignore[attr-defined]
    m.next()
    unpack_and_domains(m, package, first=True)
    route = w.page_for("route")
    m.click(route.app_radio, "upload from this app")  # type: ignore[attr-defined]
    m.outside.append("make the upload token in the console (「开发配置」→「立即启用」)")
    m.fill(route.token_edit, TOKEN, "upload token")  # type: ignore[attr-defined]
    m.next()
    upload_and_preview(m, "首次发布：商品展示与下单")
    review = w.page_for("review")
    m.click(review.agreements_read, "checklist and agreements read")  # type: ignore[attr-defined]
    m.outside.append("submit in the console with three screenshots (first release)")
    m.click(review.submit_button, "I clicked 提交审核")  # type: ignore[attr-defined]


def unpack_and_domains(m: Merchant, package: Path, first: bool) -> None:
    w = m.window
    page = w.page_for("package")
    m.fill(page.zip_edit, str(package), "the provider's zip")  # type: ignore[attr-defined]
    m.click(page.unpack_button, "unpack")  # type: ignore[attr-defined]
    m.wait(lambda: not page.job.is_running(), 30_000)  # type: ignore[attr-defined]
    assert journey.step_by_id("package").is_done(w.context.program), page.result_notice.text()  # type: ignore[union-attr,arg-type,attr-defined]
    m.next()
    domains = w.page_for("domains")
    from wizard.core.steps import domains as domains_step

    # The page checks the new package by itself (it may start a moment after the page shows).
    m.wait(
        lambda: (
            domains_step.current_scan(w.context.program) is not None  # type: ignore[arg-type]
            and not domains.scan_job.is_running()  # type: ignore[attr-defined]
            and not w.context.jobs.busy()
        ),
        60_000,
    )
    if first:
        m.click(domains.add_missing_button, "add what the package calls")  # type: ignore[attr-defined]
        m.outside.append("paste the lists into the console (服务器域名)")
        m.click(domains.confirm, "saved the lists in the console")  # type: ignore[attr-defined]
    m.next()


def upload_and_preview(m: Merchant, changelog: str | None) -> None:
    w = m.window
    page = w.page_for("version")
    if changelog is not None:
        m.fill(page.changelog_edit, changelog, "changelog")  # type: ignore[attr-defined]
    m.click(page.app_upload_button, "upload")  # type: ignore[attr-defined]
    m.wait(lambda: not page.upload_panel.job.is_running(), 120_000)  # type: ignore[attr-defined]
    assert version_step.is_done(w.context.program), page.upload_panel.result.text()  # type: ignore[arg-type,attr-defined]
    m.next()
    preview = w.page_for("preview")
    m.outside.append("scan the QR code with the phone and look")
    m.click(preview.confirm_button, "I looked at it on my phone")  # type: ignore[attr-defined]
    if m.step() == "preview":
        m.next()


def second_release(m: Merchant, package: Path) -> None:
    w = m.window
    publish = w.page_for("publish")
    m.click(publish.new_release_button, "start a new release")  # type: ignore[attr-defined]
    assert m.step() == "package"
    unpack_and_domains(m, package, first=False)
    if m.step() == "route":
        m.next()
    upload_and_preview(m, None)  # the version is suggested, the changelog kept
    review = w.page_for("review")
    panel = review.app_submit  # type: ignore[attr-defined]
    m.wait(lambda: panel.isVisible() and not panel.job.is_running())
    m.click(panel.self_test_confirmed, "confirm the self-test")
    m.click(panel.submit_button, "submit for review")
    m.wait(lambda: not panel.job.is_running())


def test_first_and_second_release_counted(
    open_wizard: OpenWizard,
    qtbot: QtBot,
    template: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with FakePlatform(
        tmp_path / "certs", Scenario(live_version=None, audit_version="0.0.1")
    ) as fake:
        aim(monkeypatch, fake)
        window = open_wizard()
        m = Merchant(qtbot, window)
        first_release(m, make_zip(template, tmp_path / "pkg1.zip", "1"))
        program = window.context.program
        assert program is not None
        latest = version_step.history(program).latest()
        assert latest is not None and latest.state is ReviewState.SUBMITTED
        first = list(m.actions)
        print(f"\nfirst release: {len(first)} actions; outside the app: {m.outside}")
        for line in first:
            print("  " + line)
        # Days later the review passed and the version was published in the console; the
        # platform says so (get-meta), the merchant comes back with a new package.
        fake.scenario.live_version = latest.version
        window.close()

        window = open_wizard()
        m = Merchant(qtbot, window)
        program = window.context.program
        assert program is not None
        # At start the app asked the platform by itself (get-meta): the version went live.
        m.wait(lambda: not window.platform_check.job.is_running(), 30_000)
        latest = version_step.history(program).latest()
        assert latest is not None and latest.state is ReviewState.PUBLISHED, "published noticed"
        m.next()  # from the welcome list to where the merchant goes on: the publish step
        assert m.step() == "publish"
        second_release(m, make_zip(template, tmp_path / "pkg2.zip", "2"))
        latest = version_step.history(program).latest()
        assert latest is not None and latest.state is ReviewState.SUBMITTED, m.actions
        assert fake.audits() and fake.audits()[0].fields["host_chosen"]
        print(f"second release: {len(m.actions)} actions; outside the app: {m.outside}")
        for line in m.actions:
            print("  " + line)
    assert len(first) <= 30
    assert len(m.actions) <= 12 and not any("console" in o for o in m.outside)


def test_a_refused_token_leads_to_the_console_and_is_recorded(
    open_wizard: OpenWizard,
    qtbot: QtBot,
    template: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from wizard.core.releases import EventKind, Route
    from wizard.core.secrets import SecretKind

    with FakePlatform(tmp_path / "certs", Scenario(token="the-platform-knows-another")) as fake:
        aim(monkeypatch, fake)
        window = open_wizard()
        welcome = window.page_for("welcome")
        welcome.name_edit.insert("小明的花店")  # type: ignore[attr-defined]
        welcome.create_from_field()  # type: ignore[attr-defined]
        program = window.context.program
        assert program is not None
        program.appid = APPID
        window.context.secrets.set(APPID, TOKEN, SecretKind.UPLOAD_TOKEN)
        # Every step before the review done (as the readiness tests build it).
        for step_id, values in ready_program(tmp_path).answers.items():
            if step_id != "version":
                window.context.update_answers(program, step_id, **values)
        history = version_step.history(program)
        history.declare_live("1.0.0")
        history.record_upload("1.0.1", "修复", Route.APP)
        history.mark_previewed("1.0.1")
        window.context.update_answers(program, "version", **version_step.saved(history))
        window.context.update_answers(program, "route", route="app", token_saved=True)
        program.current_step = "review"
        next_until(window, "review")
        page = window.page_for("review")
        assert window.currentPage() is page
        panel = page.app_submit  # type: ignore[attr-defined]
        qtbot.waitUntil(lambda: not panel.job.is_running(), timeout=60_000)
        # The platform refused the token for get-meta too: the merchant's own word stays.
        assert "console" in panel.notice.text()
        assert panel.isVisible() and not page.submit_box.isVisible()  # type: ignore[attr-defined]
        panel.self_test_confirmed.box.click()
        qtbot.mouseClick(panel.submit_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not panel.job.is_running(), timeout=60_000)
        assert "console" in panel.notice.text() and panel.console_path
        assert page.submit_box.isVisible()  # type: ignore[attr-defined]
        assert fake.audits() == []
    latest = version_step.history(program).latest()
    assert latest is not None and latest.state is ReviewState.UPLOADED
    refused = [e for e in latest.events if e.kind is EventKind.SUBMISSION_REFUSED]
    assert refused and "console" in refused[0].note
