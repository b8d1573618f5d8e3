"""Event dates: each dated mention in the body, with a short description of what happened.

A description is the sentence that dates the event, without its dateline, leading connector
and the date words themselves, cut to its main clause: at the first clause boundary (a comma,
a semicolon, a dash, or a word that opens a subordinate clause such as "when" or "saying")
that follows a verb, else, past a word limit, where the next phrase begins. A cut never leaves
a dangling function word ("in", "the", "would"), so descriptions read as phrases rather than
as truncated text. Everything here is a pure function of the sentence: same input, same
description.
"""

from __future__ import annotations

import datetime as dt
import re

from summarizer.brief.schema import EventDate
from summarizer.offline.dates import dateline_end, find_full_dates, relative_dates
from summarizer.offline.disputes import clean_statement
from summarizer.offline.lexicon import lexicon
from summarizer.offline.text import Sentence, word_set

__all__ = ["event_dates", "event_phrase"]

_MAX_WORDS = 16
"""A clause boundary is looked for up to here; a sentence no longer is kept whole."""
_SOFT_WORDS = 10
_OVERRUN = 4
"""Past the limit, the cut falls before the first function word from ``_SOFT_WORDS`` on,
at most this many words beyond the limit, so a phrase ends where it ends."""
_MIN_WORDS = 3
"""A clause boundary is only a cut when at least this many words come before it."""
_DATE_PREPOSITION = re.compile(r"\b(?:on|since|until|by|before|after|from)\s+$", re.I)
_DASHES = frozenset({"-", "\u2013", "\u2014"})


# Words that open a clause the description can do without.
_CLAUSE_OPENERS = word_set(
    "when after because while which who whose where although though if unless despite amid "
    "saying adding according whereas prompting forcing leaving killing"
)
# Words that open a new phrase: past the word limit, a cut before one ends a phrase whole.
_PHRASE_STARTERS = word_set(
    "a an the this these those its their his her our your my some any no each every "
    "of in on at to for from by with into onto near between after before during since until "
    "across over under through against about among towards toward via per than like "
    "and or but nor so yet that whether if when while which who whose where because "
    "although though"
)
# Words a readable phrase does not end on: the phrase starters, plus auxiliaries and other
# words that announce more to come.
_DANGLING = _PHRASE_STARTERS | word_set(
    "as is are was were be been being has have had will would can could may might must "
    "shall should do does did not also only just very more most least such up out "
    "said says told say according"
)
_AUXILIARIES = word_set(
    "is are was were be been has have had will would can could may might must shall should "
    "did does do"
)
_IRREGULAR_VERBS = word_set(
    "fled left fell hit struck shot took came went began made held met led sent ran told "
    "saw gave broke fought brought caught kept lost won burnt blew drove rose set cut put "
    "withdrew drew flew threw grew knew overran overtook became spoke stood sought found "
    "built sank spent swept stole slew tore hid fed bled bore rode "
    "says said say tell tells kill kills die dies flee flees"
)
_DETERMINERS = word_set("a an the this that these those its their his her our some any no each")
_QUOTES = "\"'\u201c\u201d\u2018\u2019"
_OPEN = {"\u201c": "\u201d", "(": ")", "[": "]"}
_TRAILING = ",;:-\u2013\u2014 "


def _is_verb(word: str, previous: str | None) -> bool:
    """A cheap guess: an auxiliary, a reporting verb, a common irregular past, or an "-ed"
    word that neither is capitalised ("Armed Forces") nor follows a determiner ("an armed
    group")."""
    w = word.lower().strip(_QUOTES + ",;:()")
    lex = lexicon()
    if (
        w in _AUXILIARIES
        or w in _IRREGULAR_VERBS
        or w in lex.claim_verbs
        or w in lex.accusation_verbs
        or w in lex.denial_verbs
    ):
        return True
    determined = previous is not None and previous.lower() in _DETERMINERS
    return len(w) > 4 and w.endswith("ed") and word[:1].islower() and not determined


def _balanced(words: list[str]) -> list[str]:
    """Cut before an opening quote or bracket that the phrase does not close."""
    text = " ".join(words)
    for opener, closer in _OPEN.items():
        at = text.rfind(opener)
        if at != -1 and text.find(closer, at) == -1:
            kept = text[:at].split()
            if len(kept) >= _MIN_WORDS:
                return kept
            text = text.replace(opener, "")
    # A closing quote left from a quotation that began before the sentence.
    if text.count("\u201d") > text.count("\u201c"):
        text = text.replace("\u201d", "")
    if text.count('"') % 2:
        text = text.replace('"', "")
    return text.split()


def _dangles(word: str) -> bool:
    """True for a function word, or a participle whose phrase a cut took ("Russia marking")."""
    return word.lower() in _DANGLING or (word.endswith("ing") and word[:1].islower())


def _trim(words: list[str], *, complete: bool) -> list[str]:
    """Drop trailing punctuation and, after a cut mid-clause, trailing function words."""
    while words:
        last = words[-1].rstrip(_TRAILING)
        if not last or (not complete and len(words) > 1 and _dangles(last)):
            words = words[:-1]
        else:
            words = [*words[:-1], last]
            break
    return words


def _ends_clause(word: str) -> bool:
    return word.rstrip(_QUOTES).endswith((",", ";", ":"))


def _clause(words: list[str]) -> tuple[list[str], bool]:
    """The words up to the first clause boundary that follows a verb, within the limit;
    true when they form a whole clause, false when the limit cut one."""
    seen_verb = False
    for k, word in enumerate(words[:_MAX_WORDS]):
        if k >= _MIN_WORDS and seen_verb and word.lower() in _CLAUSE_OPENERS:
            return words[:k], True
        seen_verb = seen_verb or _is_verb(word, words[k - 1] if k else None)
        if k + 1 >= _MIN_WORDS and seen_verb and _ends_clause(word):
            return words[: k + 1], True
        if k + 1 < len(words) and words[k + 1] in _DASHES and seen_verb:
            return words[: k + 1], True
    if len(words) <= _MAX_WORDS:
        return words, True
    # Past the limit: end where a phrase ends, before the next function word.
    for j in range(_SOFT_WORDS, min(len(words), _MAX_WORDS + _OVERRUN)):
        if words[j].lower() in _PHRASE_STARTERS or _ends_clause(words[j - 1]):
            return words[:j], False
    return words[:_MAX_WORDS], False


def event_phrase(sentence: str, remove: list[tuple[int, int]]) -> str:
    """A short, clean description of ``sentence`` without the character spans ``remove``.

    >>> event_phrase("Rebels said on Wednesday that militias blocked the road, in a sign "
    ...              "of trouble.", [(12, 24)])
    'Rebels said that militias blocked the road'
    """
    text = sentence
    for start, end in sorted(remove, reverse=True):
        text = text[:start] + text[end:]
    text = text[dateline_end(text) :]
    text = re.sub(r"\s+([,;:.!?\u201d)])", r"\1", text)
    text = re.sub(r"([,;:])(?:\s*[,;:])+", r"\1", text)
    text = clean_statement(text.strip().lstrip(_TRAILING + ".")).rstrip(".!? ")
    clause, complete = _clause(text.split())
    words = _trim(_balanced(clause), complete=complete)
    phrase = " ".join(words).strip()
    return phrase[:1].upper() + phrase[1:]


def _says_something(phrase: str) -> bool:
    """False for what is left of a line that only dated the report ("As of")."""
    words = phrase.split()
    if len(words) >= _MIN_WORDS:
        return True
    return len(words) == 2 and any(_is_verb(w, None) for w in words)


def event_dates(
    body: list[Sentence], reporting: dt.date | None
) -> tuple[list[EventDate], dict[int, dt.date]]:
    """Every dated event in ``body`` and, per sentence index, the first date it gives.

    Full dates are kept as they stand; weekday and yesterday/today/tomorrow expressions need
    ``reporting``. A date in a sentence's dateline is the reporting date, not an event, and a
    mention whose sentence says nothing else ("As of 17 September 2021") is skipped too.
    """
    events: list[EventDate] = []
    by_sentence: dict[int, dt.date] = {}
    for s in body:
        in_dateline = s.start + dateline_end(s.text)
        full = find_full_dates(s.text, s.start)
        found = [d for d in full if d.start >= in_dateline]
        if reporting is not None:
            found += relative_dates(s, reporting)
        # A figure in a sentence dates to the event the sentence gives, else to its dateline.
        for d in found + full:
            by_sentence.setdefault(s.index, d.date)
        for d in found:
            start = d.start - s.start
            if d.expression is None:  # "on 13 December 2016": the preposition goes too
                lead = _DATE_PREPOSITION.search(s.text[:start])
                start = lead.start() if lead else start
            phrase = event_phrase(s.text, [(start, d.end - s.start)])
            if _says_something(phrase):
                events.append(EventDate(date=d.date, event=phrase, expression=d.expression))
    return events, by_sentence
