"""Where the top-level ``styles/`` and ``data/`` folders are.

In a source checkout (or an editable install) they sit beside the package; a
wheel carries them inside it as ``_styles`` and ``_data``.
"""

from __future__ import annotations

from pathlib import Path

_PKG = Path(__file__).resolve().parent


def _find(name: str) -> Path:
    packed = _PKG / f"_{name}"
    if packed.is_dir():
        return packed
    return _PKG.parent / name


def styles_dir() -> Path:
    return _find("styles")


def data_dir() -> Path:
    return _find("data")


def sample_report() -> Path:
    return data_dir() / "furong-kexie-2022"
