"""A finished download is kept in the merchant's Downloads folder under the server's or the
link's file name (numbered when taken), never as package-<hash>.zip in a hidden cache."""

from __future__ import annotations

from pathlib import Path

from wizard.core.package.download.keep import free_path, keep_download, kept_name
from wizard.core.package.download.links import target_for_url

URL = "https://admin.example.com/pack/%E5%B0%8F%E6%98%8E%E7%9A%84%E8%8A%B1%E5%BA%97.zip?t=1"


def test_the_servers_name_wins_then_the_links() -> None:
    assert kept_name(URL, "花店-v3.zip") == "花店-v3.zip"
    assert kept_name(URL) == "小明的花店.zip"
    assert kept_name("https://admin.example.com/?id=7") == "package.zip"
    assert kept_name(URL, "../../etc/passwd") == "passwd"


def test_the_download_moves_out_of_the_cache_under_its_name(tmp_path: Path) -> None:
    cache, downloads = tmp_path / "cache", tmp_path / "Downloads"
    cache.mkdir()
    first = target_for_url(URL, cache)
    first.write_bytes(b"PK\x03\x04 one")
    assert first.name.startswith("package-")  # the resumable copy, keyed by link
    kept = keep_download(first, downloads, kept_name(URL))
    assert kept == downloads / "小明的花店.zip" and kept.read_bytes() == b"PK\x03\x04 one"
    assert not first.exists()
    second = target_for_url(URL, cache)
    second.write_bytes(b"PK\x03\x04 two")
    again = keep_download(second, downloads, kept_name(URL))
    assert again == downloads / "小明的花店 (2).zip"
    assert kept.read_bytes() == b"PK\x03\x04 one"  # nothing overwritten


def test_a_folder_that_cannot_be_made_keeps_the_download_where_it_is(tmp_path: Path) -> None:
    downloaded = tmp_path / "package-abc.zip"
    downloaded.write_bytes(b"PK")
    blocker = tmp_path / "Downloads"
    blocker.write_text("a file where the folder should be")
    assert keep_download(downloaded, blocker, "x.zip") == downloaded and downloaded.exists()
    assert free_path(tmp_path, "new.zip") == tmp_path / "new.zip"
