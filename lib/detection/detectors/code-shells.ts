// code_execution, continued: reverse and bind shells in the forms code-execution.ts
// misses (zsh's ztcp, gawk's outbound network file, Perl's fdopen, Crystal/Ruby-style
// "read a line from the socket, run it" loops, X11 shells, argv-list netcat) and
// listeners. From general knowledge of how these shells are written, not from
// evaluation rows. A socket connection alone is ordinary client code; every rule needs
// the connection AND a way for the remote side to run commands.

import { followedBy, type RuleSet } from "../rules";

/** An IPv4 address that is not loopback or unspecified (shells call out to a real host). */
const REMOTE_IP = String.raw`(?!127\.|0\.0\.0\.0)\d{1,3}(?:\.\d{1,3}){3}`;

// Received data run as a command: `cmd = s.recv(1024)` ... `subprocess.run(cmd, shell=True)`.
const recvThenRun = followedBy(
  /\b(?:subprocess\.\w{3,15}|os\.popen|os\.system|getoutput|check_output|IO\.popen|Process\.new|popen|shell_exec|system|exec)\s{0,2}\((?:[^()\n]{0,80}\bshell\s{0,2}[:=]\s{0,2}(?:True|true)|\s{0,2}[\w.]{1,30}(?:\.decode\([^)]{0,20}\))?(?:\.(?:strip|rstrip|chomp)\([^)]{0,10}\))?\s{0,2}[,)])/,
  400,
  0.9,
);

const shells3: RuleSet = {
  category: "code_execution",
  keywords: null, // per rule
  window: 500,
  rules: [
    {
      id: "code_execution.reverse_shell.remote_command_loop",
      keywords: [".connect(", "tcpsocket", "socket.tcp", "accept("],
      severity: "critical",
      score: 0.9,
      // A socket that connects out (or accepts), then data received from it is handed
      // to a shell: the command loop of a reverse or bind shell without dup2.
      re: /(?:\.connect\s{0,2}\(\s{0,2}\(?\s{0,2}[\w"'.:-]{1,64}\s{0,2},\s{0,2}[\w"']{1,12}\s{0,2}\)?\s{0,2}\)|\.accept\s{0,2}\(\s{0,2}\))[\s\S]{0,300}?\.(?:recv|read|gets|receive)\w{0,5}\b/g,
      check: recvThenRun,
      explanation: "Data received over a network connection is run as a shell command (reverse or bind shell)",
    },
    {
      id: "code_execution.reverse_shell.unusual_interpreter",
      keywords: ["ztcp", "/inet/tcp/", "fdopen", "xterm", "xnest", "mknod"],
      severity: "critical",
      score: 0.9,
      re: new RegExp(
        String.raw`\bztcp\s{1,3}[\w.-]{1,253}\s{1,3}\d{1,5}\b[^\n]{0,80}?\$REPLY` +
          String.raw`|\/inet\/tcp\/0\/[\w.-]{1,253}\/\d{1,5}\b[\s\S]{0,200}?(?:getline|\|&)` +
          String.raw`|IO::Socket::INET\b[\s\S]{0,200}?(?:STDIN|\$~|STDOUT)->fdopen\s{0,2}\(` +
          String.raw`|\bxterm\s{1,3}-display\s{1,3}${REMOTE_IP}:\d{1,2}\b` +
          String.raw`|\bmknod\s{1,3}\S{1,60}\s{1,3}p\b[^\n]{0,60}?\b(?:telnet|nc|ncat)\s{1,3}[\w.-]{1,253}\s{1,3}\d{1,5}\b`,
        "g",
      ),
      explanation: "Shell wired to a network connection by zsh, gawk, Perl, telnet or X11 (reverse shell)",
    },
    {
      id: "code_execution.reverse_shell.python_one_liner",
      keywords: [".connect(("],
      severity: "high",
      score: 0.78,
      // `python -c "... s.connect(('10.0.0.1', 4242)) ..."`: a one-liner calling a socket
      // out to a remote address is how Python reverse shells are delivered, however the
      // shell part is obfuscated.
      re: new RegExp(String.raw`\bpython[23]?(?:\.\d{1,2})?(?:\.exe)?["']?\s{1,3}-c\s{1,3}["'][^\n]{0,600}?\.connect\s{0,2}\(\s{0,2}\(\s{0,2}["']${REMOTE_IP}["']\s{0,2},\s{0,2}\d{1,5}\s{0,2}\)`, "g"),
      explanation: "Python one-liner connecting a socket to a remote host (reverse shell delivery)",
    },
    {
      id: "code_execution.reverse_shell.argv_netcat",
      keywords: ["\"nc\"", "'nc'", "\"ncat\"", "'ncat'", "\"netcat\"", "'netcat'"],
      severity: "critical",
      score: 0.92,
      // The same `nc -e /bin/sh` written as an argument list for subprocess or spawn.
      re: /\[\s{0,2}["'](?:nc|ncat|netcat)["'][^\]\n]{0,120}?["']-\w{0,3}e["']\s{0,2},\s{0,2}["'](?:\/bin\/)?(?:ba|z)?sh["']/g,
      explanation: "Netcat started from code with -e and a shell (reverse or bind shell)",
    },
    {
      id: "code_execution.reverse_shell.tty_listener",
      keywords: ["file:`tty`", "xhost +"],
      severity: "high",
      score: 0.78,
      // Catching a shell: socat giving the attacker's terminal to a TCP listener, or X
      // access control opened for a remote xterm.
      re: /\bsocat\s{1,3}(?:-\S{1,4}\s{1,3}){0,2}file:`tty`[^\n]{0,60}?tcp(?:4|6)?-l(?:isten)?:\d{1,5}|\bxhost\s{1,3}\+\s{0,2}[\w.-]{1,253}[\s\S]{0,200}?\bXnest\b|\bXnest\s{1,3}:\d\b[\s\S]{0,200}?\bxhost\s{1,3}\+/gi,
      explanation: "Listener that takes over a terminal or X display for an incoming shell",
    },
  ],
};

/** Rule sets matched on the clean view. */
export const codeShellsClean: RuleSet[] = [shells3];
