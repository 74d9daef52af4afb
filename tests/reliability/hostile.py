"""Files that parse (or nearly) but break naive loading: one list for every reader's tests."""

from __future__ import annotations

DEEP = 100_000

# name -> bytes of a file a damaged disk, a bad tool or an attacker could leave behind.
HOSTILE_JSON: dict[str, bytes] = {
    "deeply nested list": b"[" * DEEP + b"]" * DEEP,
    "deeply nested object": b'{"a":' * DEEP + b"1" + b"}" * DEEP,
    "nested just past the limit": b'{"programs": ' + b"[" * 200 + b"]" * 200 + b"}",
    "integer with thousands of digits": b'{"programs": [], "n": ' + b"9" * 5000 + b"}",
    "integer too large for a float": b'{"programs": [{"id": "a", "name": "b", "created": '
    + b"9" * 400
    + b"}]}",
    "float too large": b'{"programs": [{"id": "a", "name": "b", "updated": 1e400}]}',
    "infinity literal": b'{"programs": [{"id": "a", "name": "b", "updated": Infinity}]}',
    "nan literal": b'{"language": NaN}',
    "truncated": b'{"programs": [{"id": "a", "name": "b"',
    "not utf-8": b'{"name": "\xff\xfe"}',
    "utf-16": '{"language": "en"}'.encode("utf-16"),
    "a list": b"[1, 2, 3]",
    "a string": b'"hello"',
    "empty": b"",
    "nul bytes": b"\x00" * 64,
    "schema version is a bool": b'{"schema_version": true}',
    "schema version negative": b'{"schema_version": -5}',
    "schema version huge": b'{"schema_version": 123456789012345678901234567890}',
}

# Files that load, with something odd inside that a save must still cope with.
ODD_BUT_LOADABLE: dict[str, bytes] = {
    "lone surrogate in a name": b'{"programs": [{"id": "a", "name": "\\ud800 shop"}]}',
    "lone surrogate in a key": b'{"programs": [{"id": "a", "name": "b", '
    b'"answers": {"x": {"\\udfff": "v"}}}]}',
    "lone surrogate in settings": b'{"language": "\\udc80", "last_program_id": "\\ud83d"}',
    "bom": b'\xef\xbb\xbf{"programs": [{"id": "a", "name": "\xe8\x8a\xb1\xe5\xba\x97"}]}',
    "answers nested 60 deep": b'{"programs": [{"id": "a", "name": "b", "answers": {"x": {"y": '
    + b"[" * 55
    + b"]" * 55
    + b"}}}]}",
    "timestamps as strings": b'{"programs": [{"id": "a", "name": "b", "created": "yesterday"}]}',
    "appid is a number": b'{"programs": [{"id": "a", "name": "b", "appid": 12}]}',
}
