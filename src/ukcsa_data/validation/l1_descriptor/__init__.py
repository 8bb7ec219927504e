"""Layer 1, safety before reading data: the descriptor, resource paths, Table Schemas,
schema patterns and URLs."""
