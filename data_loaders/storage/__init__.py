"""Storage: every column once (schema), atomic Parquet writes (warehouse), checks and limits."""
