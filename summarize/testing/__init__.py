"""Helpers for tests and benchmarks: tiny checkpoints built on the spot (tiny_models) and a
headless-Chromium screenshot helper (chromium). Nothing here is used by the pipeline."""
