"""Tests of the packager handbook in docs/: its build, its facts and its publication."""
