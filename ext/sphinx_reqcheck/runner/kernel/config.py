"""Finding, reading and parsing a kernel build configuration (``.config``).

The configuration is looked for where packagers and Docker's ``check-config.sh`` look,
read once (plain or gzip, told apart by the magic bytes, not the file name), and parsed
into a map ``OPTION -> value`` with the ``CONFIG_`` prefix dropped. ``# CONFIG_X is not
set`` and ``=n`` both read as "off", so "explicitly off" and "absent" stay distinguishable.
"""

from __future__ import annotations

import gzip
import io
import re
import zlib
from pathlib import Path

from ...bounded_read import KERNEL_CONFIG_LIMIT, read_regular_file, size_label
from ...records import dataclass, field
from ..context import CheckContext
from ..host import Host

BUILT_IN = "y"
MODULE = "m"
OFF = "n"
NOT_SET = "is not set"  # how "# CONFIG_X is not set" is stored, distinct from "=n"
ABSENT = "absent"
OTHER = "other"  # a string or number, e.g. CONFIG_NR_CPUS=64: not a tristate

# One line of the text: ``CONFIG_X=value`` or ``# CONFIG_X is not set``, white space around
# the line and the value left out. parse() matches it over the whole text (lines joined by
# "\n" alone) rather than line by line: a configuration has thousands of lines, and a
# loop over them in Python was most of a kernel check's time.
_OPTION = re.compile(
    r"^[^\S\n]*(?:CONFIG_([A-Za-z0-9_]+)=[^\S\n]*(.*?)|# CONFIG_([A-Za-z0-9_]+) is not set)"
    r"[^\S\n]*$",
    re.MULTILINE,
)
# "# Linux/x86 6.1.192 Kernel Configuration", "# Linux/x86_64 3.10.0 Kernel Configuration",
# and before 2.6.2x-ish "# Linux kernel version: 2.6.32".
_HEADER = re.compile(
    r"^#\s*Linux(?:/\S+)?\s+(?:kernel version:\s*)?(\d+)\.(\d+)(?:\.(\d+))?(\S*)"
    r"(?:\s+Kernel Configuration)?\s*$"
)
_HEADER_LINES = 12  # the version comment sits in the first few lines

_GZIP_MAGIC = b"\x1f\x8b"
_OTHER_MAGIC = {
    b"\xfd7zXZ\x00": "xz",
    b"\x28\xb5\x2f\xfd": "zstd",
    b"BZh": "bzip2",
}

KernelVersion = tuple[int, int, int]


class ConfigUnreadable(Exception):
    """A configuration file exists but cannot be used; the message says why."""


@dataclass(frozen=True)
class KernelConfig:
    """A parsed kernel configuration and where it came from."""

    source: str
    values: dict[str, str]
    version: KernelVersion | None = None
    version_text: str = ""
    version_origin: str = ""  # "config header", "running kernel (uname -r)" or ""
    running_kernel: bool = False

    def state(self, name: str) -> str:
        """``y``, ``m``, ``n`` (explicitly off), ``absent``, or ``other`` for values."""
        value = self.values.get(bare_name(name))
        if value is None:
            return ABSENT
        if value in (BUILT_IN, MODULE, OFF):
            return value
        return OFF if value == NOT_SET else OTHER

    def value(self, name: str) -> str | None:
        """The raw value of an option as the file writes it, if the file mentions it."""
        return self.values.get(bare_name(name))

    @property
    def version_label(self) -> str:
        """The kernel version and where it was read, for a report."""
        if self.version is None:
            return "kernel version unknown"
        return f"kernel {self.version_text} (from the {self.version_origin})"


@dataclass(frozen=True)
class ConfigSearch:
    """The outcome of looking for the configuration: a config, or why there is none."""

    config: KernelConfig | None
    tried: tuple[str, ...] = ()
    problems: tuple[str, ...] = field(default=())


def bare_name(name: str) -> str:
    """``CONFIG_VETH`` and ``VETH`` both give ``VETH``."""
    return name[len("CONFIG_") :] if name.startswith("CONFIG_") else name


def _gunzip(data: bytes, source: str) -> bytes:
    """Unpack gzip, stopping one byte past the cap: a small bomb must not fill memory."""
    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as packed:
            plain = packed.read(KERNEL_CONFIG_LIMIT + 1)
    except (OSError, EOFError, zlib.error) as error:
        raise ConfigUnreadable(f"{source}: not a valid gzip file ({error})") from None
    if len(plain) > KERNEL_CONFIG_LIMIT:
        raise ConfigUnreadable(
            f"{source}: unpacks to more than {size_label(KERNEL_CONFIG_LIMIT)}, the most "
            "a kernel configuration may be; unpacking stopped there"
        )
    return plain


def decode(data: bytes, source: str) -> str:
    """The text of a configuration file's bytes, unpacking gzip; raise ConfigUnreadable."""
    if data.startswith(_GZIP_MAGIC):
        data = _gunzip(data, source)
    else:
        for magic, kind in _OTHER_MAGIC.items():
            if data.startswith(magic):
                raise ConfigUnreadable(
                    f"{source}: {kind}-compressed; unpack it and pass the plain file "
                    "with --kernel-config"
                )
    if b"\0" in data:
        raise ConfigUnreadable(f"{source}: binary data, not a kernel configuration")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # Kconfig strings are ASCII in practice; Latin-1 keeps every byte readable.
        return data.decode("latin-1")


def parse(text: str, source: str) -> tuple[dict[str, str], KernelVersion | None, str]:
    """``(values, version, version_text)`` of a configuration's text.

    Raise :class:`ConfigUnreadable` when the text has no ``CONFIG_`` line at all: a file
    passed by mistake must not read as "every option missing".
    """
    lines = text.splitlines()  # every line break Python knows, as the header search sees them
    values: dict[str, str] = {}
    for name, value, unset in _OPTION.findall("\n".join(lines)):
        if unset:
            values[unset] = NOT_SET
        else:
            values[name] = _unquote(value)
    if not values:
        raise ConfigUnreadable(f"{source}: no CONFIG_ options in it; is it a kernel .config?")
    for line in lines[:_HEADER_LINES]:
        header = _HEADER.match(line.strip())
        if header:
            major, minor, patch, suffix = header.groups()
            version = (int(major), int(minor), int(patch or 0))
            return values, version, f"{major}.{minor}" + (f".{patch}" if patch else "") + suffix
    return values, None, ""


def _unquote(value: str) -> str:
    # String options are quoted; a hand-written "=n" stays "n", which reads as "off".
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1]
    return value


def version_of_release(release: str) -> KernelVersion | None:
    """``(6, 1, 0)`` from a ``uname -r`` string such as ``6.1.0-13-amd64``."""
    match = re.match(r"(\d+)\.(\d+)(?:\.(\d+))?", release)
    if not match:
        return None
    return int(match.group(1)), int(match.group(2)), int(match.group(3) or 0)


def candidate_paths(release: str) -> list[tuple[str, bool]]:
    """Where to look, in order, each with "is it the running kernel's own config"."""
    return [
        ("/proc/config.gz", True),
        (f"/boot/config-{release}", True),
        (f"/usr/src/linux-{release}/.config", True),
        ("/usr/src/linux/.config", False),  # whatever kernel the symlink points at
        (f"/lib/modules/{release}/build/.config", True),
        (f"/usr/lib/modules/{release}/config", True),
    ]


def load_file(data: bytes, source: str, running_kernel: bool, release: str) -> KernelConfig:
    """Parse one file's bytes; the version falls back to ``release`` only for the
    running kernel's own configuration."""
    values, version, version_text = parse(decode(data, source), source)
    origin = "config header" if version is not None else ""
    if version is None and running_kernel:
        version = version_of_release(release)
        if version is not None:
            version_text, origin = release, "running kernel (uname -r)"
    return KernelConfig(source, values, version, version_text, origin, running_kernel)


def find_config(host: Host, explicit: Path | None) -> ConfigSearch:
    """Read the configuration the user named, or the first usable one on the host.

    An explicit file (``--kernel-config``) is a file on this machine, not under the
    inspected root, and is the only one tried: falling back would check another file
    than the one the user asked about. The search never loads a module (``configs``).
    """
    release = host.uname()[1]
    if explicit is not None:
        source = str(explicit)
        try:
            data = _read_local(explicit)
            return ConfigSearch(load_file(data, source, False, release), (source,))
        except OSError as error:
            return ConfigSearch(None, (source,), (f"{source}: {_reason(error)}",))
        except ConfigUnreadable as error:
            return ConfigSearch(None, (source,), (str(error),))
    tried: list[str] = []
    problems: list[str] = []
    for host_path, running in candidate_paths(release):
        tried.append(host_path)
        if not host.exists(host_path):
            continue
        try:
            data = host.read_bytes(host_path, KERNEL_CONFIG_LIMIT)
            config = load_file(data, host_path, running, release)
        except OSError as error:
            problems.append(f"{host_path}: {_reason(error)}")
            continue
        except ConfigUnreadable as error:
            problems.append(str(error))
            continue
        return ConfigSearch(config, tuple(tried), tuple(problems))
    return ConfigSearch(None, tuple(tried), tuple(problems))


def _read_local(path: Path) -> bytes:
    return read_regular_file(path, KERNEL_CONFIG_LIMIT)


def _reason(error: OSError) -> str:
    return error.strerror or str(error)


def shared_search(ctx: CheckContext) -> ConfigSearch:
    """The run's one configuration search: every kernel check shares it."""
    return ctx.memo(
        ("kernel-config", ctx.settings.kernel_config),
        lambda: find_config(ctx.host, ctx.settings.kernel_config),
    )


def not_found_detail(search: ConfigSearch, host: Host) -> str:
    """Why there is no configuration, and how a user gets one."""
    where = "" if str(host.root) == "/" else f" (under {host.root})"
    lines = ["Looked for a kernel configuration in" + where + ":"]
    lines.extend(f"  {path}" for path in search.tried)
    if search.problems:
        lines.append("Found but could not use:")
        lines.extend(f"  {problem}" for problem in search.problems)
    return "\n".join(lines)


# How a user gets a configuration to check: the hint of a search that found none.
NOT_FOUND_HINT = (
    "pass the file with --kernel-config FILE (plain or gzip); or `modprobe configs` (as "
    "root, on kernels with CONFIG_IKCONFIG=m) for /proc/config.gz; or install the package "
    "that ships /boot/config-$(uname -r) for your kernel"
)
