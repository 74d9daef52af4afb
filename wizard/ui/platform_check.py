"""At start, ask the platform about the mini-programs whose version is in review (get-meta):
"published" is noticed without the merchant typing anything. Never required: a refusal, a
missing token or no network leave everything as it was (the review page says so when shown)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject

from wizard.core.i18n import _
from wizard.core.review import platform
from wizard.core.review.platform import CallOptions, PlatformAnswer
from wizard.core.review.platform_word import worth_asking
from wizard.core.secrets import SecretKind
from wizard.ui.context import AppContext
from wizard.ui.jobs import ThreadJob
from wizard.ui.widgets import review_submit

# At start nobody waits for this: a short limit, so silence never holds the window busy long.
START_TIMEOUT_SECONDS = 15


class StartupPlatformCheck(QObject):
    """One job for the chosen mini-program at start: its live version, then what follows."""

    def __init__(self, context: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.job = ThreadJob(lambda: _("Asking the platform stopped."), self)
        self.job.finished.connect(self._on_finished)

    def start(self) -> bool:
        program = self.context.program
        if program is None or not program.appid or not worth_asking(program):
            return False
        token = self.context.secrets.get(program.appid, SecretKind.UPLOAD_TOKEN)
        if not token:
            return False
        appid = program.appid
        proxy = review_submit.system_proxy()

        def work(_progress: object, cancel: Callable[[], bool]) -> list[PlatformAnswer]:
            options = CallOptions(proxy=proxy, cancel=cancel, timeout=START_TIMEOUT_SECONDS)
            return [platform.live_version(appid, token, options)]

        self.job.set_work(work)  # type: ignore[arg-type]
        self.context.jobs.start(self.job, program.id)
        return True

    def _on_finished(self, program_id: str, outcome: object) -> None:
        program = self.context.programs.get(program_id)
        if program is not None and isinstance(outcome, list):
            review_submit.apply_answers(self.context, program, outcome)
