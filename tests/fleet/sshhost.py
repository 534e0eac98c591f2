"""A real SSH host for the fleet tests: ``sshd`` in a network namespace the test creates.

The namespace gets one end of a veth pair with a private address that exists only
between the two ends; ``sshd`` runs inside it with a throwaway host key, a throwaway
client key authorised through a temporary ``sshd_config``, and everything (process,
namespace, link, files) is removed afterwards. Needs root, ``ip`` and ``/usr/sbin/sshd``;
:func:`unavailable` says why not when they are missing.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

SSHD = "/usr/sbin/sshd"
PRIVILEGE_SEPARATION_DIR = Path("/run/sshd")


@dataclass(frozen=True)
class SshHost:
    """How to reach the namespaced sshd."""

    address: str
    user: str
    key: Path


def unavailable() -> str | None:
    """Why this machine cannot host the SSH test host, or None."""
    if os.geteuid() != 0:
        return "needs root to create a network namespace"
    for tool in ("ip", "ssh", "ssh-keygen"):
        if shutil.which(tool) is None:
            return f"needs {tool} (apt install iproute2 openssh-client)"
    if not os.access(SSHD, os.X_OK):
        return f"needs {SSHD} (apt install openssh-server)"
    probe = subprocess.run(["ip", "netns", "list"], capture_output=True, check=False)
    if probe.returncode != 0:
        return "ip netns is not usable here: " + probe.stderr.decode(errors="replace").strip()
    return None


def _ip(*args: str, namespace: str | None = None) -> None:
    prefix = ["ip", "netns", "exec", namespace] if namespace else []
    subprocess.run([*prefix, "ip", *args], check=True, capture_output=True)


def _wait_for_port(address: str, port: int, process: subprocess.Popen[bytes]) -> None:
    for _attempt in range(200):
        if process.poll() is not None:
            raise RuntimeError(f"sshd exited {process.returncode}")
        with contextlib.suppress(OSError), socket.create_connection((address, port), 0.2):
            return
        time.sleep(0.05)
    raise RuntimeError(f"sshd did not listen on {address}:{port}")


@contextlib.contextmanager
def ssh_host(workdir: Path) -> Iterator[SshHost]:
    """Start the namespaced sshd; stop it and remove the namespace and link on exit."""
    tag = f"rqf{os.getpid() % 100000}"
    namespace, outside, inside = f"{tag}ns", f"{tag}o", f"{tag}i"
    # 10.213.X.0/30 with X from the pid, so parallel test runs do not collide.
    net = f"10.213.{os.getpid() % 250}"
    host_address, guest_address = f"{net}.1", f"{net}.2"
    workdir.mkdir(parents=True, exist_ok=True)
    key, host_key = workdir / "client_key", workdir / "host_key"
    for path in (key, host_key):
        subprocess.run(
            ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(path)],
            check=True,
            capture_output=True,
        )
    (workdir / "authorized_keys").write_text(Path(f"{key}.pub").read_text())
    config = workdir / "sshd_config"
    config.write_text(
        f"ListenAddress {guest_address}\nPort 22\nHostKey {host_key}\n"
        f"PidFile {workdir / 'sshd.pid'}\nAuthorizedKeysFile {workdir / 'authorized_keys'}\n"
        "PermitRootLogin prohibit-password\nPasswordAuthentication no\n"
        "KbdInteractiveAuthentication no\nUsePAM no\nStrictModes no\n"
    )
    made_privsep = not PRIVILEGE_SEPARATION_DIR.exists()
    process = None
    try:
        if made_privsep:
            PRIVILEGE_SEPARATION_DIR.mkdir(mode=0o755)
        _ip("netns", "add", namespace)
        _ip("link", "add", outside, "type", "veth", "peer", "name", inside)
        _ip("link", "set", inside, "netns", namespace)
        _ip("addr", "add", f"{host_address}/30", "dev", outside)
        _ip("link", "set", outside, "up")
        _ip("addr", "add", f"{guest_address}/30", "dev", inside, namespace=namespace)
        _ip("link", "set", inside, "up", namespace=namespace)
        _ip("link", "set", "lo", "up", namespace=namespace)
        process = subprocess.Popen(
            ["ip", "netns", "exec", namespace, SSHD, "-D", "-e", "-f", str(config)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=open(workdir / "sshd.log", "wb"),  # noqa: SIM115
        )
        _wait_for_port(guest_address, 22, process)
        yield SshHost(guest_address, "root", key)
    finally:
        if process is not None:
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        subprocess.run(["ip", "link", "del", outside], capture_output=True, check=False)
        subprocess.run(["ip", "netns", "del", namespace], capture_output=True, check=False)
        if made_privsep:
            with contextlib.suppress(OSError):
                PRIVILEGE_SEPARATION_DIR.rmdir()
