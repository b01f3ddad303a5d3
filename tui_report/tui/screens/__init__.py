"""Screens: the main editor, help, and the dialogs it opens."""
