"""Generate a synthetic handbook: N requirements over N/50 pages, plus a control project.

Usage: ``python benchmarks/synthetic_project.py N OUTDIR [--format rst|md] [--objects]``

``OUTDIR/reqs`` uses the extension: requirement directives of several kinds, with
``req:ref`` roles and one summary table. ``OUTDIR/control`` holds the same text as plain
paragraphs (the title, the option values, the body) and does not load the extension.
Comparing their builds shows what the extension costs on top of reading the words.

With ``--objects``, ``OUTDIR/objects`` too: the control's text, each requirement also
declared as a linkable object the way plain Sphinx offers (``app.add_object_type``), so
that it is in the inventory and the search index as the extension's requirements are.
Comparing it with the control shows what Sphinx itself spends on N linkable objects.
"""

from __future__ import annotations

import sys
from pathlib import Path

PER_PAGE = 50

# (kind, options) cycled through, so every page mixes several check kinds.
KINDS = [
    ("command-version", [("argv", "go version"), ("minimum", "1.3"), ("pattern", r"go(\d+\.\d+)")]),
    ("kernel-config", [("options", "VETH BRIDGE NF_NAT")]),
    ("paths", [("any-of", "/sbin/iptables /usr/sbin/iptables"), ("type", "executable")]),
    ("library-version", [("module", "devmapper"), ("minimum", "1.02.68")]),
    ("command", [("names", "git hg")]),
    ("manual", []),
]
SCOPES = ["build", "daemon", "client", "daemon-build"]


def _options(number: int) -> list[tuple[str, str]]:
    _, options = KINDS[number % len(KINDS)]
    common = [("title", f"Requirement {number} holds"), ("scope", SCOPES[number % len(SCOPES)])]
    if number % 7 == 0:
        common.append(("unless-env", "DOCKER_CLIENTONLY"))
    return common + options


def _body(number: int, fmt: str, with_extension: bool) -> str:
    literal = "``literal text``" if fmt == "rst" else "`literal text`"
    text = (
        f"Requirement number {number} explains why the host needs this, with *emphasis*, "
        f"{literal} and a second sentence that makes the paragraph realistic."
    )
    if number % 10 == 1 and number > 1:
        if not with_extension:
            return f"{text} See req-{number - 1}."
        role = f":req:ref:`req-{number - 1}`" if fmt == "rst" else f"{{req:ref}}`req-{number - 1}`"
        return f"{text} See {role}."
    return text


def _requirement(number: int, fmt: str) -> str:
    kind = KINDS[number % len(KINDS)][0]
    options = [f":{name}: {value}" for name, value in _options(number)]
    body = _body(number, fmt, with_extension=True)
    if fmt == "rst":
        lines = [f".. req:{kind}:: req-{number}", *("   " + line for line in options)]
        return "\n".join([*lines, "", f"   {body}", "", ""])
    return "\n".join([f"```{{req:{kind}}} req-{number}", *options, "", body, "```", "", ""])


def _control(number: int, fmt: str) -> str:
    # The same words as plain paragraphs: id and title, the option values, the body.
    values = "; ".join(value for name, value in _options(number)[1:])
    if fmt == "rst":
        values = values.replace("\\", "\\\\")
    title = f"req-{number}: Requirement {number} holds"
    return f"{title}\n\n{values}\n\n{_body(number, fmt, with_extension=False)}\n\n"


def _object(number: int, fmt: str) -> str:
    # The control's words after a plain Sphinx object named like the requirement.
    if fmt == "rst":
        declaration = f".. requirement:: req-{number}\n\n"
    else:
        declaration = f"```{{requirement}} req-{number}\n```\n\n"
    return declaration + _control(number, fmt)


# The end of an ``objects`` project's conf.py: the object type its pages declare.
OBJECT_TYPE_SETUP = (
    '\n\ndef setup(app):\n    app.add_object_type("requirement", "reqref", objname="requirement")\n'
)
# How each style of project writes one requirement.
WRITERS = {"reqs": _requirement, "control": _control, "objects": _object}


def _heading(text: str, fmt: str) -> list[str]:
    return [text, "=" * len(text), ""] if fmt == "rst" else [f"# {text}", ""]


def _index(names: list[str], fmt: str, with_extension: bool) -> str:
    lines = _heading("Synthetic handbook", fmt)
    if fmt == "rst":
        lines += [".. toctree::", "", *(f"   {name}" for name in names), ""]
        if with_extension:
            lines += [".. req:summary::", "   :level: manual", ""]
    else:
        lines += ["```{toctree}", *names, "```", ""]
        if with_extension:
            lines += ["```{req:summary}", ":level: manual", "```", ""]
    return "\n".join(lines)


def _write_project(root: Path, count: int, fmt: str, style: str) -> None:
    """Write one project of ``style``: ``reqs``, ``control`` or ``objects``."""
    root.mkdir(parents=True, exist_ok=True)
    pages = max(1, count // PER_PAGE)
    with_extension = style == "reqs"
    extensions = (["myst_parser"] if fmt == "md" else []) + (
        ["sphinx_reqcheck"] if with_extension else []
    )
    (root / "conf.py").write_text(
        f'project = "synthetic"\nversion = "1"\nextensions = {extensions!r}\n'
        'exclude_patterns = ["_build"]\n' + (OBJECT_TYPE_SETUP if style == "objects" else ""),
        encoding="utf-8",
    )
    names = [f"page{page:04d}" for page in range(pages)]
    (root / f"index.{fmt}").write_text(_index(names, fmt, with_extension), encoding="utf-8")
    for page, name in enumerate(names):
        parts = _heading(f"Page {page}", fmt)
        first = page * PER_PAGE + 1
        last = count if page == pages - 1 else first + PER_PAGE - 1
        for number in range(first, last + 1):
            parts.append(WRITERS[style](number, fmt))
        (root / f"{name}.{fmt}").write_text("\n".join(parts), encoding="utf-8")


def generate(count: int, outdir: Path, fmt: str = "rst") -> tuple[Path, Path]:
    """Write ``outdir/reqs`` and ``outdir/control`` in ``fmt``; return both paths."""
    reqs, control = outdir / "reqs", outdir / "control"
    _write_project(reqs, count, fmt, "reqs")
    _write_project(control, count, fmt, "control")
    return reqs, control


def generate_objects(count: int, outdir: Path, fmt: str = "rst") -> Path:
    """Write ``outdir/objects`` in ``fmt`` (the control with plain Sphinx objects)."""
    _write_project(outdir / "objects", count, fmt, "objects")
    return outdir / "objects"


def main(argv: list[str]) -> int:
    """Command line: ``synthetic_project.py N OUTDIR [--format rst|md] [--objects]``."""
    fmt = "rst"
    with_objects = "--objects" in argv
    argv = [arg for arg in argv if arg != "--objects"]
    if len(argv) == 4 and argv[2] == "--format" and argv[3] in ("rst", "md"):
        fmt, argv = argv[3], argv[:2]
    if len(argv) != 2 or not argv[0].isdigit() or int(argv[0]) < 1:
        sys.stderr.write(
            "usage: synthetic_project.py N OUTDIR [--format rst|md] [--objects]  (N >= 1)\n"
        )
        return 2
    paths: tuple[Path, ...] = generate(int(argv[0]), Path(argv[1]), fmt)
    if with_objects:
        paths += (generate_objects(int(argv[0]), Path(argv[1]), fmt),)
    sys.stdout.write("".join(f"{path}\n" for path in paths))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
