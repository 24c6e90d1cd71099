"""Use cases of the API. Services raise `api.errors.AppError` subclasses, never HTTPException."""
