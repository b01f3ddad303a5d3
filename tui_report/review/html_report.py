"""``index.html`` (one row per report, sortable and filterable) and one page
per report with its problems in context.

Everything a report or its file name says is untrusted: a unit's report may
carry ``<script>`` in a heading or a ``javascript:`` address in its prose,
and the reviewer opens the page on the bureau's machine. So every piece of
it passes through :func:`html.escape` and lands in text content only; no
link, attribute name or tag is ever made from it. Links go only to pages
named by the row's number (``reports/0001.html``). The pages are
self-contained — inline CSS and a few lines of plain JS, no fonts, no
network — and a Content-Security-Policy (hashes of the one style and the
one script, nothing else allowed) keeps them so even if escaping were
missed somewhere.
"""

from __future__ import annotations

import base64
import hashlib
from decimal import Decimal
from html import escape

from tui_report.review.rows import SEVERITY_NAMES, Finding, Row, Summary

CSS = """
:root { color-scheme: light; }
body { font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif; margin: 1.5rem;
       color: #1a1a1a; background: #fff; line-height: 1.5; }
h1 { font-size: 1.4rem; margin: 0 0 .5rem; }
h2 { font-size: 1.15rem; margin: 1.5rem 0 .5rem; }
.summary { margin: .25rem 0 1rem; }
.controls { display: flex; gap: .75rem; align-items: center; flex-wrap: wrap; margin-bottom: .75rem; }
.controls input { min-width: 18rem; padding: .3rem .5rem; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
th, td { border: 1px solid #ccc; padding: .3rem .45rem; text-align: left; vertical-align: top; }
th { background: #f1f3f5; position: sticky; top: 0; }
th button { font: inherit; font-weight: bold; background: none; border: 0; padding: 0; cursor: pointer; }
th[aria-sort=ascending] button::after { content: " ▲"; }
th[aria-sort=descending] button::after { content: " ▼"; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr[hidden] { display: none; }
tr.v-error td.verdict, .sev-error { color: #b00020; font-weight: bold; }
tr.v-warning td.verdict, .sev-warning { color: #8a5300; font-weight: bold; }
tr.v-failed td.verdict { color: #5c2d91; font-weight: bold; }
tr.v-ok td.verdict { color: #1b6e20; }
ul.worst { margin: 0; padding-left: 1.1rem; }
.no { color: #b00020; font-weight: bold; }
.yes { color: #1b6e20; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; margin: 0; }
dl.facts dt { color: #555; }
dl.facts dd { margin: 0; }
article.finding { border-left: 4px solid #ccc; padding: .4rem .8rem; margin: .8rem 0; background: #fafafa; }
article.error { border-left-color: #b00020; }
article.warning { border-left-color: #e0a100; }
article .why { margin: .2rem 0; }
article .place { color: #555; font-size: .85rem; }
blockquote { margin: .4rem 0; padding: .3rem .6rem; background: #fff; border: 1px solid #e2e2e2; }
mark { background: #ffe08a; }
table.numbers { width: auto; font-size: .85rem; margin-top: .3rem; }
.ack { color: #555; font-size: .85rem; }
""".strip()

JS = """
(function () {
  "use strict";
  var table = document.getElementById("reports");
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var query = document.getElementById("q");
  var verdict = document.getElementById("verdict");
  var shown = document.getElementById("shown");
  function key(row, i, num) {
    var cell = row.cells[i];
    var value = cell.hasAttribute("data-sort") ? cell.getAttribute("data-sort") : cell.textContent.trim();
    if (value === "") { return null; }
    return num ? parseFloat(value) : value;
  }
  function sortBy(th) {
    var i = th.cellIndex, num = th.getAttribute("data-type") === "num";
    var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (c) { c.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
    rows.sort(function (a, b) {
      var x = key(a, i, num), y = key(b, i, num);
      if (x === null || y === null) { return x === y ? 0 : (x === null ? 1 : -1); }
      return (num ? x - y : x.localeCompare(y, "zh-CN")) * dir;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }
  function filter() {
    var text = query.value.trim().toLowerCase(), want = verdict.value, n = 0;
    rows.forEach(function (r) {
      var ok = (!want || r.getAttribute("data-verdict") === want) &&
               (!text || r.textContent.toLowerCase().indexOf(text) !== -1);
      r.hidden = !ok;
      if (ok) { n += 1; }
    });
    shown.textContent = "显示 " + n + " / " + rows.length + " 份";
  }
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
    var button = th.querySelector("button");
    if (button) { button.addEventListener("click", function () { sortBy(th); }); }
  });
  query.addEventListener("input", filter);
  verdict.addEventListener("change", filter);
  filter();
})();
""".strip()

VERDICT_CLASS = {"有错误": "v-error", "有警告": "v-warning", "无法读入": "v-failed", "通过": "v-ok"}


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def _page(title: str, body: str, script: bool) -> str:
    policy = f"default-src 'none'; style-src {_hash(CSS)}; img-src data:"
    if script:
        policy += f"; script-src {_hash(JS)}"
    tail = f"<script>{JS}</script>\n" if script else ""
    return ("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
            f"<meta http-equiv=\"Content-Security-Policy\" content=\"{policy}\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            "<meta name=\"referrer\" content=\"no-referrer\">\n"
            "<link rel=\"icon\" href=\"data:,\">\n"
            f"<title>{escape(title)}</title>\n<style>{CSS}</style>\n</head>\n<body>\n{body}\n{tail}</body>\n</html>\n")


def _num(value: Decimal | None, suffix: str = "") -> tuple[str, str]:
    """(shown, sort key) of a number cell; empty when there is none."""
    if value is None:
        return "", ""
    text = format(value, "f")
    return text + suffix, text


def index(rows: list[Row], title: str = "部门整体支出绩效自评报告审阅") -> str:
    summary = Summary.of(rows)
    head = ("<tr><th data-type=\"num\"><button type=\"button\">序号</button></th>"
            "<th><button type=\"button\">文件</button></th>"
            "<th><button type=\"button\">单位</button></th>"
            "<th data-type=\"num\"><button type=\"button\">年度</button></th>"
            "<th><button type=\"button\">结论</button></th>"
            "<th data-type=\"num\"><button type=\"button\">错误</button></th>"
            "<th data-type=\"num\"><button type=\"button\">警告</button></th>"
            "<th>主要问题</th>"
            "<th data-type=\"num\"><button type=\"button\">自评总分</button></th>"
            "<th><button type=\"button\">等级</button></th>"
            "<th><button type=\"button\">总分与等级成立</button></th>"
            "<th data-type=\"num\"><button type=\"button\">执行率</button></th></tr>")
    body = [_index_row(row) for row in rows]
    options = "".join(f"<option value=\"{v}\">{v}</option>" for v in ("有错误", "有警告", "通过", "无法读入"))
    return _page(title, (
        f"<h1>{escape(title)}</h1>\n"
        f"<p class=\"summary\">{escape(summary.line())}</p>\n"
        "<div class=\"controls\">"
        "<label>筛选 <input type=\"search\" id=\"q\" placeholder=\"单位、文件名或问题中的文字\"></label>"
        f"<label>结论 <select id=\"verdict\"><option value=\"\">全部</option>{options}</select></label>"
        "<span id=\"shown\"></span></div>\n"
        f"<table id=\"reports\">\n<thead>{head}</thead>\n<tbody>\n" + "\n".join(body) + "\n</tbody>\n</table>"),
        script=True)


def _index_row(row: Row) -> str:
    card = row.scorecard
    total, total_key = _num(card.total if card else None)
    rate, rate_key = _num(row.execution_rate, "%")
    if row.failed:
        worst = f"<ul class=\"worst\"><li>{escape(row.reason)}</li></ul>"
    else:
        items = "".join(f"<li class=\"sev-{f.severity}\">{escape(f.message)}</li>" for f in row.worst())
        worst = f"<ul class=\"worst\">{items}</ul>" if items else ""
    holds = ""
    if card is not None:
        holds = "<span class=\"yes\">成立</span>" if card.holds else "<span class=\"no\">不成立</span>"
    year = "" if row.year is None else str(row.year)
    cells = [
        f"<td class=\"num\">{row.index}</td>",
        f"<td><a href=\"{row.page}\">{escape(row.source)}</a></td>",
        f"<td>{escape(row.department)}</td>",
        f"<td class=\"num\">{year}</td>",
        f"<td class=\"verdict\">{row.verdict}</td>",
        f"<td class=\"num\">{row.errors}</td>",
        f"<td class=\"num\">{row.warnings}</td>",
        f"<td>{worst}</td>",
        f"<td class=\"num\" data-sort=\"{total_key}\">{total}</td>",
        f"<td>{escape(card.grade) if card else ''}</td>",
        f"<td>{holds}</td>",
        f"<td class=\"num\" data-sort=\"{rate_key}\">{rate}</td>",
    ]
    return (f"<tr class=\"{VERDICT_CLASS[row.verdict]}\" data-verdict=\"{row.verdict}\">"
            + "".join(cells) + "</tr>")


def report_page(row: Row) -> str:
    title = f"{row.department or row.source}：审阅结果"
    facts = [("文件", row.source), ("读入方式", row.kind), ("单位", row.department or "（未找到）"),
             ("年度", "（正文未写明）" if row.year is None else str(row.year)), ("金额单位", row.unit),
             ("结论", row.verdict), ("错误", str(row.errors)), ("警告", str(row.warnings)),
             ("提示", str(row.infos))]
    if row.execution_rate is not None:
        facts.append(("预算执行率", f"{format(row.execution_rate, 'f')}%（取自{row.execution_rate_from}）"))
    card = row.scorecard
    if card is not None:
        computed = "无法计算（模板无法读取）" if card.computed_total is None else (
            f"{format(card.computed_total, 'f')}（{card.computed_grade}）")
        typed = "（未填）" if card.typed_total is None and not card.typed_grade else (
            f"{format(card.typed_total, 'f') if card.typed_total is not None else '—'}"
            f"（{card.typed_grade or '—'}）")
        facts += [("自评表", f"取自{card.source}，模板 {card.template}"), ("自评表计算的总分与等级", computed),
                  ("自评表填写的总分与等级", typed), ("总分与等级成立", "成立" if card.holds else "不成立")]
        if card.weights is not None and card.full is not None:
            facts.append(("分值合计", f"{format(card.weights, 'f')}（应为 {format(card.full, 'f')}）"))
    dl = "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>" for k, v in facts)
    parts = [f"<p><a href=\"../index.html\">← 返回全部报告</a></p>\n<h1>{escape(title)}</h1>\n"
             f"<dl class=\"facts\">{dl}</dl>"]
    if row.failed:
        parts.append(f"<h2>无法读入</h2>\n<p class=\"no\">{escape(row.reason)}</p>")
    else:
        parts.append(f"<h2>问题（{len(row.findings)}）</h2>")
        parts += [_finding(f) for f in row.findings] or ["<p class=\"yes\">没有错误或警告。</p>"]
    if row.notes:
        items = "".join(f"<li>{escape(n)}</li>" for n in row.notes)
        parts.append(f"<h2>导入说明</h2>\n<ul>{items}</ul>")
    return _page(title, "\n".join(parts), script=False)


def _finding(f: Finding) -> str:
    severity = SEVERITY_NAMES.get(f.severity, f.severity)
    out = [f"<article class=\"finding {escape(f.severity)}\">",
           f"<p class=\"why\"><span class=\"sev-{escape(f.severity)}\">{escape(severity)}</span> "
           f"{escape(f.message)} <code>{escape(f.id)}</code></p>"]
    where = " · ".join(x for x in (f.place, f.location) if x)
    if where:
        out.append(f"<p class=\"place\">位置：{escape(where)}</p>")
    if f.before or f.text or f.after:
        out.append(f"<blockquote>{escape(f.before)}<mark>{escape(f.text)}</mark>{escape(f.after)}</blockquote>")
    if f.numbers:
        cells = "".join(f"<tr><th>{escape(label)}</th><td class=\"num\">{escape(value)}</td></tr>"
                        for label, value in f.numbers)
        out.append(f"<table class=\"numbers\"><tbody>{cells}</tbody></table>")
    if f.acknowledged:
        out.append(f"<p class=\"ack\">已确认：{escape(f.reason)}</p>")
    out.append("</article>")
    return "\n".join(out)
