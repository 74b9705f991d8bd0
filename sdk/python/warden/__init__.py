"""Warden for Python: scan what agents say to each other, stream their transcripts, and protect
AutoGen 0.2/AG2 (``warden.autogen``) and 0.4+ (``warden.autogen_core``, ``warden.autogen_agentchat``)
chats. Standard library only."""
from .client import DEFAULT_FAILURE_MODES, ScanResult, Threat, UnscannedRecord, WardenClient
from .errors import WardenApiError, WardenBlockedError
from .guard import BlockedMessage, Policy
from .retry import RetryPolicy
from .sender import SenderStats

__all__ = [
    "DEFAULT_FAILURE_MODES",
    "BlockedMessage",
    "Policy",
    "RetryPolicy",
    "ScanResult",
    "SenderStats",
    "Threat",
    "UnscannedRecord",
    "WardenApiError",
    "WardenBlockedError",
    "WardenClient",
]
__version__ = "0.1.0"
