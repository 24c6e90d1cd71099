"""SQLAlchemy 2 repositories: keyword-only functions mapping rows to plain dataclasses."""
