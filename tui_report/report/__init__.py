"""The report folder ⇄ the Report model, and everything that keeps the folder safe.

Takes a folder of TOML files; gives a :class:`~tui_report.report.model.Report`
with every value's file position, and takes edits back as small, atomic,
comment-preserving writes (store, structure edits, a writer for new folders,
encodings, lock, state folder, recovery). Heading numbers live here too: they
are a property of a section's position, needed by structure edits and by every
stage above. Imports no other stage.
"""
