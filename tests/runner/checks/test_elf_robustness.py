"""Binaries no reader should trust: each gets a clear verdict, never a traceback."""

from __future__ import annotations

import gc
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from elfkit import ElfKit
from fakehost import make_manifest, requirement
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sphinx_reqcheck.runner.artifacts import preload_elf_reader
from sphinx_reqcheck.runner.checks import check_function
from sphinx_reqcheck.runner.elf import INSTALL_HINT, ElfProblem, preload_pyelftools, read_elf
from sphinx_reqcheck.runner.engine import run_requirements

# (case, status, words the observed text must contain)
CASES = [
    ("truncated", "fail", "is a truncated or corrupt ELF file (ELFParseError"),
    ("head-only", "fail", "is a truncated or corrupt ELF file"),
    ("corrupt", "fail", "is a truncated or corrupt ELF file"),
    ("32bit", "fail", "is built for ELF 32-bit x86-64; Docker runs only on x86-64 (amd64)"),
    ("arm64", "fail", "is built for ELF 64-bit AArch64; Docker runs only on x86-64"),
    ("script", "fail", "is not an ELF binary: it is a script (#!/bin/sh)"),
    ("empty", "fail", "is not an ELF binary: the file is empty"),
    ("loop", "error", "is a symbolic link loop"),
    ("directory", "error", "is a directory, not a binary"),
    ("fifo", "error", "is not a regular file"),
    ("missing", "error", "does not exist"),
]
KINDS = [
    ("elf-not-stripped", {"binary": "docker"}),
    ("elf-static", {"binary": "docker", "unless_build": "dynbinary"}),
]


def _as_docker(case: str, broken: dict[str, Path], where: Path) -> Path:
    """The broken file under the name ``docker``, as --artifact would name it."""
    docker = where / "docker"
    if case == "directory":
        docker.mkdir()
    elif case == "loop":
        docker.symlink_to(docker)
    elif case == "fifo":
        os.mkfifo(docker)  # opening it for reading would block forever
    elif case != "missing":
        shutil.copyfile(broken[case], docker)
    return docker


@pytest.mark.parametrize(("kind", "params"), KINDS)
@pytest.mark.parametrize(("case", "status", "words"), CASES)
def test_each_broken_input_gets_a_clear_verdict(
    elf: ElfKit,
    elf_broken: dict[str, Path],
    tmp_path: Path,
    kind: str,
    params: dict[str, str],
    case: str,
    status: str,
    words: str,
) -> None:
    docker = _as_docker(case, elf_broken, tmp_path)
    outcome = check_function(kind)(params, elf.ctx(artifacts=(docker,)))
    assert outcome.status == status
    assert outcome.observed.startswith(f"{docker} ")
    assert words in outcome.observed


@pytest.mark.parametrize(("case", "status", "words"), CASES)
def test_read_elf_raises_only_elf_problem(
    elf_broken: dict[str, Path], case: str, status: str, words: str
) -> None:
    path = elf_broken[case]
    if case in ("32bit", "arm64"):
        info = read_elf(path)
        assert not info.is_amd64
        assert info.sections == ()  # a foreign header's tables are not read
        return
    with pytest.raises(ElfProblem) as raised:
        read_elf(path)
    assert raised.value.unusable is (status == "fail")
    assert words in str(raised.value)


def test_corrupt_bundle_binary_fails_artifact_pair_without_a_traceback(
    elf: ElfKit, elf_broken: dict[str, Path]
) -> None:
    ctx = elf.bundle_ctx({"binary/docker-1.3.0": elf_broken["truncated"]})
    outcome = check_function("artifact-pair")({}, ctx)
    assert outcome.status == "fail"
    assert "is a truncated or corrupt ELF file" in outcome.observed


def _hide_pyelftools(monkeypatch: pytest.MonkeyPatch) -> None:
    # None entries in sys.modules make the imports fail as on a host without pyelftools
    # (every already-imported submodule too, or Python would hand those out directly).
    for name in [name for name in sys.modules if name.split(".")[0] == "elftools"]:
        monkeypatch.setitem(sys.modules, name, None)
    monkeypatch.setitem(sys.modules, "elftools", None)


def test_without_pyelftools_elf_checks_say_what_to_install(
    elf: ElfKit, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docker = elf.install(tmp_path / "docker", "static", mode=0o644)
    _hide_pyelftools(monkeypatch)
    for kind, params in KINDS:
        outcome = check_function(kind)(params, elf.ctx(artifacts=(docker,)))
        assert outcome.status == "error"
        assert "install sphinx-reqcheck[elf]" in outcome.observed


def test_without_pyelftools_a_run_gives_the_same_verdicts_with_the_reader_preloaded(
    elf: ElfKit, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The run imports pyelftools in a background thread first; its failure must stay
    # quiet there and be each binary check's verdict, as when the check imports it.
    docker = elf.install(tmp_path / "docker", "static", mode=0o644)
    _hide_pyelftools(monkeypatch)
    escaped: list[threading.ExceptHookArgs] = []
    monkeypatch.setattr(threading, "excepthook", escaped.append)
    manifest = make_manifest(
        requirement("sh", {"kind": "command", "names": ["sh"]}),
        *(requirement(kind, {"kind": kind, **params}) for kind, params in KINDS),
    )
    for jobs in (1, 3):
        ctx = elf.ctx(artifacts=(docker,))
        preloading = preload_elf_reader(ctx)
        assert preloading is not None  # this run does import it in advance
        preloading.join()
        results = run_requirements(manifest.requirements, ctx, jobs)
        assert [result.status for result in results] == ["pass", "error", "error"]
        for result in results[1:]:
            assert result.observed == INSTALL_HINT
    assert escaped == []


def test_the_background_import_leaves_the_interpreter_as_it_found_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # It hands the interpreter back sooner and collects less while it imports; after,
    # failed or not, the switch interval and the collector's thresholds are as before.
    before = sys.getswitchinterval(), gc.get_threshold()
    sys.setswitchinterval(0.004)
    gc.set_threshold(600, 9, 8)
    frozen = gc.get_freeze_count()
    try:
        preload_pyelftools()
        assert (sys.getswitchinterval(), gc.get_threshold()) == (0.004, (600, 9, 8))
        assert gc.get_freeze_count() == frozen == 0  # nothing is left frozen
        _hide_pyelftools(monkeypatch)
        preload_pyelftools()  # fails to import, quietly
        assert (sys.getswitchinterval(), gc.get_threshold()) == (0.004, (600, 9, 8))
    finally:
        sys.setswitchinterval(before[0])
        gc.set_threshold(*before[1])


def test_no_collection_walks_what_the_background_import_made() -> None:
    # In a fresh interpreter: every collection after the import starts with few young
    # objects; the import's own (some 15,000) are frozen, not walked.
    program = (
        "import gc, sys\n"
        "import sphinx_reqcheck.runner.artifacts\n"
        "from sphinx_reqcheck.runner.elf import preload_pyelftools\n"
        "young = []\n"
        "gc.callbacks.append(lambda phase, info: young.append(gc.get_count()[0]))\n"
        "preload_pyelftools()\n"
        "assert 'elftools.elf.elffile' in sys.modules\n"
        "kept = [[index] for index in range(5000)]  # enough to set off young collections\n"
        "print(max(young))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True
    )
    assert int(done.stdout) < 2000


def test_file_with_an_unknown_name_is_ignored_and_reported(elf: ElfKit, elf_static: Path) -> None:
    outcome = check_function("elf-static")({"binary": "docker"}, elf.ctx(artifacts=(elf_static,)))
    assert outcome.status == "skip"
    assert f"ignored: {elf_static} (name it docker" in outcome.observed


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    # Offsets into the first KiB (ELF and program headers) or, negative, into the last
    # 4 KiB (section headers, string tables): what a bad download or copy damages.
    damage=st.lists(
        st.tuples(st.integers(min_value=-4096, max_value=1023), st.integers(0, 255)),
        min_size=1,
        max_size=8,
    ),
    cut=st.one_of(st.none(), st.integers(min_value=0, max_value=1 << 15)),
)
def test_damaged_binaries_never_escape_as_other_exceptions(
    elf_dynamic: Path, tmp_path: Path, damage: list[tuple[int, int]], cut: int | None
) -> None:
    content = bytearray(elf_dynamic.read_bytes())
    for offset, value in damage:
        content[offset] = value
    target = tmp_path / "docker"
    target.write_bytes(bytes(content[:cut] if cut is not None else content))
    try:
        info = read_elf(target)
    except ElfProblem as problem:
        assert str(problem)
    else:
        assert info.path == target
