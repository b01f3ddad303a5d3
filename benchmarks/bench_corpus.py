"""The importer and the checks on real published reports (tests/corpus/).

Prints, against the hand-written truth files beside each report:
- outlines exactly right / total; department, year and unit right;
- relations found / annotated (the recogniser finds a claim of the
  relation's kind resting on its numbers), by kind;
- one-digit mutations caught / made: every number of every relation that
  holds, changed in its rightmost digit whose change breaks the relation
  (exact arithmetic in the scorer, rounded as the text rounds; a number no
  one-digit change can break is counted apart), the text imported and
  checked; caught when a problem names the changed number;
- false alarms per report by check id (warnings and errors on the unchanged
  reports that no `holds = false` relation explains), and how many are errors;
- import-unsure: how many lines import could not tell heading from text
  (info, not false alarms), per report;
- time: the corpus import, and a 2 MB text imported, each beside a same-run
  baseline (decoding and splitting the same bytes into lines).

`python benchmarks/bench_corpus.py --quick` skips the mutations; names after
the options keep only the reports whose file name holds one of them
(``bench_corpus.py --quick anhui fujian``), to score a part of the corpus.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

import corpus_score as cs  # noqa: E402

from tui_report.importer.pipeline import import_file  # noqa: E402

TARGETS = {"outlines": 0.90, "metadata": 0.95, "relations": 0.90, "mutations": 0.90, "alarms": 0.3}
BIG_BYTES = 2 * 1024 * 1024


def _mutation_job(args) -> bool:
    truth, no, text, number, changed = args
    return cs.caught(truth, no, text, number, changed)


def main(quick: bool = False, names: list[str] | None = None) -> int:
    truths = [t for t in cs.truths() if not names or any(n in t.path.stem for n in names)]
    if not truths:
        print("no truth files in tests/corpus/")
        return 1
    t0 = time.perf_counter()
    outline_ok = meta_ok = 0
    fields = Counter()
    relations = Counter()
    relations_found = Counter()
    alarms: Counter = Counter()
    true_found: Counter = Counter()
    per_report_errors = 0
    failed_outlines = []
    unsure: dict[str, int] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for truth in truths:
            imp, problems = cs.imported_problems(truth.path, Path(tmp))
            m = cs.meta(imp, truth)
            outline_ok += m.outline
            if not m.outline:
                failed_outlines.append(truth.path.stem)
            meta_ok += m.department and m.year and m.unit
            for name in ("department", "year", "unit"):
                fields[name] += getattr(m, name)
            lines = truth.path.read_text(encoding="utf-8").split("\n")
            for rel in truth.relations:
                relations[rel["kind"]] += 1
                no = int(rel["line"])
                if 0 < no <= len(lines) and cs.found(rel, lines, no):
                    relations_found[rel["kind"]] += 1
            true_found.update(cs.true_findings(truth, problems))
            if cs.unsure_count(problems):
                unsure[truth.path.stem] = cs.unsure_count(problems)
            fa = cs.false_alarms(truth, problems)
            alarms.update(fa)
            per_report_errors += any(sev == "error" for _, sev in fa)
    corpus_s = time.perf_counter() - t0

    n = len(truths)
    total_rel, total_found = sum(relations.values()), sum(relations_found.values())
    print(f"reports: {n} ({len({t.province for t in truths})} provinces; "
          + ", ".join(f"{k} {v}" for k, v in sorted(Counter(t.report for t in truths).items())) + ")")
    print(f"outlines exactly right: {outline_ok}/{n} = {outline_ok / n:.0%} (target {TARGETS['outlines']:.0%})")
    if failed_outlines:
        print("  not right: " + ", ".join(failed_outlines))
    print(f"department, year and unit right: {meta_ok}/{n} = {meta_ok / n:.0%} (target {TARGETS['metadata']:.0%}); "
          + ", ".join(f"{k} {v}/{n}" for k, v in fields.items()))
    print(f"relations found: {total_found}/{total_rel} = {total_found / max(1, total_rel):.0%} "
          f"(target {TARGETS['relations']:.0%}); "
          + ", ".join(f"{k} {relations_found[k]}/{relations[k]}" for k in sorted(relations)))
    all_alarms = sum(alarms.values())
    print(f"false alarms: {all_alarms} in {n} reports = {all_alarms / n:.2f} per report "
          f"(target ≤ {TARGETS['alarms']}); at error level in {per_report_errors} reports")
    for (pid, sev), count in alarms.most_common():
        print(f"  {pid} ({sev}): {count}")
    print(f"true findings (lint problems the truth files record): {sum(true_found.values())} = "
          f"{sum(true_found.values()) / n:.2f} per report; "
          + ", ".join(f"{k} {v}" for k, v in true_found.most_common()))

    print(f"import-unsure (info, lines import could not tell heading from text): {sum(unsure.values())} "
          f"in {len(unsure)} of {n} reports = {sum(unsure.values()) / n:.2f} per report"
          + "".join(f"\n  {name}: {count}" for name, count in sorted(unsure.items())))

    if not quick:
        jobs = [(t, *m) for t in truths for m in cs.mutations(t)]
        t1 = time.perf_counter()
        with ProcessPoolExecutor(max_workers=2) as pool:
            results = list(pool.map(_mutation_job, jobs, chunksize=4))
        caught = sum(results)
        hidden = sum(cs.undetectable(t) for t in truths)
        print(f"one-digit mutations caught: {caught}/{len(jobs)} = {caught / max(1, len(jobs)):.0%} "
              f"(target {TARGETS['mutations']:.0%}); {time.perf_counter() - t1:.1f} s; "
              f"{hidden} numbers left out: no one-digit change of them breaks their relation")

    # time: the corpus, and a 2 MB text, against decoding and splitting the same bytes
    big = _big_text()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.txt"
        path.write_bytes(big)
        t2 = time.perf_counter()
        big.decode("utf-8").splitlines()
        base = time.perf_counter() - t2
        t3 = time.perf_counter()
        import_file(path)
        big_s = time.perf_counter() - t3
    print(f"time: corpus import + check {corpus_s:.2f} s ({corpus_s / n * 1000:.0f} ms a report); "
          f"a {len(big) / 1e6:.1f} MB text imports in {big_s:.2f} s (target < 2 s), "
          f"{big_s / max(base, 1e-6):.0f}× decoding and splitting it")
    return 0


def _big_text() -> bytes:
    """The corpus's texts one after another until 2 MB: real shapes, many headings."""
    from tui_report.importer.docx_reader import ATTACHMENT_MARK

    # an attachment line would end the import there: left out, so all 2 MB are read
    parts = ["\n".join(line for line in t.path.read_text("utf-8").split("\n")
                       if not ATTACHMENT_MARK.fullmatch(line.strip())).encode("utf-8") for t in cs.truths()]
    out = bytearray()
    while len(out) < BIG_BYTES:
        for p in parts:
            out += p + b"\n"
    return bytes(out[:BIG_BYTES]).decode("utf-8", "ignore").encode("utf-8")


if __name__ == "__main__":
    sys.exit(main(quick="--quick" in sys.argv, names=[a for a in sys.argv[1:] if not a.startswith("--")]))
