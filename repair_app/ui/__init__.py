"""Flet only: the shell, one module per screen, shared widgets and the theme."""
