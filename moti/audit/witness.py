"""Witnesses: places outside the database that keep every checkpoint, so that a database
rolled back, truncated or rewritten no longer matches what was witnessed.

A witness is configured in `MOTI_LOG_WITNESSES` as {"BACKEND": dotted path, **options}:
- `FileWitness` (default): appends each checkpoint as a JSON line to a file, never rewriting
  it. Put it on storage the database's operators cannot change (another host, a WORM volume,
  `chattr +a`).
- `HttpWitness`: POSTs each checkpoint as JSON to another organisation's endpoint, which
  answers with the sequence number it holds (GET, {"seq": n}) and its copy (GET ?seq=n).
"""

import json
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol

from django.conf import settings
from django.utils.module_loading import import_string


class Witness(Protocol):
    name: str

    def latest_seq(self) -> int: ...

    def record(self, checkpoint: dict[str, Any]) -> None: ...

    def checkpoints(self) -> Iterator[dict[str, Any]]: ...


class FileWitness:
    """One JSON line per checkpoint: {"seq", "body", "signature"}."""

    def __init__(self, *, PATH: str, **options: Any):  # noqa: N803 (settings style)
        self.path = Path(PATH)
        self.name = f"file {self.path}"

    def checkpoints(self) -> Iterator[dict[str, Any]]:
        if not self.path.exists():
            return
        with self.path.open(encoding="utf-8") as lines:
            for line in lines:
                if line.strip():
                    yield json.loads(line)

    def latest_seq(self) -> int:
        return max((c["seq"] for c in self.checkpoints()), default=0)

    def record(self, checkpoint: dict[str, Any]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as out:
            out.write(json.dumps(checkpoint, ensure_ascii=False, sort_keys=True) + "\n")
            out.flush()


class HttpWitness:
    """Another organisation's endpoint that keeps our checkpoints."""

    def __init__(self, *, URL: str, TIMEOUT: float = 10, **options: Any):  # noqa: N803
        self.url = URL.rstrip("/")
        self.timeout = TIMEOUT
        self.name = f"endpoint {self.url}"

    def _get(self, query: str = "") -> Any:
        with urllib.request.urlopen(f"{self.url}/{query}", timeout=self.timeout) as response:
            return json.load(response)

    def latest_seq(self) -> int:
        return int(self._get()["seq"])

    def checkpoints(self) -> Iterator[dict[str, Any]]:
        for seq in range(1, self.latest_seq() + 1):
            yield self._get(f"?seq={seq}")

    def record(self, checkpoint: dict[str, Any]) -> None:
        request = urllib.request.Request(
            f"{self.url}/", data=json.dumps(checkpoint).encode(), method="POST",
            headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=self.timeout):
            pass


def witnesses() -> list[Witness]:
    return [import_string(config["BACKEND"])(**{k: v for k, v in config.items()
                                                 if k != "BACKEND"})
            for config in settings.MOTI_LOG_WITNESSES]
