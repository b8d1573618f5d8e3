"""A real small model answers summarizer's prompt: what a user gets, in bounded time.

SmolLM2-135M is far too small to write good briefs; these tests assert behaviour, not
quality: every mode llama.cpp serves ends, within its deadline, in a grounded brief (maybe
partial, marked so) or in a typed error; usage comes from the real server; a cut-off
answer and a passed deadline are reported as such.
"""

from __future__ import annotations

import time
from typing import Any

import pytest

from summarizer import (
    DeadlineExceeded,
    Mode,
    ModelOutputError,
    ProviderError,
    SummarizerError,
    summarize,
)
from summarizer.brief.grounding import grounding_problems
from tests.real.llama import LlamaServer

pytestmark = pytest.mark.real

# Fictional, written for these tests.
ARTICLE = """Shelling hits market in Varn Hollow; rescuers count the dead

VARN HOLLOW, 3 March 2026 - Shelling struck the covered market in Varn Hollow on Tuesday,
killing at least 12 civilians and wounding 30 others, the Varn Hollow Rescue Committee said.

The committee blamed the Kestrel Front, an armed group that holds the hills east of the town.
A Kestrel Front spokesman, Oren Vask, denied the charge and said government artillery had
fired the shells.

The regional governor said about 400 families had left the town since Tuesday. Aid trucks
from Open Door Relief were waiting at the northern checkpoint, the group said.
"""

DEADLINE = 60.0
LIMITS: dict[str, Any] = {"max_reasks": 0, "max_tokens": 500, "timeout": 60, "max_retries": 0}


def brief(server: LlamaServer, **options: Any) -> Any:
    return summarize(ARTICLE, base_url=server.base_url, model="smollm2", **(LIMITS | options))


@pytest.mark.parametrize("mode", [Mode.JSON_SCHEMA, Mode.JSON, Mode.MD_JSON, Mode.TOOLS])
def test_every_mode_ends_in_a_grounded_brief_or_a_typed_error_in_bounded_time(
    llama: LlamaServer, mode: Mode, capsys: pytest.CaptureFixture[str]
) -> None:
    started = time.monotonic()
    try:
        result = brief(llama, mode=mode, deadline=DEADLINE, partial=True)
    except SummarizerError as error:
        assert isinstance(error, ModelOutputError | ProviderError), repr(error)
        outcome = f"{type(error).__name__}: {str(error)[:90]}"
    else:
        # Whatever the model wrote, what reaches the user is grounded.
        assert grounding_problems(result.brief, ARTICLE) == []
        if result.partial:  # what was left out is said, item by item
            assert result.dropped and result.notes
        # Usage is the real server's count, not an estimate.
        assert result.usage.prompt_tokens > 500
        assert 0 < result.usage.completion_tokens <= LIMITS["max_tokens"] * result.attempts
        outcome = (
            f"{'partial' if result.partial else 'complete'} brief "
            f"({len(result.dropped)} dropped), {result.usage.prompt_tokens} prompt + "
            f"{result.usage.completion_tokens} answer tokens"
        )
    elapsed = time.monotonic() - started
    assert elapsed < DEADLINE + 5
    with capsys.disabled():
        print(f"\n  real model, {mode.value}: {elapsed:.1f} s, {outcome}")


def test_an_answer_cut_off_by_max_tokens_is_reported_as_such(llama: LlamaServer) -> None:
    with pytest.raises(ModelOutputError, match="cut off by its output token limit"):
        brief(llama, mode=Mode.JSON_SCHEMA, max_tokens=24, deadline=DEADLINE)


def test_the_deadline_stops_a_slow_brief(llama: LlamaServer) -> None:
    started = time.monotonic()
    with pytest.raises(DeadlineExceeded, match="deadline of 3 s"):
        brief(llama, mode=Mode.JSON_SCHEMA, max_tokens=2000, deadline=3)
    assert time.monotonic() - started < 6
