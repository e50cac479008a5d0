"""billing's data layer: SQLAlchemy models, repositories and Alembic migrations."""
