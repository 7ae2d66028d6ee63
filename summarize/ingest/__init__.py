"""Ingest: turn files, directories, JSON/JSONL and stdin into Articles, skipping bad input.

`paths` reads what the user names (files, directories, stdin) with size caps and gives each
article its id; `formats` recognises and parses each input. Bad input (unreadable, empty,
binary, undecodable, oversized, malformed JSON, not a regular file) is reported through
`on_skip` with its reason and never stops the good articles.
"""

from summarize.ingest.formats import FIELDS, FORMATS, UnusableInput, article_from_record
from summarize.ingest.paths import MAX_BYTES, STDIN, article_id, parse_bytes, read_paths, shown

__all__ = [
    "FIELDS", "FORMATS", "MAX_BYTES", "STDIN", "UnusableInput", "article_from_record",
    "article_id", "parse_bytes", "read_paths", "shown",
]
