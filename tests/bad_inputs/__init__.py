"""The bad-input corpus, as a list of cases any test can iterate over.

A case is a small change to the base report in ``_base/``:

- a folder ``<name>/`` with ``case.toml`` (what the user must see) and
  ``files/`` (files copied over the base, byte for byte — some are GBK or
  binary on purpose); ``delete`` in ``case.toml`` removes base files first;
- or a generator in ``generated.py`` for what cannot sit in git as a file
  (a 5 MB body, 1,000 sections, symlinks pointing out of the folder, a file
  where a folder should be, nesting a thousand levels deep).

``case.toml``::

    description = "…"
    opens = true          # false: the report cannot be opened at all
    exit = 1              # exit status of `tui-report check`
    delete = ["sections/budget.toml"]

    [[expect]]            # a message the user sees, verbatim
    file = "sections/budget.toml"   # optional: with line and col, the
    line = 1                        # message must carry this location
    col = 9
    severity = "error"
    text = "TOML 格式错误：…"

``Case.materialize(tmp)`` builds the case's report folder; a TUI test opens
it and looks for each ``Expect.text`` on screen.
"""

from __future__ import annotations

import shutil
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

HERE = Path(__file__).resolve().parent
BASE = HERE / "_base"


@dataclass
class Expect:
    text: str
    file: str | None = None
    line: int | None = None
    col: int | None = None
    severity: str = "error"

    def line_text(self) -> str:
        """The message as `check` prints it."""
        if self.file is None:
            return self.text
        return f"{self.file}:{self.line}:{self.col}: {self.severity}: {self.text}"


@dataclass
class Case:
    name: str
    description: str
    opens: bool
    exit: int
    expect: list[Expect]
    build: Callable[[Path], None] = field(repr=False)

    def materialize(self, tmp: Path) -> Path:
        root = Path(tmp) / self.name
        shutil.copytree(BASE, root)
        self.build(root)
        return root


def _folder_case(folder: Path) -> Case:
    spec = tomllib.loads((folder / "case.toml").read_text(encoding="utf-8"))

    def build(root: Path) -> None:
        for rel in spec.get("delete", []):
            target = root / rel
            if target.is_dir():
                shutil.rmtree(target)
            else:
                target.unlink()
        files = folder / "files"
        if files.is_dir():
            for src in sorted(files.rglob("*")):
                if src.is_file():
                    dst = root / src.relative_to(files)
                    dst.parent.mkdir(parents=True, exist_ok=True)
                    dst.write_bytes(src.read_bytes())

    return Case(
        name=folder.name,
        description=spec["description"],
        opens=spec["opens"],
        exit=spec["exit"],
        expect=[Expect(**e) for e in spec["expect"]],
        build=build,
    )


def cases() -> list[Case]:
    from .generated import GENERATED

    found = [_folder_case(d) for d in sorted(HERE.iterdir()) if (d / "case.toml").is_file()]
    return found + list(GENERATED)
