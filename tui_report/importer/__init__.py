"""An existing report (text, Markdown or Word) → a report folder.

Takes a file; gives a Report model (headings, prose with figures turned into
placeholders, proposed identities) and a summary of every guess, which
``report``'s writer turns into a folder. Uses ``figures`` and ``report``.
"""
