"""Check parameters the handbook gives, as the tests of several checks pass them."""

from __future__ import annotations

# The build tags the guide names (buildtags' ``known``).
KNOWN_TAGS = [
    "apparmor",
    "selinux",
    "btrfs_noversion",
    "exclude_graphdriver_btrfs",
    "exclude_graphdriver_devicemapper",
    "exclude_graphdriver_aufs",
]

# Where Docker looked for dockerinit, in order (dockerinit-path's ``search``).
INIT_SEARCH = [
    "@daemon-dir",
    "/usr/libexec/docker/dockerinit",
    "/usr/local/libexec/docker/dockerinit",
    "/usr/lib/docker/dockerinit",
    "/usr/local/lib/docker/dockerinit",
]
