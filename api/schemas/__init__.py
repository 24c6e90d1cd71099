"""Pydantic request/response models of the HTTP API (separate from ORM rows and domain types)."""
