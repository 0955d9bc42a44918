"""The products window, the link card and the self-test (issue 7)."""

from sidekick.ui.products.link_card import LinkCard
from sidekick.ui.products.quiz_dialog import QuizDialog
from sidekick.ui.products.window import ProductsWindow

__all__ = ["LinkCard", "ProductsWindow", "QuizDialog"]
