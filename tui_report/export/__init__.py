"""Report → files for the bureau: HTML and PDF to GB/T 9704-2012.

Takes a Report; gives bytes on disk. Importing this package, or any module in
it, loads no PDF engine: WeasyPrint is imported inside
:func:`tui_report.export.pdf.export_pdf` only, so the terminal app can import
the exporter at start-up and run it in a worker. Uses ``render``, ``checks``
(whether a report is ready for a final export: ``guard``), ``figures`` and
``report``; the only stage besides ``tui`` that may import WeasyPrint.
"""
