"""Networking Tracker: the code every function shares (packaged as the Lambda layer)."""
