"""The 买家问法 tab of the library editor, and questions learned from suggest mode.

The tab edits a phrase's buyer questions and intents and saves them with the phrase through
the window's one save path; the learner adds a pasted suggestion's buyer message (masked) to a
personal phrase, or proposes it for a team phrase, which the tab lets an editor accept.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from sqlalchemy import text

from sidekick.app.library_service import LibraryService
from sidekick.app.question_learning import Learned, QuestionLearner
from sidekick.config.settings import Settings
from sidekick.core.exchange.common import derive_title
from sidekick.core.types import CategoryPath, LibraryKind, Phrase, new_id
from sidekick.db import repository as repo
from sidekick.db.question_proposals import PROPOSALS_KEY
from sidekick.db.settings_store import get_value, set_value
from sidekick.db.store import Store
from sidekick.db.team_access import HUB_ROLE_KEY
from sidekick.hub.publish import pending_count
from sidekick.ui.library import LibraryWindow
from sidekick.ui.library.questions_tab import split_lines

TEAM, PERSONAL = LibraryKind.TEAM, LibraryKind.PERSONAL
PRICE = CategoryPath("售后", "价保")
BUYER = "刚买完就便宜了二十块 订单 1234567890123 能退吗"


def add(store: Store, library: LibraryKind, title: str, body: str, **extra: object) -> Phrase:
    with store.session() as session:
        return repo.save_phrase(session=session, phrase=Phrase(new_id(), library, PRICE, title, body, **extra))


def stored(store: Store, phrase_id: str) -> Phrase:
    with store.session() as session:
        found = repo.get_phrase(session=session, phrase_id=phrase_id)
    assert found is not None
    return found


@pytest.fixture
def window(store: Store, qtbot) -> Callable[[Phrase], LibraryWindow]:
    def make(phrase: Phrase, settings: Settings = Settings()) -> LibraryWindow:
        opened = LibraryWindow(LibraryService(store, lambda: settings))
        qtbot.addWidget(opened)
        opened.show()
        qtbot.waitExposed(opened)
        assert opened.show_phrase(phrase.id)
        opened.editor.tabs.setCurrentWidget(opened.editor.questions)
        return opened

    return make


def test_pasting_many_lines_adds_each_question_once_and_saves_with_the_phrase(
        store: Store, window, qtbot) -> None:
    phrase = add(store, PERSONAL, "价格保护", "7 天内降价可申请价保", questions=("降价了能退差价吗",))
    opened = window(phrase)
    tab = opened.editor.questions
    assert tab.questions() == ("降价了能退差价吗",)
    tab.add_box.setFocus()
    tab.add_box.insertPlainText("刚买就降价了\n\n  能补差价不  \n降价了能退差价吗\n刚买就降价了")
    qtbot.keyClick(tab.add_box, Qt.Key.Key_Return)
    assert tab.questions() == ("降价了能退差价吗", "刚买就降价了", "能补差价不")
    assert tab.add_box.toPlainText() == ""
    assert opened.editor.is_dirty()
    opened.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is opened)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)  # the window's Save
    assert stored(store, phrase.id).questions == ("降价了能退差价吗", "刚买就降价了", "能补差价不")
    assert not opened.editor.is_dirty()


def test_shift_enter_breaks_the_line_instead_of_adding(store: Store, window, qtbot) -> None:
    tab = window(add(store, PERSONAL, "价格保护", "价保说明")).editor.questions
    tab.add_box.setFocus()
    qtbot.keyClicks(tab.add_box, "a")
    qtbot.keyClick(tab.add_box, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClicks(tab.add_box, "b")
    assert tab.questions() == ()
    qtbot.keyClick(tab.add_box, Qt.Key.Key_Return)
    assert tab.questions() == ("a", "b")


def test_del_removes_the_selected_questions_and_undo_brings_them_back(store: Store, window, qtbot) -> None:
    phrase = add(store, PERSONAL, "价格保护", "价保说明", questions=("一", "二", "三"))
    opened = window(phrase)
    tab = opened.editor.questions
    tab.list.setFocus()
    tab.list.setCurrentRow(1)
    qtbot.keyClick(tab.list, Qt.Key.Key_Delete)
    assert tab.questions() == ("一", "三")
    assert opened.save()
    assert stored(store, phrase.id).questions == ("一", "三")
    opened.undo_stack.undo()
    assert stored(store, phrase.id).questions == ("一", "二", "三")


def test_an_untitled_reply_says_suggest_mode_also_reads_its_meaning(store: Store, window) -> None:
    body = "咱家支持付款后 7 天内价保，同款降价可申请退差价"
    untitled = window(add(store, PERSONAL, derive_title(body), body)).editor.questions.intents_label.text()
    titled = window(add(store, PERSONAL, "价格保护", body)).editor.questions.intents_label.text()
    assert "no title of its own" in untitled and "no title of its own" not in titled
    assert titled.startswith("Automatic: ")


def test_editing_a_question_in_place_and_emptying_it_removes_it(store: Store, window) -> None:
    tab = window(add(store, PERSONAL, "价格保护", "价保说明", questions=("一", "二"))).editor.questions
    tab.list.item(0).setText("  一 改过  ")
    assert tab.questions() == ("一 改过", "二")
    tab.list.item(1).setText("   ")
    assert tab.questions() == ("一 改过",)


def test_intents_set_by_hand_win_and_automatic_brings_the_link_back(store: Store, window) -> None:
    phrase = add(store, PERSONAL, "价格保护", "付款后 7 天内降价可申请价保，差价退回")
    opened = window(phrase)
    tab = opened.editor.questions
    choices = opened.backend.intent_choices()
    assert len(choices) >= 60  # the shipped question bank
    automatic = opened.backend.linked_intents(phrase)
    assert automatic, "a price-protection reply links to an intent by itself"
    names = dict(choices)
    assert names[automatic[0]] in tab.intents_label.text()
    assert tab.intents() == ()
    other = next(intent_id for intent_id, _name in choices if intent_id not in automatic)
    tab.intent_combo.setCurrentIndex(tab.intent_combo.findData(other))
    tab.add_chosen_intent()
    assert tab.intents() == (other,)
    assert opened.save()
    assert stored(store, phrase.id).intents == (other,)
    tab.use_automatic_intents()
    assert tab.intents() == ()
    assert opened.save()
    assert stored(store, phrase.id).intents == ()


def test_an_agent_sees_a_team_phrase_questions_read_only(store: Store, window) -> None:
    phrase = add(store, TEAM, "价格保护", "价保说明", questions=("一",))
    hub = Settings(hub_url="postgresql://hub.example/shop", hub_user="xiaohe")
    opened = window(phrase, hub)  # no stored role: treated as an agent
    tab = opened.editor.questions
    assert tab.questions() == ("一",)
    assert not tab.add_box.isEnabled() and not tab.remove_button.isEnabled()
    assert tab.add_questions(["二"]) == 0


def test_split_lines_drops_blank_lines_and_tidies_spaces() -> None:
    assert split_lines("  a  b \n\n\tc\r\n") == ["a b", "c"]


# ---------------------------------------------------------------- learning from use

def learner(store: Store, settings: Settings, changes: list[int] | None = None) -> QuestionLearner:
    return QuestionLearner(store, lambda: settings, on_change=lambda: (changes or []).append(1))


def test_a_pasted_personal_suggestion_learns_the_masked_message_once(store: Store) -> None:
    phrase = add(store, PERSONAL, "价格保护", "价保说明")
    changes: list[int] = []
    learn = QuestionLearner(store, Settings, on_change=lambda: changes.append(1))
    assert learn.learn(phrase.id, BUYER) is Learned.ADDED
    questions = stored(store, phrase.id).questions
    assert len(questions) == 1
    assert "1234567890123" not in questions[0]  # the order number is masked
    assert "便宜了二十块" in questions[0]
    assert changes == [1]
    assert learn.learn(phrase.id, BUYER) is Learned.SKIPPED  # known already
    assert stored(store, phrase.id).questions == questions


def test_personal_learning_can_be_switched_off(store: Store) -> None:
    phrase = add(store, PERSONAL, "价格保护", "价保说明")
    off = Settings(learn_questions_personal=False)
    assert learner(store, off).learn(phrase.id, BUYER) is Learned.SKIPPED
    assert stored(store, phrase.id).questions == ()


def test_team_phrases_learn_nothing_by_default(store: Store) -> None:
    phrase = add(store, TEAM, "价格保护", "价保说明")
    assert learner(store, Settings()).learn(phrase.id, BUYER) is Learned.SKIPPED
    assert stored(store, phrase.id).questions == ()
    with store.session() as session:
        assert get_value(session=session, key=PROPOSALS_KEY) is None


def test_opted_in_team_learning_proposes_and_the_tab_accepts(store: Store, window, qtbot) -> None:
    phrase = add(store, TEAM, "价格保护", "价保说明")
    team_on = Settings(learn_questions_team=True)
    learn = learner(store, team_on)
    assert learn.learn(phrase.id, BUYER) is Learned.PROPOSED
    assert learn.learn(phrase.id, BUYER) is Learned.SKIPPED  # proposed once
    assert learn.learn(phrase.id, "谢谢 亲") is Learned.PROPOSED
    assert stored(store, phrase.id).questions == ()  # the team library is unchanged
    opened = window(phrase)  # no hub: this user may edit the team library
    tab = opened.editor.questions
    assert tab.proposals.count() == 2 and tab.proposals.isVisibleTo(opened)
    tab.proposals.setCurrentRow(0)
    tab.accept_proposal()
    tab.proposals.setCurrentRow(0)
    tab.dismiss_proposal()
    assert tab.proposals.count() == 0 and not tab.proposals.isVisibleTo(opened)
    assert opened.save()
    learned = stored(store, phrase.id).questions
    assert len(learned) == 1 and "1234567890123" not in learned[0]
    assert opened.backend.question_proposals(phrase.id) == []


def test_a_message_that_masks_to_nothing_is_not_learned(store: Store) -> None:
    phrase = add(store, PERSONAL, "价格保护", "价保说明")
    assert learner(store, Settings()).learn(phrase.id, "   \n ") is Learned.SKIPPED
    assert learner(store, Settings()).learn("no-such-phrase", BUYER) is Learned.SKIPPED


def test_proposals_on_an_agents_computer_are_said_to_go_to_the_lead(store: Store, window) -> None:
    phrase = add(store, TEAM, "价格保护", "价保说明")
    assert learner(store, Settings(learn_questions_team=True)).learn(phrase.id, BUYER) is Learned.PROPOSED
    hub = Settings(hub_url="postgresql://hub.example/shop", hub_user="xiaohe")
    with store.session() as session:
        set_value(session=session, key=HUB_ROLE_KEY, value="agent")
    opened = window(phrase, hub)
    tab = opened.editor.questions
    assert tab.proposals.count() == 1 and tab.proposals_note.isVisibleTo(opened)
    assert "go to your lead with the next sync" in tab.proposals_note.text()
    assert not tab.accept_button.isEnabled()


def test_a_leads_accepted_proposal_is_a_pending_change_for_the_hub(store: Store, window) -> None:
    phrase = add(store, TEAM, "价格保护", "价保说明")
    assert learner(store, Settings(learn_questions_team=True)).learn(phrase.id, BUYER) is Learned.PROPOSED
    hub = Settings(hub_url="postgresql://hub.example/shop", hub_user="lead")
    with store.session() as session:
        set_value(session=session, key=HUB_ROLE_KEY, value="lead")
    with store.engine.begin() as connection:  # as if everything had been published
        for table in ("phrase", "category", "product"):
            connection.execute(text(f"UPDATE {table} SET dirty = 0"))
    assert pending_count(store) == 0
    opened = window(phrase, hub)
    tab = opened.editor.questions
    assert "published" in tab.proposals_note.text() and tab.accept_button.isEnabled()
    tab.proposals.setCurrentRow(0)
    tab.accept_proposal()
    assert opened.save()
    assert len(stored(store, phrase.id).questions) == 1
    assert pending_count(store) == 1  # the phrase's new question waits for the lead's publish


def test_a_proposal_dismissed_while_the_database_is_busy_stays_listed_with_the_reason(
        store: Store, window, monkeypatch) -> None:
    import sqlite3

    from sidekick.db import engine as db_engine
    from sidekick.ui.background import storage_busy_text

    phrase = add(store, TEAM, "价格保护", "价保说明")
    assert learner(store, Settings(learn_questions_team=True)).learn(phrase.id, BUYER) is Learned.PROPOSED
    opened = window(phrase)
    tab = opened.editor.questions
    assert tab.proposals.count() == 1
    monkeypatch.setattr(db_engine, "WRITE_WAIT_SECONDS", 0.1)  # connections opened from now wait 0.1 s
    store.engine.dispose()
    holder = sqlite3.connect(store.path, isolation_level=None)  # another Sidekick process writing
    holder.execute("BEGIN EXCLUSIVE")
    try:
        tab.proposals.setCurrentRow(0)
        tab.dismiss_proposal()  # raised DatabaseBusy out of the slot before
        assert tab.proposals.count() == 1
        assert tab.proposals_note.text() == storage_busy_text()
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    tab.dismiss_proposal()
    assert tab.proposals.count() == 0
    assert opened.backend.question_proposals(phrase.id) == []


def test_a_proposal_from_the_hub_names_the_agent_who_made_it(store: Store, window) -> None:
    from sidekick.db.question_proposals import add_proposal, add_received

    phrase = add(store, TEAM, "价格保护", "价保说明")
    with store.session() as session:
        add_received(session, [("anna", phrase.id, "降价了能补差价吗")])
        add_proposal(session, phrase.id, "买贵了怎么办")  # made on this computer
    tab = window(phrase).editor.questions
    tips = {tab.proposals.item(row).text(): tab.proposals.item(row).toolTip() for row in range(tab.proposals.count())}
    assert tips == {"降价了能补差价吗": "Proposed by anna", "买贵了怎么办": ""}
