"""How close in meaning two sentences are: static word embeddings, offline and deterministic.

The model is WordLlama's ``l2_supercat`` at 256 dimensions: a 16 MB table of token
embeddings that ships inside the ``wordllama`` wheel (no download, no torch; numpy and the
``tokenizers`` library do the work). A sentence pair scores the mean of two measures:

- the cosine of the two sentences' mean-pooled, normalised embeddings;
- a soft word-overlap F: each content word is paired with its most similar word on the other
  side (cosine of word embeddings), recall and precision are the mean best similarities of
  each side, F their harmonic mean (the idea of BERTScore, with static embeddings).

Both are blind to negation and to who did what to whom: :mod:`summarizer.evals.matching.meaning`
adds those checks. Why this model, and how it separates paraphrases from other sentences, is
measured in ``evals/README.md`` ("Sentence similarity").
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Sequence
from importlib.util import find_spec
from pathlib import Path
from typing import TYPE_CHECKING, Any

from summarizer.evals.matching.lexical import STOPWORDS

__all__ = ["SentenceModel", "sentence_model"]

if TYPE_CHECKING:  # numpy loads with the model, not with `summarizer --help`
    import numpy as np
    import numpy.typing as npt

    Vectors = npt.NDArray[np.float32]

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def _load_inference() -> Any:
    spec = find_spec("wordllama")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("the wordllama package is not installed")
    package = Path(next(iter(spec.submodule_search_locations)))
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    # Importing wordllama calls logging.basicConfig(level=INFO) on the root logger, which
    # would make every library log visible in the CLI: put the root logger back as it was.
    from wordllama import WordLlama

    root.handlers[:] = handlers
    root.setLevel(level)
    # The loader looks for the tokenizer under "tokenizer/" in the package but ships it in
    # "tokenizers/"; as a cache directory the package folder resolves both files, and
    # disable_download makes a missing file an error instead of a network request.
    return WordLlama.load(cache_dir=package, disable_download=True)


class SentenceModel:
    """Sentence and word embeddings with a per-text cache (texts repeat across a run)."""

    def __init__(self, inference: Any) -> None:
        self._inference = inference
        self._sentences: dict[str, Vectors] = {}
        self._words: dict[str, Vectors] = {}
        self._pairs: dict[tuple[str, str], float] = {}

    def _embed(self, texts: Sequence[str], cache: dict[str, Vectors]) -> Vectors:
        import numpy

        missing = list(dict.fromkeys(t for t in texts if t not in cache))
        if missing:
            vectors = self._inference.embed(missing, norm=True)
            for text, vector in zip(missing, vectors, strict=True):
                cache[text] = numpy.nan_to_num(vector.astype(numpy.float32))
        return numpy.stack([cache[t] for t in texts])

    def sentences(self, texts: Sequence[str]) -> Vectors:
        """Normalised sentence embeddings, one row per text."""
        return self._embed(texts, self._sentences)

    def _content_words(self, text: str) -> list[str]:
        words = _WORD.findall(text.lower().replace("\u2019", "'"))
        return [w for w in words if w not in STOPWORDS] or words

    def soft_overlap(self, a: str, b: str) -> float:
        """Soft word-overlap F of two texts (0 when either has no word)."""
        wa, wb = self._content_words(a), self._content_words(b)
        if not wa or not wb:
            return 0.0
        matrix = self._embed(wa, self._words) @ self._embed(wb, self._words).T
        recall = float(matrix.max(axis=1).mean())
        precision = float(matrix.max(axis=0).mean())
        if recall + precision <= 0:
            return 0.0
        return 2 * recall * precision / (recall + precision)

    def similarity(self, a: str, b: str) -> float:
        """Mean of the sentence cosine and the soft word overlap, in [-1, 1], rounded to
        four decimals so that scores do not depend on the last bits of a BLAS kernel."""
        key = (a, b) if a <= b else (b, a)
        if key not in self._pairs:
            if not a.strip() or not b.strip():
                value = 0.0
            else:
                va, vb = self.sentences([a, b])
                value = 0.5 * float(va @ vb) + 0.5 * self.soft_overlap(a, b)
            self._pairs[key] = round(value, 4)
        return self._pairs[key]


@functools.cache
def sentence_model() -> SentenceModel:
    """The shared model, loaded on first use (about 0.4 s: import and a 16 MB file)."""
    return SentenceModel(_load_inference())
