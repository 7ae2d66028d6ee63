"""summarize: multi-document news summarization.

Pipeline: ingest -> clean -> sentences -> group -> rank -> fuse -> render
(plus evaluate and digest). See DESIGN.md for the contract.
"""

__version__ = "0.1.0"
