"""Repair: a private, offline companion for rebuilding a relationship one day at a time."""

__version__ = "0.1.0"
