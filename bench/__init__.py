"""Benchmarks (not tests): ``python -m bench`` prints a table with ratios against a reference
measured in the same run."""
