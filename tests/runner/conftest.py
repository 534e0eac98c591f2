"""Fixtures of the runner tests: fake tools on a temporary PATH (see ``fakehost``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fakehost import FakeTools


@pytest.fixture
def fake_tools(tmp_path: Path) -> FakeTools:
    """An empty directory of fake tools."""
    return FakeTools(tmp_path)


@pytest.fixture
def fake_path(fake_tools: FakeTools, monkeypatch: pytest.MonkeyPatch) -> FakeTools:
    """The fake tools as the process's PATH, for running the command line in-process."""
    monkeypatch.setenv("PATH", fake_tools.path)
    for knob in ("DOCKER_BUILDTAGS", "AUTO_GOPATH", "DOCKER_CLIENTONLY", "DOCKER_INITPATH"):
        monkeypatch.delenv(knob, raising=False)
    return fake_tools
