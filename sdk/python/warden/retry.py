"""Exponential backoff with full jitter, honouring Retry-After, bounded in attempts and in time.

Hand-written rather than taken from tenacity or backoff: the package is standard library only,
and what it needs (jitter, Retry-After as a floor, a deadline, injectable time) is a page.
"""
from __future__ import annotations

import email.utils
import random
import re
import time
from dataclasses import dataclass, field
from typing import Callable, Optional, TypeVar

from .errors import WardenApiError

T = TypeVar("T")


@dataclass(frozen=True)
class RetryPolicy:
    """How failed calls are retried; the defaults match the TypeScript SDK."""

    max_retries: int = 3
    base_delay: float = 0.25
    factor: float = 2.0
    max_delay: float = 30.0
    #: A longer Retry-After is not cut short (retrying early only earns another refusal): the error is raised.
    max_retry_after: float = 60.0
    sleep: Callable[[float], None] = field(default=time.sleep, compare=False, repr=False)
    random: Callable[[], float] = field(default=random.random, compare=False, repr=False)

    def __post_init__(self) -> None:
        if self.max_retries < 0 or self.base_delay < 0 or self.max_delay < 0 or self.factor < 1:
            raise ValueError("max_retries, base_delay and max_delay must be >= 0 and factor >= 1")

    def delay(self, retry: int, retry_after: Optional[float] = None) -> float:
        """Wait before retry number ``retry`` (0 for the first): uniform in [0, min(cap, base*factor^retry)],
        so clients failing together do not come back together; raised to Retry-After when that is longer."""
        ceiling = min(self.max_delay, self.base_delay * self.factor**retry)
        jittered = self.random() * ceiling
        return jittered if retry_after is None else max(jittered, retry_after)


def parse_retry_after(header: Optional[str], now: Optional[float] = None) -> Optional[float]:
    """``Retry-After`` in seconds: delta-seconds or an HTTP date; None when absent or unreadable."""
    if header is None:
        return None
    value = header.strip()
    if re.fullmatch(r"\d+", value):
        return float(value)
    if not re.search(r"[a-z]", value, re.IGNORECASE):
        return None
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if parsed is None:
        return None
    return max(0.0, parsed.timestamp() - (time.time() if now is None else now))


def with_retry(
    operation: Callable[[], T],
    policy: RetryPolicy,
    deadline: Optional[float] = None,
    on_retry: Optional[Callable[[WardenApiError, float], None]] = None,
) -> T:
    """Runs ``operation`` until it succeeds, fails with an error not worth retrying, runs out of
    retries, or the next wait would pass ``deadline`` (a ``time.monotonic()`` value); then the last
    error is raised as it was."""
    attempt = 0
    while True:
        try:
            return operation()
        except WardenApiError as error:
            if not error.retryable or attempt >= policy.max_retries:
                raise
            if error.retry_after_seconds is not None and error.retry_after_seconds > policy.max_retry_after:
                raise
            wait = policy.delay(attempt, error.retry_after_seconds)
            if deadline is not None and time.monotonic() + wait >= deadline:
                raise
            if on_retry is not None:
                on_retry(error, wait)
            policy.sleep(wait)
            attempt += 1
