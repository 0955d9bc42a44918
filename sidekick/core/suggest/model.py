"""The intent model: kernel ridge regression from a message to the question bank's intents."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from sidekick.core.suggest import semantic
from sidekick.core.suggest.questions import QuestionTable, cached_question_bag

MODEL_RIDGE = 1.0  # λ: how far the model may bend to fit single phrasings
MODEL_CHUNK = 128  # phrasings compared with all others at a time while fitting


@dataclass(frozen=True)
class IntentModel:
    """Kernel ridge regression from a message to the intents, fitted on the bank's phrasings.

    The kernel is the similarity the engine already computes between a message and each
    phrasing: the n-grams' TF-IDF cosine, plus the sentence vectors' cosine when the encoder is
    on. Fitting solves ``(K + λI) alpha = Y`` once (K between the phrasings, Y their intents, 0/1);
    an intent's score for a message is its similarities to the phrasings times ``alpha``, about 1
    for a phrasing of the intent and about 0 for one of another. So scoring costs a product
    of vectors the engine has anyway."""

    alpha: np.ndarray  # (distinct phrasings, intents) float32

    @classmethod
    def fit(cls, questions: QuestionTable, intents: int, encoder: semantic.Encoder | None) -> IntentModel:
        texts = questions.distinct
        if not texts or not intents:
            return cls(np.zeros((len(texts), intents), dtype=np.float32))
        # float32 and in chunks: the kernel is the size of the bank squared (13 MB for 1,800
        # phrasings), and a whole-matrix product would hold a second one at once.
        vectors = questions.vectors(encoder) if encoder is not None else None
        kernel = np.empty((len(texts), len(texts)), dtype=np.float32)
        for at in range(0, len(texts), MODEL_CHUNK):
            part = slice(at, at + MODEL_CHUNK)
            kernel[part] = questions.index.scores_many([cached_question_bag(t, questions.with_words) for t in texts[part]])
            if vectors is not None:
                kernel[part] += vectors[part] @ vectors.T
        targets = np.zeros((len(texts), intents), dtype=np.float32)
        targets[questions.text_of_row, questions.owners] = 1.0
        kernel[np.diag_indices_from(kernel)] += MODEL_RIDGE
        return cls(np.linalg.solve(kernel, targets))

    def scores(self, similarity: np.ndarray) -> np.ndarray:
        """Per intent, from a message's similarity to each distinct phrasing."""
        return similarity @ self.alpha
