"""The use cases, one module each: they take typed commands (domain), work through the ports
(tracker/ports.py) and know nothing of HTTP, events or DynamoDB."""
