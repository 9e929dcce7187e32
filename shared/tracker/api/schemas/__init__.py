"""The JSON the API takes and gives, as pydantic models (and so the OpenAPI document), one
module per resource; what they share is in common.py."""
