"""One scorer per field of the brief; each aligns gold and prediction and explains its points.

:mod:`~summarizer.evals.evaluators.context` holds what every field needs (gold, prediction,
the story's places, parties resolved to gold); the other modules score one field each.
"""
