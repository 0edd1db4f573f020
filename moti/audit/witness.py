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
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from django.conf import settings
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Unreadable:
    """An entry of a witness that is not a checkpoint, and where it is: verify-logs reports it
    and reads on, instead of failing on the first bad line."""

    where: str  # "line 3", "checkpoint 3"
    reason: str


Held = dict[str, Any] | Unreadable


def checked(data: Any, where: str) -> Held:
    """`data` if it is a checkpoint as witnessed ({"seq", "body", "signature"})."""
    if (isinstance(data, dict) and type(data.get("seq")) is int
            and isinstance(data.get("body"), str) and isinstance(data.get("signature"), str)):
        return data
    return Unreadable(where, "not a checkpoint (seq, body and signature)")


class Witness(Protocol):
    name: str

    def latest_seq(self) -> int: ...

    def record(self, checkpoint: dict[str, Any]) -> None: ...

    def checkpoints(self) -> Iterator[Held]: ...


class FileWitness:
    """One JSON line per checkpoint: {"seq", "body", "signature"}. A missing file holds none
    (a new witness); verify-logs reports a witness that lacks checkpoints the database has."""

    def __init__(self, *, PATH: str, **options: Any):  # noqa: N803 (settings style)
        self.path = Path(PATH)
        self.name = f"file {self.path}"

    def checkpoints(self) -> Iterator[Held]:
        if not self.path.exists():
            return
        with self.path.open("rb") as lines:
            for number, line in enumerate(lines, start=1):
                if not line.strip():
                    continue
                try:
                    data = json.loads(line.decode("utf-8"))
                except (ValueError, RecursionError):  # not UTF-8, not JSON, nested too deep
                    yield Unreadable(f"line {number}", "not JSON")
                    continue
                yield checked(data, f"line {number}")

    def latest_seq(self) -> int:
        return max((c["seq"] for c in self.checkpoints() if isinstance(c, dict)), default=0)

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
        answer = self._get()
        try:
            return int(answer["seq"])
        except (KeyError, TypeError, ValueError):
            raise ValueError(f"{self.name} answered no sequence number") from None

    def checkpoints(self) -> Iterator[Held]:
        for seq in range(1, self.latest_seq() + 1):
            try:
                data = self._get(f"?seq={seq}")
            except ValueError:
                yield Unreadable(f"checkpoint {seq}", "not JSON")
                continue
            yield checked(data, f"checkpoint {seq}")

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
