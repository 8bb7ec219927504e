"""``ukcsa-data validate``: checks a data package in layers and reports every problem found.

One folder per layer, ``l1_descriptor`` to ``l8_words`` (named like ``tests/catalogue/test_l<N>_*``);
what they share is here: :mod:`.runner` runs them in order, :mod:`.rules` gives a rule its shape
(and :func:`~.rules.readable_rows`, so that nothing is reported twice), :mod:`.output` writes the
report. See docs/validation.md.
"""
