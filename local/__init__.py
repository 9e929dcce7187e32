"""The local embedded stack: moto in-process, resources from template.yaml, the HTTP API on loopback."""
