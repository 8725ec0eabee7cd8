"""The validation service: the engine over HTTP, with a rulebook editable through it (FastAPI on uvicorn)."""
