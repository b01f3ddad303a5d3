"""What `make test` installs is exactly what requirements.lock says.

The environment under test is the one `make setup` built through
scripts/sync_venv.py; a package missing, at another version, or not in the
lock at all means installs are no longer reproducible, and a release made
yesterday could turn the suite red on a fresh machine."""

from __future__ import annotations

import importlib.util
import re
import sys

import pytest

from .conftest import ROOT

LOCK = ROOT / "requirements.lock"


def _sync_module():
    spec = importlib.util.spec_from_file_location("sync_venv", ROOT / "scripts" / "sync_venv.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(sys.prefix == sys.base_prefix, reason="not in a virtual environment built by make setup")
def test_installed_is_exactly_the_lock():
    sync = _sync_module()
    pins = sync.locked(LOCK)
    have = sync.installed()
    assert len(pins) > 40
    wrong = {name: (version, have.get(name)) for name, version in pins.items() if have.get(name) != version}
    assert not wrong, f"installed versions differ from the lock (lock, installed): {wrong}"
    extra = set(have) - set(pins) - {sync.PROJECT}
    assert not extra, f"installed but not in the lock: {sorted(extra)}"


def test_every_pin_has_hashes_and_every_dependency_is_locked():
    text = LOCK.read_text(encoding="utf-8")
    entries = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 2)[2])
    for entry in entries:
        assert "==" in entry.split("\n", 1)[0], entry[:80]
        assert "--hash=sha256:" in entry, f"no hash for {entry.split()[0]}"
    sync = _sync_module()
    pins = sync.locked(LOCK)
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    wanted = project["project"]["dependencies"] + project["project"]["optional-dependencies"]["test"]
    wanted += project["build-system"]["requires"]
    for requirement in wanted:
        name = sync.normalise(re.split(r"[<>=!~;\[ ]", requirement, maxsplit=1)[0])
        assert name in pins, f"{name} is required by pyproject.toml but not locked"


def test_the_lock_is_the_one_make_installs_from():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "scripts/sync_venv.py" in makefile
    assert "pip install -q -e" not in makefile and "pip install -e" not in makefile
    script = (ROOT / "scripts" / "sync_venv.py").read_text(encoding="utf-8")
    assert "--require-hashes" in script and "--no-build-isolation" in script
