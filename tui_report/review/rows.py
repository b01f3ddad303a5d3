"""One row per report: what the table, the workbook and the JSON all show.

Plain dataclasses of str, int, bool and Decimal, so a worker process can
hand a row back through pickling, and the three writers read one model and
cannot disagree. Money and rates stay Decimal here and become strings in
JSON (``docs/review.schema.json``): a reviewer comparing 153.99 with a
table must see what was typed, not a binary float's neighbour.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

#: names the JSON layout; bumped when a reader would misread a new one
SCHEMA = "tui-report/review/1"
#: how many problems the table shows per report (the page shows them all)
WORST = 3
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
SEVERITY_NAMES = {"error": "错误", "warning": "警告", "info": "提示"}


@dataclass
class Finding:
    """A problem in context: the sentence it is in, split around the text it
    is about, the figures that sentence names, and why it is a problem."""

    severity: str
    id: str
    message: str
    place: str = ""  # the headings above it, a 自评表 row, or a figure
    location: str = ""  # file:line:col inside a report folder; "" for an imported file
    before: str = ""
    text: str = ""
    after: str = ""
    numbers: list[tuple[str, str]] = field(default_factory=list)  # (label, value as printed)
    acknowledged: bool = False
    reason: str = ""  # why it was acknowledged

    def to_json(self) -> dict:
        return {"severity": self.severity, "id": self.id, "message": self.message, "place": self.place,
                "location": self.location, "sentence": {"before": self.before, "text": self.text,
                                                        "after": self.after},
                "numbers": [{"label": label, "value": value} for label, value in self.numbers],
                "acknowledged": self.acknowledged, "reason": self.reason}


@dataclass
class ScorecardSummary:
    """The 自评表's total and grade, typed and computed by its template's
    rules, and whether what was typed holds."""

    template: str
    source: str  # scorecard.toml | 原文附件 | 原文
    computed_total: Decimal | None = None  # None: the template could not be read
    computed_grade: str = ""
    typed_total: Decimal | None = None
    typed_grade: str = ""
    weights: Decimal | None = None  # 分值 of every row, budget included
    full: Decimal | None = None  # what the weights should add up to (the template's total)

    @property
    def total(self) -> Decimal | None:
        return self.typed_total if self.typed_total is not None else self.computed_total

    @property
    def grade(self) -> str:
        return self.typed_grade or self.computed_grade

    @property
    def holds(self) -> bool:
        """The typed total and grade (where typed) are the computed ones, and
        the weights add up; False when the table could not be scored."""
        if self.computed_total is None:
            return False
        total_ok = self.typed_total is None or abs(self.typed_total - self.computed_total) <= Decimal("0.01")
        grade_ok = not self.typed_grade or self.typed_grade == self.computed_grade
        weights_ok = self.weights is None or self.full is None or self.weights == self.full
        return total_ok and grade_ok and weights_ok

    def to_json(self) -> dict:
        return {"template": self.template, "source": self.source, "total": _dec(self.total),
                "grade": self.grade, "computed_total": _dec(self.computed_total),
                "computed_grade": self.computed_grade, "typed_total": _dec(self.typed_total),
                "typed_grade": self.typed_grade, "weights": _dec(self.weights), "full": _dec(self.full),
                "holds": self.holds}


@dataclass
class Row:
    index: int  # 1-based, in input order; names the report's page
    source: str  # the path as the table shows it
    kind: str = ""  # 纯文本 | Markdown | PDF | Word… | 报告文件夹
    status: str = "ok"  # ok | failed (could not be read: ``reason`` says why)
    reason: str = ""
    department: str = ""
    year: int | None = None  # None: the text names no year
    unit: str = ""
    errors: int = 0  # standing (not acknowledged) problems, as `check` counts them
    warnings: int = 0
    infos: int = 0
    execution_rate: Decimal | None = None  # percent: 98.5 is 98.5 %
    execution_rate_from: str = ""  # 自评表 | 正文
    scorecard: ScorecardSummary | None = None
    findings: list[Finding] = field(default_factory=list)  # errors and warnings, worst first
    notes: list[str] = field(default_factory=list)  # what the import could not place or guessed

    @property
    def page(self) -> str:
        """The report's page, relative to the output folder: named by the
        row's number, never by anything the report or its file name says."""
        return f"reports/{self.index:04d}.html"

    @property
    def failed(self) -> bool:
        return self.status == "failed"

    @property
    def verdict(self) -> str:
        """What a reviewer filters on: 无法读入, 有错误, 有警告 or 通过."""
        if self.failed:
            return "无法读入"
        if self.errors:
            return "有错误"
        if self.warnings:
            return "有警告"
        return "通过"

    def worst(self, n: int = WORST) -> list[Finding]:
        standing = [f for f in self.findings if not f.acknowledged and f.severity in ("error", "warning")]
        return sorted(standing, key=lambda f: SEVERITY_ORDER.get(f.severity, 3))[:n]

    def to_json(self) -> dict:
        return {"index": self.index, "source": self.source, "kind": self.kind, "status": self.status,
                "verdict": self.verdict, "reason": self.reason, "department": self.department,
                "year": self.year, "unit": self.unit, "errors": self.errors, "warnings": self.warnings,
                "infos": self.infos, "execution_rate": _dec(self.execution_rate),
                "execution_rate_from": self.execution_rate_from,
                "scorecard": self.scorecard.to_json() if self.scorecard is not None else None,
                "worst": [f.message for f in self.worst()], "page": self.page,
                "findings": [f.to_json() for f in self.findings], "notes": list(self.notes)}


def _dec(value: Decimal | None) -> str | None:
    return None if value is None else format(value, "f")


@dataclass(frozen=True)
class Summary:
    reports: int
    failed: int
    with_errors: int
    with_warnings: int  # and no error
    passed: int
    errors: int
    warnings: int

    @classmethod
    def of(cls, rows: list[Row]) -> Summary:
        return cls(reports=len(rows), failed=sum(r.failed for r in rows),
                   with_errors=sum(r.verdict == "有错误" for r in rows),
                   with_warnings=sum(r.verdict == "有警告" for r in rows),
                   passed=sum(r.verdict == "通过" for r in rows),
                   errors=sum(r.errors for r in rows), warnings=sum(r.warnings for r in rows))

    @property
    def failing(self) -> bool:
        """The command's exit status is 1: a report has errors, or could not be read."""
        return bool(self.with_errors or self.failed)

    def to_json(self) -> dict:
        return {"reports": self.reports, "failed": self.failed, "with_errors": self.with_errors,
                "with_warnings": self.with_warnings, "passed": self.passed, "errors": self.errors,
                "warnings": self.warnings}

    def line(self) -> str:
        return (f"共 {self.reports} 份：有错误 {self.with_errors} 份，仅有警告 {self.with_warnings} 份，"
                f"通过 {self.passed} 份，无法读入 {self.failed} 份（错误共 {self.errors} 个，警告共 {self.warnings} 个）")
