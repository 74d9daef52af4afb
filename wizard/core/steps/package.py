"""Step ``package``: the provider's code package, unpacked into a fresh folder and checked."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from wizard.core.credentials import check_appid
from wizard.core.i18n import N_
from wizard.core.package.target import default_target
from wizard.core.paths import documents_folder
from wizard.core.state import MiniProgram
from wizard.core.steps import Step, flag, text

ID = "package"


@dataclass
class PackageAnswers:
    """The zip, the download link, the folder to unpack into and the unpacked result."""

    zip_path: str = ""
    url: str = ""
    target: str = ""
    extracted_to: str = ""
    can_upload: bool = False

    @classmethod
    def read(cls, program: MiniProgram) -> PackageAnswers:
        values = program.answers.get(ID, {})
        return cls(
            zip_path=text(values, "zip_path"),
            url=text(values, "url"),
            target=text(values, "target"),
            extracted_to=text(values, "extracted_to"),
            can_upload=flag(values, "can_upload"),
        )


def target_to_show(program: MiniProgram) -> str:
    """The unpack folder: the merchant's choice, else a fresh folder named after the program."""
    return PackageAnswers.read(program).target or str(default_target(program.name))


def resolve_target(text_typed: str) -> Path:
    """Where to unpack: a bare folder name means one in Documents, never the working folder."""
    target = Path(text_typed.strip()).expanduser()
    return target if target.is_absolute() else documents_folder() / target


def merchant_appid(program: MiniProgram) -> str | None:
    """The AppID written into project.config.json, when the merchant has a valid one."""
    return program.appid if check_appid(program.appid).ok else None


def unpacked(root: Path, can_upload: bool) -> dict[str, Any]:
    """The answers to keep after an unpacking finished."""
    return {"extracted_to": str(root), "can_upload": can_upload}


def package_folder(program: MiniProgram) -> Path | None:
    """The unpacked folder, while it still exists."""
    folder = PackageAnswers.read(program).extracted_to
    return Path(folder) if folder and Path(folder).is_dir() else None


def is_done(program: MiniProgram) -> bool:
    return PackageAnswers.read(program).can_upload and package_folder(program) is not None


STEP = Step(
    ID,
    N_("Code package"),
    N_("Code package unpacked and ready to upload"),
    is_done,
)
