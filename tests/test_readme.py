"""The README's two commands are the ones CI and newcomers run."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _commands() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", quick, flags=re.S)


def test_ci_runs_exactly_the_readme_test_command() -> None:
    first, second = _commands()[:2]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert second.strip() in ci.splitlines()
    assert "pytest" in second and "pip install" in first


def test_the_first_command_uses_only_files_in_the_repo() -> None:
    first = _commands()[0]
    for path in re.findall(r"(tests/\S+|bench/\S+)", first):
        assert (ROOT / path).exists(), path
