"""``review.json``: the same rows for other programs (a bureau's own
database, a dashboard, next year's comparison), in the layout
``docs/review.schema.json`` describes. Money, scores and rates are strings
of the decimal as typed or computed ("153.99", "98.50"), never floats.
"""

from __future__ import annotations

import json

from tui_report.review.rows import SCHEMA, Row, Summary


def document(rows: list[Row], inputs: list[str], template: str = "", generator: str = "tui-report") -> dict:
    return {"schema": SCHEMA, "generator": generator, "inputs": list(inputs), "template": template or None,
            "summary": Summary.of(rows).to_json(), "reports": [row.to_json() for row in rows]}


def dumps(rows: list[Row], inputs: list[str], template: str = "", generator: str = "tui-report") -> str:
    return json.dumps(document(rows, inputs, template, generator), ensure_ascii=False, indent=1) + "\n"
