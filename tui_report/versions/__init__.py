"""Versions of a report in git, for people who do not know git: save a
version, read the history, restore a section or figure, see who wrote a
paragraph, pull and push, and merge report files paragraph by paragraph
(``merge``, run by git as a merge driver). See docs/architecture.md,
"Versions and merges", for why this talks to the ``git`` command.

Uses report (loading, atomic writes), checks (a version is saved only
without merge conflicts) and yearly's word differences; never the TUI.
"""
