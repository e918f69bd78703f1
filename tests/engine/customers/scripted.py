"""A scripted Generator for customer tests: records every prompt, replies with set texts."""

from __future__ import annotations

from collections.abc import Callable

from engine.core.callbacks import no_text
from engine.decoding.devices import DeviceChoice
from engine.decoding.protocol import GenerationResult

Reply = Callable[[list[dict[str, str]], str], str]


class ScriptedGenerator:
    """Answers each ``stream`` call with ``reply(messages, prefix)``; keeps every call."""

    name = "scripted"
    choice = DeviceChoice("cpu", "float32")

    def __init__(self, reply: Reply, backend: str = "torch") -> None:
        self.reply = reply
        self.backend = backend
        self.calls: list[list[dict[str, str]]] = []

    @property
    def adapter(self) -> str | None:
        return None

    def stream(self, messages, settings, *, on_text=no_text, stop=None, prefix=""):
        self.calls.append([dict(m) for m in messages])
        texts = [self.reply(list(messages), prefix) for _ in range(settings.variants)]
        for index, text in enumerate(texts):
            on_text(index, text)
        return GenerationResult(
            texts, sum(len(t.split()) for t in texts), 0.01, 0.001, False, [True] * len(texts)
        )

    def use_adapter(self, adapter: object) -> None:
        pass

    def decode_precision(self) -> str:
        return "float32"

    def close(self) -> None:
        pass

    def prompt_text(self) -> str:
        """Everything any prompt held, as one text."""
        return "\n".join(m["content"] for call in self.calls for m in call)


def task_of(messages: list[dict[str, str]]) -> str:
    """Which prompt this is: ``summary``, ``picks`` or ``message``."""
    user = messages[-1]["content"]
    if "<products>" in user and (
        "handle |" in user or "handle |" in user or "格式：handle" in user
    ):
        return "picks"
    if "<products>" in user:
        return "message"
    return "summary"
