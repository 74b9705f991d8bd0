// data_exfiltration through a shell when there is no direct channel back: blind
// command injection leaks data one character (or one comparison) at a time by timing
// (`if [ $(whoami|cut -c1) = r ]; then sleep 5; fi`), and piped uploads (`tar ... |
// curl -T -`). Shapes from general knowledge of blind injection and exfiltration
// tooling; an ordinary `sleep` in a script or a `[ "$x" = y ]` test does not qualify:
// the test must compare a piece of command output and the branch must only wait.

import type { RuleSet } from "../rules";

// A command substitution (or a variable slice) whose output is cut down to a few
// characters, compared, and a sleep that follows on success.
const SLICE = String.raw`(?:\$\(|\x60)[^\n\]]{1,120}?(?:\|\s{0,2}(?:cut\s{1,3}-[cb]\s{0,2}\d|head\s{1,3}-c\s{0,2}\d|tail\s{1,3}-c\s{0,2}\d|wc\s{1,3}-[clw]|awk\s[^\n\]]{0,60}substr|od\s|xxd\s|md5sum|sha\d{1,3}sum|base64)|\bcut\s{1,3}-[cb]\s{0,2}\d)|\$\{\w{1,30}:\s{0,2}\d{1,3}:\s{0,2}\d{1,3}\}`;
const TIME_BASED = new RegExp(
  String.raw`\[\[?\s{1,3}["']?(?:${SLICE})[^\n\]]{0,80}\]\]?\s{0,3}(?:;\s{0,3}then|&&)\s{1,3}sleep\s{1,3}\d{1,3}\b`,
  "g",
);

const blind: RuleSet = {
  category: "data_exfiltration",
  keywords: ["sleep"],
  window: 300,
  rules: [
    {
      id: "data_exfiltration.timing.blind_compare",
      severity: "high",
      score: 0.8,
      re: TIME_BASED,
      explanation: "Compares a slice of command output and sleeps on a match (time-based blind data extraction)",
    },
  ],
};

const piped: RuleSet = {
  category: "data_exfiltration",
  keywords: ["curl", "wget"],
  window: 300,
  rules: [
    {
      id: "data_exfiltration.stream.archive_to_upload",
      severity: "medium",
      score: 0.72,
      // An archive, dump or secret file piped into an uploading client reading stdin.
      re: /\b(?:tar|zip|7z|dd|mysqldump|pg_dump|mongodump)\b[^\n|]{0,160}\|\s{0,3}(?:(?:gzip|base64|openssl\s[^\n|]{0,40})\s{0,3}\|\s{0,3})?curl\b[^\n|]{0,120}?\s(?:-T|--upload-file|--data-binary|-d|--data|-F)\s{1,3}["']?(?:-|@-|\w{1,30}=@-)["']?(?=[\s;|&]|$)/g,
      explanation: "Pipes an archive, database dump or file into an upload to a remote host",
    },
  ],
};

/** Rule sets matched on the clean view. */
export const exfilShellClean: RuleSet[] = [blind, piped];
