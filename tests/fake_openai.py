"""A fake OpenAI server on 127.0.0.1: real HTTP, scripted replies, every request recorded.

The openai SDK talks to it exactly as to the real service (the SDK's HTTP client cannot be
patched from outside), so retries, timeouts and JSON parsing are exercised for real.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MODEL = "fake-model"
FAKE_KEY = "sk-test-0123456789abcdefWXYZ"


@dataclass
class Reply:
    """One scripted reply: a status, a body (the chat content or raw bytes) and extra headers."""

    status: int = 200
    content: str | None = None  # the assistant message content (JSON text for structured output)
    raw: bytes | None = None  # a whole response body, for error replies
    refusal: str | None = None  # the model declining, as structured outputs report it
    delay_s: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)
    usage: dict | None = field(default_factory=lambda: {"prompt_tokens": 1200, "completion_tokens": 300})


def judgement_reply(**judgement) -> Reply:
    """A 200 reply whose content is a `ModelJudgement` with sensible defaults."""
    body = {
        "customer_focus": 70,
        "technology_talk": 20,
        "evidence": 60,
        "overall": 70,
        "verdict": "customer-focused",
        "customer_quotes": [],
        "technology_quotes": [],
        "metric_quotes": [],
        "myths": [],
        "covered_talking_points": [],
        "feedback": ["Lead with the customer's problem."],
    }
    body.update(judgement)
    return Reply(content=json.dumps(body))


def status_reply(status: int, message: str = "fake error", **headers: str) -> Reply:
    raw = json.dumps({"error": {"message": message, "type": "fake", "code": None}}).encode()
    return Reply(status=status, raw=raw, headers=headers)


class FakeOpenAI:
    """Serve `/v1/chat/completions` and `/v1/models`; replies come from `script` in order, and
    the last one repeats."""

    def __init__(self, models: tuple[str, ...] = (MODEL,)):
        self.script: list[Reply] = []
        self.requests: list[dict] = []  # {"path", "headers", "body"}
        self.models = models
        self._lock = threading.Lock()
        self._release = threading.Event()  # lets slow replies end early at shutdown
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    @property
    def completions(self) -> list[dict]:
        return [r for r in self.requests if r["path"].endswith("/chat/completions")]

    def __enter__(self) -> FakeOpenAI:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._release.set()
        self.server.shutdown()
        self.server.server_close()

    def _next(self) -> Reply:
        with self._lock:
            if not self.script:
                return judgement_reply()
            return self.script.pop(0) if len(self.script) > 1 else self.script[0]

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args) -> None:  # keep test output quiet
                pass

            def _send(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):  # the client gave up (timeout test)
                    pass

            def do_GET(self) -> None:
                fake.requests.append(
                    {"path": self.path, "headers": {k.lower(): v for k, v in self.headers.items()}, "body": None}
                )
                if self.path.rstrip("/").endswith("/models"):
                    data = [{"id": m, "object": "model", "created": 0, "owned_by": "fake"} for m in fake.models]
                    self._send(200, json.dumps({"object": "list", "data": data}).encode())
                else:
                    self._send(404, b'{"error": {"message": "not found"}}')

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                body = json.loads(self.rfile.read(length) or b"{}")
                fake.requests.append(
                    {"path": self.path, "headers": {k.lower(): v for k, v in self.headers.items()}, "body": body}
                )
                reply = fake._next()
                if reply.delay_s:
                    fake._release.wait(reply.delay_s)
                if reply.raw is not None or reply.status != 200:
                    self._send(reply.status, reply.raw or b"{}", reply.headers)
                    return
                usage = None
                if reply.usage:
                    usage = {**reply.usage, "total_tokens": sum(reply.usage.values())}
                completion = {
                    "id": "chatcmpl-fake",
                    "object": "chat.completion",
                    "created": int(time.time()),
                    "model": body.get("model", MODEL),
                    "choices": [
                        {
                            "index": 0,
                            "finish_reason": "stop",
                            "message": {"role": "assistant", "content": reply.content, "refusal": reply.refusal},
                        }
                    ],
                    "usage": usage,
                }
                self._send(200, json.dumps(completion).encode(), reply.headers)

        return Handler
