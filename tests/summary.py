"""Figure lines the suite prints after its run, with or without pytest-xdist.

A test or fixture calls `report(section, line)`; the root conftest prints every section in the
terminal summary. Under xdist a worker's output never reaches the terminal, so each worker
hands its lines to the controller (`workeroutput`) when it finishes and the controller prints
them all, in the order the workers finished.
"""

from __future__ import annotations

SECTIONS: dict[str, list[str]] = {}


def report(section: str, line: str) -> None:
    """Print `line` under `section` after the run (sections in the order first reported)."""
    SECTIONS.setdefault(section, []).append(line)


def merge(sections: dict[str, list[str]]) -> None:
    """Add the lines another process reported."""
    for section, lines in sections.items():
        SECTIONS.setdefault(section, []).extend(lines)
