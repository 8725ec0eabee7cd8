"""Alembic environment: the connection comes from engine.review.db (never from a config file)."""
from alembic import context

from engine.review.tables import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
