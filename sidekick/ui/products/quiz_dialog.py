"""Self-test for new hires: multiple-choice questions from the product knowledge.

Two pages. The start page picks how many questions and which tags, and lists the score
history (every past run, kept by the backend so progress shows across sessions). The question
page asks one question at a time: keys 1–4 (or a click) answer, then the right answer and the
product's card appear, and Enter goes on. The question sits at the top of its page at a fixed
place: the card space is kept while it is hidden, so answering never moves what is being read.
The tags ticked in the Products window are the default filter, all of them together (AND), as
the window's list shows them. After the last question the run is stored and the
start page shows the score on top of the history.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from sidekick.core.quiz import Question, QuizRun, generate_quiz
from sidekick.ui.i18n import with_args
from sidekick.ui.products.backend import ProductsBackend
from sidekick.ui.widgets.product_card import card_html


def _prompt_font(label: QLabel) -> QFont:
    """The font the prompt's style sheet asks for (16 px, bold), for measuring its lines."""
    font = QFont(label.font())
    font.setPixelSize(16)
    font.setWeight(QFont.Weight.DemiBold)
    return font


CORRECT = "#15803d"
WRONG = "#b91c1c"


def QT_TRANSLATE_NOOP(_context: str, source: str) -> str:
    return source


# English sources of the question for the fields ``sidekick.core.quiz.QUESTION_TEMPLATES`` words
# specially ("%1" is the product title); their Chinese translations are those templates.
QUESTION_SOURCES: dict[str, str] = {
    "材质": QT_TRANSLATE_NOOP("QuizDialog", "What is “%1” made of?"),
    "面料": QT_TRANSLATE_NOOP("QuizDialog", "What fabric is “%1” made of?"),
    "填充物": QT_TRANSLATE_NOOP("QuizDialog", "What is “%1” filled with?"),
    "颜色": QT_TRANSLATE_NOOP("QuizDialog", "Which colours does “%1” come in?"),
    "洗涤": QT_TRANSLATE_NOOP("QuizDialog", "How should “%1” be washed and cared for?"),
    "洗护": QT_TRANSLATE_NOOP("QuizDialog", "How should “%1” be washed and cared for?"),
    "卖点": QT_TRANSLATE_NOOP("QuizDialog", "What are the main selling points of “%1”?"),
    "产地": QT_TRANSLATE_NOOP("QuizDialog", "Where is “%1” made?"),
    "尺码": QT_TRANSLATE_NOOP("QuizDialog", "Which sizes does “%1” come in, and how to choose?"),
    "规格": QT_TRANSLATE_NOOP("QuizDialog", "Which variants does “%1” come in?"),
    "适合人群": QT_TRANSLATE_NOOP("QuizDialog", "Who is “%1” for?"),
}


class QuizDialog(QDialog):
    """Practice mode over the backend's products; ``open_product`` asks the window to show one."""

    open_product = Signal(str)
    finished_run = Signal(object)  # QuizRun

    def __init__(
        self,
        backend: ProductsBackend,
        parent: QWidget | None = None,
        *,
        tags: Sequence[str] = (),
        seed: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.backend = backend
        self.seed = seed
        self.questions: list[Question] = []
        self.index = 0
        self.score = 0
        self.answered: int | None = None  # the choice given to the current question
        self.run_tags: tuple[str, ...] = ()
        self.setWindowTitle(self.tr("Product self-test"))
        self.resize(720, 620)

        # Start page -------------------------------------------------------------------
        self.count_box = QSpinBox()
        self.count_box.setRange(1, 50)
        self.count_box.setValue(10)
        # Each entry's data is the tuple of tags it filters by (AND); () is every product.
        self.tag_box = QComboBox()
        self.tag_box.addItem(self.tr("All products"), ())
        wanted = tuple(t for t in tags if t)
        if len(wanted) > 1:
            count = len(backend.products(wanted))
            self.tag_box.addItem(" + ".join(wanted) + f" ({count})", wanted)
        for tag in backend.tag_counts():
            self.tag_box.addItem(f"{tag.name} ({tag.total})", (tag.name,))
        if wanted:
            # Compared here, not with findData: Qt compares wrapped Python tuples by identity.
            found = [i for i in range(self.tag_box.count()) if set(self.tag_box.itemData(i)) == set(wanted)]
            self.tag_box.setCurrentIndex(found[0] if found else 0)
        self.start_button = QPushButton(self.tr("&Start"))
        self.start_button.setDefault(True)
        self.last_result = QLabel()
        self.last_result.setStyleSheet("font-size: 16px; font-weight: 600")
        self.history = QListWidget()
        form = QFormLayout()
        form.addRow(self.tr("&Questions"), self.count_box)
        form.addRow(self.tr("&Tags"), self.tag_box)
        start_page = QWidget()
        start_layout = QVBoxLayout(start_page)
        start_layout.addLayout(form)
        start_layout.addWidget(self.start_button, 0, Qt.AlignmentFlag.AlignLeft)
        start_layout.addWidget(self.last_result)
        start_layout.addWidget(QLabel(self.tr("Score history")))
        start_layout.addWidget(self.history, 1)

        # Question page ----------------------------------------------------------------
        self.progress = QLabel()
        self.progress.setStyleSheet("color: #6b7280")
        self.prompt = QLabel()
        self.prompt.setWordWrap(True)
        self.prompt.setStyleSheet("font-size: 16px; font-weight: 600")
        self.prompt.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        # Room for two lines whatever the title's length, so the choices stay put too.
        self.prompt.setMinimumHeight(2 * QFontMetrics(_prompt_font(self.prompt)).lineSpacing() + 4)
        self.choice_buttons = [QPushButton() for _ in range(4)]
        self.feedback = QLabel()
        self.feedback.setWordWrap(True)
        self.card = QTextBrowser()
        self.card.setOpenLinks(False)
        self.next_button = QPushButton(self.tr("&Next (Enter)"))
        self.open_button = QPushButton(self.tr("&Open in products"))
        question_page = QWidget()
        question_layout = QVBoxLayout(question_page)
        question_layout.addWidget(self.progress)
        question_layout.addWidget(self.prompt)
        for number, button in enumerate(self.choice_buttons):
            button.setStyleSheet("text-align: left; padding: 6px")
            button.setAutoDefault(False)
            button.clicked.connect(lambda _checked=False, n=number: self.answer(n))
            question_layout.addWidget(button)
            QShortcut(QKeySequence(str(number + 1)), question_page, lambda n=number: self.answer(n))
        question_layout.addWidget(self.feedback)
        question_layout.addWidget(self.card, 1)
        # Hidden widgets keep their space: showing the card and the buttons after an answer
        # must not re-flow the page (the question would jump while the agent reads it).
        for widget in (self.card, self.open_button, self.next_button):
            policy = widget.sizePolicy()
            policy.setRetainSizeWhenHidden(True)
            widget.setSizePolicy(policy)
        self.feedback.setMinimumHeight(self.feedback.fontMetrics().lineSpacing() * 2)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        buttons.addWidget(self.next_button)
        question_layout.addLayout(buttons)

        self.pages = QStackedWidget()
        self.pages.addWidget(start_page)
        self.pages.addWidget(question_page)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)

        self.start_button.clicked.connect(lambda: self.start())
        self.next_button.clicked.connect(self.next_question)
        self.open_button.clicked.connect(self._open_current)
        self._show_history()

    # ------------------------------------------------------------------ flow
    @property
    def current(self) -> Question | None:
        return self.questions[self.index] if 0 <= self.index < len(self.questions) else None

    def start(self, count: int | None = None, tags: Sequence[str] | None = None) -> int:
        """Begin a run; returns how many questions it has (0: the tag has too little knowledge)."""
        count = count if count is not None else self.count_box.value()
        if tags is None:
            tags = tuple(self.tag_box.currentData() or ())
        self.run_tags = tuple(tags)
        seed = self.seed if self.seed is not None else int(datetime.now().timestamp() * 1000)
        self.questions = generate_quiz(self.backend.products(), count, tags=self.run_tags, seed=seed)
        self.index, self.score, self.answered = 0, 0, None
        if not self.questions:
            self.last_result.setText(self.tr("Not enough product knowledge for questions with these tags."))
            return 0
        self.pages.setCurrentIndex(1)
        self._show_question()
        return len(self.questions)

    def answer(self, choice: int) -> bool | None:
        """Answer the current question with choice ``choice`` (0-based); None if not asking."""
        question = self.current
        if question is None or self.answered is not None or self.pages.currentIndex() != 1:
            return None
        self.answered = choice
        correct = question.is_correct(choice)
        if correct:
            self.score += 1
            self.feedback.setText(self.tr("Correct!"))
            self.feedback.setStyleSheet(f"color: {CORRECT}; font-weight: 600")
        else:
            self.feedback.setText(with_args(self.tr("Not quite. The answer is: %1"), question.answer))
            self.feedback.setStyleSheet(f"color: {WRONG}; font-weight: 600")
        for number, button in enumerate(self.choice_buttons):
            button.setEnabled(False)
            if number == question.answer_index:
                button.setStyleSheet(f"text-align: left; padding: 6px; color: {CORRECT}; font-weight: 600")
            elif number == choice:
                button.setStyleSheet(f"text-align: left; padding: 6px; color: {WRONG}")
        product = self.backend.product(question.product_id)
        if product is not None:
            self.card.setHtml(card_html(product, link=False))
        self.card.setVisible(product is not None)
        self.open_button.setVisible(product is not None)
        self.next_button.setVisible(True)
        self.next_button.setDefault(True)
        self.next_button.setFocus()
        self._update_progress()
        return correct

    def next_question(self) -> None:
        if self.answered is None:
            return
        self.index += 1
        self.answered = None
        if self.index >= len(self.questions):
            self._finish()
        else:
            self._show_question()

    def question_text(self, question: Question) -> str:
        """The question in the UI's language (the core words it in Chinese, the shop's language;
        the Chinese catalogue gives back exactly those templates)."""
        source = QUESTION_SOURCES.get(question.field)
        if source is None:
            text = self.tr("What is the %2 of “%1”?")
        else:
            text = QCoreApplication.translate("QuizDialog", source)
        return text.replace("%1", question.product_title.strip()).replace("%2", question.field)

    @property
    def all_answered(self) -> bool:  # not "finished": that is QDialog's signal
        return bool(self.questions) and self.index >= len(self.questions)

    # ------------------------------------------------------------------ pages
    def _show_question(self) -> None:
        question = self.current
        assert question is not None
        self.prompt.setText(self.question_text(question))
        for number, (button, text) in enumerate(zip(self.choice_buttons, question.choices)):
            button.setText(f"{number + 1}.  {text}")
            button.setEnabled(True)
            button.setStyleSheet("text-align: left; padding: 6px")
        self.feedback.clear()
        self.card.clear()
        self.card.setVisible(False)
        self.open_button.setVisible(False)
        self.next_button.setVisible(False)
        self.choice_buttons[0].setFocus()
        self._update_progress()

    def _update_progress(self) -> None:
        self.progress.setText(
            with_args(self.tr("Question %1 of %2 · score %3"), str(self.index + 1), str(len(self.questions)), str(self.score))
        )

    def _finish(self) -> None:
        run = QuizRun(datetime.now().replace(microsecond=0), self.score, len(self.questions), self.run_tags)
        self.backend.add_quiz_run(run)
        self.last_result.setText(
            with_args(self.tr("Your score: %1 of %2"), str(run.score), str(run.total))
        )
        self.pages.setCurrentIndex(0)
        self._show_history()
        self.start_button.setFocus()
        self.finished_run.emit(run)

    def _show_history(self) -> None:
        self.history.clear()
        runs = self.backend.quiz_history()
        for run in reversed(runs):
            percent = round(100 * run.score / run.total) if run.total else 0
            tags = " ".join(f"#{t}" for t in run.tags) or self.tr("all products")
            self.history.addItem(f"{run.finished_at:%Y-%m-%d %H:%M}   {run.score}/{run.total}  ({percent}%)   {tags}")

    def _open_current(self) -> None:
        question = self.current
        if question is not None:
            self.open_product.emit(question.product_id)
