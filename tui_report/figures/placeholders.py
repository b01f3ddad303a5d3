"""The placeholder syntax, ``{{name}}``, defined once.

Prose refers to figures and fields through it; the renderer fills it, the
checks look for unknown names in it, and the figure table counts uses of it.
"""

from __future__ import annotations

import re

PLACEHOLDER = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")
