"""How the functions run: the composition root (the services on their adapters, container.py)
and the SQS batch runner (batches.py). The only part of `tracker` that picks adapters."""

from tracker.runtime.container import Services, build_services, dynamo_repositories, services, use_clock

__all__ = ["Services", "build_services", "dynamo_repositories", "services", "use_clock"]
