"""Make the virtual environment hold exactly what requirements.lock names, plus the project.

Run with the environment's own Python (`make setup` does). pip alone only adds:
a package left from an older lock, or the setuptools a fresh venv brings,
would stay and make the environment differ from the lock without a word.
So this installs the lock with every hash checked, removes whatever the lock
does not name, installs the project without resolving anything (its build
backend comes from the lock too, so nothing unpinned is downloaded), and
ends with `pip check`. `tests/test_lock.py` compares the result with the lock
through `locked()` and `installed()` below.
"""

from __future__ import annotations

import importlib
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements.lock"
PROJECT = "tui-report"

_PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?\s*$")


def normalise(name: str) -> str:
    """PEP 503: the lock, pip and importlib.metadata spell names differently."""
    return re.sub(r"[-_.]+", "-", name).lower()


def locked(lock: Path = LOCK) -> dict[str, str]:
    """Every package the lock pins whose environment marker holds here: name → version."""
    importlib.invalidate_caches()
    from packaging.markers import Marker  # installed from the lock itself

    pins: dict[str, str] = {}
    for line in lock.read_text(encoding="utf-8").splitlines():
        match = _PIN.match(line)
        if not match:
            continue
        name, version, marker = match.groups()
        if marker and not Marker(marker).evaluate():
            continue
        pins[normalise(name)] = version
    return pins


def installed() -> dict[str, str]:
    """What this interpreter's environment holds: name → version."""
    importlib.invalidate_caches()
    from importlib.metadata import distributions

    return {normalise(d.metadata["Name"]): d.version for d in distributions()}


def _pip(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "pip", "--disable-pip-version-check", *args], check=True)


def main() -> int:
    if sys.prefix == sys.base_prefix:
        print("sync_venv: run me with the virtual environment's Python", file=sys.stderr)
        return 2
    _pip("install", "-q", "--require-hashes", "--no-deps", "-r", str(LOCK))
    pins = locked()
    extra = sorted(set(installed()) - set(pins) - {PROJECT})
    if extra:
        print("sync_venv: removing what the lock does not name:", " ".join(extra))
        _pip("uninstall", "-y", "-q", *extra)
    _pip("install", "-q", "--no-deps", "--no-build-isolation", "-e", str(ROOT))
    _pip("check")
    have = installed()
    wrong = {n: (v, have.get(n)) for n, v in pins.items() if have.get(n) != v}
    if wrong:
        for name, (want, got) in sorted(wrong.items()):
            print(f"sync_venv: {name}: lock says {want}, installed {got}", file=sys.stderr)
        return 1
    print(f"sync_venv: {len(pins)} locked packages installed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
