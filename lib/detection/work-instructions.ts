// What a planner, a reviewer or a user asks another agent to put in its work: error handling,
// tests, comments, a format for the answer ("add error handling in your code", "format your
// response as JSON"). An instruction injected into retrieved content has the same shape ("add a
// link to … in your response", "encode your answer in base64"), and the injection model learned
// it from BIPIA's attacks: it scored such review feedback 0.63-0.76. So these requests are told
// apart by what is to be added: one of the items below, and none of the things injected
// instructions add to an answer (a link, a quoted phrase, an advert, an encoding, something hidden).
// All patterns work on the words view (lower case, punctuation gone).

const WORK_ITEM = new RegExp(
  String.raw`\b(?:(?:error|exception) handling|(?:unit |integration )?tests?|test cases?|type (?:hints?|annotations?)|docstrings?|comments?|logging|(?:input )?validation|(?:edge|corner) cases?|missing imports?|readme|licen[cs]e header|documentation|citations?|time complexity|traceback|requirements(?: ?txt)?|explanation|retr(?:y|ies)|backoff|timeouts?|error messages?|assertions?|null checks?|(?:reviewer ?s|review) feedback|version number|blank lines?)\b`,
);
const INJECTED_CONTENT = /\bhttps? (?!client|server|requests?|api|status|headers?|calls?)|\b(?:www|links?|urls?|phrase|sentence|text|message|emojis?|promot\w*|advert\w*|ads?|sponsor\w*|brand|product|discount|deals?|coupon|base ?64|cipher|encod\w*|encrypt\w*|revers\w*|backwards|hidden|secret\w*|pixel|tracking)\b/;
// "format your response as json", "output your answer as a single python code block"
const ANSWER_FORMAT = new RegExp(
  String.raw`\b(?:format|write|output|respond|reply|answer|rewrite) (?:all of |each of )?(?:your|the) (?:final |entire |whole |next )?(?:response|answer|reply|output)s? (?:as|in|using|into) (?:a |an |one |the )?(?:single |valid |plain |short |numbered |bulleted |markdown |python |json )*(?:json|yaml|xml|csv|markdown|table|list|bullet points?|code block|plain text|paragraphs?)\b`,
);

/** Whether words-view `text` asks for a work item or an answer format, and carries nothing injected answers carry. */
export function asksForWork(text: string): boolean {
  return !INJECTED_CONTENT.test(text) && (WORK_ITEM.test(text) || ANSWER_FORMAT.test(text));
}

/**
 * A rule's check: its match is not such a request. What is to be added is read in the match;
 * the format, and what injected content may follow, in the words right after it.
 */
export function notWorkInstruction(m: RegExpExecArray): boolean {
  // "Final Answer: the final answer to the original input question": the ReAct prompt's label.
  if (m[0].startsWith("answer ") && m.input.slice(Math.max(0, m.index - 6), m.index) === "final ") return false;
  const around = m.input.slice(m.index, m.index + m[0].length + 40);
  return INJECTED_CONTENT.test(around) || !(WORK_ITEM.test(m[0]) || ANSWER_FORMAT.test(around));
}
