"""SIGHUP (a dropped SSH connection: Textual installs no handler for it, so
the process would die with no cleanup) and SIGTERM: write every unsaved
buffer to a recovery file, give the lock back, then exit.

The handler writes the checkpoint at once (everything it needs is imported
up front, see :mod:`tui_report.report.recovery`), then lets the event loop
flush the widgets, write again from a consistent state and exit. If the loop
cannot (the terminal is gone and drawing blocks), the process leaves after
:data:`EXIT_GRACE` seconds anyway: the edits are on disk.
"""

from __future__ import annotations

import asyncio
import os
import signal
import threading
from collections.abc import Callable
from typing import Any

#: seconds a signalled editor waits for an orderly exit before leaving
EXIT_GRACE = 5.0
SIGNALS = tuple(getattr(signal, name) for name in ("SIGHUP", "SIGTERM") if hasattr(signal, name))


class SignalExit:
    """Installs the handlers; ``save_now`` runs in the handler itself,
    ``exit_in_loop(code)`` on the event loop right after."""

    def __init__(self, save_now: Callable[[], None], exit_in_loop: Callable[[int], None]) -> None:
        self.save_now = save_now
        self.exit_in_loop = exit_in_loop
        self.signalled = False
        self._loop: asyncio.AbstractEventLoop | None = None
        self._old_handlers: dict[int, Any] = {}  # what signal.signal gave back

    def install(self) -> None:
        if threading.current_thread() is not threading.main_thread():
            return
        self._loop = asyncio.get_running_loop()
        for sig in SIGNALS:
            try:
                self._old_handlers[sig] = signal.signal(sig, self._on_signal)
            except (ValueError, OSError):
                pass

    def restore(self) -> None:
        for sig, old in self._old_handlers.items():
            try:
                signal.signal(sig, old)
            except (ValueError, OSError, TypeError):
                pass
        self._old_handlers.clear()

    def _on_signal(self, signum: int, frame) -> None:
        """The text is written before anything else."""
        if self.signalled:
            return
        self.signalled = True
        code = 128 + signum
        try:
            self.save_now()
        except Exception:  # noqa: BLE001 - the loop writes again below; nothing may stop the exit
            pass
        watchdog = threading.Timer(EXIT_GRACE, os._exit, (code,))
        watchdog.daemon = True
        watchdog.start()
        if self._loop is None:
            os._exit(code)
        try:
            self._loop.call_soon_threadsafe(self.exit_in_loop, code)
        except RuntimeError:
            os._exit(code)
