"""The probe suite: the meta-evaluation that tells whether the scorer judges meaning.

Predictions are built from gold (:mod:`.builder`), edited the way a model might get them
right in other words or wrong (:mod:`.edits`, :mod:`.cases`), and the suite
(:mod:`.suite`) checks that the scorer ranks them as a careful reader would.
"""
