"""Benchmarks and evaluation, all reached through ``dvk`` (bench, load test, report scores)."""
