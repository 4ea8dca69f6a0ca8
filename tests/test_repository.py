"""Repository rules: ruff and mypy clean, CI runs the README's test command (import layers:
test_layers)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_ruff_is_clean():
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", str(ROOT)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_format_is_clean():
    """One layout for all the code: ``ruff format`` would change nothing."""
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--check", "--no-cache", str(ROOT)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_is_clean(tmp_path):
    """The typed public API holds: mypy over pylib, the add-in and the report engine (the files
    and settings are in pyproject.toml, [tool.mypy])."""
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path / "mypy")],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text("utf-8")
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    block = readme.split("## Run the tests", 1)[1].split("```bash", 1)[1].split("```", 1)[0]
    install, run = (part.strip() for part in block.strip().split("&&"))
    assert install.replace("python3 -m pip install", "") in ci
    assert run in ci


def test_packages_and_the_cli_entry_point_are_declared_where_the_code_is():
    import importlib
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    setup = project["tool"]["setuptools"]
    for package in setup["packages"]:
        folder = ROOT / setup["package-dir"][package]
        assert (folder / "__init__.py").exists(), package
    # every sub-package of a declared package is declared too (a wheel leaves out the rest)
    declared = {(ROOT / folder).resolve() for folder in setup["package-dir"].values()}
    for top in ("fofxl", "fofxl_addin", "fofxl_report", "fofxl_templates"):
        for init in (ROOT / setup["package-dir"][top]).rglob("__init__.py"):
            assert init.parent.resolve() in declared, f"{init.parent} is not in pyproject packages"
    module, _, function = project["project"]["scripts"]["fofxl"].partition(":")
    assert module == "fofxl_report.cli"  # the CLI lives in the report layer, not in pylib
    assert callable(getattr(importlib.import_module(module), function))
    assert not (ROOT / "pylib" / "fofxl" / "cli.py").exists()
