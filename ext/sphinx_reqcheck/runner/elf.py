"""Read what the artifact checks need from an ELF binary, without ever running it.

pyelftools does the parsing. It is an optional dependency (``sphinx-reqcheck[elf]``), so it
is imported only when a binary is actually read; a runner without it still checks
everything else and reports the ELF checks as errors that say what to install.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import hashlib
import mmap
import os
import struct
import sys
from pathlib import Path

from ..records import dataclass
from .import_lock import IMPORT_LOCK

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from typing import Any, BinaryIO

INSTALL_HINT = "pyelftools is not installed: install sphinx-reqcheck[elf] (pip install pyelftools)"

# Docker 1.x runs only on 64-bit x86; its make.sh builds linux/amd64 binaries.
EXPECTED_CLASS = 64
EXPECTED_MACHINE = "EM_X86_64"

# Variables make.sh sets with `go build -ldflags -X` (moby/moby v1.5.0,
# dockerversion/dockerversion.go; hack/make.sh LDFLAGS, hack/make/binary, hack/make/dynbinary);
# the package moved from github.com/dotcloud/docker to github.com/docker/docker in 2014, so
# only the suffix is matched.
DOCKERVERSION_VARS = ("VERSION", "GITCOMMIT", "INITSHA1", "INITPATH", "IAMSTATIC")
_GO_STRING_LIMIT = 4096
# An Elf64_Sym, little-endian: name offset, info, other, section index, value, size.
_SYMBOL = struct.Struct("<IBBHQQ")
_GO_MARKERS = (".gopclntab", ".gosymtab", ".go.buildinfo", ".note.go.buildid")

_MACHINE_NAMES = {
    "EM_386": "Intel 80386",
    "EM_X86_64": "x86-64",
    "EM_ARM": "ARM",
    "EM_AARCH64": "AArch64",
    "EM_PPC64": "PowerPC64",
    "EM_S390": "IBM S/390",
    "EM_RISCV": "RISC-V",
    "EM_MIPS": "MIPS",
}


class ElfUnavailable(RuntimeError):
    """pyelftools cannot be imported; the message says how to install it."""


class ElfProblem(ValueError):
    """The path cannot be read as an ELF binary; the message reads after the path's name
    ("is a directory, not a binary"). ``unusable`` tells a broken artifact
    (not ELF, truncated, corrupt: a check fails) from a bad input (missing, a directory,
    unreadable: a check cannot answer)."""

    def __init__(self, message: str, unusable: bool) -> None:
        super().__init__(message)
        self.unusable = unusable


@dataclass(frozen=True)
class ElfInfo:
    """The facts read from one ELF file."""

    path: Path
    elf_class: int
    machine: str
    sections: tuple[str, ...]
    symbol_count: int
    interpreter: str | None
    needed: tuple[str, ...]
    go_build_id: str | None
    dockerversion: dict[str, str]

    @property
    def architecture(self) -> str:
        """E.g. ``ELF 64-bit x86-64``."""
        name = _MACHINE_NAMES.get(self.machine, self.machine)
        return f"ELF {self.elf_class}-bit {name}"

    @property
    def is_amd64(self) -> bool:
        """Built for the only platform Docker supports."""
        return self.elf_class == EXPECTED_CLASS and self.machine == EXPECTED_MACHINE

    @property
    def is_go(self) -> bool:
        """Built by the Go tool chain (it leaves its own sections behind, stripped or not)."""
        return any(name in self.sections for name in _GO_MARKERS)

    @property
    def has_symtab(self) -> bool:
        """The static symbol table survived (``strip`` and ``-ldflags -s`` remove it)."""
        return ".symtab" in self.sections and self.symbol_count > 0

    @property
    def is_static(self) -> bool:
        """No program interpreter and no needed shared libraries."""
        return self.interpreter is None and not self.needed

    def linkage(self) -> str:
        """How the binary is linked, in words, with the evidence."""
        if self.is_static:
            return "static (no interpreter, no needed libraries)"
        parts = []
        if self.interpreter:
            parts.append(f"interpreter {self.interpreter}")
        if self.needed:
            parts.append("needs " + ", ".join(self.needed))
        return "dynamic (" + "; ".join(parts) + ")"

    def go_symbols(self) -> str:
        """What is left of the Go symbol data, for a Go binary."""
        kept = [name for name in (".gosymtab", ".gopclntab") if name in self.sections]
        return ", ".join(kept) if kept else "no .gosymtab/.gopclntab"


def _load_pyelftools() -> tuple[Any, tuple[type[BaseException], ...]]:
    """``(ELFFile, errors)``: the parser class and the exceptions it raises on bad input."""
    try:
        with IMPORT_LOCK:
            from elftools.common.exceptions import ELFError
            from elftools.construct import ConstructError
            from elftools.elf.elffile import ELFFile
    except ImportError as error:
        raise ElfUnavailable(INSTALL_HINT) from error
    except SyntaxError as error:
        # A pyelftools newer than this Python (0.33 needs 3.10), e.g. inside a carried
        # reqcheck.pyz built elsewhere.
        raise ElfUnavailable(
            f"the pyelftools found cannot run on Python {sys.version.split()[0]} "
            f"({error.msg} in {error.filename}); use pyelftools<0.33 or a newer Python"
        ) from error
    # struct.error: short reads inside pyelftools' own struct parsing; UnicodeDecodeError:
    # garbage in a string table; ValueError/IndexError/KeyError: offsets and indexes
    # beyond the file or tables; TypeError/AttributeError: pyelftools 0.32 using a linked
    # section it did not find in a damaged table (None) as if it were there.
    errors = (ELFError, ConstructError, struct.error, UnicodeDecodeError)
    return ELFFile, (*errors, ValueError, IndexError, KeyError, TypeError, AttributeError)


def preload_pyelftools() -> None:
    """Import pyelftools ahead of the first binary a run reads, in a background thread
    while the probes run (see ``artifacts.preload_elf_reader``). A failure is not reported
    here: the check that reads a binary imports again, meets the same error and reports
    it as its verdict.

    Only one thread runs Python at a time, and the import is tens of milliseconds of it:
    it should fill the checks' waits for their tools, not delay them. While it lasts, a
    thread whose tool has ended gets the interpreter back within 1 ms, not Python's 5,
    and the young objects are not collected: nearly all of them are the modules' own,
    kept until the process ends. Afterwards they go straight to the oldest generation
    (frozen, then thawed there: no object is walked, and nothing stays frozen), which
    full collections alone walk, and a run makes none: else the first young collection
    after the import walks all of them, some 15,000 objects, 8 ms.
    """
    interval, thresholds = sys.getswitchinterval(), gc.get_threshold()
    sys.setswitchinterval(min(interval, 0.001))
    gc.set_threshold(100_000, *thresholds[1:])
    try:
        with contextlib.suppress(Exception):
            _load_pyelftools()
    finally:
        gc.freeze()
        gc.unfreeze()
        gc.set_threshold(*thresholds)
        sys.setswitchinterval(interval)


def _short(error: BaseException) -> str:
    text = f"{type(error).__name__}: {error}"
    return text if len(text) <= 160 else text[:157] + "..."


# e_machine codes (ELF gABI) of the platforms named above.
_MACHINE_CODES = {
    3: "EM_386",
    8: "EM_MIPS",
    21: "EM_PPC64",
    22: "EM_S390",
    40: "EM_ARM",
    62: "EM_X86_64",
    183: "EM_AARCH64",
    243: "EM_RISCV",
}


def _header_platform(head: bytes) -> tuple[int, str] | None:
    """``(class, machine)`` from the ELF header's first bytes, or None if unreadable.

    Read before pyelftools: another platform's binary (or a patched copy) stops here, and
    how far a pyelftools release gets into such a file does not change the verdict.
    """
    elf_class = {1: 32, 2: 64}.get(head[4]) if len(head) >= 20 else None
    order = {1: "<", 2: ">"}.get(head[5]) if len(head) >= 20 else None
    if elf_class is None or order is None:
        return None
    (code,) = struct.unpack_from(order + "H", head, 18)
    return elf_class, _MACHINE_CODES.get(code, f"machine {code}")


def _describe_start(head: bytes) -> str:
    if not head:
        return "the file is empty"
    if head.startswith(b"#!"):
        line = head.split(b"\n", 1)[0][:60].decode("utf-8", errors="replace")
        return f"it is a script ({line})"
    return f"it starts with {head[:8]!r}"


def read_elf(path: Path) -> ElfInfo:
    """Read ``path`` (a file on this machine); raise :class:`ElfProblem` or
    :class:`ElfUnavailable`, never anything else for bad input."""
    if path.is_dir():
        raise ElfProblem("is a directory, not a binary", unusable=False)
    if path.exists() and not path.is_file():
        # A FIFO or a device would block or never end: refuse before opening it.
        raise ElfProblem("is not a regular file", unusable=False)
    try:
        handle = open(path, "rb")  # noqa: SIM115 - closed below, after pyelftools' lazy reads
    except FileNotFoundError:
        raise ElfProblem("does not exist", unusable=False) from None
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise ElfProblem("is a symbolic link loop", unusable=False) from None
        raise ElfProblem(f"cannot be read: {error.strerror}", unusable=False) from None
    with handle:
        try:
            head = handle.read(64)
        except OSError as error:
            raise ElfProblem(f"cannot be read: {error.strerror}", unusable=False) from None
        if not head.startswith(b"\x7fELF"):
            raise ElfProblem(f"is not an ELF binary: {_describe_start(head)}", True)
        platform = _header_platform(head)
        if platform is not None and platform != (EXPECTED_CLASS, EXPECTED_MACHINE):
            # Another platform's binary: its tables are not worth reading.
            return ElfInfo(path, platform[0], platform[1], (), 0, None, (), None, {})
        elf_file, errors = _load_pyelftools()
        handle.seek(0)
        try:
            return _parse(path, handle, elf_file)
        except errors as error:
            raise ElfProblem(
                f"is a truncated or corrupt ELF file ({_short(error)})",
                unusable=True,
            ) from None
        except OSError as error:
            raise ElfProblem(f"cannot be read: {error.strerror}", unusable=False) from None


def _parse(path: Path, handle: BinaryIO, elf_file: Any) -> ElfInfo:
    elf = elf_file(handle)
    size = path.stat().st_size
    elf_class = int(elf.elfclass)
    machine = str(elf["e_machine"])
    # Each pass over pyelftools' sections parses every section header again: one pass,
    # kept, serves every look-up below.
    sections = list(elf.iter_sections())
    # The last section of a name, as pyelftools' get_section_by_name finds it.
    by_name = {section.name: section for section in sections}
    symbol_count = 0
    for section in sections:
        # pyelftools reads section data lazily; a table that points past the end of the
        # file is a truncated binary, which would otherwise surface later as a short read.
        if section["sh_type"] != "SHT_NOBITS" and section["sh_offset"] + section["sh_size"] > size:
            raise ValueError(f"section {section.name} extends past the end of the file")
        if section.name == ".symtab" and section["sh_type"] == "SHT_SYMTAB":
            symbol_count = section.num_symbols()
    interpreter = None
    needed: list[str] = []
    for segment in elf.iter_segments():
        if segment["p_type"] == "PT_INTERP":
            interpreter = segment.get_interp_name()
        elif segment["p_type"] == "PT_DYNAMIC":
            needed.extend(
                tag.needed for tag in segment.iter_tags() if tag.entry.d_tag == "DT_NEEDED"
            )
    return ElfInfo(
        path,
        elf_class,
        machine,
        tuple(section.name for section in sections),
        symbol_count,
        interpreter,
        tuple(needed),
        _go_build_id(by_name.get(".note.go.buildid")),
        _dockerversion(elf, sections, by_name.get(".symtab")),
    )


def _go_build_id(section: Any) -> str | None:
    if section is None:
        return None
    data = section.data()
    # An ELF note: namesz, descsz, type, then "Go\0\0" and the id.
    if len(data) < 16:
        return None
    namesz, descsz, _ = struct.unpack_from("<III", data)
    start = 12 + ((namesz + 3) & ~3)
    return data[start : start + descsz].decode("utf-8", errors="replace") or None


def _read_at(elf: Any, sections: list[Any], address: int, length: int) -> bytes | None:
    """Bytes at a virtual address, from the section that holds it in the file."""
    for section in sections:
        start = section["sh_addr"]
        if start and start <= address and address + length <= start + section["sh_size"]:
            if section["sh_type"] == "SHT_NOBITS":
                return bytes(length)  # zero-initialised: an unset Go string
            handle = elf.stream
            handle.seek(section["sh_offset"] + address - start)
            data: bytes = handle.read(length)
            return data if len(data) == length else None
    return None


def _wanted_names(names: bytes) -> dict[int, str]:
    """String-table offsets at which a ``.../dockerversion.VAR`` name may start, mapped to
    VAR. A linker may share one string for a name and its suffixes, so every offset from
    the start of the string up to the package marker counts."""
    marker = b"/dockerversion."
    wanted: dict[int, str] = {}
    at = names.find(marker)
    while at >= 0:
        end = names.find(b"\0", at)
        var = names[at + len(marker) : end if end >= 0 else len(names)].decode("ascii", "replace")
        if var in DOCKERVERSION_VARS:
            begin = names.rfind(b"\0", 0, at) + 1
            wanted.update(dict.fromkeys(range(begin, at + 1), var))
        at = names.find(marker, at + 1)
    return wanted


def _dockerversion(elf: Any, sections: list[Any], symtab: Any) -> dict[str, str]:
    """The dockerversion strings make.sh bakes in, read through the symbol table.

    A Go string variable is a (pointer, length) pair; ``-X`` points it at the text. The
    table is scanned with ``struct`` rather than pyelftools' per-symbol parser, which
    takes seconds on a daemon's tens of thousands of symbols.
    """
    if symtab is None or symtab["sh_type"] != "SHT_SYMTAB" or symtab["sh_entsize"] != _SYMBOL.size:
        return {}
    wanted = _wanted_names(elf.get_section(symtab["sh_link"]).data())
    if not wanted:
        return {}
    table = symtab.data()
    found: dict[str, str] = {}
    for name, _, _, _, value, _ in _SYMBOL.iter_unpack(table[: len(table) - len(table) % 24]):
        var = wanted.get(name)
        if var is None:
            continue
        header = _read_at(elf, sections, value, 16)
        if header is None:
            continue
        pointer, length = struct.unpack("<QQ", header)
        if length == 0:
            found[var] = ""
        elif length <= _GO_STRING_LIMIT:
            text = _read_at(elf, sections, pointer, length)
            if text is not None:
                found[var] = text.decode("utf-8", errors="replace")
    return found


def sha1_of(path: Path) -> str:
    """The hex SHA-1 of a file, as Docker computed ``INITSHA1`` for dockerinit."""
    digest = hashlib.sha1()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def contains(path: Path, needle: bytes) -> bool:
    """Whether the file's bytes contain ``needle`` anywhere (mapped, not read into memory).

    A ``-X`` string's text stays in a binary's data after ``strip``; only the symbol that
    names it goes, so this is how a stripped daemon's INITSHA1 is matched.
    """
    with open(path, "rb") as handle:
        if os.fstat(handle.fileno()).st_size == 0:
            return False
        with mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as data:
            return data.find(needle) >= 0
