"""Sending an issue to subscribers, crash-safe.

subscribers (CSV) + editions (issue folder) -> one personal message each
(message) -> one reused SMTP connection (transport), every step recorded in
an SQLite journal (journal) so a killed run resumes without sending twice
(campaign).
"""
