"""summarizer: structured, grounded briefs of conflict and humanitarian news.

>>> from summarizer import summarize
>>> result = summarize(article_text)  # doctest: +SKIP
>>> result.brief.parties[0].name, result.usage.total_tokens  # doctest: +SKIP
"""

from summarizer.batch.runner import asummarize_many, summarize_many
from summarizer.brief.result import BriefResult, Usage
from summarizer.brief.schema import (
    Brief,
    DisputedFact,
    DisputeStatus,
    Figure,
    FigureCategory,
    HumanitarianStatus,
    Party,
    PartyType,
    Side,
    Situation,
)
from summarizer.config import Mode, Settings
from summarizer.engine.backends import Backend, BackendIdentity, open_backend
from summarizer.engine.pipeline import asummarize, summarize
from summarizer.errors import (
    ConfigError,
    DeadlineExceeded,
    FetchError,
    InputError,
    ModelOutputError,
    ProviderError,
    ProviderTimeout,
    ProviderUnavailable,
    RateLimited,
    SummarizerError,
)

__version__ = "0.1.0"

__all__ = [
    "Backend",
    "BackendIdentity",
    "Brief",
    "BriefResult",
    "ConfigError",
    "DeadlineExceeded",
    "DisputeStatus",
    "DisputedFact",
    "FetchError",
    "Figure",
    "FigureCategory",
    "HumanitarianStatus",
    "InputError",
    "Mode",
    "ModelOutputError",
    "Party",
    "PartyType",
    "ProviderError",
    "ProviderTimeout",
    "ProviderUnavailable",
    "RateLimited",
    "Settings",
    "Side",
    "Situation",
    "SummarizerError",
    "Usage",
    "asummarize",
    "asummarize_many",
    "open_backend",
    "summarize",
    "summarize_many",
]
