"""Layer 4, semantics: plausible values, units that fit, dates in order (pandas)."""
