"""The nightly digest: one email per night with the events that are new or have grown.

state (what was sent, SQLite) -> job (read, window, group, select, summarize) -> compose
(multipart text + HTML) -> send (SMTP or .eml); the state commits only after a send succeeded.
"""
