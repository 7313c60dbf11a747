"""The contracts register: lines with providers, terms, extension decisions, end dates,
invoiced and remaining per line, and warnings (expiring with a decision pending, invoiced
beyond value, invoices after the end).  New / edit a line; record an extension decision."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QSplitter, QStyle, QVBoxLayout, QWidget

from fundledger.money import ZERO, Money, format_gbp
from fundledger.years import year_label
from ui.controllers.contract_filter import runs_in

from ..models.records import Column, RecordsModel
from ..widgets.permissions import gate
from ..widgets.records_table import RecordsTable
from ..widgets.selection import select_only_row
from .contracts_filters import ContractFilterBar
from .fitting import ColumnFitter
from .registers import RegisterPage, button

if TYPE_CHECKING:
    from ui.usecases.contract_views import Invoices, TxnSource
    from ui.usecases.contracts import ContractRow

    from ..context import AppContext

SP = QStyle.StandardPixmap


def _ext_text(r: ContractRow) -> str:
    return ", ".join(f"+{e.months}m {e.decision}" for e in r.extensions)


#: a line whose cost basis is not stated is information for the reader (a note), not a warning:
#: it is not painted red and not counted among the lines "with warnings"
NOTE_CODES = frozenset({"basis_unknown"})
BASIS_TEXT = {
    "unknown": "cost basis unknown: per year or whole term not stated",
    "per_year": "per year",
    "whole_term": "whole term",
}


def _warn(r: ContractRow) -> str:
    return "\n".join(w.message for w in r.warnings if w.code not in NOTE_CODES)


def basis_text(basis: str) -> str:
    """``"cost basis unknown: per year or whole term not stated"`` / ``"per year"``."""
    return BASIS_TEXT.get(basis, basis.replace("_", " "))


#: columns hidden in the table (Basis, Start, Service start, Warnings): shown in the detail pane
HIDDEN = (9, 10, 11, 12)

COLUMNS: list[Column[ContractRow]] = [
    Column("Stream", "text", lambda r: r.stream_code),
    Column("Service", "text", lambda r: r.service, _warn),
    Column("Provider", "text", lambda r: r.provider_text),
    Column("Value", "money", lambda r: r.value),
    Column("Invoiced", "money", lambda r: r.invoiced),
    Column("Remaining", "money", lambda r: r.remaining, _warn),
    Column("Ends", "date", lambda r: r.last_day, _warn),
    Column("Extensions", "text", _ext_text),
    Column("Term", "text", lambda r: r.term_text),
    Column("Basis", "text", lambda r: r.cost_basis.replace("_", " ")),
    Column("Start", "date", lambda r: r.contract_start),
    Column("Service start", "date", lambda r: r.service_start),
    Column("Warnings", "text", _warn, _warn),
]


INVOICE_COLUMNS: list[Column[TxnSource]] = [
    Column("Date", "date", lambda t: t.txn_date),
    Column("Reference", "text", lambda t: t.reference),
    Column("Counterparty", "text", lambda t: t.counterparty),
    Column("Description", "text", lambda t: t.description),
    Column("Amount", "money", lambda t: t.amount),
]


class ContractsPage(RegisterPage):
    """Contract lines (commitments) and the detail of the selected one."""

    name = "contracts"
    title = "Contracts"
    description = "Contracts register: terms, extensions, expiry, spend against each line"
    can_create = True
    can_export = True

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(ctx, parent)
        self.model: RecordsModel[ContractRow] = RecordsModel(COLUMNS, self)
        self.table = RecordsTable(self.model, "Contracts register", self)
        # Service takes the spare width; basis, start dates and the warning text are in the
        # detail pane (warned cells are red with the warning as their tooltip)
        self.fitter = ColumnFitter(self.table, stretch=1, least=150,
                                   caps={0: 62, 2: 180, 7: 110, 8: 215}, hidden=HIDDEN)  # fmt: skip
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.detail.setTextFormat(Qt.TextFormat.RichText)
        self.detail.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.detail.setAccessibleName("Contract line detail")
        self.detail.setMargin(6)
        self.filters = ContractFilterBar(self)
        self.filters.changed.connect(self.apply_filters)
        self.invoices = RecordsModel(INVOICE_COLUMNS, self)
        self.invoice_table = RecordsTable(self.invoices, "Invoices coded to the line", self)
        self.invoice_note = QLabel()
        self.invoice_note.setWordWrap(True)
        self._invoice_generation = 0
        self.new_button = button(self, "&New line…", self.new_record, "Add a contract line",
                                 SP.SP_FileDialogNewFolder)  # fmt: skip
        self.edit_button = button(self, "&Edit…", self.edit_selected, "Edit the selected line",
                                  SP.SP_FileDialogDetailedView)  # fmt: skip
        self.ext_button = button(self, "E&xtension decision…", self.decide,
                                 "Take or decline an extension option", SP.SP_DialogApplyButton)  # fmt: skip
        self.profile_button = button(self, "&Profile…", self.edit_profile,
                                     "Value of the selected line by financial year")  # fmt: skip
        self.evidence_button = button(self, "E&vidence…", self.evidence_selected,
                                      "The files attached to the selected line: attach, open, "
                                      "detach")  # fmt: skip
        self.export_button = button(self, "Ex&port…", self.export_view,
                                    "The contracts register workbook of the stream and year "
                                    "shown (Ctrl+E)", SP.SP_DialogSaveButton)  # fmt: skip
        for b in (self.new_button, self.edit_button, self.ext_button, self.profile_button,
                  self.evidence_button, self.export_button):  # fmt: skip
            self.buttons.addWidget(b)
        self.layout_.addWidget(self.filters)
        invoices = QWidget()
        box = QVBoxLayout(invoices)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.invoice_note)
        box.addWidget(self.invoice_table, 1)
        below = QSplitter(Qt.Orientation.Horizontal)
        below.addWidget(self.detail)
        below.addWidget(invoices)
        below.setStretchFactor(0, 3)
        below.setStretchFactor(1, 2)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.table)
        split.addWidget(below)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 1)
        split.setSizes([480, 210])
        self.layout_.addWidget(split, 1)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._selected())
        self.table.doubleClicked.connect(lambda _i: self.edit_selected())
        self.rows: list[ContractRow] = []
        #: the line to select after the next load (a line just saved)
        self._keep_id: int | None = None
        #: every line of the scope (before the filter bar)
        self.all_rows: list[ContractRow] = []
        self._selected()

    def refresh(self) -> None:
        from ..dialogs.form import local_today

        self.heading.setText(self.scope_text())
        self._selected()
        code = self.stream_code
        from ui.usecases.contracts import contracts

        self.load(lambda ledger: contracts(ledger, code, local_today()), self._loaded)

    def _loaded(self, rows: list[ContractRow]) -> None:
        """Show the lines; the selection stays on the line that was selected (or just saved)."""
        self.all_rows = [r for r in rows if runs_in(r, self.year)]
        self.filters.set_providers(
            p for r in self.all_rows for p in (r.provider_text, *r.providers)
        )
        self.apply_filters()
        self.fitter.fit()

    def apply_filters(self) -> None:
        """Show the lines that pass the filter bar, keeping the selected line where it still shows."""
        from ui.controllers.contract_filter import filter_rows

        from ..dialogs.form import local_today

        saved = keep = self._keep_id
        if keep is None and (was := self.table.selected_row()) is not None:
            keep = was.id
        self._keep_id = None
        self.rows = filter_rows(self.all_rows, self.filters.value(), local_today())
        self.model.set_rows(self.rows)
        self._say_if_hidden(saved)
        at = next((i for i, r in enumerate(self.rows) if r.id == keep), 0 if self.rows else None)
        if at is not None:
            index = self.table.proxy.mapFromSource(self.model.index(at, 0))
            select_only_row(self.table, index.row())
        self._selected()  # also when there is no row to select
        self.status_changed.emit(self.status_text())

    def _say_if_hidden(self, saved: int | None) -> None:
        """A line just saved that the filter bar hides: say so, with Show it (filters off)."""
        shown = {r.id for r in self.rows}
        if saved is None or saved in shown or all(r.id != saved for r in self.all_rows):
            return
        said = self.ctx.last_notice
        text = said.text if said is not None else f"Saved contract line #{saved}"

        def show() -> None:
            self._keep_id = saved
            self.filters.clear()  # one refresh, which selects it

        self.ctx.announce(f"{text} — not shown: hidden by the filter", show)

    def show_behind(self, line: str, year: int) -> None:
        """The lines behind a budget line's committed in ``year`` (the Variance page's drill)."""
        self.filters.clear()
        self.filters.set_behind((line, year))

    def focus_search(self) -> None:
        self.filters.search.setFocus()
        self.filters.search.selectAll()

    def status_text(self) -> str:
        value = Money(sum((r.total_value or ZERO for r in self.rows), ZERO))
        invoiced = Money(sum((r.invoiced for r in self.rows), ZERO))
        warned = sum(1 for r in self.rows if _warn(r))
        noted = sum(1 for r in self.rows if r.cost_basis == "unknown")
        note = f" · {noted} with cost basis unknown" if noted else ""
        shown = (
            f"{len(self.rows)} of {len(self.all_rows)} lines"
            if self.filters.active()
            else (f"{len(self.rows)} lines")
        )
        return (f"{shown} · value {format_gbp(value)} · invoiced "
                f"{format_gbp(invoiced)} · {warned} with warnings{note}")  # fmt: skip

    def why_not(self, row: ContractRow | None = None) -> str | None:
        """Why the acting user may not change ``row`` (or lines on this page's stream)."""
        stream = self.stream_code if row is None else row.stream_code
        return self.ctx.why_not("contract.write", stream)

    def _selected(self) -> None:
        """Buttons by role and stream (the selected line's); the line's detail below."""
        row = self.table.selected_row()
        gate(self.new_button, self.why_not(), "Add a contract line")
        why = self.why_not(row)
        pick = None if row is not None else "Select a contract line"
        gate(self.edit_button, why or (pick and f"{pick} to edit"), "Edit the selected line")
        no_options = None if row is None or row.extensions else "This line has no extension options"
        gate(
            self.ext_button,
            why or (pick and f"{pick} to record an extension decision") or no_options,
            "Take or decline an extension option",
        )
        gate(
            self.profile_button,
            why or (pick and f"{pick} to profile"),
            "Value of the selected line by financial year",
        )
        gate(self.evidence_button, pick and f"{pick} to see its evidence",
             "The files attached to the selected line: attach, open, detach")  # fmt: skip
        self.detail.setText(detail_html(row) if row else "Select a contract line.")
        self._load_invoices(row)

    def _load_invoices(self, row: ContractRow | None) -> None:
        """The invoices coded to the selected line, read off the GUI thread."""
        self._invoice_generation += 1
        generation = self._invoice_generation
        self.invoices.set_rows([])
        if row is None or self.ctx.ledger is None:
            self.invoice_note.setText("")
            return
        self.invoice_note.setText("Loading the line's invoices…")
        line_id = row.id

        def read(ledger: Any) -> Invoices:
            from ui.usecases.contract_views import line_invoices

            return line_invoices(ledger, line_id)

        def done(found: Invoices) -> None:
            if generation == self._invoice_generation:
                self._show_invoices(row, found)

        self.ctx.run_read(read, done)

    def _show_invoices(self, row: ContractRow, found: Invoices) -> None:
        self.invoices.set_rows(found.rows)
        self.invoice_table.fit(widest=170)
        n = len(found.rows)
        count = f"{n} invoice{'s' if n != 1 else ''} coded to this line"
        if found.total == row.invoiced:
            self.invoice_note.setText(f"{count} · total {format_gbp(found.total)} (= invoiced)")
        else:  # cannot happen while invoiced is the coded transactions' sum: say so if it does
            self.invoice_note.setText(
                f"{count} · total {format_gbp(found.total)} — differs from invoiced "
                f"{format_gbp(row.invoiced)}"
            )

    def export_view(self, path: str | None = None) -> None:
        """Ctrl+E: the contracts register workbook of the stream and year shown (every line
        running in the year, as the Returns page exports it; the filter bar narrows only the
        screen)."""
        from ui.usecases.returns import Request

        from ..dialogs.form import local_today
        from .variance_export import export_request

        year = year_label(self.year) if self.year is not None else None
        request = Request("contracts-register", year, self.stream_code, as_at=local_today(),
                          from_scope=True)  # fmt: skip
        name = "-".join(p for p in ("contracts-register", self.stream_code, year) if p)
        export_request(self.ctx, self, request, "the contracts register", name + ".xlsx",
                       self.status_changed.emit, path)  # fmt: skip

    def new_record(self) -> None:
        from ..dialogs.contract import ContractDialog

        if self.why_not() is None:
            self._keep(ContractDialog.run(self.ctx, self, None, self.stream_code))

    def evidence_selected(self) -> None:
        """The files attached to the selected contract line (contract, variation letters)."""
        from ..dialogs.evidence import EvidenceDialog

        row = self.table.selected_row()
        if row is None:
            return
        self.evidence_dialog = EvidenceDialog(self.ctx, "contract", row.id,
                                              f"contract line #{row.id} {row.service}",
                                              row.stream_code, self)  # fmt: skip
        self.evidence_dialog.open()

    def edit_selected(self) -> None:
        row = self.table.selected_row()
        if row is not None and self.why_not(row) is None:  # no read-only form: see the detail
            from ..dialogs.contract import ContractDialog

            self._keep(ContractDialog.run(self.ctx, self, row))

    def _keep(self, saved_id: int | None) -> None:
        """Select ``saved_id`` when the reload the save started comes in."""
        if saved_id is not None:
            self._keep_id = saved_id
            if any(r.id == saved_id for r in self.all_rows):  # already read: select it now
                self.apply_filters()

    def edit_profile(self) -> None:
        row = self.table.selected_row()
        if row is not None and self.why_not(row) is None:
            from ..dialogs.contract import ProfileDialog

            ProfileDialog.run(self.ctx, self, row)

    def decide(self) -> None:
        row = self.table.selected_row()
        if row is not None and row.extensions and self.why_not(row) is None:
            from ..dialogs.contract import ExtensionDialog

            ExtensionDialog.run(self.ctx, self, row)


def detail_html(r: ContractRow) -> str:
    """The selected line: providers, dates, options and decisions, profile, warnings."""
    from html import escape

    def d(x: Any) -> str:
        return x.strftime("%d/%m/%Y") if x else "—"

    exts = (
        "".join(
            f"<li>Option {e.seq}: {e.months} months — <b>{e.decision}</b>"
            + (f" by {escape(e.decided_by)} on {d(e.decided_on)}" if e.decided_by else "")
            + (f" ({escape(e.note)})" if e.note else "")
            + "</li>"
            for e in r.extensions
        )
        or "<li>No extension options</li>"
    )
    profile = " · ".join(f"{year_label(y)}: {format_gbp(a)}" for y, a in r.profile) or "no profile"
    warnings = "".join(
        f"<li style='color:#555'>Note: {escape(w.message)}</li>"
        if w.code in NOTE_CODES
        else f"<li style='color:#b3261e'>{escape(w.message)}</li>"
        for w in r.warnings
    )
    providers = escape(", ".join(r.providers) or "not linked to an organisation")
    return (
        f"<b>{escape(r.service)}</b> — {escape(r.provider_text)} "
        f"<span style='color:#555'>(organisations: {providers})</span><br>"
        f"Commissioner: {escape(r.commissioner or '—')} · Budget line: "
        f"{escape(r.budget_line or '—')} · Contract start {d(r.contract_start)} · service start "
        f"{d(r.service_start)} · ends {d(r.last_day)} · term {escape(r.term_text or '—')}<br>"
        f"Value {format_gbp(r.value, blank='unknown')} ({basis_text(r.cost_basis)}) · "
        f"term value {format_gbp(r.total_value, blank='unknown')} · invoiced "
        f"{format_gbp(r.invoiced)} · remaining {format_gbp(r.remaining, blank='unknown')}<br>"
        f"Profile: {profile}<ul>{exts}</ul>" + (f"<ul>{warnings}</ul>" if warnings else "")
    )
