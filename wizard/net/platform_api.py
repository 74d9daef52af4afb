"""Asks the platform's merchant APIs over QNetworkAccessManager (native TLS, no threads).

One run: the stable_client_token with the AppID and AppSecret, then the questions asked for
(privacy agreement, service categories, capability applications), one request at a time.
Every request carries a secret (the AppSecret, then the access token): it is built with
`secret_request` (never follows a redirect, never cached), certificates are checked by Qt, and
neither a header nor a body is logged. The token lives in this object for the run only.
The meaning of each answer is decided by wizard.core.platform_api.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QByteArray, QObject, QTimer, QUrl, Signal, Slot
from PySide6.QtNetwork import QNetworkAccessManager, QNetworkReply, QNetworkRequest

from wizard.core import platform_facts as facts
from wizard.core.logs import register_secret
from wizard.core.network_errors import NetworkProblem, transport_problem
from wizard.core.platform_api import answers as core
from wizard.core.platform_api import requests as build
from wizard.core.platform_api.requests import PlatformRequest
from wizard.net.token_check import secret_request

log = logging.getLogger(__name__)

_E = QNetworkReply.NetworkError

# (http status, body, network problem word)
Reply = tuple[int | None, bytes, str | None]


@dataclass(frozen=True)
class PlatformAnswers:
    """What one run found; None for what was not asked."""

    privacy: core.PrivacyAnswer | None = None
    categories: core.CategoriesAnswer | None = None
    capacities: core.CapacitiesAnswer | None = None


class PlatformAsker(QObject):
    """One run at a time; emits `finished(PlatformAnswers)` exactly once per start."""

    finished = Signal(object)

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        timeout_seconds: float = facts.PLATFORM_API_TIMEOUT_SECONDS,
        manager: QNetworkAccessManager | None = None,
    ) -> None:
        super().__init__(parent)
        self._timeout_ms = max(1, int(timeout_seconds * 1000))
        self._manager = manager or QNetworkAccessManager(self)
        self._reply: QNetworkReply | None = None
        self._url = QUrl()
        self._abort_reason: str | None = None
        self._on_reply: Callable[[Reply], None] | None = None
        self._token: str | None = None
        self._wanted: tuple[bool, bool, bool] = (True, True, True)
        self._answers = PlatformAnswers()
        self._capacities: list[core.Capacity] = []
        self._capacity_index = 0
        self._asked_at = 0.0
        self._running = False
        # Qt's transfer timeout restarts with every byte; this deadline does not.
        self._deadline = QTimer(self)
        self._deadline.setSingleShot(True)
        self._deadline.timeout.connect(self._on_deadline)

    def is_running(self) -> bool:
        return self._running

    def start(
        self,
        appid: str,
        secret: str,
        *,
        privacy: bool = True,
        categories: bool = True,
        capacities: bool = True,
    ) -> None:
        """Ask; a run already going is cancelled first (its `finished` still comes)."""
        if self._running:
            self.cancel()
        self._running = True
        self._wanted = (privacy, categories, capacities)
        self._answers = PlatformAnswers()
        self._capacities = []
        self._capacity_index = 0
        self._asked_at = time.time()
        log.info("Asking the platform (privacy %s, categories %s, capabilities %s)", *self._wanted)
        self._send(build.token_request(appid, secret), self._on_token)

    def cancel(self) -> None:
        """Stop the run; every question not answered yet ends as "cancelled"."""
        if self._reply is not None:
            self._abort(NetworkProblem.CANCELLED.value)

    # --- the steps of a run ----------------------------------------------------------------
    def _on_token(self, reply: Reply) -> None:
        problem = core.token_problem(*reply)
        token = build.access_token_from(reply[1]) if problem is None else None
        if token is None:
            self._fail_all(problem or core.missing_token_problem())
            return
        register_secret(token)  # redacted from every log line and saved text, like the AppSecret
        self._token = token
        self._next()

    def _next(self) -> None:
        token = self._token
        assert token is not None
        privacy, categories, capacities = self._wanted
        if privacy and self._answers.privacy is None:
            self._send(build.privacy_request(token), self._on_privacy)
        elif categories and self._answers.categories is None:
            self._send(build.categories_request(token), self._on_categories)
        elif capacities and self._answers.capacities is None:
            if not self._capacities and self._capacity_index == 0:
                self._send(build.capacity_list_request(token), self._on_capacity_list)
            elif self._capacity_index < min(len(self._capacities), facts.CAPACITY_STATUS_QUERIES):
                key = self._capacities[self._capacity_index].key
                self._send(build.capacity_status_request(token, key), self._on_capacity_status)
            else:
                self._set(capacities=core.CapacitiesAnswer(tuple(self._capacities), self._asked_at))
                self._next()
        else:
            self._end()

    def _on_privacy(self, reply: Reply) -> None:
        self._set(privacy=core.interpret_privacy(*reply, asked_at=self._asked_at))
        self._next()

    def _on_categories(self, reply: Reply) -> None:
        self._set(categories=core.interpret_categories(*reply, asked_at=self._asked_at))
        self._next()

    def _on_capacity_list(self, reply: Reply) -> None:
        found = core.interpret_capacity_list(*reply)
        if isinstance(found, core.Problem):
            self._set(capacities=core.CapacitiesAnswer((), self._asked_at, found))
        elif not found:
            self._set(capacities=core.CapacitiesAnswer((), self._asked_at))
        else:
            self._capacities = found
        self._next()

    def _on_capacity_status(self, reply: Reply) -> None:
        index = self._capacity_index
        if reply[2] == NetworkProblem.CANCELLED.value:
            self._fail_all(core.network_problem(reply[2]))
            return
        self._capacities[index] = core.interpret_capacity_status(self._capacities[index], *reply)
        self._capacity_index = index + 1
        self._next()

    def _set(self, **values: object) -> None:
        current = self._answers
        self._answers = PlatformAnswers(
            privacy=values.get("privacy", current.privacy),  # type: ignore[arg-type]
            categories=values.get("categories", current.categories),  # type: ignore[arg-type]
            capacities=values.get("capacities", current.capacities),  # type: ignore[arg-type]
        )

    def _fail_all(self, problem: core.Problem) -> None:
        """Every question still open gets the same sentence (no token, cancelled)."""
        privacy, categories, capacities = self._wanted
        current = self._answers
        at = self._asked_at
        self._answers = PlatformAnswers(
            privacy=current.privacy or (core.PrivacyAnswer(None, at, problem) if privacy else None),
            categories=current.categories
            or (core.CategoriesAnswer((), at, problem=problem) if categories else None),
            capacities=current.capacities
            or (core.CapacitiesAnswer((), at, problem) if capacities else None),
        )
        self._end()

    def _end(self) -> None:
        self._token = None  # memory only, for one run
        self._running = False
        answers = self._answers
        log.info(
            "Asked the platform: privacy %s",
            answers.privacy.status if answers.privacy is not None else "-",
        )
        self.finished.emit(answers)

    # --- one request ------------------------------------------------------------------------
    def _send(self, request: PlatformRequest, on_reply: Callable[[Reply], None]) -> None:
        qt_request = secret_request(request.url)
        for name, value in request.headers.items():
            qt_request.setRawHeader(QByteArray(name.encode("ascii")), QByteArray(value.encode()))
        qt_request.setTransferTimeout(self._timeout_ms)
        self._url = QUrl(request.url)
        self._abort_reason = None
        self._on_reply = on_reply
        if request.method == "POST":
            reply = self._manager.post(qt_request, QByteArray(request.body))
        else:
            reply = self._manager.get(qt_request)
        self._reply = reply
        reply.finished.connect(self._on_reply_finished)
        reply.sslErrors.connect(self._on_ssl_errors)
        self._deadline.start(self._timeout_ms)

    def _abort(self, reason: str) -> None:
        self._abort_reason = reason
        reply = self._reply
        if reply is not None and reply.isRunning():
            reply.abort()

    def _on_deadline(self) -> None:
        if self._reply is not None:
            self._abort(NetworkProblem.TIMED_OUT.value)

    @Slot()
    def _on_ssl_errors(self) -> None:
        # The errors are not ignored: the reply fails on its own; this only names the reason.
        if self.sender() is self._reply:
            self._abort_reason = NetworkProblem.TLS.value

    @Slot()
    def _on_reply_finished(self) -> None:
        reply = self.sender()
        if not isinstance(reply, QNetworkReply):
            return
        if reply is not self._reply:
            reply.deleteLater()
            return
        self._reply = None
        self._deadline.stop()
        error = reply.error()
        status = reply.attribute(QNetworkRequest.Attribute.HttpStatusCodeAttribute)
        http_status = int(status) if status is not None else None
        body = bytes(reply.readAll().data())
        redirect = reply.attribute(QNetworkRequest.Attribute.RedirectionTargetAttribute)
        moved = reply.url() != self._url
        reply.deleteLater()
        if redirect is not None or moved:
            # Never taken as the platform's answer: it came from, or points to, elsewhere.
            http_status = http_status if http_status and 300 <= http_status < 400 else 307
            body = b""
        network_error: str | None = None
        problem = transport_problem(error.name)
        if self._abort_reason is not None and error != _E.NoError:
            network_error = self._abort_reason
        elif problem is not None and http_status is None:
            network_error = problem.value
        elif error != _E.NoError and http_status is None:
            network_error = NetworkProblem.OTHER.value
        self._abort_reason = None
        on_reply = self._on_reply
        self._on_reply = None
        if network_error == NetworkProblem.CANCELLED.value:
            self._fail_all(core.network_problem(network_error))
            return
        if on_reply is not None:
            on_reply((http_status, body, network_error))
