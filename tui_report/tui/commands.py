"""The one list of everything a user can do: key bindings, the footer, the
F1 help screen and the command palette are all generated from it, so a
command cannot exist in one and be missing from another.

Keys are chosen to survive tmux and SSH: Ctrl+letters that terminals pass
through (not Ctrl+S/Q flow control once the app is in raw mode, which
Textual sets), F1–F6 and F8–F9 (F6 is the 自评表 everywhere, before the text area's
select-line; F7 stays the text area's select-all), and plain
letters in lists where nothing is typed.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding, BindingType

from tui_report.tui import strings as S


@dataclass(frozen=True)
class Command:
    name: str  # key into strings.CMD; also the action name
    keys: str = ""  # Textual key list; "" for palette-only commands
    scope: str = "app"  # app | outline | problems | figures | editor | palette
    show: bool = False  # shown in the footer
    priority: bool = False
    namespace: str = "app"  # where the action method lives: app | screen | self (the widget)
    params: str = ""  # action arguments, e.g. "'md'"

    @property
    def title(self) -> str:
        return S.CMD[self.name][0]

    @property
    def help(self) -> str:
        return S.CMD[self.name][1]


COMMANDS: list[Command] = [
    Command("save", "ctrl+s", show=True, priority=True),
    Command("quit", "ctrl+q", show=True, priority=True),
    Command("help", "f1", show=True),
    Command("toggle_preview", "f2", show=True, namespace="screen"),
    Command("toggle_figures", "f3", show=True, namespace="screen"),
    Command("external_editor", "f4", show=True),
    Command("command_palette", "ctrl+p", priority=True),
    Command("toggle_outline", "f5", namespace="screen"),
    Command("toggle_problems", "f8", namespace="screen"),
    Command("zoom", "f9", namespace="screen"),
    Command("focus_outline", "ctrl+t", namespace="screen"),
    Command("focus_editor", "ctrl+g", namespace="screen"),
    Command("focus_problems", "ctrl+r", namespace="screen"),
    Command("next_problem", "ctrl+n", namespace="screen"),
    Command("previous_problem", "ctrl+o", namespace="screen"),
    Command("next_unreviewed", "ctrl+f", namespace="screen"),
    Command("last_year", "ctrl+l"),
    Command("scorecard", "f6", priority=True),
    # the outline: structure edits on the selected section
    Command("add_section", "a", scope="outline", namespace="screen"),
    Command("add_subsection", "s", scope="outline", namespace="screen"),
    Command("delete_section", "d,delete", scope="outline", namespace="screen"),
    Command("move_up", "K,shift+up", scope="outline", namespace="screen"),
    Command("move_down", "J,shift+down", scope="outline", namespace="screen"),
    Command("outdent", "H,shift+left", scope="outline", namespace="screen"),
    Command("indent", "L,shift+right", scope="outline", namespace="screen"),
    Command("rename_section", "r", scope="outline", namespace="screen"),
    Command("undo_edit", "ctrl+z,u", scope="outline", namespace="screen"),
    Command("redo_edit", "ctrl+y", scope="outline", namespace="screen"),
    # the problems panel
    Command("jump", "enter", scope="problems", show=True, namespace="screen"),
    Command("apply_fix", "f", scope="problems", show=True, namespace="screen"),
    Command("acknowledge", "k", scope="problems", show=True, namespace="screen"),
    Command("make_figure", "m", scope="problems", namespace="screen"),
    Command("problems_here", "c", scope="problems", namespace="screen"),
    Command("problems_errors", "e", scope="problems", namespace="screen"),
    Command("grow_problems", "z", scope="problems", namespace="screen"),
    # the figure table
    Command("edit_figure", "enter", scope="figures", show=True, namespace="screen"),
    Command("add_figure", "n", scope="figures", show=True, namespace="screen"),
    Command("delete_figure", "d,delete", scope="figures", namespace="screen"),
    Command("undo_figure", "ctrl+z,u", scope="figures", namespace="screen"),
    Command("redo_figure", "ctrl+y", scope="figures", namespace="screen"),
    # the body editor ("self": the text area's own actions)
    Command("undo", "ctrl+z", scope="editor", namespace="self"),
    Command("redo", "ctrl+y", scope="editor", namespace="self"),
    Command("document_start", "ctrl+home", scope="editor", namespace="self"),
    Command("document_end", "ctrl+end", scope="editor", namespace="self"),
    # the 自评表 (F6)
    Command("edit_cell", "enter", scope="scorecard", show=True, namespace="screen"),
    Command("switch_table", "tab", scope="scorecard", show=True, namespace="screen"),
    Command("add_row", "a", scope="scorecard", show=True, namespace="screen"),
    Command("remove_row", "d,delete", scope="scorecard", show=True, namespace="screen"),
    Command("row_up", "K,shift+up", scope="scorecard", namespace="screen"),
    Command("row_down", "J,shift+down", scope="scorecard", namespace="screen"),
    Command("review_cell", "r", scope="scorecard", namespace="screen"),
    Command("apply_fix", "f", scope="scorecard", namespace="screen"),
    Command("undo_scorecard", "ctrl+z,u", scope="scorecard", namespace="screen"),
    Command("redo_scorecard", "ctrl+y", scope="scorecard", namespace="screen"),
    # only in the palette
    Command("insert_figure", scope="palette", namespace="screen"),
    Command("recheck", scope="palette"),
    Command("import_accounts", scope="palette"),
    Command("export_md", scope="palette", params="'md'"),
    Command("export_txt", scope="palette", params="'txt'"),
    Command("export_pdf", scope="palette", params="'pdf'"),
    Command("export_docx", scope="palette", params="'docx'"),
    Command("export_csv", scope="palette", params="'csv'"),
    Command("export_xlsx", scope="palette", params="'xlsx'"),
    Command("compare", scope="palette"),
    # versions (git): tui_report/tui/versions_actions.py
    Command("save_version", scope="palette"),
    Command("versions", scope="palette"),
    Command("blame", scope="palette"),
    Command("resolve_conflicts", scope="palette"),
    Command("pull", scope="palette"),
    Command("push", scope="palette"),
]


#: commands bound in two places under two names, one action
SAME_ACTION = {"undo_figure": "undo_edit", "redo_figure": "redo_edit"}


def action_name(command: Command) -> str:
    if command.name.startswith("export_"):
        return "export"
    return SAME_ACTION.get(command.name, command.name)


def action_string(command: Command, for_scope: bool = True) -> str:
    """``screen.add_section`` / ``export('md')``: how the command is invoked
    from its scope's bindings (or, with ``for_scope=False``, from the app)."""
    call = action_name(command) + (f"({command.params})" if command.params else "")
    if command.namespace == "screen":
        return f"screen.{call}"
    if command.namespace == "self":
        return call
    if for_scope and command.scope not in ("app", "palette"):
        return f"app.{call}"
    return call


def bindings(scope: str, show: bool = True, namespace: str | None = None) -> list[BindingType]:
    """Textual bindings for one scope, in the order of :data:`COMMANDS`
    (``show=False`` hides them all from the footer; ``namespace`` keeps
    only the commands whose action lives there)."""
    out: list[BindingType] = []
    for c in COMMANDS:
        if c.scope != scope or not c.keys:
            continue
        if namespace is not None and c.namespace != namespace:
            continue
        out.append(Binding(c.keys, action_string(c), c.title, show=c.show and show,
                           priority=c.priority, tooltip=c.help))
    return out


def screen_bindings() -> list[BindingType]:
    """The main screen's copy of the global keys: bound there, they show in
    the footer in the order of :data:`COMMANDS` (the footer lists the
    screen's keys before the app's)."""
    out: list[BindingType] = []
    for c in COMMANDS:
        if c.scope != "app" or not c.keys:
            continue
        action = action_name(c) if c.namespace == "screen" else "app." + action_name(c)
        out.append(Binding(c.keys, action, c.title, show=c.show, priority=c.priority, tooltip=c.help))
    return out


def by_scope(scope: str) -> list[Command]:
    return [c for c in COMMANDS if c.scope == scope]
