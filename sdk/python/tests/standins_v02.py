"""Stand-ins for AutoGen 0.2 / AG2 agents (AutoGen itself cannot be installed here).

They reproduce, from the 0.2 branch's ``conversable_agent.py`` and ``groupchat.py``, exactly the
parts the adapter touches: ``hook_lists`` and ``register_hook``; ``send()`` calling the
``process_message_before_send`` hooks as ``hook(sender=self, message=message, recipient=recipient,
silent=silent)`` and sending what they return; ``_append_oai_message``'s role and name rules;
``GroupChat.append``; and ``GroupChatManager.run_chat``'s loop (append, broadcast to everyone but the
speaker, select the next speaker, have it reply and send the reply to the manager). The model is
replaced by a script of replies, and code execution by a record of what would have run.
"""
from __future__ import annotations

import json
import re
from collections import defaultdict
from typing import Any, Callable, Dict, List, Optional, Union

Message = Union[str, Dict[str, Any]]
CODE_BLOCK = re.compile(r"```(\w*)\n(.*?)\n```", re.DOTALL)


class ConversableAgent:
    def __init__(self, name: str, replies: Optional[List[Any]] = None) -> None:
        self.name = name
        self.hook_lists: Dict[str, List[Callable[..., Any]]] = {
            "process_last_received_message": [],
            "process_all_messages_before_reply": [],
            "process_message_before_send": [],
        }
        self._oai_messages: Dict[Any, List[Dict[str, Any]]] = defaultdict(list)
        self.reply_at_receive: Dict[Any, bool] = defaultdict(bool)
        self._replies = list(replies or [])
        #: Every message as this agent received it, with the sender's name.
        self.received: List[Dict[str, Any]] = []

    @property
    def chat_messages(self) -> Dict[Any, List[Dict[str, Any]]]:
        return self._oai_messages

    def register_hook(self, hookable_method: str, hook: Callable[..., Any]) -> None:
        assert hookable_method in self.hook_lists, f"{hookable_method} is not a hookable method."
        hook_list = self.hook_lists[hookable_method]
        assert hook not in hook_list, f"{hook} is already registered as a hook."
        hook_list.append(hook)

    def _process_message_before_send(self, message: Message, recipient: "ConversableAgent", silent: bool) -> Message:
        for hook in self.hook_lists["process_message_before_send"]:
            message = hook(sender=self, message=message, recipient=recipient, silent=silent)
        return message

    @staticmethod
    def _message_to_dict(message: Message) -> Dict[str, Any]:
        return {"content": message} if isinstance(message, str) else dict(message)

    def _append_oai_message(self, message: Message, role: str, conversation_id: "ConversableAgent", is_sending: bool) -> bool:
        message = self._message_to_dict(message)
        keys = ("content", "function_call", "tool_calls", "tool_responses", "tool_call_id", "name", "context")
        oai_message = {k: message[k] for k in keys if k in message and message[k] is not None}
        if "content" not in oai_message:
            if oai_message.get("function_call") or oai_message.get("tool_calls"):
                oai_message["content"] = None
            else:
                return False
        oai_message["role"] = message["role"] if message.get("role") in ("function", "tool") else role
        if oai_message.get("function_call") or oai_message.get("tool_calls"):
            oai_message["role"] = "assistant"
        if "name" not in oai_message:
            oai_message["name"] = self.name if is_sending else conversation_id.name
        self._oai_messages[conversation_id].append(oai_message)
        return True

    def send(self, message: Message, recipient: "ConversableAgent", request_reply: Optional[bool] = None, silent: bool = False) -> None:
        message = self._process_message_before_send(message, recipient, silent)
        if not self._append_oai_message(message, "assistant", recipient, is_sending=True):
            raise ValueError("Message can't be converted into a valid ChatCompletion message.")
        recipient.receive(message, self, request_reply, silent)

    def receive(self, message: Message, sender: "ConversableAgent", request_reply: Optional[bool] = None, silent: bool = False) -> None:
        self._append_oai_message(message, "user", sender, is_sending=False)
        self.received.append({"from": sender.name, **self._message_to_dict(message)})
        if request_reply is False or (request_reply is None and self.reply_at_receive[sender] is False):
            return
        reply = self.generate_reply(messages=self.chat_messages[sender], sender=sender)
        if reply is not None:
            self.send(reply, sender, silent=silent)

    def generate_reply(self, messages: Optional[List[Dict[str, Any]]] = None, sender: Optional["ConversableAgent"] = None) -> Optional[Message]:
        if not self._replies:
            return None
        reply = self._replies.pop(0)
        return reply(messages or self._oai_messages[sender]) if callable(reply) else reply

    def initiate_chat(self, recipient: "ConversableAgent", message: Message) -> None:
        self._oai_messages[recipient].clear()
        self.send(message, recipient, request_reply=True)

    def last_message(self, agent: "ConversableAgent") -> Dict[str, Any]:
        return self._oai_messages[agent][-1]


class ExecutorAgent(ConversableAgent):
    """A user proxy that executes tool calls with its function map and code blocks "in a sandbox":
    here it only records what it would have run."""

    def __init__(self, name: str, function_map: Dict[str, Callable[..., str]]) -> None:
        super().__init__(name)
        self.function_map = function_map
        self.executed: List[str] = []

    def generate_reply(self, messages: Optional[List[Dict[str, Any]]] = None, sender: Optional[ConversableAgent] = None) -> Optional[Message]:
        last = (messages or self._oai_messages[sender])[-1]
        if (last.get("content") or "").rstrip().endswith("TERMINATE"):
            return None  # UserProxyAgent's default is_termination_msg
        if last.get("tool_calls"):
            responses = []
            for call in last["tool_calls"]:
                result = self.function_map[call["function"]["name"]](**json.loads(call["function"]["arguments"]))
                responses.append({"tool_call_id": call["id"], "role": "tool", "content": result})
            return {"role": "tool", "tool_responses": responses, "content": "\n\n".join(r["content"] for r in responses)}
        blocks = CODE_BLOCK.findall(last.get("content") or "")
        if not blocks:
            return "No code block to execute in the last message."
        for _, code in blocks:
            self.executed.append(code)
        return "exitcode: 0 (execution succeeded)\nCode output: "


class GroupChat:
    def __init__(self, agents: List[ConversableAgent], messages: List[Dict[str, Any]], max_round: int, speaker_order: List[str]) -> None:
        self.agents = agents
        self.messages = messages
        self.max_round = max_round
        self._order = list(speaker_order)

    def append(self, message: Dict[str, Any], speaker: ConversableAgent) -> None:
        if message["role"] != "function":
            message["name"] = speaker.name
        self.messages.append(message)

    def agent_by_name(self, name: str) -> ConversableAgent:
        return next(a for a in self.agents if a.name == name)

    def select_speaker(self, last_speaker: ConversableAgent, selector: ConversableAgent) -> ConversableAgent:
        return self.agent_by_name(self._order.pop(0))


class GroupChatManager(ConversableAgent):
    def __init__(self, groupchat: GroupChat, name: str = "chat_manager") -> None:
        super().__init__(name)
        self.groupchat = groupchat

    def generate_reply(self, messages: Optional[List[Dict[str, Any]]] = None, sender: Optional[ConversableAgent] = None) -> Optional[Message]:
        self.run_chat(messages, sender)
        return None

    def run_chat(self, messages: Optional[List[Dict[str, Any]]], sender: Optional[ConversableAgent]) -> None:
        if messages is None:
            messages = self._oai_messages[sender]
        message = messages[-1]
        speaker = sender
        groupchat = self.groupchat
        for i in range(groupchat.max_round):
            groupchat.append(message, speaker)
            for agent in groupchat.agents:
                if agent is not speaker:
                    self.send(message, agent, request_reply=False, silent=True)
            if i == groupchat.max_round - 1 or (message.get("content") or "").rstrip().endswith("TERMINATE"):
                break
            speaker = groupchat.select_speaker(speaker, self)
            reply = speaker.generate_reply(sender=self)
            if reply is None:
                break
            speaker.send(reply, self, request_reply=False, silent=True)
            message = self.last_message(speaker)
