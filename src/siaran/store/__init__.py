"""Storage: the DuckDB schema, forward migrations and engine access."""
