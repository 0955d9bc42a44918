"""The settings dialog: round trip through ``applied``, hotkey capture, live language switch."""

from __future__ import annotations

import ast
from dataclasses import replace
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from sidekick.config.catalogue import read_ts
from sidekick.config.settings import AppRule, Settings
from sidekick.core import hotkey as core_hotkey
from sidekick.core.links import DEFAULT_LINK_PATTERNS
from sidekick.ui.i18n import install_language
from sidekick.ui.settings_dialog import SettingsDialog
from sidekick.ui.widgets import hotkeys
from sidekick.ui.widgets.hotkeys import HotkeyProblem

REPO = Path(__file__).resolve().parents[2]
START = Settings(language="en", agent_name="小棉", app_rules=(AppRule("AliWorkBench", "shift+insert", False),))


@pytest.fixture
def dialog(qtbot) -> SettingsDialog:
    widget = SettingsDialog(START)
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    install_language("en")


def test_fields_show_the_settings(dialog: SettingsDialog) -> None:
    assert dialog.settings() == START
    assert dialog.hotkey.field.text() == "Ctrl+Alt+Space"
    assert dialog.agent_name.text() == "小棉"
    assert dialog.rules.rules() == START.app_rules


def test_apply_emits_the_edited_settings(qtbot, dialog: SettingsDialog) -> None:
    dialog.agent_name.setText(" 阿青 ")
    dialog.shop_name.setText("青棉小筑旗舰店")
    dialog.paste_mode.setCurrentIndex(dialog.paste_mode.findData("type"))
    assert not dialog.paste_key.isEnabled()  # typing never presses the paste chord
    dialog.paste_mode.setCurrentIndex(dialog.paste_mode.findData("paste"))
    dialog.paste_key.setCurrentIndex(dialog.paste_key.findData("shift+insert"))
    dialog.delays["restore_timeout_ms"].setValue(1200)
    dialog.delays["focus_timeout_ms"].setValue(300)
    dialog.autostart.setChecked(True)
    dialog.link_detection.setChecked(True)
    dialog.rules.add_rule(AppRule("WeChat", "", True))
    dialog.rules.add_rule(AppRule("  "))  # an unfilled row is no rule
    dialog.tabs.setCurrentIndex(1)
    qtbot.mouseClick(dialog.hotkey.field, Qt.MouseButton.LeftButton)
    qtbot.keyClick(dialog.hotkey.field, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)

    expected = replace(
        START,
        hotkey="<ctrl>+<shift>+k",
        agent_name="阿青",
        shop_name="青棉小筑旗舰店",
        paste_key="shift+insert",
        restore_timeout_ms=1200,
        focus_timeout_ms=300,
        autostart=True,
        link_detection=True,
        app_rules=(AppRule("AliWorkBench", "shift+insert", False), AppRule("WeChat", "", True)),
    )
    with qtbot.waitSignal(dialog.applied) as blocker:
        qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [expected]
    assert dialog.isVisible()  # Apply keeps the dialog open
    with qtbot.waitSignal(dialog.applied) as blocker:
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert blocker.args == [expected]
    assert not dialog.isVisible()


def test_a_bad_hotkey_is_explained_and_blocks_ok(qtbot, dialog: SettingsDialog) -> None:
    field = dialog.hotkey.field
    qtbot.keyClick(field, Qt.Key.Key_K)
    assert dialog.hotkey.problem() is HotkeyProblem.NO_MODIFIER
    assert "modifier" in dialog.hotkey.explanation.text()
    assert not dialog.ok_button.isEnabled() and not dialog.apply_button.isEnabled()
    with qtbot.assertNotEmitted(dialog.applied):
        assert dialog.apply() is False
    qtbot.keyClick(field, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert dialog.hotkey.problem() is HotkeyProblem.RESERVED
    qtbot.keyClick(field, Qt.Key.Key_Backspace)
    assert dialog.hotkey.problem() is HotkeyProblem.EMPTY
    qtbot.keyClick(field, Qt.Key.Key_F9)
    assert dialog.hotkey.hotkey() == "<f9>" and dialog.ok_button.isEnabled()
    assert field.text() == "F9"


def test_hotkey_text_helpers() -> None:
    assert hotkeys.display("<ctrl>+<alt>+<space>") == "Ctrl+Alt+Space"
    assert hotkeys.normalise("<alt>+<ctrl>+k") == "<ctrl>+<alt>+k"
    ctrl_alt = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
    assert hotkeys.hotkey_from_qt(Qt.Key.Key_Space, ctrl_alt) == "<ctrl>+<alt>+<space>"
    assert hotkeys.hotkey_from_qt(Qt.Key.Key_Control, Qt.KeyboardModifier.ControlModifier) is None
    assert hotkeys.hotkey_from_qt(Qt.Key.Key_PageDown, Qt.KeyboardModifier.AltModifier) == "<alt>+<page_down>"
    assert hotkeys.hotkey_from_qt(Qt.Key.Key_F5, Qt.KeyboardModifier.ShiftModifier | ctrl_alt) == "<ctrl>+<alt>+<shift>+<f5>"
    # Every key the field can capture is one the core's grammar knows, spelled its way.
    for key in (*hotkeys._SPECIAL, Qt.Key.Key_K, Qt.Key.Key_7, Qt.Key.Key_F12, Qt.Key.Key_Minus):
        stored = hotkeys.hotkey_from_qt(key, ctrl_alt)
        assert stored is not None and core_hotkey.normalise(stored) == stored, key
    assert hotkeys.problem("<ctrl>+<alt>+<space>") is None
    assert hotkeys.problem("<shift>+a") is HotkeyProblem.SHIFT_ONLY
    assert hotkeys.problem("<alt>+<ctrl>+<delete>") is HotkeyProblem.RESERVED
    assert hotkeys.problem("<ctrl>+a+b") is HotkeyProblem.UNSUPPORTED


def test_capturing_is_reported_so_the_app_can_pause_the_hotkey(qtbot, dialog: SettingsDialog) -> None:
    dialog.tabs.setCurrentIndex(1)
    dialog.activateWindow()
    with qtbot.waitSignal(dialog.hotkey_capture) as blocker:
        dialog.hotkey.field.setFocus()
    assert blocker.args == [True]


def test_language_switch_applies_at_once_and_cancel_puts_it_back(qtbot, dialog: SettingsDialog) -> None:
    assert dialog.label("hotkey").text() == "Hotkey"
    dialog.language.setCurrentIndex(dialog.language.findData("zh_CN"))
    qtbot.waitUntil(lambda: dialog.label("hotkey").text() == "快捷键")
    assert dialog.windowTitle() == "Sidekick 设置"
    assert dialog.ok_button.text() == "确定" and dialog.cancel_button.text() == "取消"
    assert dialog.tabs.tabText(2) == "应用规则"
    assert dialog.rules.table.horizontalHeaderItem(2).text() == "改为逐字输入"
    assert "快捷键" in dialog.hotkey.explanation.text()
    assert dialog.settings().language == "zh_CN"
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.label("hotkey").text() == "Hotkey")


def _ui_strings(path: Path) -> set[tuple[str, str]]:
    """(context, source) of every ``self.tr("…")`` and ``_tr("…")`` call in ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[tuple[str, str]] = set()
    contexts = {"card.py": "ProductCard"}
    for cls in [node for node in ast.walk(tree) if isinstance(node, ast.ClassDef)] + [tree]:
        context = cls.name if isinstance(cls, ast.ClassDef) else contexts.get(path.name, "")
        for node in ast.walk(cls):
            if not isinstance(node, ast.Call) or not node.args or not isinstance(node.args[0], ast.Constant):
                continue
            func = node.func
            is_tr = (isinstance(func, ast.Attribute) and func.attr == "tr") or (
                isinstance(func, ast.Name) and func.id == "_tr")
            if is_tr and context:
                found.add((context, node.args[0].value))
    return found


def test_every_ui_string_has_a_chinese_translation() -> None:
    folder = REPO / "resources" / "i18n" / "zh_CN"
    table = {}
    for name in ("picker.ts", "settings.ts", "fill_in.ts"):
        table.update(read_ts(folder / name))
    sources = [*(REPO / "sidekick/ui/picker").glob("*.py"), *(REPO / "sidekick/ui/widgets").glob("*.py"),
               REPO / "sidekick/ui/fill_in.py", REPO / "sidekick/ui/settings_dialog.py"]
    wanted: set[tuple[str, str]] = set()
    for path in sources:
        wanted |= _ui_strings(path)
    assert len(wanted) > 40
    assert sorted(wanted - table.keys()) == []


def test_recommendation_template_previews_and_blocks_unknown_placeholders(qtbot, dialog: SettingsDialog) -> None:
    field = dialog.recommend_template
    dialog.tabs.setCurrentIndex(3)
    assert dialog.tabs.tabText(3) == "Products"
    assert field.template() == START.recommend_template
    # The preview is the sample product as the Products window would paste it, note included.
    assert "青禾纯棉四件套" in field.preview.text() and "299" in field.preview.text()
    field.edit.setPlainText("{客服}给您推荐「{商品.标题}」，{推荐语}到手价{商品.价格}元")
    assert field.preview.text() == "小棉给您推荐「青禾纯棉四件套 1.8m 床」，和您选的床笠同色系，整套更显高级，到手价299元"
    dialog.agent_name.setText("阿青")  # the preview follows the names on the General tab
    assert field.preview.text().startswith("阿青给您推荐")
    assert field.errors.isHidden() and dialog.ok_button.isEnabled()

    field.edit.setPlainText("给您推荐{商品.标题}，{卖家}专享价{商品.价格}元")
    assert field.errors.isVisible() and "{卖家}" in field.errors.text()
    assert "unknown placeholder" in field.errors.text()
    assert not dialog.ok_button.isEnabled() and not dialog.apply_button.isEnabled()
    with qtbot.assertNotEmitted(dialog.applied):
        assert dialog.apply() is False
    field.edit.setPlainText("   ")
    assert "empty" in field.errors.text() and not dialog.ok_button.isEnabled()

    field.edit.setPlainText("{商品.标题}，{推荐语}{商品.链接}")
    assert dialog.ok_button.isEnabled()
    with qtbot.waitSignal(dialog.applied) as blocker:
        assert dialog.apply()
    assert blocker.args[0].recommend_template == "{商品.标题}，{推荐语}{商品.链接}"


def test_link_patterns_name_the_bad_line_and_reset(qtbot, dialog: SettingsDialog) -> None:
    field = dialog.link_patterns
    assert field.patterns() == DEFAULT_LINK_PATTERNS
    field.edit.setPlainText("shop\\.example\\.com/item/(\\d+)\n\nshop\\.example\\.com/(item\n  example\\.com/p/\\d+  ")
    problems = field.problems()
    assert len(problems) == 2
    assert problems[0].startswith("Line 3:") and "regular expression" in problems[0]
    assert problems[1].startswith("Line 4:") and "parentheses" in problems[1]
    assert not field.errors.isHidden() and not dialog.ok_button.isEnabled()
    with qtbot.assertNotEmitted(dialog.applied):
        assert dialog.apply() is False
    assert dialog.tabs.currentIndex() == 3  # the dialog shows where the problem is

    field.edit.setPlainText("shop\\.example\\.com/item/(\\d+)\n\n  shop\\.example\\.com/p/(\\d+)  \n")
    assert field.errors.isHidden() and dialog.ok_button.isEnabled()
    with qtbot.waitSignal(dialog.applied) as blocker:
        assert dialog.apply()
    assert blocker.args[0].link_patterns == ("shop\\.example\\.com/item/(\\d+)", "shop\\.example\\.com/p/(\\d+)")
    qtbot.mouseClick(field.reset_button, Qt.MouseButton.LeftButton)
    assert field.patterns() == DEFAULT_LINK_PATTERNS and dialog.settings().link_patterns == DEFAULT_LINK_PATTERNS


def test_template_and_pattern_errors_are_chinese_only_in_the_chinese_ui(qtbot, dialog: SettingsDialog) -> None:
    dialog.language.setCurrentIndex(dialog.language.findData("zh_CN"))
    qtbot.waitUntil(lambda: dialog.tabs.tabText(3) == "商品")
    dialog.recommend_template.edit.setPlainText("给您推荐{商品.标题}{卖家}")
    text = dialog.recommend_template.errors.text()
    assert "未知的占位符 {卖家}" in text and "unknown" not in text
    dialog.link_patterns.edit.setPlainText("a(\nb")
    text = dialog.link_patterns.errors.text()
    assert "第 1 行" in text and "第 2 行" in text
    assert not any("a" <= ch <= "z" for ch in text.replace("id", "").replace("d+", "")), text
    assert dialog.link_patterns.reset_button.text() == "恢复内置规则"
    assert dialog.recommend_box.title() == "推荐话术模板"


def test_suggest_hotkey_and_learning_settings_are_edited_and_must_differ_from_the_popup_hotkey(
        qtbot, dialog: SettingsDialog) -> None:
    assert dialog.suggest_hotkey.hotkey() == "<ctrl>+<alt>+<enter>"
    assert dialog.learn_personal.isChecked() and not dialog.learn_team.isChecked()
    dialog.suggest_hotkey.set_hotkey(dialog.hotkey.hotkey())  # the popup's own hotkey
    assert not dialog.same_hotkeys.isHidden() and not dialog.ok_button.isEnabled()
    with qtbot.assertNotEmitted(dialog.applied):
        assert dialog.apply() is False
    dialog.suggest_hotkey.set_hotkey("<ctrl>+<alt>+j")
    dialog.learn_personal.setChecked(False)
    dialog.learn_team.setChecked(True)
    assert dialog.same_hotkeys.isHidden() and dialog.ok_button.isEnabled()
    with qtbot.waitSignal(dialog.applied) as blocker:
        assert dialog.apply()
    applied = blocker.args[0]
    assert (applied.suggest_hotkey, applied.learn_questions_personal, applied.learn_questions_team) == (
        "<ctrl>+<alt>+j", False, True)


def test_local_statistics_can_be_switched_off_and_cleared(qtbot, dialog: SettingsDialog, monkeypatch) -> None:
    from PySide6.QtWidgets import QMessageBox

    assert dialog.usage_statistics.isChecked() and not dialog.keep_missed_queries.isChecked()  # the defaults
    dialog.usage_statistics.setChecked(False)
    dialog.keep_missed_queries.setChecked(True)
    with qtbot.waitSignal(dialog.applied) as applied:
        assert dialog.apply()
    assert (applied.args[0].usage_statistics, applied.args[0].keep_missed_queries) == (False, True)
    cleared: list[bool] = []
    dialog.clear_statistics_requested.connect(lambda: cleared.append(True))
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: QMessageBox.StandardButton.No)
    dialog.clear_statistics.click()
    assert cleared == []  # said no: nothing cleared
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kwargs: QMessageBox.StandardButton.Yes)
    dialog.clear_statistics.click()
    assert cleared == [True]


HUB = replace(START, hub_url="postgresql://hub.example:5432/shop", hub_user="anna")


def test_without_a_hub_nothing_about_team_usage_is_shown(dialog: SettingsDialog) -> None:
    assert not dialog.share_usage.isVisible() and not dialog.share_usage_notice.isVisible()
    assert not dialog.show_sent_usage.isVisible()


def test_an_agent_is_told_when_the_shop_shares_usage_and_sees_what_was_sent(qtbot) -> None:
    sent = [("2026-12-01", "p-7", 4, 1), ("2026-12-02", "p-7", 2, 0), ("2026-12-02", "p-9", 1, 1)]
    titles = {"p-7": "发货时间"}
    quiet = SettingsDialog(HUB, hub_role="agent", sent_usage=lambda: (sent, titles))
    qtbot.addWidget(quiet)
    quiet.show()
    assert quiet.share_usage.isVisible() and not quiet.share_usage.isChecked()
    assert not quiet.share_usage_notice.isVisible() and not quiet.show_sent_usage.isVisible()  # off: nothing sent

    widget = SettingsDialog(replace(HUB, share_usage=True), hub_role="agent", sent_usage=lambda: (sent, titles))
    qtbot.addWidget(widget)
    widget.show()
    assert widget.share_usage.isChecked() and not widget.share_usage.isEnabled()  # the lead's setting
    assert widget.share_usage_notice.isVisible()
    assert "never any text" in widget.share_usage_notice.text().lower()
    widget.share_usage.setChecked(False)  # even if it were unticked: an agent's Apply keeps the hub's value
    assert widget.settings().share_usage
    widget.show_sent_usage.click()
    shown = widget.sent_usage_dialog
    assert shown is not None and shown.isVisible()
    table = shown.table
    assert [tuple(table.item(r, c).text() for c in range(4)) for r in range(table.rowCount())] == [
        tuple(str(value) for value in row) for row in sent]
    assert [table.item(r, 4).text() for r in range(3)] == ["发货时间", "发货时间", ""]  # shown here, never sent
    assert "3 rows for 2 days" in shown.intro.text()
    install_language("zh_CN")
    qtbot.waitUntil(lambda: widget.show_sent_usage.text() == "查看发送内容…")
    qtbot.waitUntil(lambda: shown.table.horizontalHeaderItem(1).text() == "回复编号")
    assert "从不发送任何文字" in widget.share_usage_notice.text()
    install_language("en")


def test_a_lead_switches_team_usage_for_the_shop(qtbot) -> None:
    widget = SettingsDialog(HUB, hub_role="lead", sent_usage=lambda: ([], {}))
    qtbot.addWidget(widget)
    widget.show()
    assert widget.share_usage.isEnabled()
    widget.share_usage.setChecked(True)
    with qtbot.waitSignal(widget.applied) as applied:
        assert widget.apply()
    assert applied.args[0].share_usage
    widget.show_sent_usage.click()  # nothing sent yet: said so, an empty table
    assert widget.sent_usage_dialog is not None and widget.sent_usage_dialog.table.rowCount() == 0
    assert "Nothing has been sent" in widget.sent_usage_dialog.intro.text()
