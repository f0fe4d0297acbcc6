"""Benchmarks for bookings at national scale (not part of the test suite; see docs/benchmarks.md)."""
