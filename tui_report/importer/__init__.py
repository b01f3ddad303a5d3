"""An existing report (text, Markdown or Word) → a report folder.

Takes a file; gives a Report model (headings, prose with figures turned into
placeholders, the identities, shares and rates its prose carries proposed)
and a summary of every guess, which ``report``'s writer turns into a folder.
Flattened or hard-wrapped text is cleaned first (``flatten``). Uses
``checks`` (to recognise the prose arithmetic), ``figures`` and ``report``.
"""
