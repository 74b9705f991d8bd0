"""The background sender: scan events and transcript messages leave the agent's thread at once and
reach Warden in batches, in order, retried until Warden answers, never stored twice.

- Events carry a client id (``uuid4``) from the moment they are queued, so a batch retried after a
  lost answer is answered ``duplicate`` instead of being stored again.
- Transcripts are appended by position: the server stores message ``seq`` once and skips the ones it
  has, so a retried send never duplicates. In Warden's own format only the unacknowledged tail is
  sent, with explicit ``seq``, starting one message early so the server sees who the first new
  message answers (and checks that message is still the one it stored); other formats have no
  ``seq`` and are re-sent whole.
- One worker thread sends; it waits on a condition, so ``flush()``/``close()`` wake it even while
  it backs off after a failure (exponential, full jitter, Retry-After as the floor).
- Bounded: at most ``max_queue`` events wait; a transcript holds at most ``MAX_TRANSCRIPT_MESSAGES``
  (the server's limit). Past either, new items are dropped and counted, never blocking the caller.
"""
from __future__ import annotations

import atexit
import logging
import threading
import time
import uuid
import weakref
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Callable, Deque, Dict, List, Mapping, Optional, Sequence, Tuple

from .errors import WardenApiError
from .retry import RetryPolicy

log = logging.getLogger("warden")

#: Most events in one POST /api/v1/events (the server answers 413 above it).
MAX_EVENTS_PER_BATCH = 1000
#: Most messages in one transcript (the server's limit).
MAX_TRANSCRIPT_MESSAGES = 10_000

Post = Callable[[str, Any], Any]


@dataclass
class SenderStats:
    """Counters since the sender started; ``queued`` is what is waiting now."""

    queued: int = 0
    events_stored: int = 0
    events_duplicate: int = 0
    events_rejected: int = 0
    events_quota_exceeded: int = 0
    events_failed: int = 0
    messages_stored: int = 0
    messages_quota_exceeded: int = 0
    dropped: int = 0
    requests: int = 0
    retries: int = 0


@dataclass
class _Transcript:
    conversation_id: str
    fmt: str
    scan: bool
    metadata: Optional[Dict[str, Any]]
    messages: List[Dict[str, Any]] = field(default_factory=list)
    #: Agents that take part (warden format): broadcasts are addressed to every one of them.
    participants: List[str] = field(default_factory=list)
    #: Messages the server has acknowledged (stored or already stored).
    acked: int = 0
    #: Set when the server refused the transcript for good (conflict, bad input); nothing more is sent.
    failed: Optional[str] = None
    since: float = 0.0

    @property
    def unsent(self) -> int:
        return 0 if self.failed else len(self.messages) - self.acked


class BackgroundSender:
    def __init__(
        self,
        post: Post,
        *,
        batch_size: int = 100,
        flush_interval: float = 1.0,
        max_queue: int = 10_000,
        retry: Optional[RetryPolicy] = None,
        on_error: Optional[Callable[[str, Exception], None]] = None,
        close_at_exit: float = 5.0,
    ) -> None:
        if flush_interval < 0 or max_queue < 1:
            raise ValueError("flush_interval must be >= 0 and max_queue >= 1")
        self._post = post
        self.batch_size = max(1, min(MAX_EVENTS_PER_BATCH, int(batch_size)))
        self.flush_interval = flush_interval
        self.max_queue = max_queue
        self._retry = retry or RetryPolicy()
        self._on_error = on_error
        self._cond = threading.Condition()
        self._events: Deque[Tuple[int, float, Dict[str, Any]]] = deque()
        self._in_flight = 0
        self._last_event_seq = 0
        self._done_event_seq = 0
        self._transcripts: Dict[str, _Transcript] = {}
        self._flush_requested = 0
        self._failures = 0
        self._backoff_until = 0.0
        self._batch_limit = self.batch_size
        self._closed = False
        self._stopping = False
        self._thread: Optional[threading.Thread] = None
        self._stats = SenderStats()
        if close_at_exit > 0:
            ref = weakref.ref(self)
            atexit.register(lambda: (lambda s: s.close(close_at_exit) if s is not None else None)(ref()))

    # ---- producers (the agent's threads): never block beyond taking the lock ----------------

    def enqueue_event(self, event: Mapping[str, Any]) -> Optional[str]:
        """Queues one scan event; answers its id, or None when it was dropped (queue full, closed)."""
        with self._cond:
            if self._closed or len(self._events) + self._in_flight >= self.max_queue:
                self._stats.dropped += 1
                return None
            item = dict(event)
            item.setdefault("id", str(uuid.uuid4()))
            self._last_event_seq += 1
            self._events.append((self._last_event_seq, time.monotonic(), item))
            self._start()
            self._cond.notify_all()
            return str(item["id"])

    def append_message(
        self,
        conversation_id: str,
        message: Mapping[str, Any],
        *,
        fmt: str = "warden",
        scan: bool = True,
        metadata: Optional[Dict[str, Any]] = None,
        participants: Sequence[str] = (),
    ) -> Optional[int]:
        """Appends one message to a conversation's transcript; answers its position, or None when dropped."""
        with self._cond:
            transcript = self._transcripts.get(conversation_id)
            if transcript is None:
                transcript = _Transcript(conversation_id, fmt, scan, metadata)
                self._transcripts[conversation_id] = transcript
            if self._closed or transcript.failed or len(transcript.messages) >= MAX_TRANSCRIPT_MESSAGES:
                self._stats.dropped += 1
                return None
            for name in participants:
                if name not in transcript.participants:
                    transcript.participants.append(name)
            if transcript.unsent == 0:
                transcript.since = time.monotonic()
            transcript.messages.append(dict(message))
            self._start()
            self._cond.notify_all()
            return len(transcript.messages) - 1

    def transcript_messages(self, conversation_id: str) -> List[Dict[str, Any]]:
        with self._cond:
            transcript = self._transcripts.get(conversation_id)
            return [dict(m) for m in transcript.messages] if transcript else []

    def flush(self, timeout: Optional[float] = None) -> bool:
        """Waits until everything queued before the call is answered (or given up for good).
        True when nothing of it is still waiting; False on timeout (Warden unreachable)."""
        deadline = None if timeout is None else time.monotonic() + timeout
        with self._cond:
            event_target = self._last_event_seq
            targets = {cid: len(t.messages) for cid, t in self._transcripts.items()}
            self._flush_requested += 1
            self._cond.notify_all()
            try:
                while not self._flushed(event_target, targets):
                    if self._thread is None or not self._thread.is_alive():
                        if self._pending() == 0:
                            break
                        self._start()
                    remaining = None if deadline is None else deadline - time.monotonic()
                    if remaining is not None and remaining <= 0:
                        return False
                    self._cond.wait(remaining if remaining is not None else 1.0)
                return True
            finally:
                self._flush_requested -= 1

    def close(self, timeout: Optional[float] = None) -> bool:
        """Refuses new items, sends what is queued (up to ``timeout``), then stops the worker."""
        with self._cond:
            self._closed = True
        delivered = self.flush(timeout)
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
            thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(timeout=1.0)
        return delivered

    def stats(self) -> SenderStats:
        with self._cond:
            snapshot = SenderStats(**vars(self._stats))
            snapshot.queued = self._pending()
            return snapshot

    # ---- the worker ------------------------------------------------------------------------

    def _start(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._stopping = False
            self._thread = threading.Thread(target=self._run, name="warden-sender", daemon=True)
            self._thread.start()

    def _pending(self) -> int:
        return len(self._events) + self._in_flight + sum(t.unsent for t in self._transcripts.values())

    def _flushed(self, event_target: int, targets: Mapping[str, int]) -> bool:
        if self._done_event_seq < event_target:
            return False
        for cid, length in targets.items():
            t = self._transcripts[cid]
            if not t.failed and t.acked < length:
                return False
        return True

    def _next_due(self, now: float) -> Optional[float]:
        """When the worker should send next: now, a later time, or None (nothing to send)."""
        oldest: Optional[float] = None
        urgent = self._flush_requested > 0 or self._closed
        if self._events:
            if len(self._events) >= self._batch_limit:
                urgent = True
            oldest = self._events[0][1]
        for t in self._transcripts.values():
            if t.unsent:
                if t.unsent >= self.batch_size:
                    urgent = True
                oldest = t.since if oldest is None else min(oldest, t.since)
        if oldest is None:
            return None
        due = now if urgent else oldest + self.flush_interval
        return max(due, self._backoff_until)

    def _run(self) -> None:
        while True:
            with self._cond:
                while True:
                    now = time.monotonic()
                    due = self._next_due(now)
                    if self._stopping and (due is None or not self._closed or self._flush_requested == 0):
                        return
                    if due is not None and due <= now:
                        break
                    self._cond.wait(None if due is None else due - now)
                batch = [self._events.popleft() for _ in range(min(self._batch_limit, len(self._events)))]
                self._in_flight = len(batch)
                transcripts = [(t, *self._unsent_part(t)) for t in self._transcripts.values() if t.unsent]
            ok = True
            if batch:
                ok = self._send_events(batch) and ok
            for transcript, start, messages in transcripts:
                ok = self._send_transcript(transcript, start, messages) and ok
            with self._cond:
                if ok:
                    self._failures = 0
                    self._backoff_until = 0.0
                self._cond.notify_all()

    def _fail_later(self, error: WardenApiError) -> None:
        # Called with the lock held: the next cycle waits, growing with each consecutive failure.
        wait = self._retry.delay(min(self._failures, 16), error.retry_after_seconds)
        self._failures += 1
        self._stats.retries += 1
        self._backoff_until = time.monotonic() + wait

    def _report(self, what: str, error: Exception) -> None:
        log.warning("warden: %s: %s", what, error)
        if self._on_error is not None:
            try:
                self._on_error(what, error)
            except Exception:  # a throwing callback must not stop delivery of everything else
                log.exception("warden: on_error callback raised")

    def _send_events(self, batch: List[Tuple[int, float, Dict[str, Any]]]) -> bool:
        events = [item for _, _, item in batch]
        with self._cond:
            self._stats.requests += 1
        try:
            answer = self._post("/api/v1/events", {"events": events})
        except WardenApiError as error:
            with self._cond:
                self._in_flight = 0
                if error.retryable or (error.status == 413 and len(batch) > 1):
                    # Back to the head, same ids, same order: a resend is recognised as a duplicate.
                    self._events.extendleft(reversed(batch))
                    if error.status == 413:
                        self._batch_limit = max(1, len(batch) // 2)
                    else:
                        self._fail_later(error)
                    return error.status == 413
                self._stats.events_failed += len(batch)
                self._done_event_seq = max(self._done_event_seq, batch[-1][0])
            self._report(f"{len(batch)} events refused", error)
            return True
        with self._cond:
            self._in_flight = 0
            self._done_event_seq = max(self._done_event_seq, batch[-1][0])
            self._batch_limit = self.batch_size
            for result in (answer or {}).get("results", []):
                status = result.get("status")
                if status == "stored":
                    self._stats.events_stored += 1
                elif status == "duplicate":
                    self._stats.events_duplicate += 1
                elif status == "quota_exceeded":
                    self._stats.events_quota_exceeded += 1
                else:
                    self._stats.events_rejected += 1
                    log.warning("warden: event %s rejected: %s", result.get("id"), result.get("error"))
        return True

    @staticmethod
    def _unsent_part(transcript: _Transcript) -> Tuple[int, List[Dict[str, Any]]]:
        """The messages to send and the position of the first: the whole list, or in Warden's format the
        tail from the last acknowledged message on, numbered."""
        if transcript.fmt != "warden":
            return 0, [dict(m) for m in transcript.messages]
        start = max(transcript.acked - 1, 0)
        return start, [{**m, "seq": start + i} for i, m in enumerate(transcript.messages[start:])]

    def _send_transcript(self, transcript: _Transcript, start: int, messages: List[Dict[str, Any]]) -> bool:
        body: Dict[str, Any] = {
            "conversation_id": transcript.conversation_id,
            "format": transcript.fmt,
            "scan": transcript.scan,
            "transcript": messages,
        }
        if transcript.fmt == "warden":
            body["transcript"] = {"messages": messages}
            if transcript.participants:
                body["transcript"]["participants"] = list(transcript.participants)
        if transcript.metadata:
            body["metadata"] = transcript.metadata
        with self._cond:
            self._stats.requests += 1
        try:
            answer = self._post("/api/v1/conversations", body) or {}
        except WardenApiError as error:
            with self._cond:
                if error.retryable:
                    self._fail_later(error)
                    return False
                transcript.failed = f"{error.code}: {error.message}"
            self._report(f"transcript {transcript.conversation_id} refused", error)
            return True
        conflicts = answer.get("conflicts") or []
        with self._cond:
            if conflicts:
                transcript.failed = f"conflicts at {[c.get('seq') for c in conflicts]}"
            else:
                transcript.acked = max(transcript.acked, start + len(messages))
                transcript.since = time.monotonic()
            self._stats.messages_stored += int(answer.get("stored", 0))
            self._stats.messages_quota_exceeded += int(answer.get("quota_exceeded", 0))
        if conflicts:
            self._report(
                f"transcript {transcript.conversation_id} diverges from what Warden stored",
                WardenApiError(409, "conflict", str(conflicts)),
            )
        return True
