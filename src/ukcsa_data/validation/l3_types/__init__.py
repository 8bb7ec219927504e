"""Layer 3, types and constraints: cells parsed strictly by their Table Schema type, and
the schema's constraints, primary and foreign keys."""
