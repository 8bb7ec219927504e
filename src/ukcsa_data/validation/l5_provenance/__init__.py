"""Layer 5, provenance and coverage: every row is where its quote says, and every
number of every seed is accounted for."""
