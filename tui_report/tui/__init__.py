"""The terminal editor (Textual): outline, section editor, figures, problems, preview.

Sits on top of every other stage and owns no report logic: it holds one Report,
edits it through ``report``'s store, and re-runs ``checks`` and ``render`` on
each change. Uses every stage below it; only ``cli`` imports it, and it is the only stage
that imports Textual.
"""
