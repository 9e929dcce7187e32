"""One Powertools Router per resource."""

IMPORT_ROUTE = "POST /imports"  # a file: the import limit, not the JSON one (tracker/api/app.py)
