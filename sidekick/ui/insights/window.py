"""统计 / Insights: the figures of ``sidekick.core.insights`` as charts, each with its table.

The history is read once when the window opens (``backend.source()``); changing the date range,
the library or the stale threshold recomputes the figures from memory. Charts are built when
their tab is first shown, so opening the window draws one chart, not six. Tables use a small
model over plain rows: the stale list of a large library has thousands of rows.

A lead connected to a hub also gets the team's tabs (totals per day, per-agent adoption, replies
nobody used), from the agents' daily counts on the hub: read off the GUI thread for the chosen
period, exported with the other figures.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QDateTimeAxis,
    QLineSeries,
    QPieSeries,
    QValueAxis,
)
from PySide6.QtCore import QAbstractTableModel, QDate, QDateTime, QModelIndex, QPersistentModelIndex, Qt, QTime
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sidekick.core.insights import (
    FOUND_BROWSE,
    FOUND_LINK_CARD,
    FOUND_SEARCH,
    FOUND_SUGGESTION,
    Insights,
    InsightsSource,
    TeamCount,
    TeamInsights,
    compute_team_insights,
    insights_rows,
    source_insights,
    team_rows,
)
from sidekick.ui.background import BackgroundOperation
from sidekick.ui.i18n import error_text, with_args

Row = tuple[str, str, str, str]
TOP = 20


class InsightsBackend(Protocol):
    def source(self, since: datetime | None) -> InsightsSource: ...
    def today(self) -> date: ...
    def tz_offset(self) -> timedelta: ...
    def export(self, path: Path, rows: Sequence[Row]) -> None: ...
    def move_to_cleanup(self, phrase_ids: Sequence[str], libraries: dict[str, str]) -> int: ...
    def team_available(self) -> bool: ...  # a lead connected to a hub
    def team_counts(self, since: date, until: date) -> list[TeamCount]: ...  # blocking; raises TeamUsageError


class TeamUsageError(Exception):
    """The team's counts could not be read; the message is for the lead as it is."""


class RowsModel(QAbstractTableModel):
    """Plain rows of text under fixed headers."""

    def __init__(self, headers: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.headers = headers
        self.rows: list[tuple[str, ...]] = []

    def set_rows(self, rows: list[tuple[str, ...]]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and index.isValid():
            return self.rows[index.row()][index.column()]
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.headers[section]
        return None


class FigureTab(QWidget):
    """A chart over its table; the chart is made on first show (``build_chart``)."""

    def __init__(self, headers: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = RowsModel(headers, self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.chart_view = QChartView(self)
        self.chart_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(self.chart_view)
        self.splitter.addWidget(self.table)
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.layout_.addWidget(self.splitter)
        self.chart_stale = True
        self.make_chart: Any = None  # () -> QChart

    def refresh_chart(self) -> None:
        if self.chart_stale and self.make_chart is not None:
            old = self.chart_view.chart()
            self.chart_view.setChart(self.make_chart())
            if old is not None:
                old.deleteLater()
            self.chart_stale = False


def _msecs(day: date) -> float:
    return float(QDateTime(QDate(day.year, day.month, day.day), QTime(12, 0)).toMSecsSinceEpoch())


def _line_chart(title: str, points: dict[date, float]) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    chart.legend().hide()
    series = QLineSeries()
    for day, value in points.items():
        series.append(_msecs(day), value)
    chart.addSeries(series)
    x_axis = QDateTimeAxis()
    x_axis.setFormat("MM-dd")
    y_axis = QValueAxis()
    y_axis.setLabelFormat("%.0f")
    y_axis.setMin(0)
    y_axis.setMax(max(points.values(), default=1) * 1.1 or 1)
    chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(x_axis)
    series.attachAxis(y_axis)
    return chart


def _bar_chart(title: str, labels: list[str], values: list[float]) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    chart.legend().hide()
    bars = QBarSet(title)
    for value in values:
        bars.append(value)
    series = QBarSeries()
    series.append(bars)
    chart.addSeries(series)
    x_axis = QBarCategoryAxis()
    x_axis.append([label[:12] for label in labels] or [""])
    y_axis = QValueAxis()
    y_axis.setLabelFormat("%.0f")
    y_axis.setMin(0)
    y_axis.setMax(max(values, default=1) * 1.1 or 1)
    chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(x_axis)
    series.attachAxis(y_axis)
    return chart


class InsightsWindow(QWidget):
    def __init__(self, backend: InsightsBackend, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.backend = backend
        self.setWindowFlag(Qt.WindowType.Window)
        self.resize(900, 640)
        self._offset = backend.tz_offset()
        today = backend.today()
        # Only the default period's events are read at opening (a year of them takes a while);
        # a wider range reads again (``recompute``).
        self._source = backend.source(self._utc_start(today - timedelta(days=29)))
        self.since = QDateEdit(self)
        self.until = QDateEdit(self)
        for edit in (self.since, self.until):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        first = today - timedelta(days=29)
        self.since.setDate(QDate(first.year, first.month, first.day))
        self.until.setDate(QDate(today.year, today.month, today.day))
        self.library = QComboBox(self)
        for key in ("", "team", "personal", "product"):
            self.library.addItem("", key)
        self.stale_days = QSpinBox(self)
        self.stale_days.setRange(1, 3650)
        self.stale_days.setValue(90)
        self.export_csv = QPushButton(self)
        self.export_xlsx = QPushButton(self)
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.since_label, self.until_label, self.library_label, self.stale_label = (QLabel(self) for _ in range(4))
        bar = QHBoxLayout()
        for label, widget in ((self.since_label, self.since), (self.until_label, self.until),
                              (self.library_label, self.library), (self.stale_label, self.stale_days)):
            label.setBuddy(widget)
            bar.addWidget(label)
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self.export_csv)
        bar.addWidget(self.export_xlsx)

        self.tabs = QTabWidget(self)
        self.uses_tab = FigureTab(["", ""], self)
        self.top_tab = FigureTab(["", "", ""], self)
        self.stale_tab = FigureTab(["", "", ""], self)
        self.time_tab = FigureTab(["", ""], self)
        self.found_tab = FigureTab(["", "", ""], self)
        self.misses_tab = FigureTab(["", ""], self)
        self.stale_tab.chart_view.hide()  # a list to act on; the stale count shows in the top chart's tab
        self.stale_tab.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.move_button = QPushButton(self.stale_tab)
        self.stale_tab.layout_.addWidget(self.move_button)
        for tab in self._figure_tabs():
            self.tabs.addTab(tab, "")
        # The team's tabs, for a lead on a hub only.
        self.team_enabled = backend.team_available()
        self.team: TeamInsights | None = None
        self.team_message = ""  # why the team figures are missing, when they are
        self._team_operation: BackgroundOperation | None = None
        self._team_again = False
        # The team's counts of the period last read: the stale threshold and the library choice
        # only change what is computed from them, never what the hub holds.
        self._team_counts: tuple[date, date, list[TeamCount]] | None = None
        self.team_days_tab = FigureTab(["", "", ""], self)
        self.team_agents_tab = FigureTab(["", "", "", "", ""], self)
        self.team_unused_tab = FigureTab(["", ""], self)
        self.team_unused_tab.chart_view.hide()
        if self.team_enabled:
            for tab in self._team_tabs():
                self.tabs.addTab(tab, "")
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.summary)
        layout.addWidget(self.tabs, 1)

        self.insights: Insights | None = None
        self._stale_ids: list[str] = []
        for edit in (self.since, self.until):
            edit.dateChanged.connect(self.recompute)
        self.library.currentIndexChanged.connect(self.recompute)
        self.stale_days.valueChanged.connect(self.recompute)
        self.tabs.currentChanged.connect(self._tab_shown)
        self.export_csv.clicked.connect(lambda: self._export("csv"))
        self.export_xlsx.clicked.connect(lambda: self._export("xlsx"))
        self.move_button.clicked.connect(self.move_selected_to_cleanup)
        self.retranslate()
        self.recompute()

    def _figure_tabs(self) -> list[FigureTab]:
        return [self.uses_tab, self.top_tab, self.stale_tab, self.time_tab, self.found_tab, self.misses_tab]

    def _team_tabs(self) -> list[FigureTab]:
        return [self.team_days_tab, self.team_agents_tab, self.team_unused_tab]

    # ------------------------------------------------------------------ figures

    def period(self) -> tuple[date, date]:
        return self.since.date().toPython(), self.until.date().toPython()  # type: ignore[return-value]  # QDate.toPython() gives a date; stubs say object

    def library_key(self) -> str | None:
        return str(self.library.currentData()) or None

    def _utc_start(self, day: date) -> datetime:
        return datetime.combine(day, datetime.min.time()) - self._offset

    def recompute(self) -> None:
        since, until = self.period()
        loaded = self._source.records_since
        if loaded is not None and self._utc_start(since) < loaded:
            self._source = self.backend.source(self._utc_start(since))
        self.insights = source_insights(self._source, self.library_key(), since=since, until=until, today=until,
                                        stale_days=self.stale_days.value(), top=TOP, tz_offset=self._offset)
        self._fill(self.insights)
        if self.team_enabled:
            cached = self._team_counts
            if cached is not None and cached[:2] == (since, until):
                self._team_loaded(*cached)
            else:
                self.load_team()

    # ------------------------------------------------------------------ team (hub)

    def load_team(self) -> None:
        """Read the team's counts for the period off the GUI thread; one read at a time."""
        if self._team_operation is not None:
            self._team_again = True
            return
        since, until = self.period()
        operation = BackgroundOperation(lambda _progress: self.backend.team_counts(since, until),
                                        expected=(TeamUsageError,), parent=self)
        operation.succeeded.connect(lambda counts: self._team_loaded(since, until, counts))
        operation.failed.connect(self._team_failed)
        operation.finished.connect(self._team_finished)
        self._team_operation = operation
        operation.start()

    def is_loading_team(self) -> bool:
        return self._team_operation is not None

    def _team_loaded(self, since: date, until: date, counts: list[TeamCount]) -> None:
        if (since, until) != self.period():
            return  # the period changed meanwhile: the next read brings its figures
        self._team_counts = (since, until, counts)
        # Replies nobody used: the team library's (the products' when products are chosen).
        ids = self._source.ids_in("product" if self.library_key() == "product" else "team")
        self.team = compute_team_insights(counts, since=since, until=until, library_ids=ids)
        self.team_message = ""
        self._fill_team(self.team)

    def _team_failed(self, message: str) -> None:
        self.team = None
        self.team_message = message
        self.team_days_tab.model.set_rows([])
        self.team_agents_tab.model.set_rows([])
        self.team_unused_tab.model.set_rows([])
        self.summary.setText(with_args(self.tr("Team figures unavailable: %1"), message) + "\n" + self.summary.text())

    def _team_finished(self) -> None:
        operation, self._team_operation = self._team_operation, None
        if operation is not None:
            operation.deleteLater()
        if self._team_again:
            self._team_again = False
            self.load_team()

    def _fill_team(self, team: TeamInsights) -> None:
        names = self._source.names()
        self.team_days_tab.model.set_rows([(day.isoformat(), str(count), str(team.by_suggestion_per_day.get(day, 0)))
                                           for day, count in team.uses_per_day.items()])
        self.team_agents_tab.model.set_rows([
            (item.agent, str(item.uses), str(item.active_days), f"{item.uses_per_day:.1f}",
             _percent(item.suggestion_share)) for item in team.agents])
        self.team_unused_tab.model.set_rows([(names.get(target, target), target) for target in team.unused])
        self.team_days_tab.make_chart = lambda: _line_chart(self.tr("Team uses per day"),
                                                            {d: float(c) for d, c in team.uses_per_day.items()})
        self.team_agents_tab.make_chart = lambda: _bar_chart(self.tr("Uses per active day"),
                                                             [item.agent for item in team.agents],
                                                             [item.uses_per_day for item in team.agents])
        for tab in self._team_tabs():
            tab.chart_stale = True
        self._tab_shown(self.tabs.currentIndex())

    def _fill(self, insights: Insights) -> None:
        names = self._source.names()
        catalog = self._source.catalog
        kinds = {"team": self.tr("Team"), "personal": self.tr("Personal"), "product": self.tr("Product")}
        deleted = self.tr("Deleted")

        def library_of(target: str) -> str:
            entry = catalog.get(target)
            return kinds.get(entry.library, deleted) if entry is not None else deleted

        self.summary.setText(self._summary_text(insights))
        self.uses_tab.model.set_rows([(day.isoformat(), str(count)) for day, count in insights.uses_per_day.items()])
        self.top_tab.model.set_rows([(names.get(target, target), str(count), library_of(target))
                                     for target, count in insights.top_replies])
        self._stale_ids = [item.target_id for item in insights.stale]
        never = self.tr("never")
        self.stale_tab.model.set_rows([(names.get(item.target_id, item.target_id),
                                        item.last_used.isoformat() if item.last_used else never,
                                        library_of(item.target_id)) for item in insights.stale])
        self.time_tab.model.set_rows([(day.isoformat(), f"{ms / 1000:.1f}")
                                      for day, ms in insights.median_popup_ms_per_day.items()])
        self.found_tab.model.set_rows([(self._found_name(key), str(count), _percent(insights.share(key)))
                                       for key, count in insights.found_via_counts.items()])
        self.misses_tab.model.set_rows([(day.isoformat(), str(count)) for day, count in insights.no_result_per_day.items()])
        self.uses_tab.make_chart = lambda: _line_chart(self.tr("Uses per day"),
                                                       {d: float(c) for d, c in insights.uses_per_day.items()})
        self.top_tab.make_chart = lambda: _bar_chart(self.tr("Top replies"),
                                                     [names.get(t, t) for t, _ in insights.top_replies],
                                                     [float(c) for _, c in insights.top_replies])
        self.time_tab.make_chart = lambda: _line_chart(self.tr("Seconds from popup to paste (median)"),
                                                       {d: ms / 1000 for d, ms in insights.median_popup_ms_per_day.items()})
        self.found_tab.make_chart = lambda: self._found_chart(insights)
        self.misses_tab.make_chart = lambda: _bar_chart(self.tr("Searches with no result"),
                                                        [d.strftime("%m-%d") for d in insights.no_result_per_day],
                                                        [float(c) for c in insights.no_result_per_day.values()])
        for tab in self._figure_tabs():
            tab.chart_stale = True
        self._tab_shown(self.tabs.currentIndex())

    def _tab_shown(self, index: int) -> None:
        tab = self.tabs.widget(index)
        if isinstance(tab, FigureTab) and tab.chart_view.isVisibleTo(tab):
            tab.refresh_chart()

    def _found_chart(self, insights: Insights) -> QChart:
        chart = QChart()
        chart.setTitle(self.tr("How replies were found"))
        series = QPieSeries()
        for key, count in insights.found_via_counts.items():
            series.append(self._found_name(key), count)
        chart.addSeries(series)
        return chart

    def _summary_text(self, insights: Insights) -> str:
        since, until = self.period()
        days = max(1, (until - since).days + 1)
        return with_args(
            self.tr("%1 uses (%2 per day) · found by suggestion %3, by typed search %4 · first suggestion right %5 "
                    "(%6 of %7) · %8 searches with no result · %9 stale replies"),
            insights.total_uses, f"{insights.total_uses / days:.1f}", _percent(insights.share(FOUND_SUGGESTION)),
            _percent(insights.share(FOUND_SEARCH)), _percent(insights.first_suggestion_rate),
            insights.first_suggestion_right, insights.suggestion_uses, insights.no_result_total, len(insights.stale))

    def _found_name(self, key: str) -> str:
        return {FOUND_SEARCH: self.tr("Typed search"), FOUND_SUGGESTION: self.tr("Suggestion"),
                FOUND_LINK_CARD: self.tr("Link card"), FOUND_BROWSE: self.tr("Most-used list")}.get(key, key)

    # ------------------------------------------------------------------ actions

    def export_rows(self) -> list[Row]:
        rows = insights_rows(self.insights, self._source.names()) if self.insights is not None else []
        if self.team is not None:
            rows += team_rows(self.team, self._source.names())
        return rows

    def _export(self, kind: str) -> None:
        name, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export figures"), f"insights.{kind}",
            self.tr("CSV (*.csv)") if kind == "csv" else self.tr("Excel workbook (*.xlsx)"))
        if name:
            self.export_to(Path(name))

    def export_to(self, path: Path) -> bool:
        try:
            self.backend.export(path, self.export_rows())
        except OSError as error:
            QMessageBox.warning(self, self.windowTitle(), with_args(self.tr("%1 could not be written: %2"), path, error))
            return False
        return True

    def move_selected_to_cleanup(self) -> None:
        rows = sorted({index.row() for index in self.stale_tab.table.selectionModel().selectedRows()})
        ids = [self._stale_ids[row] for row in rows] if rows else list(self._stale_ids)
        libraries = {key: entry.library for key, entry in self._source.catalog.items()}
        phrases = [pid for pid in ids if libraries.get(pid) in ("team", "personal")]
        if not phrases:
            return
        try:
            moved = self.backend.move_to_cleanup(phrases, libraries)
        except Exception as error:
            QMessageBox.warning(self, self.windowTitle(), error_text(error))
            return
        self.summary.setText(with_args(self.tr("%1 replies moved to 待清理."), moved) + "  " + self.summary.text())

    # ------------------------------------------------------------------ language

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Insights"))
        self.since_label.setText(self.tr("&From"))
        self.until_label.setText(self.tr("&To"))
        self.library_label.setText(self.tr("&Library"))
        self.stale_label.setText(self.tr("&Stale after (days)"))
        for index, text in enumerate((self.tr("All"), self.tr("Team"), self.tr("Personal"), self.tr("Products"))):
            self.library.setItemText(index, text)
        self.export_csv.setText(self.tr("Export CSV…"))
        self.export_xlsx.setText(self.tr("Export XLSX…"))
        self.move_button.setText(self.tr("Move to 待清理 (selected, or all listed)"))
        titles = (self.tr("Uses per day"), self.tr("Top replies"), self.tr("Stale replies"),
                  self.tr("Popup → paste"), self.tr("Suggestion vs search"), self.tr("No-result searches"))
        for index, title in enumerate(titles):
            self.tabs.setTabText(index, title)
        self.uses_tab.model.headers = [self.tr("Day"), self.tr("Uses")]
        self.top_tab.model.headers = [self.tr("Reply"), self.tr("Uses"), self.tr("Library")]
        self.stale_tab.model.headers = [self.tr("Reply"), self.tr("Last used"), self.tr("Library")]
        self.time_tab.model.headers = [self.tr("Day"), self.tr("Median seconds")]
        self.found_tab.model.headers = [self.tr("Found by"), self.tr("Uses"), self.tr("Share")]
        self.misses_tab.model.headers = [self.tr("Day"), self.tr("Searches")]
        if self.team_enabled:
            first = len(self._figure_tabs())
            for index, title in enumerate((self.tr("Team per day"), self.tr("Team agents"), self.tr("Used by nobody"))):
                self.tabs.setTabText(first + index, title)
        self.team_days_tab.model.headers = [self.tr("Day"), self.tr("Team uses"), self.tr("By suggestion")]
        self.team_agents_tab.model.headers = [self.tr("Agent"), self.tr("Uses"), self.tr("Active days"),
                                              self.tr("Uses per active day"), self.tr("Found by suggestion")]
        self.team_unused_tab.model.headers = [self.tr("Reply"), self.tr("Id")]
        if self.insights is not None:
            self._fill(self.insights)
        if self.team is not None:
            self._fill_team(self.team)

    def closeEvent(self, event: Any) -> None:
        if self._team_operation is not None:
            # A hub read over a slow network may take seconds: closing never waits for it.
            self._team_operation.abandon()
            self._team_operation = None
            self._team_again = False
        super().closeEvent(event)

    def changeEvent(self, event: Any) -> None:
        from PySide6.QtCore import QEvent

        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.0f}%"
