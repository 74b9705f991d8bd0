"""What the tests share: the live Warden the harness started, and a TCP proxy in front of it that can
play "Warden is down" (connections refused) and "the answer was lost" (requests reach Warden, the
answers never come back), so faults are real network faults, not mocks."""
from __future__ import annotations

import os
import socket
import threading
import time
import urllib.parse
import uuid
from typing import Any, Dict, List, Optional, Tuple

from warden import RetryPolicy, WardenClient


def warden_env() -> Tuple[str, str]:
    url = os.environ.get("WARDEN_URL")
    key = os.environ.get("WARDEN_API_KEY")
    if not url or not key:
        # A failure, not a skip: these tests exist to run against a real Warden.
        raise RuntimeError("WARDEN_URL and WARDEN_API_KEY must point at a running Warden (scripts/test-python.mjs sets them)")
    return url, key


def new_client(base_url: Optional[str] = None, **options: Any) -> WardenClient:
    url, key = warden_env()
    options.setdefault("flush_interval", 0.2)
    options.setdefault("retry", RetryPolicy(max_retries=2, base_delay=0.05, max_delay=0.5))
    return WardenClient(base_url or url, key, **options)


def unique(prefix: str) -> str:
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def stored_messages(client: WardenClient, conversation_id: str) -> List[Dict[str, Any]]:
    return client.get_conversation(conversation_id)["messages"]


class FaultProxy:
    """Forwards 127.0.0.1:<port> to Warden. ``down()`` refuses connections, ``lose_answers()`` lets
    requests through but drops the answers, ``up()`` restores normal service on the same port."""

    def __init__(self) -> None:
        target = urllib.parse.urlsplit(warden_env()[0])
        self._target = (target.hostname or "localhost", target.port or 80)
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        self.port = probe.getsockname()[1]
        probe.close()
        self.url = f"http://127.0.0.1:{self.port}"
        self._listener: Optional[socket.socket] = None
        self._connections: List[socket.socket] = []
        self._lock = threading.Lock()
        self.lost_answers = 0
        self._mode = "down"

    def up(self) -> None:
        self._set_mode("up")

    def lose_answers(self) -> None:
        self._set_mode("lose")

    def down(self) -> None:
        with self._lock:
            self._mode = "down"
            listener, self._listener = self._listener, None
            connections, self._connections = self._connections, []
        for sock in ([listener] if listener else []) + connections:
            try:
                sock.close()
            except OSError:
                pass

    def _set_mode(self, mode: str) -> None:
        with self._lock:
            self._mode = mode
            if self._listener is not None:
                return
            listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            listener.bind(("127.0.0.1", self.port))
            listener.listen(64)
            self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(self._target, timeout=30)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._connections += [client, upstream]
                lose = self._mode == "lose"
            threading.Thread(target=self._pump, args=(client, upstream, False), daemon=True).start()
            threading.Thread(target=self._pump, args=(upstream, client, lose), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket, discard: bool) -> None:
        try:
            while True:
                data = source.recv(65536)
                if not data:
                    break
                if discard:
                    # Warden answered: the request was processed. The caller never hears of it.
                    with self._lock:
                        self.lost_answers += 1
                    break
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                sock.close()

    def close(self) -> None:
        self.down()


def wait_until(predicate: Any, timeout: float = 10.0, interval: float = 0.1) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return bool(predicate())
