"""Fast, exact sentiment scoring: TextBlob's and VADER's numbers without their per-call cost.

``textblob_sentiment_many(texts)`` equals ``[TextBlob(t).sentiment for t in texts]`` and
``vader_compound_many(texts)`` equals ``[SentimentIntensityAnalyzer().polarity_scores(t)["compound"]
for t in texts]`` (to 1e-9, and in practice to the last bit), many times faster on one core;
``score_parallel`` spreads large inputs over every core and reports progress.

Examples:
    >>> from analytics.scoring.fastscore import score_parallel
    >>> score_parallel(["What a great idea!", "Not good at all."])
       polarity  subjectivity  vader_compound
    0      1.00          0.75          0.6588
    1     -0.35          0.60         -0.3412
"""

from .parallel import ENGINES, default_workers, progress_printer, score_many, score_parallel
from .textblob_fast import textblob_sentiment, textblob_sentiment_many
from .vader_fast import vader_compound, vader_compound_many

__all__ = [
    "ENGINES",
    "default_workers",
    "progress_printer",
    "score_many",
    "score_parallel",
    "textblob_sentiment",
    "textblob_sentiment_many",
    "vader_compound",
    "vader_compound_many",
]
