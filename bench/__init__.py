"""Benchmarks that run the project and a baseline side by side and print the ratio.

Scripts, not tests: `python -m bench.submit`, `python -m bench.export`, ... (see
docs/benchmarks.md). Timing goals are checked here, never in the test suite.
"""
