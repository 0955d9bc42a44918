"""The settings dialog: hotkey, paste, delays, names, language, start at login, app rules,
the recommendation template and the product link patterns.

On a machine whose shop settings are the team hub's (an agent's), the shop's name, the
recommendation template and the link patterns are shown read-only, with a note that the team
lead sets them on the hub, and OK/Apply keep the hub's values.

It edits a copy of ``Settings`` and emits the whole new value through ``applied`` on OK and
Apply; storing it and applying it to the running app (re-registering the hotkey, autostart
entries) is the app's job. OK and Apply stay disabled while anything shown would not work (an
unusable hotkey, a template with an unknown placeholder, a link pattern that does not compile):
storing it would only move the failure to a buyer's chat or to every later copy. Only the UI language
takes effect as soon as it is picked, so the agent sees the choice at once; Cancel puts back the
language that was last applied.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sidekick.config.settings import Settings
from sidekick.ui.i18n import LANGUAGES, install_language
from sidekick.ui.widgets.app_rules_table import AppRulesTable
from sidekick.ui.widgets.hotkey_edit import HotkeyEdit
from sidekick.ui.widgets.product_settings import LinkPatternsEdit, RecommendTemplateEdit
from sidekick.ui.widgets.sent_usage import SentRow, SentUsageDialog
from sidekick.ui.widgets.wrapping_check_box import WrappingCheckBox

PASTE_KEYS = ("ctrl+v", "shift+insert", "cmd+v") if sys.platform == "darwin" else ("ctrl+v", "shift+insert")
PASTE_KEY_NAMES = {"ctrl+v": "Ctrl+V", "shift+insert": "Shift+Insert", "cmd+v": "Cmd+V"}
PRODUCTS_TAB = 3  # recommendation template and link patterns
DELAY_FIELDS = ("focus_timeout_ms", "modifier_timeout_ms", "restore_timeout_ms", "restore_settle_ms")


class SettingsDialog(QDialog):
    """Edits a copy of the settings; ``applied`` carries the new ``Settings`` on OK/Apply."""

    applied = Signal(object)  # Settings
    clear_statistics_requested = Signal()  # the agent confirmed: delete the local usage history
    hotkey_capture = Signal(bool)  # True while the hotkey field listens: pause the global hotkey

    def __init__(self, settings: Settings, parent: QWidget | None = None, *, shop_locked: bool = False,
                 hub_role: str = "",
                 sent_usage: Callable[[], tuple[Sequence[SentRow], Mapping[str, str]]] | None = None) -> None:
        """``shop_locked``: the shop settings are the team hub's, shown but not edited; ``hub_role``: this
        login's role on the team hub ("" when not connected or unknown); ``sent_usage``: the rows this
        machine last sent to the hub's team usage, and reply titles."""
        super().__init__(parent)
        self.shop_locked = shop_locked
        self._hub_role = hub_role
        self._sent_usage = sent_usage
        self.sent_usage_dialog: SentUsageDialog | None = None
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
        self.setMinimumWidth(520)
        self._applied_settings = settings  # Cancel returns to this (language included)
        self._labels: dict[str, QLabel] = {}
        self.tabs = QTabWidget(self)

        # --- General
        general = QWidget()
        form = QFormLayout(general)
        self.agent_name = QLineEdit(settings.agent_name)
        self.shop_name = QLineEdit(settings.shop_name)
        self.language = QComboBox()
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)  # each language in its own name: findable in any UI
        self.language.setCurrentIndex(max(0, self.language.findData(settings.language)))
        self.language.currentIndexChanged.connect(self._language_picked)
        self.autostart = QCheckBox()
        self.autostart.setChecked(settings.autostart)
        self.link_detection = QCheckBox()
        self.link_detection.setChecked(settings.link_detection)
        self._add_row(form, "agent_name", self.agent_name)
        self._add_row(form, "shop_name", self.shop_name)
        self.shop_note = QLabel()  # why the shop's name cannot be changed here
        self.shop_note.setWordWrap(True)
        self.shop_note.setStyleSheet("color: #6b7280")
        self.shop_note.setVisible(shop_locked)
        form.addRow(self.shop_note)
        self._add_row(form, "language", self.language)
        form.addRow(self.autostart)
        form.addRow(self.link_detection)
        # Suggest mode learns how buyers ask: the pasted suggestion's message (masked) becomes a 买家问法.
        self.learn_personal = WrappingCheckBox()
        self.learn_personal.setChecked(settings.learn_questions_personal)
        self.learn_team = WrappingCheckBox()
        self.learn_team.setChecked(settings.learn_questions_team)
        form.addRow(self.learn_personal)
        form.addRow(self.learn_team)
        # 统计 / Insights: what is kept is listed in the README; both choices are the agent's.
        self.usage_statistics = WrappingCheckBox()
        self.usage_statistics.setChecked(settings.usage_statistics)
        self.keep_missed_queries = WrappingCheckBox()
        self.keep_missed_queries.setChecked(settings.keep_missed_queries)
        self.clear_statistics = QPushButton()
        self.clear_statistics.clicked.connect(self._confirm_clear_statistics)
        form.addRow(self.usage_statistics)
        form.addRow(self.keep_missed_queries)
        form.addRow(self.clear_statistics)
        # Team usage (a shop setting): a lead switches it; everyone on the hub is told when it is on
        # and can see exactly what was sent (``hub.usage``).
        self.share_usage = WrappingCheckBox()
        self.share_usage.setChecked(settings.share_usage)
        self.share_usage.setEnabled(hub_role == "lead")
        self.share_usage.setVisible(bool(settings.hub_url and settings.hub_user))
        self.share_usage_notice = QLabel()
        self.share_usage_notice.setWordWrap(True)
        self.share_usage_notice.setStyleSheet("color: #1d4ed8;")
        self.show_sent_usage = QPushButton()
        self.show_sent_usage.clicked.connect(self.open_sent_usage)
        sharing = bool(settings.hub_url and settings.hub_user and settings.share_usage)
        self.share_usage_notice.setVisible(sharing)
        self.show_sent_usage.setVisible(sharing and sent_usage is not None)
        form.addRow(self.share_usage)
        form.addRow(self.share_usage_notice)
        form.addRow(self.show_sent_usage)

        # --- Hotkey and paste
        paste = QWidget()
        paste_layout = QVBoxLayout(paste)
        form = QFormLayout()
        self.hotkey = HotkeyEdit(settings.hotkey)
        self.hotkey.hotkey_changed.connect(self._update_buttons)
        self.hotkey.capturing.connect(self.hotkey_capture)
        self.suggest_hotkey = HotkeyEdit(settings.suggest_hotkey)
        self.suggest_hotkey.hotkey_changed.connect(self._update_buttons)
        self.suggest_hotkey.capturing.connect(self.hotkey_capture)
        self.same_hotkeys = QLabel()
        self.same_hotkeys.setStyleSheet("color: #b91c1c;")
        self.same_hotkeys.setWordWrap(True)
        self.paste_mode = QComboBox()
        self.paste_mode.addItem("", "paste")
        self.paste_mode.addItem("", "type")
        self.paste_mode.setCurrentIndex(max(0, self.paste_mode.findData(settings.paste_mode)))
        self.paste_mode.currentIndexChanged.connect(self._update_paste_key_enabled)
        self.paste_key = QComboBox()
        for key in PASTE_KEYS:
            self.paste_key.addItem(PASTE_KEY_NAMES[key], key)
        if settings.paste_key not in PASTE_KEYS:
            self.paste_key.addItem(PASTE_KEY_NAMES.get(settings.paste_key, settings.paste_key), settings.paste_key)
        self.paste_key.setCurrentIndex(max(0, self.paste_key.findData(settings.paste_key)))
        self._add_row(form, "hotkey", self.hotkey)
        self._add_row(form, "suggest_hotkey", self.suggest_hotkey)
        form.addRow(self.same_hotkeys)
        self._add_row(form, "paste_mode", self.paste_mode)
        self._add_row(form, "paste_key", self.paste_key)
        paste_layout.addLayout(form)
        self.delays_box = QGroupBox()
        delays_form = QFormLayout(self.delays_box)
        self.delays: dict[str, QSpinBox] = {}
        for name in DELAY_FIELDS:
            spin = QSpinBox()
            spin.setRange(0, 10_000)
            spin.setSingleStep(10)
            spin.setSuffix(" ms")
            spin.setValue(getattr(settings, name))
            self.delays[name] = spin
            self._add_row(delays_form, name, spin)
        paste_layout.addWidget(self.delays_box)
        paste_layout.addStretch(1)

        # --- Applications
        apps = QWidget()
        apps_layout = QVBoxLayout(apps)
        self.rules_intro = QLabel()
        self.rules_intro.setWordWrap(True)
        self.rules = AppRulesTable(settings.app_rules)
        apps_layout.addWidget(self.rules_intro)
        apps_layout.addWidget(self.rules)

        # --- Products: what a recommendation says, which copied links open a card
        products = QWidget()
        products_layout = QVBoxLayout(products)
        self.products_note = QLabel()
        self.products_note.setWordWrap(True)
        self.products_note.setStyleSheet("color: #6b7280")
        self.products_note.setVisible(shop_locked)
        products_layout.addWidget(self.products_note)
        self.recommend_box = QGroupBox()
        recommend_layout = QVBoxLayout(self.recommend_box)
        self.recommend_template = RecommendTemplateEdit(settings.recommend_template)
        self.recommend_template.set_names(settings.agent_name, settings.shop_name)
        self.recommend_template.changed.connect(self._update_buttons)
        recommend_layout.addWidget(self.recommend_template)
        self.links_box = QGroupBox()
        links_layout = QVBoxLayout(self.links_box)
        self.link_patterns = LinkPatternsEdit(settings.link_patterns)
        self.link_patterns.changed.connect(self._update_buttons)
        links_layout.addWidget(self.link_patterns)
        products_layout.addWidget(self.recommend_box)
        products_layout.addWidget(self.links_box, 1)
        self.shop_name.setReadOnly(shop_locked)
        self.recommend_template.set_read_only(shop_locked)
        self.link_patterns.set_read_only(shop_locked)
        for field in (self.agent_name, self.shop_name):
            field.textChanged.connect(
                lambda _text: self.recommend_template.set_names(self.agent_name.text(), self.shop_name.text()))

        self.tabs.addTab(general, "")
        self.tabs.addTab(paste, "")
        self.tabs.addTab(apps, "")
        self.tabs.addTab(products, "")

        # Own buttons, not standard ones: QDialogButtonBox resets standard buttons to Qt's own
        # (untranslated here) texts on every LanguageChange.
        self.buttons = QDialogButtonBox(self)
        self.ok_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.AcceptRole)
        self.apply_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.ApplyRole)
        self.cancel_button = self.buttons.addButton("", QDialogButtonBox.ButtonRole.RejectRole)
        self.buttons.accepted.connect(self._ok)
        self.buttons.rejected.connect(self.reject)
        self.apply_button.clicked.connect(self.apply)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.buttons)
        self.retranslate()
        self._update_paste_key_enabled()
        self._update_buttons()
        # Room for the Products tab's wrapped hints, preview and error lines without squeezing
        # them into each other (word-wrapped labels do not make a dialog grow by themselves).
        self.resize(620, 700)

    # ----------------------------------------------------------------- values

    def settings(self) -> Settings:
        """The settings as the dialog shows them (options it does not show are kept, and so
        are the hub's shop settings when they are locked)."""
        shop = self._applied_settings
        delays: dict[str, Any] = {name: spin.value() for name, spin in self.delays.items()}  # int fields by name
        edited = replace(
            self._applied_settings,
            hotkey=self.hotkey.hotkey(),
            suggest_hotkey=self.suggest_hotkey.hotkey(),
            learn_questions_personal=self.learn_personal.isChecked(),
            learn_questions_team=self.learn_team.isChecked(),
            usage_statistics=self.usage_statistics.isChecked(),
            keep_missed_queries=self.keep_missed_queries.isChecked(),
            # Only a lead changes the shop's setting; elsewhere the hub's value stays as received.
            share_usage=self.share_usage.isChecked() if self._hub_role == "lead" else self._applied_settings.share_usage,
            paste_mode=str(self.paste_mode.currentData()),
            paste_key=str(self.paste_key.currentData()),
            agent_name=self.agent_name.text().strip(),
            shop_name=self.shop_name.text().strip(),
            language=str(self.language.currentData()),
            autostart=self.autostart.isChecked(),
            link_detection=self.link_detection.isChecked(),
            link_patterns=self.link_patterns.patterns(),
            recommend_template=self.recommend_template.template(),
            app_rules=self.rules.rules(),
            **delays,
        )
        if self.shop_locked:
            edited = replace(edited, shop_name=shop.shop_name, link_patterns=shop.link_patterns,
                             recommend_template=shop.recommend_template)
        return edited

    def apply(self) -> bool:
        """Emit the new settings; False (and nothing emitted) while a field is unusable."""
        if not self.hotkey.is_acceptable():
            self.tabs.setCurrentIndex(1)
            self.hotkey.field.setFocus()
            return False
        if not self._suggest_hotkey_ok():
            self.tabs.setCurrentIndex(1)
            self.suggest_hotkey.field.setFocus()
            return False
        for field in (self.recommend_template, self.link_patterns):
            if not field.is_acceptable():
                self.tabs.setCurrentIndex(PRODUCTS_TAB)
                field.edit.setFocus()
                return False
        self._applied_settings = self.settings()
        self.applied.emit(self._applied_settings)
        return True

    def _ok(self) -> None:
        if self.apply():
            self.accept()

    def reject(self) -> None:
        if str(self.language.currentData()) != self._applied_settings.language:
            install_language(self._applied_settings.language)  # undo the live preview
        super().reject()

    # ----------------------------------------------------------------- reactions

    def _confirm_clear_statistics(self) -> None:
        answer = QMessageBox.question(
            self, self.tr("Clear usage statistics"),
            self.tr("Delete the recorded uses and no-result searches from this computer? The popup's "
                    "ranking by use is kept."))
        if answer == QMessageBox.StandardButton.Yes:
            self.clear_statistics_requested.emit()

    def open_sent_usage(self) -> None:
        """Show the rows of the last payload sent to the hub, exactly as sent."""
        rows, names = self._sent_usage() if self._sent_usage is not None else ([], {})
        self.sent_usage_dialog = SentUsageDialog(rows, names, self)
        self.sent_usage_dialog.show()

    def _language_picked(self) -> None:
        install_language(str(self.language.currentData()))

    def _update_paste_key_enabled(self) -> None:
        # Typing key by key never presses the paste chord.
        self.paste_key.setEnabled(self.paste_mode.currentData() == "paste")

    def _suggest_hotkey_ok(self) -> bool:
        """Suggest mode's hotkey must work, and must not be the popup's."""
        return self.suggest_hotkey.is_acceptable() and self.suggest_hotkey.hotkey() != self.hotkey.hotkey()

    def _update_buttons(self, *_args: object) -> None:
        same = self.suggest_hotkey.hotkey() == self.hotkey.hotkey()
        self.same_hotkeys.setVisible(same)
        ok = (self.hotkey.is_acceptable() and self._suggest_hotkey_ok() and self.recommend_template.is_acceptable()
              and self.link_patterns.is_acceptable())
        self.ok_button.setEnabled(ok)
        self.apply_button.setEnabled(ok)

    # ----------------------------------------------------------------- texts

    def _add_row(self, form: QFormLayout, key: str, field: QWidget) -> None:
        label = QLabel()
        label.setBuddy(field)
        self._labels[key] = label
        form.addRow(label, field)

    def label(self, key: str) -> QLabel:
        """The label of the field ``key`` (a ``Settings`` option name)."""
        return self._labels[key]

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Sidekick settings"))
        texts = {
            "agent_name": self.tr("Agent name {客服}"),
            "shop_name": self.tr("Shop name {店铺}"),
            "language": self.tr("Language"),
            "hotkey": self.tr("Hotkey"),
            "suggest_hotkey": self.tr("Suggest hotkey (replies to the selected buyer message)"),
            "paste_mode": self.tr("Paste mode"),
            "paste_key": self.tr("Paste key"),
            "focus_timeout_ms": self.tr("Wait for the chat window to take focus"),
            "modifier_timeout_ms": self.tr("Wait for the hotkey keys to be released"),
            "restore_timeout_ms": self.tr("Restore the clipboard at the latest after"),
            "restore_settle_ms": self.tr("Quiet time before restoring the clipboard"),
        }
        for key, text in texts.items():
            self._labels[key].setText(text)
        self.agent_name.setPlaceholderText(self.tr("e.g. 小棉"))
        self.shop_name.setPlaceholderText(self.tr("e.g. 青棉小筑旗舰店"))
        hub_note = self.tr("Set by the team lead on the team hub for the whole team; read-only here.")
        self.shop_note.setText(hub_note)
        self.products_note.setText(hub_note)
        self.autostart.setText(self.tr("Start Sidekick when I log in"))
        self.link_detection.setText(self.tr("Show the product card when I copy a product link"))
        self.learn_personal.setText(self.tr("Learn buyer questions: add the buyer's message (masked) to my "
                                            "personal phrase I pasted for it"))
        self.learn_team.setText(self.tr("Propose buyer questions for team phrases (the lead accepts them "
                                        "in the library's Buyer questions tab)"))
        self.usage_statistics.setText(self.tr("Keep local usage statistics for Insights (which reply, when, how it "
                                              "was found; never any text)"))
        self.keep_missed_queries.setText(self.tr("Also keep the words of searches that found nothing (only I see "
                                                 "them; otherwise only a count per day)"))
        self.clear_statistics.setText(self.tr("Clear usage statistics…"))
        self.share_usage.setText(self.tr("Team usage: every agent's Sidekick sends its daily counts per reply to "
                                         "the hub (a shop setting; only a lead can change it)"))
        self.share_usage_notice.setText(self.tr(
            "Your shop shares usage with its leads. Once a day, Sidekick sends the hub, for each reply you used on a "
            "finished day: the day, the reply's id, how many times you used it and how many of those came from a "
            "suggestion. Never any text, no times of day, no searches. The shop's leads can read these counts; "
            "other agents cannot. Switching off local statistics above also stops it."))
        self.show_sent_usage.setText(self.tr("See what is sent…"))
        self.same_hotkeys.setText(self.tr("The suggest hotkey must differ from the popup's hotkey."))
        self.paste_mode.setItemText(0, self.tr("Paste through the clipboard (recommended)"))
        self.paste_mode.setItemText(1, self.tr("Type key by key (for windows that block paste)"))
        self.delays_box.setTitle(self.tr("Timing (milliseconds)"))
        self.rules_intro.setText(
            self.tr(
                "Some chat windows need another paste key or block paste. A rule applies when the "
                "window's class or title contains the text in the first column."
            )
        )
        self.tabs.setTabText(0, self.tr("General"))
        self.tabs.setTabText(1, self.tr("Hotkey and paste"))
        self.tabs.setTabText(2, self.tr("Applications"))
        self.tabs.setTabText(PRODUCTS_TAB, self.tr("Products"))
        self.recommend_box.setTitle(self.tr("Recommendation template"))
        self.links_box.setTitle(self.tr("Product link patterns"))
        self.ok_button.setText(self.tr("OK"))
        self.apply_button.setText(self.tr("Apply"))
        self.cancel_button.setText(self.tr("Cancel"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
