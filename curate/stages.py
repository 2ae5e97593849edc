"""Importing this module registers every built-in stage under its recipe name."""

from . import charset, extract, language, prefilter  # noqa: F401
