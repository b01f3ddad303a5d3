"""What changed between two versions of a report, section by section and
figure by figure, with the words that changed inside each paragraph
(``yearly.word_diff``, as ``compare`` shows two years)."""

from __future__ import annotations

from dataclasses import dataclass, field

from tui_report.report.model import Report
from tui_report.yearly import word_diff
from tui_report.yearly.compare import section_pairs


@dataclass
class Change:
    """One changed section or figure: a heading and its changed paragraphs."""

    kind: str  # "section" | "figure" | "other"
    title: str
    status: str  # "改动" | "新增" | "删除"
    #: the changed paragraphs, each as word-diff pieces
    paragraphs: list[list[word_diff.Piece]] = field(default_factory=list)
    #: a section's file, or a figure's id: what "restore" takes
    key: str = ""


_STATUS = {"changed": "改动", "added": "新增", "removed": "删除"}


def changes(old: Report | None, new: Report | None) -> list[Change]:
    """The sections and figures that differ, in reading order."""
    out: list[Change] = []
    if old is None and new is None:
        return out
    if old is None or new is None:
        only = new or old
        assert only is not None
        status = "新增" if old is None else "删除"
        for section, _ in only.walk():
            if not section.path:
                out.append(Change("section", section.title, status, [], section.file))
        return out
    for pair in section_pairs(old, new):
        if pair.status == "same":
            continue
        owner = pair.new or pair.old
        assert owner is not None
        paragraphs = []
        before = pair.old.body if pair.old is not None else ""
        after = pair.new.body if pair.new is not None else ""
        old_title = pair.old.title if pair.old is not None else ""
        new_title = pair.new.title if pair.new is not None else ""
        if old_title != new_title and pair.old is not None and pair.new is not None:
            paragraphs.append(word_diff.diff(old_title, new_title))
        for a, b in word_diff.paragraph_pairs(before, after):
            if a != b:
                paragraphs.append(word_diff.diff(a or "", b or ""))
        out.append(Change("section", f"{pair.number}{pair.title}", _STATUS[pair.status], paragraphs,
                          owner.file))
    for fid in list(new.figures) + [f for f in old.figures if f not in new.figures]:
        was, now = old.figures.get(fid), new.figures.get(fid)
        if was is not None and now is not None and _figure_text(was) == _figure_text(now):
            continue
        status = "新增" if was is None else "删除" if now is None else "改动"
        label = now.label if now is not None else was.label if was is not None else fid
        pieces = word_diff.diff(_figure_text(was) if was else "", _figure_text(now) if now else "")
        out.append(Change("figure", f"数字 {label}（{fid}）", status, [pieces], fid))
    if (old.scorecard is None) != (new.scorecard is None) or (
            old.scorecard is not None and new.scorecard is not None
            and _card(old) != _card(new)):
        out.append(Change("other", "自评表", "改动", [], "scorecard.toml"))
    for what, a_text, b_text in (("标题", old.title, new.title), ("单位名称", old.department, new.department),
                                 ("年度", str(old.year), str(new.year))):
        if a_text != b_text:
            out.append(Change("other", what, "改动", [word_diff.diff(a_text, b_text)], "report.toml"))
    return out


def _figure_text(fig) -> str:
    parts = [str(fig.value) if fig.value is not None else "待填"]
    if fig.formula:
        parts = [f"= {fig.formula}"]
    if fig.unit:
        parts.append(fig.unit)
    return " ".join(parts) + (f"（{fig.label}）" if fig.label else "")


def _card(report: Report) -> str:
    card = report.scorecard
    return repr(card.__dict__) if card is not None else ""


def as_text(found: list[Change], indent: str = "  ") -> str:
    """Plain lines for the command line: ``[-old-]{+new+}`` marks."""
    if not found:
        return f"{indent}（没有改动）\n"
    lines = []
    for c in found:
        lines.append(f"{indent}{c.title}（{c.status}）")
        for pieces in c.paragraphs:
            lines.append(f"{indent}    {word_diff.as_text(pieces)}")
    return "\n".join(lines) + "\n"
