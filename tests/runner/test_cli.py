"""The reqcheck command line, run in-process against fake tools and fake manifests."""

from __future__ import annotations

import hashlib
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from fakehost import (
    GO,
    FakeTools,
    manifest_data,
    requirement,
    run_cli,
    version_check,
    write_manifest,
)

from sphinx_reqcheck.runner.arguments import ROOT_EFFECT


def test_text_report_fails_on_old_btrfs(
    tools: FakeTools, handbook: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = run_cli(capsys, "run", str(handbook))
    assert code == 1
    lines = out.splitlines()
    assert lines[-1] == "2 passed, 1 failed, 1 warned, 2 skipped"
    assert lines[-2].startswith("6 requirements in ")
    assert "1 manual (counted as skipped), 0 errors (counted as failed); exit status 1" in lines[-2]
    assert "inputs: DOCKER_BUILDTAGS=''  AUTO_GOPATH=(unset)  DOCKER_CLIENTONLY=(unset)" in out
    assert "FAIL   daemon-build.btrfs:" in out
    assert "[expected \u2265 3.16.1; observed 3.12]" in out
    # Evidence of the failure, indented under it.
    assert "      $ btrfs --version\n      (exit status 0)\n      Btrfs v3.12\n" in out
    assert "(needs build tag btrfs_noversion)" in out
    assert "\033[" not in out  # not a terminal: no colour


def test_btrfs_noversion_tag_accepts_old_btrfs(
    tools: FakeTools,
    handbook: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DOCKER_BUILDTAGS", "btrfs_noversion")
    monkeypatch.setenv("DOCKER_CLIENTONLY", "1")
    code, out, _err = run_cli(capsys, "run", str(handbook))
    assert "(build tags btrfs_noversion is set)" not in out
    assert "(build tag btrfs_noversion is set)" in out
    assert "(DOCKER_CLIENTONLY is set)" in out
    assert "DOCKER_BUILDTAGS=btrfs_noversion" in out
    assert "DOCKER_CLIENTONLY=1" in out
    assert out.splitlines()[-1] == "3 passed, 0 failed, 0 warned, 3 skipped"
    assert code == 0
    # --buildtags overrides the environment.
    code, out, _err = run_cli(capsys, "run", str(handbook), "--buildtags", "")
    assert code == 1


def test_json_report_shape(
    tools: FakeTools, handbook: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = run_cli(capsys, "run", str(handbook), "--format", "json")
    assert code == 1
    data = json.loads(out)
    assert list(data) == ["format", "manifest", "host", "inputs", "duration", "summary", "results"]
    assert data["format"] == 2
    assert data["manifest"]["project"] == "test"
    assert data["manifest"]["version"] == "0.1"
    assert data["manifest"]["sha256"] == hashlib.sha256(handbook.read_bytes()).hexdigest()
    assert {"system", "release", "machine", "hostname", "python", "runner"} <= set(data["host"])
    assert data["inputs"]["DOCKER_BUILDTAGS"] == ""
    assert data["inputs"]["DOCKER_CLIENTONLY"] is None
    assert data["summary"]["exit_status"] == 1
    assert (data["summary"]["passed"], data["summary"]["failed"]) == (2, 1)
    assert data["summary"]["total"] == 6
    first = data["results"][0]
    assert list(first) == [
        "id",
        "title",
        "scope",
        "level",
        "status",
        "expected",
        "observed",
        "detail",
        "hint",
        "digest",
        "duration",
    ]
    assert first["digest"] == ""  # this hand-written manifest carries no digests
    assert [r["id"] for r in data["results"]] == [
        "build.go",
        "daemon-build.btrfs",
        "daemon-build.btrfs-old",
        "build.devmapper",
        "daemon.lxc",
        "policy.name",
    ]
    assert [r["status"] for r in data["results"]] == [
        "pass",
        "fail",
        "skip",
        "pass",
        "warn",
        "manual",
    ]


def test_junit_report_counts(
    tools: FakeTools, handbook: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out_file = tmp_path / "results.xml"
    code, out, _err = run_cli(
        capsys, "run", str(handbook), "--format", "junit", "--output", str(out_file)
    )
    assert code == 1
    assert out == ""
    root = ET.parse(out_file).getroot()
    assert root.tag == "testsuites"
    (suite,) = root.findall("testsuite")
    assert suite.get("tests") == "6"
    assert (suite.get("failures"), suite.get("errors"), suite.get("skipped")) == ("1", "0", "2")
    cases = suite.findall("testcase")
    assert [case.get("classname") for case in cases] == [
        "build",
        "daemon-build",
        "daemon-build",
        "build",
        "daemon",
        "policy",
    ]
    failure = cases[1].find("failure")
    assert failure is not None
    assert failure.get("message") == "expected \u2265 3.16.1; observed 3.12"
    assert "$ btrfs --version" in (failure.text or "")
    skipped = cases[2].find("skipped")
    assert skipped is not None and skipped.get("message") == "skip: needs build tag btrfs_noversion"
    manual = cases[5].find("skipped")
    assert manual is not None and manual.get("message", "").startswith("manual:")
    warn = cases[4]
    assert warn.find("failure") is None and "warning (optional)" in (
        warn.findtext("system-out") or ""
    )


def test_all_pass_exits_zero(
    tools: FakeTools, handbook: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = run_cli(capsys, "run", str(handbook), "--select", "build.*")
    assert code == 0
    assert out.splitlines()[-1] == "2 passed, 0 failed, 0 warned, 0 skipped"


def test_scope_filter(tools: FakeTools, handbook: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run_cli(capsys, "list", str(handbook), "--scope", "daemon,policy")
    assert code == 0
    assert [line.split()[0] for line in out.splitlines()] == ["daemon.lxc", "policy.name"]
    code, out, _err = run_cli(
        capsys, "list", str(handbook), "--scope", "daemon", "--scope", "policy"
    )
    assert [line.split()[0] for line in out.splitlines()] == ["daemon.lxc", "policy.name"]


def test_unknown_scope_and_select_exit_2(
    tools: FakeTools, handbook: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = run_cli(capsys, "run", str(handbook), "--scope", "deamon")
    assert code == 2
    assert "'deamon' is not a scope (did you mean daemon?)" in err
    code, _out, err = run_cli(capsys, "run", str(handbook), "--select", "build.gp")
    assert code == 2
    assert "--select 'build.gp' matches no requirement" in err
    assert "build.go" in err


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["run", "--jobs", "0"], "argument --jobs: '0' must be at least 1"),
        (["run", "--timeout", "-1"], "must be more than 0"),
        (["run", "--format", "yaml"], "invalid choice: 'yaml'"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
        ([], "the following arguments are required"),
    ],
)
def test_bad_usage_exits_2(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    code, _out, err = run_cli(capsys, *argv)
    assert code == 2
    assert message in err


def test_missing_paths_exit_2(
    tools: FakeTools, handbook: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _out, err = run_cli(capsys, "run", str(handbook), "--root", str(tmp_path / "nope"))
    assert (code, err.strip()) == (2, f"reqcheck: --root {tmp_path / 'nope'}: no such directory")
    for option in ("--kernel-config", "--artifact", "--bundles", "--source"):
        code, _out, err = run_cli(capsys, "run", str(handbook), option, str(tmp_path / "nope"))
        assert code == 2
        assert f"reqcheck: {option} {tmp_path / 'nope'}: no such" in err
    code, _out, err = run_cli(capsys, "run", str(tmp_path / "none.json"))
    assert code == 2
    assert "cannot read manifest" in err


def bad(tmp_path: Path, mutate: object) -> Path:
    data = manifest_data(requirement("build.go", GO))
    mutate(data)  # type: ignore[operator]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


BAD_MANIFESTS = [
    (lambda d: d.update(format=2), "format: must be 1"),
    (lambda d: d["requirements"][0].update(level="mandatory"), "requirements/0/level"),
    (lambda d: d["requirements"][0].update(scope=["kitchen"]), "requirements/0/scope/0"),
    (lambda d: d["requirements"][0]["check"].update(minimum="1.x"), "requirements/0/check/minimum"),
    (lambda d: d["requirements"][0]["check"].update(kind="teleport"), "requirements/0/check/kind"),
    (lambda d: d["requirements"][0].pop("title"), "requirements/0/title"),
    (lambda d: d["requirements"].append(dict(d["requirements"][0])), "requirements/1/id"),
    (
        lambda d: d["requirements"][0].update(when={"tags_any": ["x"]}),
        "requirements/0/when/tags_any",
    ),
]


@pytest.mark.parametrize(("mutate", "field"), BAD_MANIFESTS)
@pytest.mark.parametrize("command", ["run", "list", "validate"])
def test_bad_manifest_exits_2_naming_the_field(
    tools: FakeTools,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    mutate: object,
    field: str,
    command: str,
) -> None:
    code, out, err = run_cli(capsys, command, str(bad(tmp_path, mutate)))
    assert code == 2
    assert field in err
    assert "Traceback" not in err + out


def test_not_json_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "m.json"
    path.write_bytes(b'{"format": 1,')
    for command in (
        ["run", str(path)],
        ["validate", str(path)],
        ["explain", "x", "--manifest", str(path)],
    ):
        code, _out, err = run_cli(capsys, *command)
        assert code == 2
        assert "is not JSON" in err


def test_validate_good_manifest(handbook: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run_cli(capsys, "validate", str(handbook))
    assert code == 0
    assert "valid manifest, 6 requirements (test 0.1)" in out


def test_explain(handbook: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _err = run_cli(capsys, "explain", "daemon-build.btrfs", "--manifest", str(handbook))
    assert code == 0
    assert out.splitlines()[0] == "daemon-build.btrfs: requirement daemon-build.btrfs"
    assert "The text of daemon-build.btrfs." in out
    assert "check: command-version (argv=['btrfs', '--version'], minimum='3.16.1')" in out
    assert "  expects \u2265 3.16.1" in out
    assert (
        "applies only when none of these build tags is set: "
        "btrfs_noversion, exclude_graphdriver_btrfs"
    ) in out
    assert "source: packagers:10" in out
    assert "url: packagers.html#daemon-build.btrfs" in out


def test_explain_takes_the_manifest_as_an_argument_too(
    handbook: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _err = run_cli(capsys, "explain", "build.go", str(handbook))
    assert code == 0
    assert out.startswith("build.go: Go 1.3 or later\n")


def test_explain_unknown_id_suggests(handbook: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run_cli(capsys, "explain", "build.og", "--manifest", str(handbook))
    assert code == 2
    assert "no requirement 'build.og'" in err
    assert "did you mean: build.go" in err


def test_missing_bundled_manifest_says_how_to_build_it(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from sphinx_reqcheck import manifest

    monkeypatch.setattr(manifest, "BUNDLED_NAME", "data/no-such-manifest.json")
    code, _out, err = run_cli(capsys, "run")
    assert code == 2
    assert "sphinx-build -b reqcheck" in err


def test_order_with_jobs_4_equals_manifest_order(
    fake_path: FakeTools, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    requirements = []
    for index in range(10):
        fake_path.script(f"t{index}", f"/bin/sleep {(10 - index) * 0.02}\necho 't 2.{index}'\n")
        requirements.append(requirement(f"r{index}", version_check([f"t{index}"], "1.0")))
    manifest = write_manifest(tmp_path / "m.json", *requirements)
    code, out, _err = run_cli(capsys, "run", str(manifest), "--jobs", "4", "--format", "json")
    assert code == 0
    assert [r["id"] for r in json.loads(out)["results"]] == [f"r{index}" for index in range(10)]


def test_verbose_streams_probe_output(
    tools: FakeTools, handbook: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = run_cli(capsys, "run", str(handbook), "-v", "--select", "build.go")
    assert code == 0
    assert "[go version] go version go1.19.8 linux/amd64" in err


def test_verbose_survives_bad_bytes_and_hung_tools(
    fake_path: FakeTools, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fake_path.add("iptables", b"iptables v1.8.9 \xff\xfe\x1b[31m\n")
    fake_path.script("xz", "echo 'xz (XZ Utils) 5.4.1'\nexec /bin/sleep 60\n")
    manifest = write_manifest(
        tmp_path / "m.json",
        requirement("ipt", version_check(["iptables", "--version"], "2.0")),
        requirement("xz", version_check(["xz", "--version"], "4.999.9")),
    )
    code, out, err = run_cli(capsys, "run", str(manifest), "-v", "--timeout", "0.5")
    assert code == 1
    assert "FAIL   ipt:" in out
    assert "[iptables --version] iptables v1.8.9 \ufffd\ufffd" in err
    assert "[xz --version] xz (XZ Utils) 5.4.1" in err
    assert "ERROR  xz:" in out
    assert "could not run: timed out after 0.5 s" in out
    assert "\\x1b[31m" in out  # escape codes from tools are shown, not obeyed


# -- outputs that would destroy something or be lost (refused before running) ------------


def test_root_that_is_a_file_is_not_called_missing(
    handbook: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = run_cli(capsys, "run", str(handbook), "--root", str(handbook))
    assert code == 2
    assert err == f"reqcheck: --root {handbook}: exists but is not a directory\n"


def test_help_says_where_the_kernel_config_is_read_and_what_root_changes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, _ = run_cli(capsys, "run", "--help")
    assert status == 0
    flat = " ".join(out.split())
    assert "a file on this machine even with --root" in flat
    assert " ".join(ROOT_EFFECT.split()) in flat


def test_readme_says_what_root_changes_in_the_words_of_the_help() -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    quoted = " ".join(
        line.removeprefix(">").strip() for line in readme.splitlines() if line.startswith(">")
    )
    assert " ".join(ROOT_EFFECT.split()) in quoted


def test_a_condition_on_a_variable_the_runner_does_not_read_is_a_bad_manifest(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # The runner reads only the model's environment knobs: a condition on any other
    # variable could never hold, so the manifest is refused naming the field.
    manifest = write_manifest(
        tmp_path / "manifest.json",
        requirement("build.go", version_check(["go", "version"], "1.3"), when={"env_set": ["CI"]}),
    )
    code, _out, err = run_cli(capsys, "run", str(manifest))
    assert code == 2
    assert "requirements/0/when/env_set/0: 'CI' is not a variable the runner reads" in err
