"""Reading the official CLI's output: real output captured from tt-ide-cli 0.1.33, one row each.

The files in data/tma_output/ were printed by the real CLI (through tests/fake_platform.py;
paths made neutral). Each row says what the merchant must be told.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from wizard.core import i18n
from wizard.core.upload import outcome as up
from wizard.core.upload.outcome import UploadOutcome, interpret_cli_output

DATA = Path(__file__).parent / "data" / "tma_output"
SIZES = "PackageSize Error: 主包大小为 5.00MB，超过 4.00MB。\npages/a/ 子包大小为 3.00MB, 超过 2.00MB。\n"  # noqa: E501


def captured(name: str) -> tuple[str, str]:
    return (DATA / f"{name}.stdout").read_text("utf-8"), (DATA / f"{name}.stderr").read_text(
        "utf-8"
    )


# name, command, kind, words the sentence must carry (the CLI's own message among them)
ROWS = [
    ("success", "upload", up.KIND_SUCCESS, ["测试版本"]),
    ("telemetry_noise_success", "upload", up.KIND_SUCCESS, ["测试版本"]),
    ("preview_success", "preview", up.KIND_SUCCESS, ["member"]),
    ("version_too_low", "upload", up.KIND_VERSION_TOO_LOW, ["1.0.5", "2.0.0", "greater"]),
    ("telemetry_noise_version_too_low", "upload", up.KIND_VERSION_TOO_LOW, ["1.0.5", "9.9.9"]),
    ("compile_error", "upload", up.KIND_COMPILE_ERROR, ["第 3 行标签未闭合", "provider"]),
    ("upload_refused", "upload", up.KIND_UPLOAD_REFUSED, ["版本号已存在"]),
    ("not_configured", "upload", up.KIND_NOT_CONFIGURED, ["请先完成开发配置", "「开发配置」"]),
    ("token_refused", "upload", up.KIND_TOKEN_REFUSED, ["401", "「立即启用」"]),
    ("token_missing", "upload", up.KIND_TOKEN_MISSING, ["本地无 Cookie", "upload token"]),
    ("network_refused", "upload", up.KIND_NETWORK, ["ECONNREFUSED", "internet"]),
    ("package_too_large", "upload", up.KIND_PACKAGE_TOO_LARGE, ["17.00MB", "16 MB"]),
    ("appid_wrong_type", "upload", up.KIND_APPID_WRONG_TYPE, ["小玩法"]),
    ("appid_invalid", "upload", up.KIND_APPID_INVALID, ["tt411d37a0de37d56z"]),
]


@pytest.mark.parametrize(("name", "command", "kind", "words"), ROWS, ids=[r[0] for r in ROWS])
def test_real_output_becomes_one_sentence(
    name: str, command: str, kind: str, words: list[str]
) -> None:
    stdout, stderr = captured(name)
    outcome = interpret_cli_output(stdout, stderr, command=command)
    assert outcome.kind == kind
    assert outcome.ok is (kind == up.KIND_SUCCESS)
    for word in words:
        assert word in outcome.message
    assert_plain(outcome)


def assert_plain(outcome: UploadOutcome) -> None:
    """One paragraph, no stack trace, no terminal codes, no proxy noise."""
    text = outcome.message
    assert "\n" not in text
    assert not re.search(r"\s{2,}at \S|cli\.js:\d|node:internal|\(<anonymous>\)", text)
    assert "\x1b" not in text and "error request proxy" not in text and "上报数据出错" not in text


def test_success_carries_the_qr_code_path() -> None:
    outcome = interpret_cli_output(*captured("success"))
    assert outcome.qrcode_path is not None and outcome.qrcode_path.name == "qr.png"


def test_preview_carries_the_short_link() -> None:
    outcome = interpret_cli_output(*captured("preview_success"), command="preview")
    assert outcome.short_link == "https://z.douyin.com/fakeQr1"
    assert outcome.qrcode_path is not None


def test_version_too_low_names_both_versions() -> None:
    outcome = interpret_cli_output(*captured("version_too_low"))
    assert (outcome.version, outcome.previous_version) == ("1.0.5", "2.0.0")


def test_package_sizes_are_kept_without_the_missing_button() -> None:
    outcome = interpret_cli_output(*captured("package_too_large"))
    assert outcome.details == ("项目源码包大小 17.00MB，超过 16.00MB。",)
    assert "查看解决方案" not in outcome.message


def test_upload_success_on_stdout_wins_over_stderr() -> None:
    stdout, _ = captured("success")
    _, stderr = captured("compile_error")
    assert interpret_cli_output(stdout, stderr).ok


def test_unknown_error_is_the_last_error_line_verbatim() -> None:
    stderr = (
        "- 正在准备上传...\n"
        "TypeError: Cannot read properties of undefined (reading 'x')\n"
        "    at y (/a/cli.js:2:1)\n"
    )
    outcome = interpret_cli_output("", stderr)
    assert outcome.kind == up.KIND_UNKNOWN and not outcome.ok
    assert "TypeError: Cannot read properties of undefined (reading 'x')" in outcome.message
    assert "cli.js" not in outcome.message


def test_unknown_kind_of_error_is_quoted() -> None:
    outcome = interpret_cli_output("", "Strange Error: 平台维护中\n    at x (y:1:1)\n")
    assert outcome.kind == up.KIND_UNKNOWN and "Strange Error: 平台维护中" in outcome.message


def test_no_output_at_all_is_no_answer() -> None:
    outcome = interpret_cli_output("", "")
    assert outcome.kind == up.KIND_NO_ANSWER and not outcome.ok and outcome.message


def test_output_without_error_line_keeps_last_line() -> None:
    outcome = interpret_cli_output("", "something odd happened\n")
    assert outcome.kind == up.KIND_UNKNOWN and "something odd happened" in outcome.message


@pytest.mark.parametrize(
    ("stderr", "kind"),
    [
        ("Error: getaddrinfo ENOTFOUND developer.toutiao.com\n    at x\n", up.KIND_NETWORK),
        ("AxiosError: timeout of 60000ms exceeded\n", up.KIND_NETWORK),
        ("Error: self-signed certificate in certificate chain\n", up.KIND_SECURE_CONNECTION),
        ("AxiosError: Request failed with status code 502\n", up.KIND_PLATFORM_BUSY),
        ("AxiosError: Request failed with status code 403\n", up.KIND_TOKEN_REFUSED),
        ("Login Error: 尚未登录\n    at x\n", up.KIND_TOKEN_REFUSED),
        ("Upload Error: token 校验失败\n", up.KIND_TOKEN_REFUSED),
        ("Compile Error: 查询编译进度超时\n", up.KIND_PLATFORM_BUSY),
        ("Schema Error: 生成二维码失败\n", up.KIND_QRCODE),
        ("QRCode Error: bad\n", up.KIND_QRCODE),
        ("Meta Error: 应用不存在\n", up.KIND_META),
        ("Project Error: 请使用正确的 AppId\n", up.KIND_APPID_INVALID),
        (
            'Project Error: 当前项目为小玩法项目，但是 "tt1" 属于小程序 ID。\n',
            up.KIND_APPID_WRONG_TYPE,
        ),
        ('Project Error: Parsing "project.config.json" with error. x\n', up.KIND_PROJECT),
        ("Compress Error: EACCES\n", up.KIND_PROJECT),
        (
            SIZES + "可点击【查看解决方案】查看包体积优化方案，修改后重试。\n    at x\n",
            up.KIND_PACKAGE_TOO_LARGE,
        ),
    ],
)
def test_other_known_failures(stderr: str, kind: str) -> None:
    outcome = interpret_cli_output("[error request proxy] { host: null, port: null }\n", stderr)
    assert outcome.kind == kind and not outcome.ok
    first = stderr.split(": ", 1)[1].splitlines()[0]
    assert first.rstrip("。") in outcome.message or kind == up.KIND_PACKAGE_TOO_LARGE
    assert_plain(outcome)


def test_both_sizes_in_a_package_message() -> None:
    stderr = SIZES
    outcome = interpret_cli_output("", stderr)
    assert "5.00MB" in outcome.message and "3.00MB" in outcome.message


def test_ansi_colours_are_ignored() -> None:
    outcome = interpret_cli_output("", "\x1b[31mUpload Error: 版本号已存在\x1b[39m\n")
    assert outcome.kind == up.KIND_UPLOAD_REFUSED and "\x1b" not in outcome.message


def test_sentences_are_translated() -> None:
    i18n.set_language(i18n.CHINESE)
    outcome = interpret_cli_output(*captured("version_too_low"))
    assert "1.0.5" in outcome.message and "2.0.0" in outcome.message
    assert "greater" not in outcome.message


def test_outcome_round_trips_and_survives_damage() -> None:
    outcome = interpret_cli_output(*captured("preview_success"), command="preview")
    again = UploadOutcome.from_dict(outcome.to_dict())
    assert again is not None and again.short_link == outcome.short_link and again.ok
    for damaged in (None, [], {"ok": "yes"}, {"ok": True, "message": 3, "kind": "x"}):
        assert UploadOutcome.from_dict(damaged) is None
    hostile = {**outcome.to_dict(), "short_link": "javascript:alert(1)", "expires_at": True}
    restored = UploadOutcome.from_dict(hostile)
    assert restored is not None and restored.short_link is None and restored.expires_at is None
