"""Alembic environment for the dvk app database."""

from alembic import context
from sqlalchemy import create_engine

from data_loaders.appdb import Base

config = context.config
target_metadata = Base.metadata


def run() -> None:
    url = config.get_main_option("sqlalchemy.url")
    engine = create_engine(url)
    with engine.connect() as connection:
        if connection.dialect.name == "postgresql":
            # several dashboard processes may start at once: one migrates, the others wait
            connection.exec_driver_sql("SELECT pg_advisory_lock(724201)")
            connection.commit()
        context.configure(
            connection=connection, target_metadata=target_metadata, render_as_batch=True
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


run()
