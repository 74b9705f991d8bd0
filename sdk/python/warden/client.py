"""The Warden API client: scan a message before passing it on, stream transcripts and events in the
background, read conversations back."""
from __future__ import annotations

import hashlib
import logging
import os
import time
import urllib.parse
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Callable, Deque, Dict, List, Literal, Mapping, Optional, Tuple, Union

from ._http import request_json
from .errors import WardenApiError
from .retry import RetryPolicy, with_retry
from .sender import BackgroundSender, SenderStats

log = logging.getLogger("warden")

Direction = Literal["inbound", "internal", "outbound"]
Verdict = Literal["allowed", "flagged", "blocked"]
FailureMode = Literal["fail_closed", "fail_open"]
DIRECTIONS: Tuple[str, ...] = ("inbound", "internal", "outbound")

#: What happens when Warden cannot give a verdict. Inbound text (tool output, web pages, user input)
#: is where injections enter, so it is refused; set "fail_closed" for every direction when agents
#: execute code and an outage must not let a payload through.
DEFAULT_FAILURE_MODES: Dict[str, FailureMode] = {"inbound": "fail_closed", "internal": "fail_open", "outbound": "fail_open"}


@dataclass(frozen=True)
class Threat:
    category: str
    rule: str
    severity: str
    score: float
    start: int
    end: int
    explanation: str


@dataclass(frozen=True)
class ScanResult:
    """Warden's verdict on one text. ``scanned`` is False when Warden could not be reached and the
    failure mode decided instead (``error`` then says why)."""

    blocked: bool
    verdict: Verdict
    risk_score: float
    threats: Tuple[Threat, ...] = ()
    id: Optional[str] = None
    latency_ms: float = 0.0
    scanned: bool = True
    error: Optional[str] = None

    @property
    def rules(self) -> List[str]:
        return [t.rule for t in self.threats]


@dataclass(frozen=True)
class UnscannedRecord:
    """A text let through without a verdict (fail_open), kept locally and queued to Warden as an event."""

    event_id: Optional[str]
    agent_id: str
    direction: str
    text_sha256: str
    text_length: int
    reason: str
    at: float = field(default_factory=time.time)


def _threat(raw: Mapping[str, Any]) -> Threat:
    span = raw.get("span") or {}
    return Threat(
        category=str(raw.get("category", "")),
        rule=str(raw.get("rule", "")),
        severity=str(raw.get("severity", "")),
        score=float(raw.get("score", 0)),
        start=int(span.get("start", 0)),
        end=int(span.get("end", 0)),
        explanation=str(raw.get("explanation", "")),
    )


class WardenClient:
    """A client for one Warden project.

    ``base_url`` and ``api_key`` default to the ``WARDEN_URL`` and ``WARDEN_API_KEY`` environment
    variables. ``scan_timeout`` bounds how long ``scan()`` may hold the agent loop, retries included;
    everything else is sent by a background thread and never blocks the caller.
    """

    def __init__(
        self,
        base_url: Optional[str] = None,
        api_key: Optional[str] = None,
        *,
        timeout: float = 10.0,
        scan_timeout: float = 5.0,
        retry: Optional[RetryPolicy] = None,
        failure_mode: Union[FailureMode, Mapping[str, FailureMode], None] = None,
        batch_size: int = 100,
        flush_interval: float = 1.0,
        max_queue: int = 10_000,
        on_error: Optional[Callable[[str, Exception], None]] = None,
        transport: Optional[Callable[[str, str, str, Any, float], Any]] = None,
    ) -> None:
        url = base_url or os.environ.get("WARDEN_URL")
        key = api_key or os.environ.get("WARDEN_API_KEY")
        if not url:
            raise ValueError("WardenClient: base_url is required (or set WARDEN_URL)")
        if not key:
            raise ValueError("WardenClient: api_key is required (or set WARDEN_API_KEY)")
        if timeout <= 0 or scan_timeout <= 0:
            raise ValueError("WardenClient: timeout and scan_timeout must be > 0")
        self.base_url = url.rstrip("/")
        self._api_key = key
        self.timeout = timeout
        self.scan_timeout = scan_timeout
        self.retry = retry or RetryPolicy()
        self.failure_modes = self._failure_modes(failure_mode)
        self._transport = transport or request_json
        self._unscanned: Deque[UnscannedRecord] = deque(maxlen=1000)
        self.sender = BackgroundSender(
            lambda path, body: self._attempt("POST", path, body, self.timeout),
            batch_size=batch_size,
            flush_interval=flush_interval,
            max_queue=max_queue,
            retry=self.retry,
            on_error=on_error,
        )

    @staticmethod
    def _failure_modes(value: Union[str, Mapping[str, str], None]) -> Dict[str, FailureMode]:
        modes: Dict[str, Any] = dict(DEFAULT_FAILURE_MODES)
        if isinstance(value, str):
            modes = {d: value for d in DIRECTIONS}
        elif value is not None:
            modes.update(value)
        for direction, mode in modes.items():
            if direction not in DIRECTIONS or mode not in ("fail_closed", "fail_open"):
                raise ValueError(f"failure_mode: {direction!r} -> {mode!r} (expected fail_closed or fail_open per direction)")
        return modes

    # ---- calls -------------------------------------------------------------------------------

    def _attempt(self, method: str, path: str, body: Any, timeout: float) -> Any:
        return self._transport(method, f"{self.base_url}{path}", self._api_key, body, timeout)

    def _call(self, method: str, path: str, body: Any = None, deadline: Optional[float] = None) -> Dict[str, Any]:
        def attempt() -> Any:
            remaining = self.timeout if deadline is None else min(self.timeout, deadline - time.monotonic())
            if remaining <= 0:
                raise WardenApiError(0, "timeout", "no time left for another attempt")
            return self._attempt(method, path, body, remaining)

        answer = with_retry(attempt, self.retry, deadline)
        if not isinstance(answer, dict):
            raise WardenApiError(200, "invalid_response", f"expected a JSON object from {path}")
        return answer

    def scan(
        self,
        text: str,
        direction: Direction,
        agent_id: str,
        *,
        conversation_id: Optional[str] = None,
        to_agent: Optional[str] = None,
        metadata: Optional[Dict[str, Any]] = None,
        timeout: Optional[float] = None,
        failure_mode: Optional[FailureMode] = None,
    ) -> ScanResult:
        """Scans one message; call it before passing the message on and stop if ``blocked``.

        Returns within ``timeout`` (default ``scan_timeout``) whatever happens. When Warden cannot
        answer in time, ``failure_mode`` (default per direction, see ``DEFAULT_FAILURE_MODES``)
        decides: ``fail_closed`` answers blocked, ``fail_open`` answers allowed, records the text
        locally (``unscanned()``) and queues it to Warden as an unscanned event. A request Warden
        refuses for good (bad key, missing scope, invalid input) raises ``WardenApiError``.
        """
        if direction not in DIRECTIONS:
            raise ValueError(f"direction must be one of {', '.join(DIRECTIONS)}")
        context: Dict[str, Any] = {"agent_id": agent_id}
        if conversation_id is not None:
            context["conversation_id"] = conversation_id
        if to_agent is not None:
            context["to_agent"] = to_agent
        if metadata is not None:
            context["metadata"] = metadata
        deadline = time.monotonic() + (self.scan_timeout if timeout is None else timeout)
        try:
            answer = self._call("POST", "/api/v1/scan", {"text": text, "direction": direction, "context": context}, deadline)
        except WardenApiError as error:
            if not error.unreachable:
                raise
            return self._without_verdict(text, direction, agent_id, conversation_id, to_agent, error, failure_mode)
        return ScanResult(
            blocked=bool(answer["blocked"]),
            verdict=answer["verdict"],
            risk_score=float(answer["risk_score"]),
            threats=tuple(_threat(t) for t in answer.get("threats", [])),
            id=answer.get("id"),
            latency_ms=float(answer.get("latency_ms", 0)),
        )

    def _without_verdict(
        self,
        text: str,
        direction: str,
        agent_id: str,
        conversation_id: Optional[str],
        to_agent: Optional[str],
        error: WardenApiError,
        failure_mode: Optional[str],
    ) -> ScanResult:
        mode = failure_mode or self.failure_modes[direction]
        reason = f"{error.code}: {error.message}"
        if mode == "fail_closed":
            log.warning("warden: no verdict for %s (%s); blocked (fail_closed)", agent_id, reason)
            return ScanResult(blocked=True, verdict="blocked", risk_score=1.0, scanned=False, error=reason)
        event: Dict[str, Any] = {
            "agent_id": agent_id,
            "direction": direction,
            # What happened to the text: it went through. metadata.unscanned says it had no verdict.
            "verdict": "allowed",
            "risk_score": 0,
            "text": text,
            "scanner": "warden-python fail_open",
            "metadata": {"unscanned": True, "reason": reason[:500]},
        }
        if conversation_id is not None:
            event["conversation_id"] = conversation_id
        if to_agent is not None:
            event["to_agent"] = to_agent
        event_id = self.sender.enqueue_event(event)
        digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
        self._unscanned.append(UnscannedRecord(event_id, agent_id, direction, digest, len(text), reason))
        log.warning("warden: no verdict for %s (%s); allowed unscanned (fail_open)", agent_id, reason)
        return ScanResult(blocked=False, verdict="allowed", risk_score=0.0, scanned=False, error=reason)

    def unscanned(self) -> List[UnscannedRecord]:
        """The texts let through without a verdict (fail_open), newest last; the last 1,000 are kept."""
        return list(self._unscanned)

    def whoami(self) -> Dict[str, Any]:
        """The key's organization, project and scopes: a cheap end-to-end check."""
        return self._call("GET", "/api/v1/whoami")

    def send_conversation(
        self,
        conversation_id: str,
        transcript: Any,
        *,
        format: Optional[str] = None,
        scan: bool = False,
        metadata: Optional[Dict[str, Any]] = None,
    ) -> Dict[str, Any]:
        """Sends a whole transcript now (retried; the server appends by position, so a resend or a
        longer version stores nothing twice). ``transcript`` is what your framework produced."""
        body: Dict[str, Any] = {"conversation_id": conversation_id, "transcript": transcript, "scan": scan}
        if format is not None:
            body["format"] = format
        if metadata is not None:
            body["metadata"] = metadata
        return self._call("POST", "/api/v1/conversations", body)

    def get_conversation(self, conversation_id: str) -> Dict[str, Any]:
        """The stored conversation with its ordered messages, findings and chain hashes (scope ``read``)."""
        return self._call("GET", f"/api/v1/conversations/{urllib.parse.quote(conversation_id, safe='')}")

    def list_events(self, **query: Any) -> Dict[str, Any]:
        """Scan events, newest first (``agent_id``, ``verdict``, ``conversation_id``, ``cursor``, ``limit``...)."""
        params = urllib.parse.urlencode({k: v for k, v in query.items() if v is not None})
        return self._call("GET", f"/api/v1/events{'?' + params if params else ''}")

    # ---- background ----------------------------------------------------------------------------

    def record_event(self, event: Mapping[str, Any]) -> Optional[str]:
        """Queues a scan event from another scanner (``POST /api/v1/events`` fields); returns its client
        id, or None when the queue is full. Never blocks."""
        return self.sender.enqueue_event(event)

    def append_message(
        self,
        conversation_id: str,
        message: Mapping[str, Any],
        *,
        scan: bool = True,
        metadata: Optional[Dict[str, Any]] = None,
    ) -> Optional[int]:
        """Queues one message of a conversation in Warden's canonical format (``sender``,
        ``recipients``, ``kind``, ``content``, ``tool_*``); returns its position. Never blocks.
        With ``scan`` (the default) Warden scans each message on arrival and links the findings."""
        return self.sender.append_message(conversation_id, message, scan=scan, metadata=metadata)

    def flush(self, timeout: Optional[float] = None) -> bool:
        """Waits until everything queued so far is delivered; False when ``timeout`` passed first."""
        return self.sender.flush(timeout)

    def close(self, timeout: Optional[float] = 10.0) -> bool:
        """Sends what is queued (up to ``timeout``) and stops the background thread."""
        return self.sender.close(timeout)

    def stats(self) -> SenderStats:
        return self.sender.stats()

    def __enter__(self) -> "WardenClient":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
