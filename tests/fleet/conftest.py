"""The fleet tests import their helpers from this directory."""
