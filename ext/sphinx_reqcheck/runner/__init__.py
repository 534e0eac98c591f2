"""The host wing: runs a manifest's checks on a host. Imports neither Sphinx nor docutils."""
