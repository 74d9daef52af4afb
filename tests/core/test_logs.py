"""The log never holds a secret: registered values, secret-looking pairs and hex runs are cut."""

from __future__ import annotations

import logging

from wizard.core.logs import REDACTED, redact, register_secret, setup_logging
from wizard.core.paths import app_paths

SECRET = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b"


def test_redact_patterns() -> None:
    register_secret("short-but-registered-Secret!")
    assert "short-but-registered-Secret!" not in redact("x short-but-registered-Secret! y")
    assert redact(f"body {SECRET} end") == f"body {REDACTED} end"
    assert "hunter2" not in redact('{"secret": "hunter2", "appid": "tt1"}')
    assert "hunter2" not in redact("client_secret=hunter2&grant_type=client_credential")
    assert "tt411d37a0de37d565" in redact("appid tt411d37a0de37d565")  # an AppID is not secret


def test_log_file_rotates_and_redacts_messages_args_and_tracebacks() -> None:
    paths = app_paths()
    log_file = setup_logging(paths)
    logger = logging.getLogger("test.redaction")
    logger.info("plain %s", "hello")
    logger.warning("args carry it: %s", SECRET)
    try:
        raise ValueError(f"secret={SECRET}")
    except ValueError:
        logger.exception("failed")
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = log_file.read_text(encoding="utf-8")
    assert "plain hello" in text and "ValueError" in text
    assert SECRET not in text
    assert log_file.parent == paths.logs


def test_log_rotates_and_keeps_a_bounded_number_of_files(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from wizard.core.logs import RotatingLog

    handler = RotatingLog(tmp_path / "app.log", max_bytes=200, backups=2)
    logger = logging.getLogger("test.rotation")
    logger.propagate = False
    logger.addHandler(handler)
    try:
        for number in range(60):
            logger.warning("line %03d with some padding to fill the file", number)
    finally:
        logger.removeHandler(handler)
        handler.close()
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names == ["app.log", "app.log.1", "app.log.2"]
    assert "line 059" in (tmp_path / "app.log").read_text(encoding="utf-8")
    assert all(p.stat().st_size < 400 for p in tmp_path.iterdir())
