"""One HTTP attempt against Warden's API with urllib: JSON in, JSON out, every failure a WardenApiError."""
from __future__ import annotations

import json
import socket
import urllib.error
import urllib.request
from typing import Any, Optional

from .errors import WardenApiError
from .retry import parse_retry_after

USER_AGENT = "warden-python/0.1.0"


def _error_from_body(status: int, raw: bytes, retry_after: Optional[float]) -> WardenApiError:
    # The server's one error shape: {"error": {"code", "message", "field"?}}.
    try:
        body = json.loads(raw.decode("utf-8"))
        error = body.get("error") if isinstance(body, dict) else None
        if isinstance(error, dict) and isinstance(error.get("code"), str):
            field = error.get("field")
            return WardenApiError(
                status,
                error["code"],
                str(error.get("message", "")),
                field if isinstance(field, str) else None,
                retry_after,
            )
    except (ValueError, UnicodeDecodeError):
        pass
    return WardenApiError(status, "http_error", f"HTTP {status}", None, retry_after)


def request_json(method: str, url: str, api_key: str, body: Any, timeout: float) -> Any:
    """One attempt; ``timeout`` bounds connecting and each read (urllib has no whole-answer timer)."""
    data = None if body is None else json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    headers = {"authorization": f"Bearer {api_key}", "accept": "application/json", "user-agent": USER_AGENT}
    if data is not None:
        headers["content-type"] = "application/json"
    req = urllib.request.Request(url, data=data, method=method, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=max(timeout, 0.001)) as response:
            raw = response.read()
    except urllib.error.HTTPError as error:
        with error:
            raw_error = error.read() if error.fp is not None else b""
        retry_after = parse_retry_after(error.headers.get("retry-after") if error.headers else None)
        raise _error_from_body(error.code, raw_error, retry_after) from None
    except (socket.timeout, TimeoutError) as error:
        raise WardenApiError(0, "timeout", f"no answer within {timeout:.3g}s") from error
    except (urllib.error.URLError, ConnectionError, OSError) as error:
        reason = getattr(error, "reason", error)
        if isinstance(reason, (socket.timeout, TimeoutError)):
            raise WardenApiError(0, "timeout", f"no answer within {timeout:.3g}s") from error
        raise WardenApiError(0, "network_error", str(reason)) from error
    try:
        return json.loads(raw.decode("utf-8")) if raw else None
    except (ValueError, UnicodeDecodeError) as error:
        raise WardenApiError(200, "invalid_response", "the answer is not JSON") from error
