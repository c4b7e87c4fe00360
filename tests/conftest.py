"""Shared helpers: write a project file from text and compute it."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest

from hankelaskuri.api import calculate

# The tests read Finnish output unless they choose a language: the machine's locale
# (an en_US shell, a Swedish desktop) must not change what they see.
os.environ["HANKE_LANG"] = "fi"

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


@pytest.fixture
def project(tmp_path: Path):
    """``project(toml_text)`` → Result of that project (rules dirs optional)."""

    def make(text: str, rules_dirs: list[Path] | None = None, name: str = "p.toml"):
        path = tmp_path / name
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return calculate(path, rules_dirs or [])

    return make


@pytest.fixture
def write(tmp_path: Path):
    def make(text: str, name: str = "p.toml") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return make


JTF_HEAD = """
[project]
name = "Testihanke"
start = 2025-01-01
end = 2025-12-31
programme = "jtf-2021-2027"
measure = "development"
cost_model = "{model}"

[[partners]]
id = "main"
name = "Kehitysyhtiö Oy"
role = "main"
"""


# Property tests are derandomized under CI so a run is repeatable.
import os  # noqa: E402

from hypothesis import settings  # noqa: E402

settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")


@pytest.fixture(autouse=True)
def _cache_in_tmp(tmp_path_factory, monkeypatch):
    """``hanke check`` keeps its result cache in a fresh folder, never the user's own."""
    monkeypatch.setenv("HANKELASKURI_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
