"""A held-back real AG2 group chat replayed through warden.autogen's hooks arrives in Warden identical
(message for message, same chain hashes) to the same transcript uploaded with POST /api/v1/conversations."""
from __future__ import annotations

import json
import unittest
from pathlib import Path

from warden.autogen import protect

from .standins_v02 import ConversableAgent, GroupChat, GroupChatManager
from .support import new_client, unique

FIXTURE = Path(__file__).parent / "fixtures" / "who_and_when-algorithm-generated-33.json"


class ReplayTest(unittest.TestCase):
    def test_replayed_real_group_chat_hashes_like_the_uploaded_transcript(self) -> None:
        client = new_client()
        self.addCleanup(client.close)
        record = json.loads(FIXTURE.read_text(encoding="utf-8"))
        history = record["history"]
        names = list(dict.fromkeys(m["name"] for m in history))
        agents = {name: ConversableAgent(name) for name in names}
        groupchat = GroupChat(list(agents.values()), [], max_round=len(history), speaker_order=[])
        manager = GroupChatManager(groupchat)
        protection = protect(groupchat, client, conversation_id=unique("replay-hooks"))

        # Each message goes out the way AutoGen sends it in a group chat: the speaker to the manager.
        for message in history:
            agents[message["name"]].send(dict(message), manager, request_reply=False, silent=True)
        self.assertTrue(protection.flush(timeout=60))

        uploaded_id = unique("replay-upload")
        answer = client.send_conversation(uploaded_id, record)  # the corpus file as it is; format detected
        self.assertEqual((answer["format"], answer["stored"]), ("autogen_v02", len(history)))

        replayed = client.get_conversation(protection.conversation_id)
        uploaded = client.get_conversation(uploaded_id)
        self.assertEqual(len(replayed["messages"]), len(history))
        fields = ("seq", "sender", "kind", "content", "content_hash", "chain_hash")
        self.assertEqual(
            [tuple(m[f] for f in fields) for m in replayed["messages"]],
            [tuple(m[f] for f in fields) for m in uploaded["messages"]],
        )
        self.assertEqual(replayed["last_chain_hash"], uploaded["last_chain_hash"])
        self.assertEqual([m["sender"] for m in replayed["messages"]], [m["name"] for m in history])


if __name__ == "__main__":
    unittest.main()
