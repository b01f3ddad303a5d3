"""Every error tui-report raises for a user to read derives from the one
base in report/errors.py, so a caller catches one class; the store turns
the TOML library's own failures into it."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import pytest

import tui_report
from tui_report.report.errors import ReportError, TuiReportError
from tui_report.report.figure_toml import EditRefused
from tui_report.report.store import Store

#: exceptions that are signals to a library, not messages to a user
NOT_FOR_USERS = {
    "tui_report.export.fetcher.Refused",  # tells WeasyPrint to skip a URL; never reaches a user
}

#: modules that load Textual or WeasyPrint at import: checked all the same
MODULES = [m.name for m in pkgutil.walk_packages(tui_report.__path__, "tui_report.") if not m.name.endswith("__main__")]


def test_every_exception_class_derives_from_the_base():
    outside = []
    for name in MODULES:
        module = importlib.import_module(name)
        for cls_name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ != name or not issubclass(cls, BaseException) or cls_name.startswith("_"):
                continue
            if f"{name}.{cls_name}" in NOT_FOR_USERS:
                continue
            if not issubclass(cls, TuiReportError):
                outside.append(f"{name}.{cls_name}")
    assert outside == []


def test_report_error_lives_with_the_base():
    assert ReportError.__module__ == "tui_report.report.errors"


def test_a_system_failure_is_both_an_oserror_and_ours():
    from tui_report.report.terminal import StreamError

    exc = StreamError(OSError(28, "No space left on device"), "标准输出")
    assert isinstance(exc, OSError) and isinstance(exc, TuiReportError)
    assert exc.errno == 28 and "标准输出" in exc.format()


def test_the_store_turns_a_toml_failure_into_a_refusal_and_keeps_the_files(sample):
    store = Store.open(sample)
    before = {rel: store.text_of(rel) for rel in store.files}

    def broken() -> None:
        store.set_figure_value("spend_basic", store.report.figures["spend_basic"].value)
        doc = store.document("report.toml")
        doc["figures"]["no_such_figure"]["value"]  # noqa: B018 - tomlkit raises its own NonExistentKey

    with pytest.raises(EditRefused) as caught:
        store.apply(broken)
    assert "未能修改" in caught.value.message and "NonExistentKey" in caught.value.message
    assert {rel: store.text_of(rel) for rel in store.files} == before
