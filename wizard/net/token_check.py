"""Runs one online AppID/AppSecret check over QNetworkAccessManager (native TLS, no threads).

The request is built and the answer judged by wizard.core.token_check; this module only moves
bytes and turns Qt's network errors into the core's `network_error` words. The request body
holds the secret: it is never logged, and neither is the response (it holds a token).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QByteArray, QObject, QTimer, QUrl, Signal, Slot
from PySide6.QtNetwork import QNetworkAccessManager, QNetworkReply, QNetworkRequest

from wizard.core import platform_facts as facts
from wizard.core import token_check as core
from wizard.core.network_errors import transport_problem
from wizard.core.token_check import EndpointKind, TokenCheckOutcome

log = logging.getLogger(__name__)

_E = QNetworkReply.NetworkError


def secret_request(url: str) -> QNetworkRequest:
    """A request that will carry a secret: it never follows a redirect (Qt 6 follows safe
    ones by default), is never cached, and gets its answer only from the address asked."""
    request = QNetworkRequest(QUrl(url))
    request.setAttribute(
        QNetworkRequest.Attribute.RedirectPolicyAttribute,
        QNetworkRequest.RedirectPolicy.ManualRedirectPolicy,
    )
    request.setMaximumRedirectsAllowed(0)
    request.setAttribute(
        QNetworkRequest.Attribute.CacheLoadControlAttribute,
        QNetworkRequest.CacheLoadControl.AlwaysNetwork,
    )
    request.setAttribute(QNetworkRequest.Attribute.CacheSaveControlAttribute, False)
    return request


class TokenChecker(QObject):
    """One credential check at a time; emits `finished(TokenCheckOutcome)` exactly once each."""

    finished = Signal(object)

    def __init__(
        self,
        parent: QObject | None = None,
        *,
        timeout_seconds: float = facts.CHECK_TIMEOUT_SECONDS,
        manager: QNetworkAccessManager | None = None,
    ) -> None:
        super().__init__(parent)
        self._timeout_ms = max(1, int(timeout_seconds * 1000))
        self._manager = manager or QNetworkAccessManager(self)
        self._reply: QNetworkReply | None = None
        self._endpoint = core.DEFAULT_ENDPOINT
        self._url = QUrl()
        self._abort_reason: str | None = None
        # Qt's transfer timeout restarts whenever a byte arrives; this deadline does not, so a
        # server trickling bytes cannot keep the merchant waiting past the limit either.
        self._deadline = QTimer(self)
        self._deadline.setSingleShot(True)
        self._deadline.timeout.connect(self._on_deadline)

    def is_running(self) -> bool:
        return self._reply is not None

    def start(self, endpoint_kind: EndpointKind, appid: str, secret: str) -> None:
        """Send the request; a check already running is cancelled first."""
        if self._reply is not None:
            self.cancel()
        url, headers, body = core.build_token_request(endpoint_kind, appid, secret)
        request = secret_request(url)
        self._url = QUrl(url)
        for name, value in headers.items():
            request.setRawHeader(QByteArray(name.encode("ascii")), QByteArray(value.encode()))
        request.setTransferTimeout(self._timeout_ms)
        self._endpoint = endpoint_kind
        self._abort_reason = None
        log.info("Credential check started (%s endpoint)", endpoint_kind.value)
        reply = self._manager.post(request, QByteArray(body))
        self._reply = reply
        # Bound slots (not lambdas): Qt then cuts these connections as soon as this object starts
        # being destroyed, before the manager aborts its replies, so no callback reaches a
        # half-destroyed checker.
        reply.finished.connect(self._on_reply_finished)
        reply.sslErrors.connect(self._on_ssl_errors)
        self._deadline.start(self._timeout_ms)

    def cancel(self) -> None:
        """Stop the running check; `finished` then carries a CANCELLED outcome."""
        if self._reply is not None:
            self._abort(core.NET_CANCELLED)

    def _abort(self, reason: str) -> None:
        self._abort_reason = reason
        reply = self._reply
        if reply is not None and reply.isRunning():
            reply.abort()  # emits reply.finished, handled by _on_finished

    def _on_deadline(self) -> None:
        if self._reply is not None:
            self._abort(core.NET_TIMEOUT)

    @Slot()
    def _on_ssl_errors(self) -> None:
        # The certificate errors themselves are not ignored: the reply fails on its own.
        if self.sender() is self._reply:
            self._abort_reason = core.NET_TLS

    @Slot()
    def _on_reply_finished(self) -> None:
        reply = self.sender()
        if isinstance(reply, QNetworkReply):
            self._on_finished(reply)

    def _on_finished(self, reply: QNetworkReply) -> None:
        if reply is not self._reply:
            reply.deleteLater()
            return  # a reply replaced by a newer start(): its outcome was already reported
        self._reply = None
        self._deadline.stop()
        error = reply.error()
        status = reply.attribute(QNetworkRequest.Attribute.HttpStatusCodeAttribute)
        http_status = int(status) if status is not None else None
        body = bytes(reply.readAll().data())
        reply.deleteLater()
        redirect = reply.attribute(QNetworkRequest.Attribute.RedirectionTargetAttribute)
        if redirect is not None or reply.url() != self._url:
            # Never taken as the platform's answer, whatever it says: it came from (or points
            # to) another address. The core words any 3xx as a refused redirect.
            http_status = http_status if http_status and 300 <= http_status < 400 else 307
            body = b""
        network_error: str | None = None
        problem = transport_problem(error.name)
        if self._abort_reason is not None and error != _E.NoError:
            network_error = self._abort_reason
        elif problem is not None and http_status is None:
            # With a status, the answer is HTTP's (Qt calls a 400 "invalid operation"): the
            # core reads the status and body instead.
            network_error = problem.value
        elif error != _E.NoError and http_status is None:
            network_error = core.NET_OTHER
        self._abort_reason = None
        outcome: TokenCheckOutcome = core.interpret_token_response(
            self._endpoint, http_status, body, network_error
        )
        log.info(
            "Credential check finished: %s (HTTP %s, code %s, Qt error %s)",
            outcome.kind.value,
            http_status,
            outcome.code,
            error.name,
        )
        self.finished.emit(outcome)
