"""The sentence model loads from the installed wheel with no network, and leaves logging
as it found it."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from summarizer.evals.matching.similarity import sentence_model


def test_the_model_loads_offline_and_scores_without_any_connection() -> None:
    code = textwrap.dedent(
        """
        import logging, socket

        def refuse(*args, **kwargs):
            raise OSError("network used")

        socket.socket.connect = refuse
        socket.create_connection = refuse
        before = list(logging.getLogger().handlers), logging.getLogger().level
        from summarizer.evals.matching.similarity import sentence_model
        model = sentence_model()
        after = list(logging.getLogger().handlers), logging.getLogger().level
        assert before == after, (before, after)
        same = model.similarity("Rebels blocked the road.", "The road was blocked by rebels.")
        other = model.similarity("Rebels blocked the road.", "The harvest drew crowds.")
        print(f"{same:.4f} {other:.4f}")
        """
    )
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "HOME": "/nonexistent"}
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    same, other = map(float, done.stdout.split())
    assert same > 0.7 > 0.3 > other


def test_similarity_is_symmetric_deterministic_and_rounded() -> None:
    model = sentence_model()
    a, b = "Aid trucks reached the town.", "The town received aid convoys."
    assert model.similarity(a, b) == model.similarity(b, a) == round(model.similarity(a, b), 4)
    assert model.similarity(a, a) == 1.0
