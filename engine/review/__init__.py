"""The review store: submissions, checks, findings, 审核说明 and decisions, kept in a real database (SQLite or PostgreSQL)."""
