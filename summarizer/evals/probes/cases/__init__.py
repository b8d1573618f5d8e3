"""The predictions of the probe suite, built from gold: one function per probe.

Each builder takes a :class:`Setting` (a fixture's gold brief, its article and the brief
built from gold) and returns a :class:`Variant` (the prediction, and for a misinforming edit
the same brief with the edited items left out), or None when the probe does not apply to the
fixture. The perfect brief lists every gold item, optional ones included, in gold order, so
item ``i`` of the brief is item ``i`` of gold. Importing this package registers every builder
in :data:`PROBE_BUILDERS`.
"""

from summarizer.evals.probes.cases import attributes, names, situation, statements
from summarizer.evals.probes.cases.base import PROBE_BUILDERS, Setting, Variant

__all__ = ["PROBE_BUILDERS", "Setting", "Variant", "attributes", "names", "situation", "statements"]
