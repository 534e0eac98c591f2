"""Cross-document checks and equal manifests: serial, -j 2 and incremental builds."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .helpers import build_once, ids_of, manifest_bytes, warnings_of


@pytest.mark.parametrize("parallel", [0, 2])
def test_duplicate_ids_across_documents(make_app, rootdir, tmp_path, parallel) -> None:
    src = rootdir / "test-duplicates"
    app = build_once(make_app, "reqcheck", src, tmp_path / "build", parallel=parallel)
    text = warnings_of(app)
    assert (
        f"{src / 'd5.rst'}:9: WARNING: duplicate requirement id 'shared-id', first defined at "
        f"{src / 'd2.rst'}:9" in text
    )
    assert "[reqcheck.duplicate]" in text
    # The first definition (in document order) is the one exported.
    assert ids_of(app).count("shared-id") == 1
    assert ids_of(app).index("shared-id") == ids_of(app).index("req-d2") + 1


@pytest.mark.parametrize("parallel", [0, 2])
def test_unknown_reference(make_app, rootdir, tmp_path, parallel) -> None:
    src = rootdir / "test-duplicates"
    app = build_once(make_app, "reqcheck", src, tmp_path / "build", parallel=parallel)
    assert (
        f"{src / 'd4.rst'}:9: WARNING: req:ref to unknown requirement id 'missing-target' "
        "[reqcheck.ref]" in warnings_of(app)
    )


def test_document_order_follows_the_toctree(make_app, rootdir, tmp_path) -> None:
    app = build_once(make_app, "reqcheck", rootdir / "test-multi", tmp_path / "build")
    assert ids_of(app) == [
        "index-req",
        "zeta-one",
        "zeta-two",
        "alpha-one",
        "beta-req",
        "gamma-req",
        "local-req",
        "orphan-req",  # in no toctree: after the others
    ]


@pytest.mark.parametrize("root", ["multi", "kinds-md", "duplicates"])
def test_parallel_build_is_byte_identical(make_app, rootdir, tmp_path, root) -> None:
    src = rootdir / f"test-{root}"
    serial = build_once(make_app, "reqcheck", src, tmp_path / "serial")
    parallel = build_once(make_app, "reqcheck", src, tmp_path / "parallel", parallel=2)
    assert manifest_bytes(serial) == manifest_bytes(parallel)


def _fresh(make_app, src: Path, builddir: Path) -> bytes:
    return manifest_bytes(build_once(make_app, "reqcheck", src, builddir, freshenv=True))


def test_incremental_builds_equal_fresh_builds(make_app, rootdir, tmp_path) -> None:
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-multi", src)
    incremental = tmp_path / "incremental"
    first = build_once(make_app, "reqcheck", src, incremental)
    assert manifest_bytes(first) == _fresh(make_app, src, tmp_path / "fresh0")

    # Edit one document: a title changes and a requirement moves before another.
    zeta = src / "zeta.rst"
    zeta.write_text(zeta.read_text().replace("Client tool", "Client download tool"))
    edited = build_once(make_app, "reqcheck", src, incremental)
    assert b"Client download tool" in manifest_bytes(edited)
    assert manifest_bytes(edited) == _fresh(make_app, src, tmp_path / "fresh1")

    # Add one document (picked up by the glob toctree).
    (src / "extra" / "delta.rst").write_text(
        "Delta\n=====\n\n.. req:command:: delta-req\n   :title: Delta tool\n"
        "   :scope: build\n   :names: delta\n"
    )
    added = build_once(make_app, "reqcheck", src, incremental)
    assert "delta-req" in ids_of(added)
    assert ids_of(added).index("delta-req") == ids_of(added).index("beta-req") + 1
    assert manifest_bytes(added) == _fresh(make_app, src, tmp_path / "fresh2")

    # Delete one document.
    (src / "extra" / "gamma.rst").unlink()
    deleted = build_once(make_app, "reqcheck", src, incremental)
    assert "gamma-req" not in ids_of(deleted)
    assert manifest_bytes(deleted) == _fresh(make_app, src, tmp_path / "fresh3")


def test_incremental_parallel_equals_fresh_serial(make_app, rootdir, tmp_path) -> None:
    src = tmp_path / "src"
    shutil.copytree(rootdir / "test-duplicates", src)
    incremental = tmp_path / "incremental"
    build_once(make_app, "reqcheck", src, incremental, parallel=2)
    (src / "d2.rst").write_text((src / "d2.rst").read_text().replace("shared-id", "own-id"))
    again = build_once(make_app, "reqcheck", src, incremental, parallel=2)
    assert "own-id" in ids_of(again)
    assert manifest_bytes(again) == _fresh(make_app, src, tmp_path / "fresh")
