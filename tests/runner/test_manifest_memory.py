"""Reading a manifest holds one stage of it at a time: the file's bytes are let go before
the JSON is decoded, so a 50,000-requirement run stays under its memory target.

Memory is counted by ``tracemalloc`` (what Python allocated, not timing, not RSS), at the
moment the JSON decoder starts: by then only the text should be alive, not the bytes too.
"""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fakehost import requirement, write_manifest

from sphinx_reqcheck import manifest as manifest_module
from sphinx_reqcheck.manifest import check_manifest_file, open_manifest

COUNT = 2000  # requirements: about 0.7 MB of JSON, well above everything else allocated


@pytest.fixture
def big_manifest(tmp_path: Path) -> Path:
    check = {"kind": "paths", "any_of": ["/etc/hostname"], "type": "file"}
    requirements = [requirement(f"req-{index:05d}", check) for index in range(COUNT)]
    return write_manifest(tmp_path / "manifest.json", *requirements)


@pytest.fixture
def allocated_when_decoding(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """The bytes Python holds each time the manifest reader starts decoding JSON."""
    seen: list[int] = []
    decode: Callable[[str, str], Any] = manifest_module.decode_json

    def noting(text: str, name: str) -> Any:
        seen.append(tracemalloc.get_traced_memory()[0])
        return decode(text, name)

    monkeypatch.setattr(manifest_module, "decode_json", noting)
    tracemalloc.start()
    try:
        yield seen
    finally:
        tracemalloc.stop()


def test_running_a_manifest_decodes_with_the_bytes_let_go(
    big_manifest: Path, allocated_when_decoding: list[int]
) -> None:
    _name, _digest, manifest = open_manifest(big_manifest)
    assert len(manifest.requirements) == COUNT
    # The text alone is one file size; text and bytes together would be two.
    (held,) = allocated_when_decoding
    assert held < 1.5 * big_manifest.stat().st_size


def test_validating_a_manifest_decodes_with_the_bytes_let_go(
    big_manifest: Path, allocated_when_decoding: list[int]
) -> None:
    manifest, problems = check_manifest_file(big_manifest)
    assert problems == [] and manifest is not None
    (held,) = allocated_when_decoding
    assert held < 1.5 * big_manifest.stat().st_size
