"""Evaluation: datasets with references, ROUGE as the literature reports it, bootstrap
intervals and paired tests, a resumable runner, and JSON / Markdown / HTML reports.

datasets -> runner (summaries through the pipeline, cached) -> rouge -> bootstrap -> report.
"""
