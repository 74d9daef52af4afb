"""A small real code package for the screenshots and the demo window."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path


def write_demo_package(zip_path: Path) -> Path:
    """Write a four-file mini-program package (the provider's dist/ layout) and return its path."""
    zip_path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(zip_path, "w") as archive:
        archive.writestr("dist/app.json", json.dumps({"pages": ["pages/index/index"]}))
        archive.writestr("dist/app.js", "App({});")
        archive.writestr("dist/pages/index/index.js", "Page({});")
        archive.writestr(
            "dist/project.config.json", json.dumps({"appid": "testappId", "projectname": "x"})
        )
    return zip_path
