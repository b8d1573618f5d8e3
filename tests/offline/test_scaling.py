"""The offline backend's time grows linearly with the article (issue: 2 MB took 111 s).

A rule that scans every earlier sentence, mention or claim for each sentence makes the
time grow with the square of the length; eight times the text then costs about sixty-four
times as long instead of eight. CPU time (not wall time) keeps the check steady on a busy
machine. FICTIONAL sentences (invented groups and towns).
"""

from __future__ import annotations

import time

from summarizer.offline.backend import build_brief

_TOWNS = ("Orlek", "Sarn Ford", "Quillby", "Tolleth", "Ambry")


def _article(paragraphs: int) -> str:
    return "\n\n".join(
        f"Kestrel Front fighters killed {i + 2} people in {_TOWNS[i % 5]} on Tuesday, the "
        "Valley Watch said. The Estmark army denied the claim."
        for i in range(paragraphs)
    )


def _cpu_seconds(text: str) -> float:
    # build_brief, not offline_brief: the latter keeps its last results in a small cache.
    started = time.process_time()
    build_brief(text)
    return time.process_time() - started


def test_eight_times_the_text_takes_about_eight_times_as_long() -> None:
    small, large = _article(250), _article(2_000)
    _cpu_seconds(small)  # warm-up: lexicon and patterns
    ratio = _cpu_seconds(large) / _cpu_seconds(small)
    assert ratio < 12, f"8x the text took {ratio:.1f}x the time"


def test_the_cycle_collector_is_restored_as_it_was() -> None:
    import gc

    assert gc.isenabled()
    build_brief("Shelling hit Orlek on Tuesday, killing nine people, medics said.")
    assert gc.isenabled()
    gc.disable()
    try:
        build_brief("Shelling hit Orlek on Tuesday, killing nine people, medics said.")
        assert not gc.isenabled()
    finally:
        gc.enable()
