"""The one error type of the client, and what a blocked message raises when asked to."""
from __future__ import annotations

from typing import Any, List, Optional

# Statuses worth another attempt: the server or the network may recover. Every other 4xx fails
# the same way every time (bad key, bad body, missing scope).
_RETRYABLE_STATUSES = {408, 429}


class WardenApiError(Exception):
    """A failed call. ``status`` is 0 when no answer arrived (network error, timeout)."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        field: Optional[str] = None,
        retry_after_seconds: Optional[float] = None,
    ) -> None:
        super().__init__(f"{code}: {message}" if status == 0 else f"{status} {code}: {message}")
        self.status = status
        self.code = code
        self.message = message
        self.field = field
        self.retry_after_seconds = retry_after_seconds

    @property
    def retryable(self) -> bool:
        return self.status == 0 or self.status >= 500 or self.status in _RETRYABLE_STATUSES

    @property
    def unreachable(self) -> bool:
        """Warden could not give a verdict: no answer, or an answer saying it cannot serve now."""
        return self.retryable


class WardenBlockedError(Exception):
    """Raised by the AutoGen adapters (``on_block="raise"``) instead of delivering a blocked message."""

    def __init__(self, sender: str, recipient: Optional[str], verdict: Any, rules: List[str]) -> None:
        target = f" to {recipient}" if recipient else ""
        super().__init__(f"Warden blocked a message from {sender}{target}: {', '.join(rules) or 'unreachable'}")
        self.sender = sender
        self.recipient = recipient
        self.verdict = verdict
        self.rules = rules
