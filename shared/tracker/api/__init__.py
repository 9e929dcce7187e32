"""The HTTP face of the tracker: Powertools resolver, routers per resource, pydantic schemas."""
