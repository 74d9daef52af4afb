"""Packaging glue pyproject.toml cannot say: the top-level resources/ ship inside the wheel.

The translations and icons live in `resources/` at the top of the repository (PyInstaller's
spec and the docs point there). In a wheel they become the package data `wizard/resources/`,
which `wizard.core.paths.resources_dir()` finds when the app is installed, not checked out.
"""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["wizard", "wizard.*"]), "wizard.resources"],
    package_dir={"wizard.resources": "resources"},
    package_data={"wizard.resources": ["**/*"]},
)
