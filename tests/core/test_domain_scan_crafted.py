"""The package scan on crafted files (runs of address openings, templates, calls, namespaces):
the findings stay exact and bounded, Cancel is seen inside one long file, and the file walk
is reusable by other scans."""

from __future__ import annotations

from pathlib import Path

from wizard.core.domains.scan import (
    CHECK_EVERY_BYTES,
    MAX_DYNAMIC,
    MAX_PLACES_PER_HOST,
    package_texts,
    scan_package,
)

RUN = 30_000  # repetitions of a crafted unit: far past every cap, small enough to be quick


def package_with(tmp_path: Path, name: str, data: bytes) -> Path:
    root = tmp_path / "crafted"
    root.mkdir()
    (root / name).write_bytes(data)
    return root


def test_a_run_of_empty_address_openings_is_counted_not_listed(tmp_path: Path) -> None:
    scan = scan_package(package_with(tmp_path, "a.js", b'"https://' * RUN))
    assert scan.uses == []
    assert len(scan.dynamic) == MAX_DYNAMIC and scan.omitted == RUN - MAX_DYNAMIC
    assert {use.via for use in scan.dynamic} == {"literal"}


def test_a_run_of_one_address_keeps_its_places_up_to_the_cap(tmp_path: Path) -> None:
    unit = b'"https://api.example.com/x",\n'
    scan = scan_package(package_with(tmp_path, "a.js", unit * RUN))
    assert list(scan.called_hosts("request")) == ["api.example.com"]
    places = scan.called_hosts("request")["api.example.com"]
    assert len(places) == MAX_PLACES_PER_HOST and scan.omitted == RUN - MAX_PLACES_PER_HOST
    assert [use.line for use in places[:3]] == [1, 2, 3]
    assert places[0].url == "https://api.example.com/x"


def test_parentheses_and_namespaces_in_code_are_not_addresses(tmp_path: Path) -> None:
    data = b"(http://" * RUN + b'xmlns="http://' * RUN + b' "wss://live.example.com/r"'
    scan = scan_package(package_with(tmp_path, "a.js", data))
    assert [(use.host, use.kind) for use in scan.uses] == [("live.example.com", "socket")]
    assert scan.dynamic == [] and scan.omitted == 0


def test_url_openings_in_styles_are_resources(tmp_path: Path) -> None:
    scan = scan_package(package_with(tmp_path, "a.ttss", b"url(https://img.example.com/a) " * 500))
    assert {(use.host, use.kind, use.via) for use in scan.uses} == {
        ("img.example.com", None, "resource")
    }


def test_a_run_of_calls_claims_each_address_for_its_call(tmp_path: Path) -> None:
    unit = b'tt.uploadFile({url:"https://up.example.com/a"});tt.request({url:u});'
    scan = scan_package(package_with(tmp_path, "a.js", unit * 5000))
    assert list(scan.called_hosts("uploadFile")) == ["up.example.com"]
    assert scan.called_hosts("request") == {}
    assert len(scan.dynamic) == MAX_DYNAMIC
    assert {use.via for use in scan.dynamic} == {"tt.request"}


def test_templates_inside_hosts_are_built_at_run_time(tmp_path: Path) -> None:
    scan = scan_package(package_with(tmp_path, "a.ttml", b'<image src="https://{{h}}/a"/>' * RUN))
    assert scan.uses == [] and len(scan.dynamic) == MAX_DYNAMIC


def test_cancel_is_seen_inside_one_long_file(tmp_path: Path) -> None:
    unit = b'var a = "https://api.example.com/x"; function f(e){return e+1}\n'
    data = unit * (4 * CHECK_EVERY_BYTES // len(unit))
    root = package_with(tmp_path, "big.js", data)
    asked: list[int] = []
    seen: list[int] = []

    def cancel() -> bool:
        asked.append(1)
        return len(asked) >= 2  # the first look is before the file, the second inside it

    scan = scan_package(root, progress=lambda done, total: seen.append(done), cancel=cancel)
    assert scan.cancelled and scan.files_scanned == 0
    assert any(0 < done < len(data) for done in seen), "progress moves inside the file"
    counted = len(scan.called_hosts("request")["api.example.com"]) + scan.omitted
    assert counted < data.count(b"https://") // 2, "stopped early in the file"


def test_the_walk_yields_each_packed_file_with_its_bytes(tmp_path: Path) -> None:
    root = tmp_path / "walk"
    (root / "pages").mkdir(parents=True)
    (root / "node_modules" / "x").mkdir(parents=True)
    (root / "pages" / "a.js").write_bytes(b"var a = 1;")
    (root / "b.ttml").write_bytes(b"<view/>")
    (root / "node_modules" / "x" / "i.js").write_bytes(b"never packed")
    (root / "c.png").write_bytes(b"not code")
    found = {(text.relative, text.data) for text in package_texts(root)}
    assert found == {("b.ttml", b"<view/>"), ("pages/a.js", b"var a = 1;")}


def test_the_plain_host_shortcut_agrees_with_the_full_analysis() -> None:
    import random

    from wizard.core.domains.rules import KINDS, analyse_finished, plain_host

    rng = random.Random(20)
    names = [
        "api.example.com",
        "API.Example.COM",
        "a.b",
        "a.bc",
        "a.12",
        "localhost",
        "x.localhost",
        "xn--fiq228c.com",
        "a-.com",
        "-a.com",
        "a..com",
        "a.com.",
        "1.2.3.4",
        "300.1.1.1",
        "a_b.com",
        "a" * 63 + ".com",
        "a" * 64 + ".com",
        ".".join(["abcdefghi"] * 26),
        "例子.com",
        "www.w3.org",
    ]
    for _ in range(1500):
        labels = [
            "".join(rng.choice("abcXYZ019-_") for _ in range(rng.randint(0, 5)))
            for _ in range(rng.randint(1, 4))
        ]
        names.append(".".join(labels))
    for name in names:
        plain = plain_host(name)
        if plain is None:
            continue  # only the full analysis can say
        for scheme in ("https", "http", "wss", "ws"):
            for kind in KINDS:
                verdict = analyse_finished(f"{scheme}://{name}", kind)
                assert verdict.host == plain, (name, scheme, kind)
    assert plain_host("api.example.com") == "api.example.com"
    assert plain_host("a.12") is None and plain_host("xn--fiq228c.com") is None
