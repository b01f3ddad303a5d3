"""The outline: every section with its live number (一、（一）1.（1）).

Numbers are recomputed from position on every rebuild, so after a move or
an indent the outline shows what the export will print. Structure keys are
bound here (where nothing is typed, so plain letters are safe) but run on
the screen, which owns the edit.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual import events
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from tui_report.report.model import Report, Section

#: a section's place (file, index path): the same in every rebuilt model
Place = tuple[str, tuple[int, ...]]
from tui_report.report.structure import outline
from tui_report.tui import commands
from tui_report.tui import strings as S


class Outline(Tree[Section]):
    BINDINGS = commands.bindings("outline")

    def __init__(self, **kwargs) -> None:
        super().__init__("", **kwargs)
        self.show_root = False
        self.auto_expand = False
        self.guide_depth = 2
        self._by_place: dict[Place, TreeNode[Section]] = {}
        self._error_sections: set[Place] = set()
        #: sections holding last year's paragraphs not yet reviewed (◦)
        self._unreviewed: set[Place] = set()

    def rebuild(self, report: Report, select: Section | None = None) -> None:
        """Recreate the nodes from the report, keeping the cursor on
        ``select`` (or on the first section)."""
        self.clear()
        self._by_place.clear()
        stack: list[TreeNode[Section]] = [self.root]
        for entry in outline(report):
            section = entry.section
            del stack[entry.level:]
            parent = stack[-1]
            label = self._label(entry.number, section)
            if section.children:
                node = parent.add(label, data=section, expand=True)
            else:
                node = parent.add_leaf(label, data=section)
            stack.append(node)
            self._by_place[section.place] = node
        self.root.expand()
        target = select if select is not None and select.place in self._by_place else None
        if target is None and report.sections:
            target = report.sections[0]
        if target is not None:
            self.select_section(target)

    def render_label(self, node: TreeNode[Section], base_style: Style, style: Style) -> Text:
        """A title too long for the pane ends in "…", so a cut title is
        never mistaken for the whole one (Tree redraws its lines on resize,
        so the room is always the pane's current width)."""
        text = super().render_label(node, base_style, style)
        depth = 0
        parent = node.parent
        while parent is not None and parent is not self.root:
            depth += 1
            parent = parent.parent
        room = self.scrollable_content_region.width - depth * self.guide_depth
        if room > 2 and text.cell_len > room:
            text.truncate(room, overflow="ellipsis")
        return text

    def on_focus(self, event: events.Focus) -> None:
        # letters here are commands, not text: say so while they are live
        self.border_subtitle = S.OUTLINE_KEYS_HINT

    def on_blur(self, event: events.Blur) -> None:
        self.border_subtitle = ""

    def _label(self, number: str, section: Section) -> Text:
        text = Text(number, style="bold")
        text.append(section.title or "")
        if section.place in self._error_sections:
            text.append(" ✗", style="bold red")
        if section.place in self._unreviewed:
            text.append(S.UNREVIEWED_MARK, style="bold")
        return text

    def refresh_labels(self, report: Report, marked: set[Place] | None = None,
                       unreviewed: set[Place] | None = None) -> None:
        """Update numbers and titles in place (after a title edit or a
        check), without losing the cursor or scroll position."""
        if marked is not None:
            self._error_sections = marked
        if unreviewed is not None:
            self._unreviewed = unreviewed
        for entry in outline(report):
            node = self._by_place.get(entry.section.place)
            if node is not None:
                node.data = entry.section  # the model may have been rebuilt
                node.set_label(self._label(entry.number, entry.section))

    def select_section(self, section: Section) -> None:
        node = self._by_place.get(section.place)
        if node is None:
            return
        parent = node.parent
        while parent is not None:
            parent.expand()
            parent = parent.parent
        # a node's line number exists only once the tree has laid out its
        # lines, which Textual does lazily; after a rebuild it has not yet
        self._tree_lines  # noqa: B018 - builds the line cache
        self.move_cursor(node, animate=False)

    def action_select_cursor(self) -> None:
        """Enter opens the section in the editor before the next key is
        read, rather than when the selection message comes round, so text
        typed right after Enter lands in the body (MainScreen.enter_section)."""
        super().action_select_cursor()
        node = self.cursor_node
        enter = getattr(self.screen, "enter_section", None)
        if node is not None and node.data is not None and enter is not None:
            enter(node.data)

    @property
    def unreviewed_sections(self) -> set[Place]:
        """Places of the sections marked ◦ (last year's words not yet reviewed)."""
        return self._unreviewed

    @property
    def error_sections(self) -> set[Place]:
        """Places of the sections marked ✗ (an error in their text)."""
        return self._error_sections

    @property
    def current(self) -> Section | None:
        node = self.cursor_node
        return node.data if node is not None else None

