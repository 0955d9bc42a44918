"""UI translations: Qt Linguist ``.ts`` files read directly at start-up.

Source strings in the code are English (``self.tr("Search")``); the default UI language is
Chinese. Translations live in ``resources/i18n/<language>/*.ts`` — one file per UI area, so
areas are translated independently — in the standard Linguist format translators already use.
Reading the XML ourselves avoids a compile step (``lrelease``) in the build and at install.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QObject, QTranslator

from sidekick.config.catalogue import catalogue
from sidekick.core.messages import MESSAGES_CONTEXT, fill, message_of, render, render_problem
from sidekick.core.types import Problem

DEFAULT_LANGUAGE = "zh_CN"
LANGUAGES = {"zh_CN": "中文", "en": "English"}


def with_args(text: str, *values: object) -> str:
    """``text`` with ``%1``, ``%2`` … replaced by ``values``, in one pass.

    Translations put the arguments wherever the language wants them (``%2 的 %1``). Chained
    ``.replace("%1", a).replace("%2", b)`` would also rewrite a ``%2`` inside ``a`` — a phrase
    title or a file name the agent typed; here a value is inserted as is, never searched again.
    A marker without a value (``%3`` with two values) stays as written.
    """
    return fill(text, *values)


class TsTranslator(QTranslator):
    """A translator backed by the ``.ts`` files of one language."""

    def __init__(self, language: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.language_code = language  # QTranslator.language() is Qt's method, not this
        self._table = catalogue(language)

    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str | None:
        # None (a null QString) tells Qt "not translated here", so it falls back to the
        # source text; an empty string would blank every untranslated label.
        return self._table.get((context, source))

    def isEmpty(self) -> bool:
        return not self._table


def install_language(language: str) -> None:
    """Switch the UI language at run time (widgets retranslate on ``LanguageChange``)."""
    app = QCoreApplication.instance()
    if app is None:
        return
    for old in app.findChildren(TsTranslator):
        app.removeTranslator(old)
        old.deleteLater()
    if language != "en":
        app.installTranslator(TsTranslator(language, app))
    _install_qt_catalogue(app, language)


QT_TRANSLATOR_NAME = "sidekick-qt-catalogue"


def _install_qt_catalogue(app: QCoreApplication, language: str) -> None:
    """Qt's own strings (file dialogs, standard buttons, context menus) in ``language``, from
    the catalogue Qt ships; without it they stay English in the Chinese UI."""
    for old in app.findChildren(QTranslator, QT_TRANSLATOR_NAME):
        app.removeTranslator(old)
        old.deleteLater()
    if language == "en":
        return
    catalogue = QTranslator(app)
    catalogue.setObjectName(QT_TRANSLATOR_NAME)
    if catalogue.load(f"qtbase_{language}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(catalogue)


def _message_translate(template: str) -> str:
    return QCoreApplication.translate(MESSAGES_CONTEXT, template)


def translated(text: object) -> str:
    """A ``Message`` of the core, the storage or the hub (a reader's refusal, a refused write, a hub
    that cannot be reached) in the UI's language; plain text as is. Give an exception's
    ``message_of(error)``: ``str(error)`` is English text only."""
    return render(text, _message_translate)


def error_text(error: BaseException) -> str:
    """What an error raised by the core, the storage or the hub says, in the UI's language."""
    return translated(message_of(error))


def problem_text(problem: Problem) -> str:
    """"file, row 12, code: reason" in the UI's language — what a lead needs to fix the file."""
    return render_problem(problem, _message_translate)
