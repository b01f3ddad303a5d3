"""Report → numbered blocks → Markdown or plain text.

Every output (Markdown, text, the HTML for PDF and DOCX, the editor's preview)
goes through the same blocks, so numbering and placeholder filling happen once.
Uses ``figures`` and ``report``; knows nothing of checks.
"""
