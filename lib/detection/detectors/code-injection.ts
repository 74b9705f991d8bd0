// code_execution, continued: command-injection payloads and the code that makes them
// possible. Payloads: a separator (literal or URL-encoded) or a command substitution
// glued to a parameter value, followed by the probes testers use (id, whoami,
// uname -a, reading /etc/passwd, a timed ping). Sinks: untrusted web input reaching a
// shell, template-injection gadgets and one-line web shells. From general knowledge of
// the class (OWASP command injection, SSTI), not from evaluation rows.
//
// Near misses kept quiet on purpose: `cd build && ls`, `sudo chown -R $(whoami) ~/.npm`,
// `echo "user: $(whoami)"`, `subprocess.run(["ping", "-c", "1", host])` (argv list, no
// shell).

import type { RuleSet } from "../rules";

/** Commands testers inject to prove execution; too rare after a separator to be ordinary. */
const PROBE = String.raw`(?:id|whoami|uname\s{1,3}-a|cat\s{1,3}\/etc\/(?:passwd|shadow|hosts|issue))`;
/** Where a probe ends: end of line, another separator, a comment or a closing quote. */
const PROBE_END = String.raw`(?=\s{0,2}(?:$|[;&|#'"\`]))`;
/** Request-derived input in common web frameworks and CLIs. */
const UNTRUSTED = String.raw`(?:request\.(?:args|form|values|GET|POST|getParameter|query_params|data|json)|req\.(?:query|body|params)|getParameter\s{0,2}\(|Request\s{0,2}\[|Request\.(?:Form|QueryString)|params\s{0,2}\[|user_?input|input\s{0,2}\(\s{0,2}\))`;
/** Calls that hand a string to a shell. */
// PHP's system()/exec() with $_GET are code-execution.ts's web_input_to_shell; a bare
// exec( is not listed because JavaScript's RegExp.prototype.exec takes request input too.
const SHELL_SINK = String.raw`(?:os\.system|os\.popen|subprocess\.(?:call|run|Popen|check_output|check_call|getoutput|getstatusoutput)|child_process\.exec(?:Sync)?|\bexecSync|Runtime\.getRuntime\(\)\.exec|Process\.Start)`;

const payloads: RuleSet = {
  category: "code_execution",
  keywords: null, // per rule
  window: 200,
  rules: [
    {
      id: "code_execution.injection.encoded_separator",
      keywords: ["%0a", "%0d%0a", "%3b", "%26", "%7c", "%60", "%24%28"],
      severity: "high",
      score: 0.78,
      // URL-encoded newline, ";", "&&", "|", backtick or "$(" right before a command:
      // the shape of an injection smuggled through a query string.
      re: /(?:%0[aA]|%3[bB]|%26(?:%26)?|%7[cC](?:%7[cC])?|%60|%24%28)(?:%20|\+|\s){0,2}(?:id|whoami|uname|cat|ls|ping|sleep|nslookup|curl|wget|nc|ncat|bash|sh|echo|rm|touch|powershell|cmd)\b/g,
      explanation: "URL-encoded shell separator followed by a command (command injection)",
    },
    {
      id: "code_execution.injection.separator_probe",
      keywords: [";id", "; id", "|id", "| id", "&id", "& id", "whoami", "uname -a", "cat /etc/"],
      severity: "medium",
      score: 0.72,
      // A separator then a bare execution probe: `;id`, `| whoami`, `|id||`, `&& uname -a`.
      // After "&&" or "||" a bare `id` is too often a variable (`const key = name || id;`),
      // so there the probe must be a command that is not also an identifier.
      re: new RegExp(String.raw`(?:;|(?<!\|)\|(?!\|)|(?<![&>])&(?!&))[ \t]{0,2}${PROBE}${PROBE_END}|(?:&&|\|\|)[ \t]{0,2}(?:whoami|uname\s{1,3}-a|cat\s{1,3}\/etc\/(?:passwd|shadow))${PROBE_END}`, "gm"),
      // A "|" around a bare name is not always a pipe: Ruby block parameters (`each { |id| ...`)
      // and alternation lists (`get|has|id|keys`).
      check: (m) => {
        if (m[0][0] !== "|") return true;
        const before = m.input.slice(Math.max(0, m.index - 4), m.index);
        const after = m.input.slice(m.index + m[0].length, m.index + m[0].length + 2);
        return !/(?:\{|\bdo)[ \t]{0,2}$/.test(before) && !(/\w$/.test(before) && /^\|\w/.test(after));
      },
      explanation: "Execution probe (id, whoami, uname -a, /etc/passwd) chained after another command (command injection)",
    },
    {
      id: "code_execution.injection.substituted_probe",
      keywords: ["$(id", "$( id", "`id", "` id", "$(whoami", "$( whoami", "`whoami", "` whoami", "$(uname", "`uname", "$(cat /etc/", "`cat /etc/", "$(hostname", "`hostname", " -p $(", " -p `"],
      severity: "high",
      score: 0.75,
      // A probe in $(...) or backticks glued to a value (`ip=127.0.0.1$(whoami)`), placed
      // in a URL (out-of-band), or its output written into the web root.
      re: new RegExp(String.raw`(?:\w|[;|]\s{0,2})(?:\$\(\s{0,2}${PROBE}\s{0,2}\)|\`\s{0,2}${PROBE}\s{0,2}\`)|https?:\/\/[^\s"'<>]{1,200}?(?:\$\(|\`)\s{0,2}(?:${PROBE}|hostname)\b|(?:\$\(|\`)\s{0,2}${PROBE}\s{0,2}(?:\)|\`)[^\n]{0,40}?>\s{0,2}\/var\/www\/|\bping\b[^\n]{0,60}?\s-p\s{1,3}(?:\$\(|\`)`, "g"),
      // A "|" that is a Markdown table's cell border is not a pipe: "| `id` | string |".
      check: (m) => {
        if (m[0][0] !== "|") return true;
        const line = m.input.lastIndexOf("\n", m.index) + 1;
        return !/^[ \t]{0,3}\|/.test(m.input.slice(line, line + 4));
      },
      explanation: "Execution probe substituted into a value, URL or web-root file (command injection)",
    },
    {
      id: "code_execution.injection.timed_ping",
      keywords: ["ping -n", "ping -c"],
      severity: "medium",
      score: 0.7,
      // `& ping -n 10 127.0.0.1 &`: a delay used to detect blind injection.
      re: /(?:^|[;&|'"`])\s{0,2}(?:;|&&?|\|\|?)\s{0,2}ping\s{1,3}-[nc]\s{0,2}\d{1,3}\s{1,3}(?:127\.0\.0\.1|localhost)\s{0,2}(?:;|&&?|\|\|?|#|$)/gm,
      explanation: "Time-delay ping used to probe for blind command injection",
    },
    {
      id: "code_execution.injection.sql_or_traversal_payload",
      keywords: ["' or", "'or", "\" or", "union", "drop table", "../", "..\\", "%2e%2e", "..%2f"],
      severity: "high",
      score: 0.75,
      // Classic injection payloads sent at an application: authentication bypass
      // (`' OR '1'='1`), UNION-based extraction, stacked DROP TABLE, and path traversal
      // to system files.
      re: /['"]\s{0,2}\)?\s{0,2}OR\s{1,3}['"]?(?:1|a|x)['"]?\s{0,2}=\s{0,2}['"]?(?:1|a|x)\b|['"]\s{0,2}OR\s{1,3}1\s{0,2}=\s{0,2}1\s{0,2}(?:--|#|\/\*)|\bUNION\s{1,3}(?:ALL\s{1,3})?SELECT\b[^\n]{0,120}?(?:--|#|\bFROM\s{1,3}(?:users|information_schema|mysql\.user|pg_shadow)\b)|['"]\s{0,2};\s{0,2}DROP\s{1,3}TABLE\b|(?:(?:\.\.|%2e%2e|\.%2e|%2e\.)(?:\/|\\|%2f|%5c)){3,}(?:etc(?:\/|%2f)(?:passwd|shadow)|windows(?:\/|\\|%2f|%5c)win\.ini|boot\.ini|proc(?:\/|%2f)self(?:\/|%2f)environ)/gi,
      explanation: "SQL injection or path traversal payload aimed at an application",
    },
    {
      id: "code_execution.injection.reversed_command",
      keywords: ["| rev", "|rev"],
      severity: "high",
      score: 0.78,
      re: /\|\s{0,2}rev\s{0,2}\|\s{0,2}(?:ba|z)?sh\b|\becho\s{1,3}["']?(?:imaohw|di|emanu|tac|hsab|cn)["']?\s{0,2}\|\s{0,2}rev\b/g,
      explanation: "Command written backwards and reversed at run time (filter evasion)",
    },
  ],
};

const sinks: RuleSet = {
  category: "code_execution",
  keywords: null, // per rule
  window: 300,
  rules: [
    {
      id: "code_execution.injection.untrusted_input_to_shell",
      keywords: ["os.system", "os.popen", "subprocess", "child_process", "execsync", "getruntime", "process.start"],
      severity: "high",
      score: 0.75,
      // A shell call whose command string is built from request or user input (string
      // concatenation, formatting or shell=True), in one statement. Argument lists
      // without a shell are safe and do not match.
      re: new RegExp(
        String.raw`${SHELL_SINK}\s{0,2}\(\s{0,2}(?:[rbf]?["'][^"'\n]{0,80}["']\s{0,2}(?:\+|\.|%)\s{0,2}|f["'][^"'\n]{0,80}?\{\s{0,2}|\`[^\`\n]{0,80}?\$\{\s{0,2}|[\w.]{1,40}\s{0,2}\+\s{0,2})?${UNTRUSTED}[^\n]{0,120}?\)` +
          String.raw`|\bsubprocess\.\w{3,15}\s{0,2}\([^\n]{0,120}?${UNTRUSTED}[^\n]{0,120}?shell\s{0,2}=\s{0,2}True`,
        "g",
      ),
      explanation: "Request or user input passed into a shell command (command injection)",
    },
    {
      id: "code_execution.injection.template_gadget",
      keywords: ["__subclasses__", "__globals__", "__import__", "__builtins__", "child_process"],
      severity: "critical",
      score: 0.85,
      // Python sandbox / template-injection gadgets that reach os or subprocess, and
      // inline child_process calls running a probe or shell.
      re: new RegExp(
        String.raw`__subclasses__\s{0,2}\(\s{0,2}\)[^\n]{0,200}?(?:shell\s{0,2}=\s{0,2}True|\bpopen\b|\bsystem\b|communicate\s{0,2}\(|check_output|Popen)` +
          String.raw`|__globals__\s{0,2}(?:\[\s{0,2}["']|\.)(?:os|__builtins__|sys)\b` +
          String.raw`|__builtins__\s{0,2}(?:\[\s{0,2}["']|\.)__import__\b` +
          String.raw`|__import__\s{0,2}\(\s{0,2}["'](?:os|subprocess|pty)["']\s{0,2}\)\s{0,2}\.\s{0,2}(?:system|popen|exec\w{0,3}|spawn\w{0,3}|call|run|Popen|check_output|getoutput)\s{0,2}\(` +
          String.raw`|require\s{0,2}\(\s{0,2}["']child_process["']\s{0,2}\)\s{0,2}\.\s{0,2}(?:exec|execSync|spawn|spawnSync)\s{0,2}\(\s{0,2}["'\`](?:${PROBE}|ls\b|nc\s|bash\b|sh\b|\/bin\/|curl\s|wget\s|cmd\b|powershell\b)`,
        "g",
      ),
      explanation: "Template or sandbox escape reaching the operating system (code injection)",
    },
    {
      id: "code_execution.injection.literal_probe_call",
      keywords: ["system(", "system (", "exec(", "exec (", "popen(", "passthru("],
      severity: "medium",
      score: 0.7,
      // `"; system('id'); //`: a string broken out of, then a call running only a probe.
      // The quote-and-semicolon in front is the break-out of the string it was injected
      // into; `os.system("whoami")` in a tutorial has none.
      re: new RegExp(String.raw`["'\`]\s{0,2};\s{0,2}(?:system|passthru|shell_exec|exec|popen|os\.system|os\.popen)\s{0,2}\(\s{0,2}["'\`]${PROBE}["'\`]`, "g"),
      explanation: "Shell call that only runs an execution probe (injected proof of execution)",
    },
    {
      id: "code_execution.injection.web_shell",
      keywords: ["getparameter", "request[", "request.form", "request.querystring", "weevely"],
      severity: "critical",
      score: 0.88,
      // JSP / ASP.NET one-liners that run a request parameter, and web-shell generators.
      re: /\b(?:Runtime\.getRuntime\(\)\.exec|new\s{1,3}ProcessBuilder|Process\.Start)\s{0,2}\([^\n]{0,80}?(?:request\.getParameter|Request\s{0,2}\[|Request\.(?:Form|QueryString))|\bweevely\s{1,3}(?:generate|http)/gi,
      explanation: "Web shell: a request parameter run as a command",
    },
  ],
};

/** Rule sets matched on the clean view. */
export const codeInjectionClean: RuleSet[] = [payloads, sinks];
