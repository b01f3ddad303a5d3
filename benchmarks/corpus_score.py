"""Scoring the importer and the checks against the corpus's hand-written truth.

Each ``tests/corpus/NAME.txt`` has a ``NAME.truth.toml`` beside it (format in
tests/corpus/README.md): the outline, department, year and money unit, and
every arithmetic relation the text carries with whether it holds. This
module imports each report as a user would (``import_file``, the folder
written and loaded again, ``checks.run``) and compares. It is used by
``bench_corpus.py`` (all figures, printed) and by ``tests/test_corpus_score.py``
(relations found, mutations caught and false alarms, asserted as floors),
so both read one scorer.
"""

from __future__ import annotations

import re
import tempfile
import tomllib
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

from tui_report import checks
from tui_report.checks import arithmetic
from tui_report.importer import unsure
from tui_report.importer.pipeline import Imported, import_file
from tui_report.report.folder_writer import write_report
from tui_report.report.store import load

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "corpus"
#: the keys of a relation that hold its numbers, by kind
NUMBER_KEYS = {
    "sum": ("total", "parts"),
    "share": ("part", "total", "percent"),
    "yoy": ("current", "change", "percent"),
    "rate": ("numerator", "denominator", "percent"),
    "remainder": ("total", "used", "rest"),
}
_TRAILING = "。：:；;，,、 \u3000"
_NUMBER = re.compile(r"-?\d[\d,，]*(?:\.\d+)?")


@dataclass
class Truth:
    path: Path  # the .txt
    source: str
    province: str
    kind: str
    report: str
    department: str
    year: int
    unit: str
    headings: list[dict] = field(default_factory=list)
    relations: list[dict] = field(default_factory=list)
    #: check ids of lint problems the text really has (its half-width marks
    #: as stored, 1、 numbering, a last heading the excerpt cut off)
    findings: list[str] = field(default_factory=list)


def truths(corpus: Path = CORPUS) -> list[Truth]:
    out = []
    for txt in sorted(corpus.glob("*.txt")):
        spec = txt.with_suffix(".truth.toml")
        if not spec.exists():
            continue
        data = tomllib.loads(spec.read_text(encoding="utf-8"))
        out.append(Truth(txt, data.get("source", ""), data.get("province", ""), data.get("kind", ""),
                         data.get("report", ""), data.get("department", ""), int(data.get("year", 0)),
                         data.get("unit", ""), data.get("heading", []), data.get("relation", []),
                         data.get("findings", [])))
    return out


def norm(text: str) -> str:
    """A title or name as compared: width folded, spaces gone, no trailing punctuation."""
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"\s+", "", text)
    return text.rstrip(_TRAILING)


def same_unit(got: str, want: str) -> bool:
    """One unit's name: equal, or one the other with its place in front
    (内蒙古自治区包头市人大常委会办公室 is 包头市人大常委会办公室)."""
    a, b = norm(got), norm(want)
    return a == b or (bool(a) and bool(b) and min(len(a), len(b)) >= 4 and (a.endswith(b) or b.endswith(a)))


def outline_of(imp: Imported) -> list[tuple[int, str]]:
    """The headings import found (none when it found none and put the text
    in one section of its own making)."""
    if not imp.outline.headings_found:
        return []
    return [(node.level, norm(node.title)) for node in imp.outline.walk() if not node.supplied]


def expected_outline(truth: Truth) -> list[tuple[int, str]]:
    return [(int(h["level"]), norm(h["title"])) for h in truth.headings]


@dataclass
class Meta:
    outline: bool
    department: bool
    year: bool
    unit: bool
    got: dict


def meta(imp: Imported, truth: Truth) -> Meta:
    r = imp.report
    year = r.year if imp.year_found else 0
    got = {"department": r.department, "year": year, "unit": r.unit, "outline": outline_of(imp)}
    return Meta(
        outline=outline_of(imp) == expected_outline(truth),
        department=same_unit(r.department, truth.department),
        year=year == truth.year,
        unit=not truth.unit or r.unit == truth.unit,
        got=got,
    )


# --- relations ---------------------------------------------------------------------------

def _dec(text: str) -> Decimal | None:
    try:
        return Decimal(unicodedata.normalize("NFKC", text).replace(",", ""))
    except InvalidOperation:
        return None


def numbers_of(rel: dict) -> list[str]:
    out: list[str] = []
    for key in NUMBER_KEYS.get(rel["kind"], ()):
        value = rel.get(key, "")
        out += [v for v in (value if isinstance(value, list) else [value]) if v]
    return out


def _values(qs) -> list[Decimal]:
    return [q.value for q in qs if q is not None and q.value is not None]


def _claim_values(claims: arithmetic.Claims) -> list[tuple[str, Counter, int]]:
    """(kind, multiset of typed values, offset of its last quantity) of every claim recognised."""
    out: list[tuple[str, Counter, int]] = []

    def add(kind: str, qs: list) -> None:
        qs = [q for q in qs if q is not None]
        out.append((kind, Counter(_values(qs)), max((q.offset for q in qs), default=0)))

    for b in claims.breakdowns:
        add("sum", [b.total, *b.parts])
    for t in claims.tables:
        add("sum", [t.total, *t.parts])
    for s in claims.shares:
        add("share", [s.part, s.total, s.percent])
    for c in claims.changes:
        add("yoy", [c.value, c.delta, c.rate])
    for r in claims.rates:
        add("rate", [r.percent])
    for m in claims.remainders:
        add("remainder", [m.total, m.used, m.rest])
    return out


def found(rel: dict, lines: list[str], no: int) -> bool:
    """Whether the recogniser finds a claim of the relation's kind that rests
    on all of the relation's numbers (a rate: on its percentage) in line
    ``no``; a table row is read under the rows above it (its header)."""
    want = Counter(v for v in (_dec(n) for n in numbers_of(rel)) if v is not None)
    if rel["kind"] == "rate":
        want = Counter(v for v in [_dec(rel.get("percent", ""))] if v is not None)
    first = no - 1
    while first > 0 and arithmetic.is_table_row(lines[no - 1]) and arithmetic.is_table_row(lines[first - 1]):
        first -= 1
    text = "\n".join(lines[first:no])
    floor = len(text) - len(lines[no - 1])
    for kind, values, last in _claim_values(arithmetic.recognise(text)):
        if kind == rel["kind"] and last >= floor and not (want - values):
            return True
    return False


def imported_problems(path: Path, work: Path) -> tuple[Imported, list]:
    """Import ``path`` as a user would, write the folder, load it, check it;
    the lines the import was unsure of are among the checks' problems
    (``import-unsure``, info: never counted as a false alarm)."""
    imp = import_file(path)
    dest = work / (path.stem + "-" + str(abs(hash(str(work))) % 10_000))
    write_report(imp.report, dest)
    return imp, checks.run(load(dest))


def unsure_count(problems: list) -> int:
    return sum(p.id == unsure.ID for p in problems)


def named_numbers(text: str) -> set[Decimal]:
    out = set()
    for m in _NUMBER.finditer(unicodedata.normalize("NFKC", text)):
        value = _dec(m.group(0))
        if value is not None:
            out.add(value)
    return out


def mutate(number: str, place: int = 0) -> str:
    """The number with one digit changed by one (9 becomes 8): the last digit,
    or the ``place``-th digit counted from the right."""
    digits = [i for i, ch in enumerate(number) if ch.isdigit()]
    i = digits[-1 - place]
    d = int(number[i])
    return number[:i] + str(d + 1 if d < 9 else 8) + number[i + 1:]


def _places(text: str) -> int:
    text = unicodedata.normalize("NFKC", text)
    return len(text.split(".", 1)[1]) if "." in text else 0


def _half(text: str) -> Decimal:
    return Decimal(1).scaleb(-_places(text)) / 2


def _rounds(exact: Decimal, typed: str) -> bool:
    """``typed`` (a percentage) is ``exact`` rounded as typed, half up or half to even."""
    want = _dec(typed)
    q = Decimal(1).scaleb(-_places(typed))
    return want is not None and want in (exact.quantize(q, ROUND_HALF_UP), exact.quantize(q, ROUND_HALF_EVEN))


def relation_holds(rel: dict) -> bool | None:
    """Whether the relation's numbers bear it out by exact decimal arithmetic,
    rounded as the text rounds; None when it constrains nothing (a change
    from last year with no rate: any previous value fits)."""
    kind = rel["kind"]
    n = {k: rel.get(k, "") for k in ("total", "part", "percent", "current", "change", "numerator",
                                      "denominator", "used", "rest")}
    try:
        if kind == "sum":
            parts = [str(p) for p in rel.get("parts", [])]
            total = _dec(n["total"])
            tol = max(_half(x) for x in [n["total"], *parts])
            return total is not None and abs(total - sum((_dec(p) or Decimal(0) for p in parts), Decimal(0))) <= tol
        if kind == "share":
            part, total = _dec(n["part"]), _dec(n["total"])
            return bool(part is not None and total) and _rounds(part * 100 / total, n["percent"])
        if kind == "rate":
            num, den = _dec(n["numerator"]), _dec(n["denominator"])
            return bool(num is not None and den) and _rounds(num * 100 / den, n["percent"])
        if kind == "remainder":
            total, used, rest = _dec(n["total"]), _dec(n["used"]), _dec(n["rest"])
            tol = max(_half(x) for x in (n["total"], n["used"], n["rest"]))
            return None not in (total, used, rest) and abs(total - used - rest) <= tol
        if kind == "yoy":
            if not n["percent"]:
                return None
            current, change = _dec(n["current"]), _dec(n["change"])
            if current is None or change is None:
                return None
            prev = current - change if rel.get("direction", "up") == "up" else current + change
            return prev > 0 and _rounds(change * 100 / prev, n["percent"])
    except (InvalidOperation, ZeroDivisionError):
        return False
    return None


def _with(rel: dict, number: str, changed: str) -> dict:
    """The relation with the first of its numbers equal to ``number`` changed."""
    out = dict(rel)
    for key in NUMBER_KEYS.get(rel["kind"], ()):
        value = rel.get(key, "")
        if isinstance(value, list):
            if number in value:
                i = value.index(number)
                out[key] = [*value[:i], changed, *value[i + 1:]]
                return out
        elif value == number:
            out[key] = changed
            return out
    return out


def detectable(rel: dict, number: str) -> str | None:
    """The one-digit change of ``number`` (its last digit first, then leftwards)
    that makes the relation false; None when no one-digit change does (the
    text's rounding hides it, or the relation constrains nothing): such a
    change is no error, and no check could name it."""
    digits = sum(ch.isdigit() for ch in number)
    for place in range(digits):
        changed = mutate(number, place)
        if relation_holds(_with(rel, number, changed)) is False:
            return changed
    return None


def mutations(truth: Truth) -> list[tuple[int, str, str, str]]:
    """(line, relation text, number, mutated) for each number of each relation
    that holds, changed in the rightmost digit whose change breaks the relation."""
    lines = truth.path.read_text(encoding="utf-8").split("\n")
    out = []
    for rel in truth.relations:
        if not rel.get("holds", True):
            continue
        no, text = int(rel["line"]), rel.get("text", "")
        if not (0 < no <= len(lines)) or text not in lines[no - 1]:
            continue
        for number in dict.fromkeys(numbers_of(rel)):
            if number not in text:
                continue
            changed = detectable(rel, number)
            if changed is not None:
                out.append((no, text, number, changed))
    return out


def undetectable(truth: Truth) -> int:
    """How many numbers of relations that hold no one-digit change can break."""
    return sum(1 for rel in truth.relations if rel.get("holds", True)
               for number in dict.fromkeys(numbers_of(rel)) if detectable(rel, number) is None)


def replace_number(text: str, number: str, changed: str) -> str:
    """``text`` with its first ``number`` that stands alone (not inside a
    longer number: the 4.6 of 占4.6%, not of 增长14.6%) changed."""
    m = re.search(r"(?<![\d.])" + re.escape(number) + r"(?![\d])", text)
    if m is None:
        return text.replace(number, changed, 1)
    return text[:m.start()] + changed + text[m.end():]


def caught(truth: Truth, no: int, text: str, number: str, changed: str) -> bool:
    """Import the text with ``number`` changed to ``changed`` inside the
    relation; caught when a problem (or import's own list of claims that do
    not hold) names the changed number."""
    lines = truth.path.read_text(encoding="utf-8").split("\n")
    at = lines[no - 1].index(text)
    mutated_text = replace_number(text, number, changed)
    lines[no - 1] = lines[no - 1][:at] + mutated_text + lines[no - 1][at + len(text):]
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / truth.path.name
        src.write_text("\n".join(lines), encoding="utf-8")
        try:
            imp, problems = imported_problems(src, Path(tmp))
        except Exception:  # noqa: BLE001 - a mutation that breaks the import is not a catch
            return False
    want = _dec(changed)
    messages = [p.message for p in problems if p.severity in ("error", "warning")]
    messages += [m for _, m in imp.arithmetic.source_errors]
    return any(want in named_numbers(m) for m in messages)


def true_findings(truth: Truth, problems: list) -> Counter:
    """Warnings and errors of the lint checks the truth file says the text really fails."""
    return Counter(p.id for p in problems if p.severity in ("error", "warning") and not p.acknowledged
                   and p.id in truth.findings)


def false_alarms(truth: Truth, problems: list) -> Counter:
    """Warnings and errors that no relation marked ``holds = false`` explains
    and no finding of the truth file names, by check id."""
    wrong = [set(v for v in (_dec(n) for n in numbers_of(r)) if v is not None)
             for r in truth.relations if not r.get("holds", True)]
    out: Counter = Counter()
    for p in problems:
        if p.severity not in ("error", "warning") or p.acknowledged or p.id in truth.findings:
            continue
        named = named_numbers(p.message)
        if any(_names_any(named, w) for w in wrong):
            continue
        out[(p.id, p.severity)] += 1
    return out


def _names_any(named: set[Decimal], wrong: set[Decimal]) -> bool:
    """Whether a message names one of ``wrong``'s numbers, as typed or as
    printed (226.7248 typed, 226.72 in a message that prints two decimals)."""
    for n in named:
        places = -n.as_tuple().exponent if isinstance(n.as_tuple().exponent, int) else 0
        q = Decimal(1).scaleb(-max(places, 0))
        if any(w == n or (places > 0 and w.quantize(q, ROUND_HALF_UP) == n) for w in wrong):
            return True
    return False
