"""How the scorer compares a prediction with gold: names of actors (aliases, acronyms,
demonyms, pro-/anti-), sentences (semantic similarity plus negation, actors and numbers),
and the one-to-one assignment of predicted items to gold items."""
