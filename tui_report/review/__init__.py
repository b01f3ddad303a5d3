"""The finance bureau's view: many units' reports checked at once.

A 预算绩效管理科 receives dozens to hundreds of published reports a year and
reads them by hand. ``tui-report review`` imports each (txt, md, docx, doc,
pdf, or a report folder) in memory, runs every check, and writes one table
of all of them (HTML, xlsx, JSON) with a page per report of its problems in
context. It sits above the importer and the checks and below the editor: it
reuses both unchanged and never loads the TUI, WeasyPrint or python-docx.

- ``inputs``: which files and folders the arguments name;
- ``worker``: one input imported and checked, returned as plain data (a
  :class:`~tui_report.review.rows.Row`), safe to run in a worker process;
- ``context``: a problem with its sentence, its numbers and its place;
- ``template_sections``: the sections a region's template requires;
- ``rows``: the row model and its JSON form (``docs/review.schema.json``);
- ``html_report``, ``xlsx_report``, ``json_report``: the three outputs;
- ``run``: the command — a process pool, a progress bar, the summary.
"""
