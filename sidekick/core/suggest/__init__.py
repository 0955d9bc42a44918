"""Reply suggestions from the buyer's own words (买家问法), pure Python.

``SuggestEngine`` ranks the library's phrases for a buyer message; ``load_question_bank``
reads the industry question bank; ``mask_buyer_text`` takes personal data out of buyer
text; ``link_intents`` finds the intents a phrase answers.
"""

from sidekick.core.suggest.bank import Intent, QuestionBank, load_question_bank, parse_question_bank
from sidekick.core.suggest.engine import SuggestEngine, Suggestion
from sidekick.core.suggest.linker import IntentLinker, link_intents
from sidekick.core.suggest.mask import mask_buyer_text

__all__ = [
    "Intent",
    "IntentLinker",
    "QuestionBank",
    "SuggestEngine",
    "Suggestion",
    "link_intents",
    "load_question_bank",
    "mask_buyer_text",
    "parse_question_bank",
]
