"""The base layer: what every other part uses (contract, package files, table
schemas, problems and limits, safe reading and writing, escaping); imports nothing above it."""
