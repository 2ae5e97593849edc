"""Importing this module registers every built-in stage under its recipe name."""

from . import charset, clean, extract, language, prefilter, quality, spam  # noqa: F401
