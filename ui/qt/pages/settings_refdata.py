"""Settings tabs for the ledger's reference data: Streams & cost centres, Organisations &
aliases, Coding rules.

Each tab is a searchable table over rows read off the GUI thread, with buttons gated by
``reference.write`` (administrators and finance; the reason is the tooltip) that open the forms
in :mod:`ui.qt.dialogs.refdata`; every write is audited and refreshes the tab.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QSortFilterProxyModel, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from fundledger.years import year_label
from ui.usecases.topics import Topic as T
from ui.usecases.topics import topics

from ..dialogs.form import local_today
from ..models.register import ID_ROLE, SORT_ROLE
from ..models.rows import RowsModel
from ..widgets.permissions import gate
from ..widgets.selection import select_only_row

if TYPE_CHECKING:
    from ..context import AppContext

__all__ = [
    "CostCentresTab",
    "OrganisationsTab",
    "RulesTab",
    "StreamsAndCentres",
    "StreamsTab",
    "refdata_tabs",
]

WRITE = "reference.write"
#: a long text column (aliases, notes) gives way so the next columns stay in view
MAX_WIDTH = 420


#: what a reference-data write changes
REFERENCE = topics(T.REFERENCE)


class RefTab(QWidget):
    """A note, a search box, a table (sortable, filtered as you type) and buttons."""

    columns: Sequence[tuple[str, str]] = ()
    note = ""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.items: list[Any] = []
        #: what a form just saved (its result), selected once the reload is in
        self._saved: Any = None
        self.model = RowsModel(self.columns, self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.proxy.setFilterKeyColumn(-1)
        self.proxy.setSortRole(SORT_ROLE)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search…")
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.proxy.setFilterFixedString)
        self.view = QTableView()
        self.view.setModel(self.proxy)
        self.view.setTabKeyNavigation(False)  # Tab leaves the table; arrows move inside
        self.view.setSortingEnabled(True)
        # the ledger's own order (streams by display order) until a header is clicked
        self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self.update_buttons())
        self.buttons: list[tuple[QPushButton, str, Callable[[], str | None]]] = []
        self.button_row = QHBoxLayout()
        label = QLabel(self.note)
        label.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.search)
        layout.addWidget(self.view, 1)
        layout.addLayout(self.button_row)

    def add_button(self, text: str, tip: str, slot: Callable[[], None],
                   needs_row: bool = False) -> QPushButton:  # fmt: skip
        b = QPushButton(text)
        b.setAccessibleName(text.replace("&", "").rstrip("…"))
        b.clicked.connect(slot)

        def why() -> str | None:
            return "Select a row first" if needs_row and self.selected() is None else None

        self.buttons.append((b, tip, why))
        self.button_row.addWidget(b)
        return b

    def finish(self) -> None:
        self.button_row.addStretch(1)
        self.update_buttons()

    def update_buttons(self) -> None:
        denied = self.ctx.why_not(WRITE)
        for b, tip, why in self.buttons:
            gate(b, denied or why(), tip)

    def selected(self) -> Any | None:
        index = self.view.currentIndex()
        if not index.isValid():
            return None
        ident = self.proxy.data(index, ID_ROLE)
        return next((i for i in self.items if self.item_id(i) == ident), None)

    def item_id(self, item: Any) -> Any:
        return item.id

    # ------------------------------------------------------------------ loading
    def load_rows(self, ledger: Any) -> Any:
        raise NotImplementedError

    def show_rows(self, items: Any) -> None:
        raise NotImplementedError

    def refresh(self) -> None:
        if self.ctx.ledger is not None:
            self.ctx.run_read(self.load_rows, self._loaded)

    def _loaded(self, items: Any) -> None:
        self.show_rows(items)
        self.view.resizeColumnsToContents()
        header = self.view.horizontalHeader()
        for c in range(self.model.columnCount()):
            header.resizeSection(c, min(header.sectionSize(c), MAX_WIDTH))
        saved, self._saved = self._saved, None
        if saved is not None:
            self._select_saved(saved)
        self.update_buttons()

    def run_form(self, dialog_cls: Any, *args: Any) -> None:
        """Run the form; once the tab has reloaded, select the row it saved (or, when the
        search hides it, say so with Show it)."""
        if self.ctx.why_not(WRITE) is not None:
            return
        result = dialog_cls.run(self.ctx, self, *args)
        if result is not None:
            self._saved = result
            self.refresh()

    @staticmethod
    def is_saved(item: Any, result: Any) -> bool:
        """``item`` is what a form's ``result`` names: an id, a record with one, or a code."""
        if isinstance(result, str):
            return bool(getattr(item, "code", None) == result)
        ident = result if isinstance(result, int) else getattr(result, "id", None)
        return ident is not None and getattr(item, "id", None) == ident

    def _select_saved(self, result: Any) -> None:
        item = next((i for i in self.items if self.is_saved(i, result)), None)
        if item is None:
            return
        if self.select_item(item):
            return
        said = self.ctx.last_notice
        text = said.text if said is not None else "Saved"

        def show() -> None:
            self.search.clear()  # the filter refills at once
            self.select_item(item)
            self.view.setFocus()

        self.ctx.announce(f"{text} — not shown: hidden by the search “{self.search.text()}”", show)

    def select_item(self, item: Any) -> bool:
        """Select and scroll to ``item``'s row; False when the search hides it."""
        ident = self.item_id(item)
        for r in range(self.proxy.rowCount()):
            index = self.proxy.index(r, 0)
            if self.proxy.data(index, ID_ROLE) == ident:
                return select_only_row(self.view, r)
        return False

    def said(self, text: str) -> Callable[[Any], None]:
        """After a write: say ``text`` in the status bar and reload the tab."""

        def done(_result: Any) -> None:
            self.ctx.announce(text)
            self.refresh()

        return done

    def ask_reason(self, title: str, prompt: str) -> str | None:
        from ..dialogs.reason import ReasonDialog

        return ReasonDialog.get(self, title, prompt)


class StreamsTab(RefTab):
    columns = (("Code", "text"), ("Name", "text"), ("Kind", "text"), ("Funder", "text"),
               ("Carry-forward", "bool"), ("Mechanisms", "text"), ("Cost centres", "text"),
               ("Status", "text"), ("Eligibility notes", "text"))  # fmt: skip
    note = (
        "The ledger's funds. A stream code is never reused; a retired stream keeps its rows, "
        "returns and history."
    )

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.centres: list[Any] = []
        self.add_button("&Add stream…", "Add a stream (fund)", self.add_stream)
        self.add_button("&Edit stream…", "Change the selected stream", self.edit_stream, True)
        self.add_button("&Retire stream…", "Retire the selected stream (with a reason)",
                        self.retire_stream, True)  # fmt: skip
        self.finish()
        self.view.doubleClicked.connect(lambda _i: self.edit_stream())

    def load_rows(self, ledger: Any) -> Any:
        from ui.usecases import reference as uc

        return uc.streams(ledger), uc.cost_centres(ledger)

    def show_rows(self, items: Any) -> None:
        self.items, self.centres = items
        names = {c.code: f"{c.code} {c.name}" + ("" if c.status == "active" else " (retired)")
                 for c in self.centres}  # fmt: skip
        self.model.set_rows(
            [s.id for s in self.items],
            [(s.code, s.name, s.fund_type, s.funder or "", s.carry_forward_allowed,
              ", ".join(f"{m} from {year_label(y)}" for y, m in s.mechanisms),
              "; ".join(names.get(c, c) for c in s.cost_centres), s.status,
              s.eligibility_notes or "")
             for s in self.items],
        )  # fmt: skip

    def add_stream(self) -> None:
        from ..dialogs.refdata import StreamDialog

        self.run_form(StreamDialog)

    def edit_stream(self) -> None:
        from ..dialogs.refdata import StreamDialog

        if (item := self.selected()) is not None:
            self.run_form(StreamDialog, item)

    def retire_stream(self) -> None:
        item = self.selected()
        if item is None or self.ctx.why_not(WRITE):
            return
        reason = self.ask_reason("Retire stream", f"Why is {item.code} retired?")
        if reason:
            from ui.usecases import reference as uc

            self.ctx.run_write(lambda led: uc.retire_stream(led, item.code, reason),
                               self.said(f"Retired stream {item.code}"),
                               changes=REFERENCE)  # fmt: skip


class CostCentresTab(RefTab):
    columns = (("Code", "text"), ("Name", "text"), ("Stream", "text"), ("Codes rows to", "text"),
               ("Rows", "int"), ("Status", "text"))  # fmt: skip
    note = "Cost centres: each maps the council ledger's rows to one stream."

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.streams: list[str] = []
        self.add_button("Add &cost centre…", "Add a cost centre to a stream", self.add_centre)
        self.add_button("Re&name…", "Rename the selected cost centre", self.rename, True)
        self.add_button("Re&tire…", "Retire the selected cost centre (old rows still read)",
                        self.retire, True)  # fmt: skip
        self.finish()

    def load_rows(self, ledger: Any) -> Any:
        from ui.usecases import reference as uc

        return uc.cost_centres(ledger), [s.code for s in uc.streams(ledger)
                                          if s.status == "active"]  # fmt: skip

    def show_rows(self, items: Any) -> None:
        self.items, self.streams = items
        self.model.set_rows(
            [c.id for c in self.items],
            [(c.code, c.name, c.stream, c.line or "", c.rows, c.status) for c in self.items],
        )

    def add_centre(self) -> None:
        from ..dialogs.refdata import CostCentreDialog

        self.run_form(CostCentreDialog, self.streams)

    def rename(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        item = self.selected()
        if item is None or self.ctx.why_not(WRITE):
            return
        name, ok = QInputDialog.getText(self, "Rename cost centre", f"New name for {item.code}:",
                                        text=item.name)  # fmt: skip
        if ok and name.strip():
            from ui.usecases import reference as uc

            self.ctx.run_write(lambda led: uc.rename_cost_centre(led, item.code, name),
                               self.said(f"Renamed cost centre {item.code}: {name.strip()}"),
                               changes=REFERENCE)  # fmt: skip

    def retire(self) -> None:
        item = self.selected()
        if item is None or self.ctx.why_not(WRITE):
            return
        reason = self.ask_reason("Retire cost centre", f"Why is {item.code} retired?")
        if reason:
            from ui.usecases import reference as uc

            self.ctx.run_write(lambda led: uc.retire_cost_centre(led, item.code, reason),
                               self.said(f"Retired cost centre {item.code}"),
                               changes=REFERENCE)  # fmt: skip


class StreamsAndCentres(QWidget):
    """The Streams & cost centres tab: streams above, their cost centres below."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        from PySide6.QtWidgets import QSplitter

        self.streams = StreamsTab(ctx)
        self.centres = CostCentresTab(ctx)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.streams)
        split.addWidget(self.centres)
        split.setSizes([300, 260])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)

    def refresh(self) -> None:
        self.streams.refresh()
        self.centres.refresh()


class OrganisationsTab(RefTab):
    columns = (("Name", "text"), ("Kind", "text"), ("Short name", "text"),
               ("Aliases", "text"), ("Names in force", "text"))  # fmt: skip
    note = (
        "Funders, partners, providers, CSP areas and districts, and every way they are printed. "
        "Imports match names by these aliases; a name with dates is the name in force then."
    )

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.add_button("&Add organisation…", "Add an organisation", self.add_org)
        self.add_button("Add a&lias…", "Another name for the selected organisation",
                        self.add_alias, True)  # fmt: skip
        self.add_button("&Merge into…", "The selected organisation is another one: merge them",
                        self.merge, True)  # fmt: skip
        self.finish()

    def load_rows(self, ledger: Any) -> Any:
        from ui.usecases import reference as uc

        return uc.organisations(ledger)

    def show_rows(self, items: Any) -> None:
        self.items = items

        def dated(o: Any) -> str:
            return "; ".join(f"{n} ({f or '…'} to {t or '…'})" for n, f, t in o.names)

        self.model.set_rows(
            [o.id for o in items],
            [(o.name, o.kind.replace("_", " "), o.short_name or "", "; ".join(o.aliases),
              dated(o)) for o in items],
        )  # fmt: skip

    def add_org(self) -> None:
        from ..dialogs.refdata import OrgDialog

        self.run_form(OrgDialog)

    def add_alias(self) -> None:
        from ..dialogs.refdata import AliasDialog

        if (item := self.selected()) is not None:
            self.run_form(AliasDialog, item)

    def merge(self) -> None:
        from ..dialogs.refdata import MergeDialog

        if (item := self.selected()) is not None:
            others = [o for o in self.items if o.id != item.id]
            self.run_form(MergeDialog, item, others)


class RulesTab(RefTab):
    columns = (("No.", "int"), ("Codes", "text"), ("When", "text"), ("To", "text"))
    note = (
        "Rules that code spend to lines when it is imported and by fundledger code: the most "
        "specific wins. Rows no rule codes get a suggestion from the ledger's history."
    )

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.centres: list[str] = []
        self.contracts: list[tuple[str, int]] = []
        self.add_button("&Add rule…", "Add a coding rule", self.add_rule)
        self.add_button("&Retire rule…", "Retire the selected rule (with a reason)",
                        self.retire_rule, True)  # fmt: skip
        self.finish()

    def load_rows(self, ledger: Any) -> Any:
        from ui.usecases import reference as uc

        contracts = uc.contract_choices(ledger, local_today())
        centres = [c.code for c in uc.cost_centres(ledger) if c.status == "active"]
        return uc.rules(ledger), centres, contracts

    def show_rows(self, items: Any) -> None:
        self.items, self.centres, self.contracts = items
        self.model.set_rows(
            [r.id for r in self.items],
            [(r.id, "budget line" if r.kind == "budget" else "contract line", r.when, r.to)
             for r in self.items],
        )  # fmt: skip

    def add_rule(self) -> None:
        from ..dialogs.refdata import RuleDialog

        self.run_form(RuleDialog, self.centres, self.contracts)

    def retire_rule(self) -> None:
        item = self.selected()
        if item is None or self.ctx.why_not(WRITE):
            return
        reason = self.ask_reason("Retire rule", f"Why is rule #{item.id} retired?")
        if reason:
            from ui.usecases import reference as uc

            self.ctx.run_write(lambda led: uc.retire_rule(led, item.id, reason),
                               self.said(f"Retired coding rule #{item.id}"),
                               changes=REFERENCE)  # fmt: skip


def refdata_tabs(ctx: AppContext) -> list[tuple[RefTab | StreamsAndCentres, str]]:
    """The three tabs and their titles, for the Settings page."""
    return [
        (StreamsAndCentres(ctx), "Streams && cost centres"),
        (OrganisationsTab(ctx), "Organisations && aliases"),
        (RulesTab(ctx), "Coding rules"),
    ]
