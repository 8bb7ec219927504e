"""Layer 6, consistency: statistics, relations, areas, retired identifiers and series
agree with each other."""
