"""Settings on a hub-connected machine: the shop settings are the hub's on an agent's machine
(shown read-only, with a note that the team lead sets them), editable on a lead's."""

from __future__ import annotations

from dataclasses import replace

from sidekick.config.settings import Settings
from sidekick.db.settings_store import load_settings, save_settings
from sidekick.ui.i18n import install_language
from sidekick.ui.settings_dialog import PRODUCTS_TAB, SettingsDialog

PATTERNS = (r"[?&]id=(\d+)",)
TEMPLATE = "推荐 {商品.标题}：{商品.链接}（{店铺}）"


def dialog_for(machine, qtbot) -> SettingsDialog:
    """The dialog as the app opens it (``open_settings``): locked as the workspace says."""
    dialog = SettingsDialog(machine.settings(), shop_locked=machine.workspace().shop_settings_locked())
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def applied(dialog: SettingsDialog, qtbot) -> Settings:
    with qtbot.waitSignal(dialog.applied, timeout=5000) as emitted:
        assert dialog.apply()
    return emitted.args[0]


def test_shop_settings_are_read_only_on_an_agent_and_editable_on_the_lead(hub, machines, qtbot) -> None:
    lead, agent = machines("lead"), machines("agent")
    lead.connect(hub, hub.add_user("lead", "lead"))
    agent.connect(hub, hub.add_user("agent", "agent"))
    with lead.store.session() as s:
        save_settings(session=s, settings=replace(load_settings(session=s)[0], shop_name="暖暖小铺",
                                                  link_patterns=PATTERNS, recommend_template=TEMPLATE))
    assert lead.client.publish().written
    agent.client.sync()
    assert agent.settings().shop_name == "暖暖小铺"
    install_language("en")

    # The agent's machine: shown, read-only, with the note; its own options stay editable.
    dialog = dialog_for(agent, qtbot)
    assert dialog.shop_locked
    assert dialog.shop_name.text() == "暖暖小铺" and dialog.shop_name.isReadOnly()
    assert dialog.recommend_template.template() == TEMPLATE and dialog.recommend_template.edit.isReadOnly()
    assert dialog.link_patterns.patterns() == PATTERNS and dialog.link_patterns.edit.isReadOnly()
    assert not dialog.link_patterns.reset_button.isEnabled() and not dialog.recommend_template.insert_button.isEnabled()
    assert dialog.shop_note.isVisible() and "team lead" in dialog.shop_note.text()
    dialog.tabs.setCurrentIndex(PRODUCTS_TAB)
    assert dialog.products_note.isVisible() and "team hub" in dialog.products_note.text()
    qtbot.keyClicks(dialog.shop_name, "Other shop")  # QTest types ASCII only
    assert dialog.shop_name.text() == "暖暖小铺"
    dialog.shop_name.setText("别的店")  # even a value put there otherwise is not taken
    dialog.agent_name.setText("小青")
    got = applied(dialog, qtbot)
    assert (got.shop_name, got.link_patterns, got.recommend_template) == ("暖暖小铺", PATTERNS, TEMPLATE)
    assert got.agent_name == "小青"
    install_language("zh_CN")
    qtbot.waitUntil(lambda: "组长" in dialog.shop_note.text(), timeout=5000)
    install_language("en")

    # The lead's machine: editable, no note.
    dialog = dialog_for(lead, qtbot)
    assert not dialog.shop_locked and not dialog.shop_name.isReadOnly()
    assert not dialog.recommend_template.edit.isReadOnly() and not dialog.link_patterns.edit.isReadOnly()
    assert not dialog.shop_note.isVisible()
    dialog.shop_name.clear()
    qtbot.keyClicks(dialog.shop_name, "Nuannuan Flagship")
    assert applied(dialog, qtbot).shop_name == "Nuannuan Flagship"


def test_without_a_hub_the_shop_settings_are_edited_here(machines, qtbot) -> None:
    solo = machines("solo")
    dialog = dialog_for(solo, qtbot)
    assert not dialog.shop_locked and not dialog.shop_name.isReadOnly() and not dialog.shop_note.isVisible()
