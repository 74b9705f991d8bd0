// code_execution, continued: Linux privilege escalation, persistence and defence-evasion
// steps that code-execution.ts does not cover. Shapes come from general knowledge of how
// these techniques are practised (GTFOBins-style escapes, writable-file abuse, public
// kernel exploits, PAM and start-up hooks, hiding processes and files), not from any
// evaluation row. Each rule keys on the dangerous combination (a world sweep of the file
// system, a payload in /tmp, a root-owned target) rather than on a tool name alone, so
// ordinary administration (`find . -name '*.py'`, `at now + 1 hour -f backup.sh`,
// `insmod ./hello.ko` in a kernel course) stays quiet.

import { distinctWithin, type RuleSet } from "../rules";

/** Directories any user can write to: where escalation and persistence payloads live. */
const WRITABLE_DIR = String.raw`\/(?:tmp|dev\/shm|var\/tmp)\/`;
// Folders any Windows user can write to: a service binary there is anyone's to replace.
const WINDOWS_WRITABLE = String.raw`[A-Za-z]:\\{1,2}(?:Users\\{1,2}Public|Windows\\{1,2}Temp|Temp|tmp|ProgramData|Users\\{1,2}[^\\\s]{1,40}\\{1,2}(?:AppData|Downloads|Desktop))\\{1,2}`;

// Privilege-specific enumeration commands (not mentions of the paths): two different
// ones together are already an escalation checklist. code-execution.ts's recon_checklist
// counts three of a wider set that includes generic probes (uname -a, id, netstat).
const PRIVESC_COMMAND = /\bsudo\s{1,3}-l\b|\bfind\s{1,3}\/\s[^\n]{0,60}?-(?:perm|writable|user\s{1,3}root)\b|\bgetcap\s{1,3}-r\b|\bcrontab\s{1,3}-l\b|\b(?:cat|ls|less|more|head|tail|grep)\s{1,3}(?:-\w{1,4}\s{1,3}){0,2}(?:[^\s|;&]{0,40}\s{1,3}){0,1}(?:\/etc\/(?:shadow|sudoers(?:\.d)?|exports|crontab|anacrontab|cron(?:\.d|\.daily|\.hourly|\*)?|at\.allow|at\.deny)\b|\/var\/spool\/cron\b|\/root\b|~?\/?[\w.\/-]{0,40}\.bash_history\b)|\bps\s{1,3}-?(?:aux|ef)\b[^\n]{0,20}\|\s{0,3}grep\s{1,3}root\b|\bls\s{1,3}-\w{0,4}\s{1,3}\/etc\/\s{0,2}\|\s{0,3}grep\s{1,3}cron\b/gm;
const privescCommands = distinctWithin(PRIVESC_COMMAND, 600, 2, 0.65, (p) => p.replace(/\s+/g, " ").replace(/^(?:cat|ls|less|more|head|tail|grep) (?:-\w+ )*/, "").slice(0, 14).toLowerCase());

const escalation: RuleSet = {
  category: "code_execution",
  keywords: null, // per rule
  window: 300,
  rules: [
    {
      id: "code_execution.privilege_escalation.enumeration_pair",
      keywords: ["sudo -l", "find /", "getcap -r", "crontab -l", "/etc/", "/var/spool/cron", "/root", "bash_history", "grep root"],
      severity: "medium",
      score: 0.65,
      re: PRIVESC_COMMAND,
      check: privescCommands,
      explanation: "Runs two or more privilege-escalation enumeration commands (sudo rights, SUID files, cron, shadow)",
    },
    {
      id: "code_execution.privilege_escalation.filesystem_sweep",
      keywords: ["find /"],
      severity: "medium",
      score: 0.65,
      // A whole-file-system search for files an attacker can abuse: world-writable,
      // recently modified (what a root cron job touches), or owned by root and
      // writable, with the errors of unreadable directories thrown away.
      re: /\bfind\s{1,3}\/\s(?=[^\n]{0,160}?2>\s{0,2}\/dev\/null)[^\n]{0,80}?(?:-perm\s{1,3}(?:-o\+w|-0{0,3}2|\/o\+w|-0{0,3}777)\b|-m(?:min|time)\s{1,3}-\d{1,3}\b|-newer\s{1,3}\S|-writable\b|-group\s{1,3}\$\(|-user\s{1,3}root\s{1,3}-perm\b)|\bfind\s{1,3}\/\s[^\n]{0,60}?-perm\s{1,3}(?:-o\+w|-0{0,3}2|\/o\+w)\s/g,
      explanation: "Searches the whole file system for world-writable or freshly modified files (privilege-escalation recon)",
    },
    {
      id: "code_execution.credential_read.password_grep",
      keywords: ["grep", "/environ"],
      severity: "high",
      score: 0.7,
      // Bulk search for passwords: every file of a tree fed to a case-insensitive grep,
      // shell history searched for passwords, or process environments dumped.
      re: /\bfind\s{1,3}(?:\/\s|\S{1,60}\s[^\n]{0,80}?-type\s{1,3}f\b)[^\n]{0,80}?(?:-exec|\|\s{0,3}xargs)\s{1,3}grep\s{1,3}(?:-[a-zA-Z]{1,5}\s{1,3}){0,4}["']?(?:pass(?:word|wd)?|pwd|secret|credential)s?\b|\b[\w.~\/*-]{0,60}_history\b[^\n|]{0,40}\|\s{0,3}grep\s{1,3}(?:-[a-zA-Z]{1,5}\s{1,3}){0,3}["']?(?:pass|pwd|secret|token|key)|\bgrep\s{1,3}(?:-[a-zA-Z]{1,5}\s{1,3}){0,3}["']?(?:pass(?:word|wd)?|pwd|secret)\w{0,6}["']?\s{1,3}[\w.~\/*-]{0,60}_history\b|\/proc\/\*\/environ\b/gi,
      explanation: "Greps files, shell history or process environments for passwords (credential hunting)",
    },
    {
      id: "code_execution.privilege_escalation.public_exploit",
      keywords: ["cve-", "gcc", "sudo_inject", "dbus-send", "dirty"],
      severity: "high",
      score: 0.72,
      // Building or running a public exploit: a CVE-named program, an Exploit-DB
      // numbered source file, or well-known local-root tools.
      re: /(?:\.\/|\bgcc\b[^\n]{0,60}?|\bpython[23]?\s{1,3}|\bbash\s{1,3}|\bsh\s{1,3}|\bgit\s{1,3}clone\s{1,3}\S{0,80}?\/|\bwget\s{1,3}\S{0,80}?\/|\bcurl\s{1,3}\S{0,80}?\/)cve-?\d{4}-\d{4,7}\w{0,20}|\bgcc\b[^\n]{0,60}?(?:\s|\/)\d{4,5}\.c\b|\bsudo_inject\b|\bdbus-send\b[^\n]{0,200}?Accounts\.CreateUser\b|\bdirty_?(?:cow|pipe|sock|cred)\w{0,10}\b/gi,
      explanation: "Builds or runs a public privilege-escalation exploit",
    },
    {
      id: "code_execution.privilege_escalation.suid_shell_run",
      keywords: ["sh -p", "shd -p", "\"-p", "'-p"],
      severity: "high",
      score: 0.8,
      // `bash -p` keeps the effective uid of a setuid copy of the shell: the last step
      // of most "copy bash, set the setuid bit" escalations.
      re: new RegExp(String.raw`(?:${WRITABLE_DIR}|(?:^|[\s;&|'"])\.\/|\/home\/[\w.-]{1,32}\/)\.?[\w.-]{0,30}(?:bash|sh)\w{0,10}\s{1,3}-p\b|\/bin\/(?:ba|da|z)?sh\s{1,3}-p\b|\bexec\w{0,3}\s{0,2}\(\s{0,2}["']\/bin\/(?:ba|da)?sh["'][^)\n]{0,40}["']-p\w{0,2}["']`, "gm"),
      explanation: "Runs a setuid copy of the shell with -p to keep root privileges",
    },
    {
      id: "code_execution.privilege_escalation.path_hijack",
      keywords: ["path="],
      severity: "high",
      score: 0.75,
      // A writable directory (or the working directory) put first in PATH right before
      // a program is run, so a planted look-alike binary runs instead.
      re: new RegExp(String.raw`\bPATH=(?:\/(?:tmp|dev\/shm|var\/tmp)(?:\/[\w.-]{1,40})?|\.\/?)(?=:)[^\s;&|]{0,80}\s{1,3}(?:sudo\s{1,3})?(?:\.\/|\/(?:usr\/)?(?:local\/)?s?bin\/|\/opt\/)\S`, "g"),
      explanation: "Puts a writable directory first in PATH before running a program (PATH hijack)",
    },
    {
      id: "code_execution.privilege_escalation.wildcard_injection",
      keywords: ["touch"],
      severity: "high",
      score: 0.8,
      // File names that are really options of a command run on `*` by root (tar, rsync,
      // chown): `touch -- '--checkpoint-action=exec=sh x.sh'`.
      re: /\btouch\s{1,3}(?:--\s{1,3})?(?:\.\/)?["']?-{1,2}(?:checkpoint(?:-action)?=|reference=|e\s{1,3}(?:ba)?sh\b|use-compress-program=|rsh=)/g,
      explanation: "Creates files named like command options so a wildcard run by root executes a payload (wildcard injection)",
    },
    {
      id: "code_execution.privilege_escalation.sudo_interpreter",
      keywords: ["sudo"],
      severity: "high",
      score: 0.8,
      re: /\bsudo\s{1,3}(?:-\S{1,4}\s{1,3}(?:\w{1,20}\s{1,3})?){0,2}(?:node|nodejs|ruby|lua|php|perl|python[23]?(?:\.\d{1,2})?)\s{1,3}-[erc]\s{1,3}["'][^\n]{0,160}?(?:\/bin\/(?:ba|z)?sh\b|\bspawn\s{0,2}\(\s{0,2}["'](?:ba)?sh|\bos\.execute\s{0,2}\(|\bsystem\s{0,2}\(\s{0,2}["'](?:ba)?sh)/g,
      explanation: "Runs an interpreter through sudo to spawn a root shell",
    },
    {
      id: "code_execution.privilege_escalation.unit_or_library_plant",
      keywords: ["systemctl link", "ld.so.conf", "ld.so.preload"],
      severity: "high",
      score: 0.8,
      // A systemd unit linked from a writable directory, a library directory added to
      // the loader's search path, or a preload entry pointing at a writable directory.
      re: new RegExp(String.raw`\bsystemctl\s{1,3}link\s{1,3}${WRITABLE_DIR}|(?:>>?|\btee\b[^\n]{0,10})\s{0,3}\/etc\/ld\.so\.conf(?:\.d\/\S{1,60})?\b|\bld\.so\.preload\b[^\n]{0,80}?${WRITABLE_DIR}\S{1,60}\.so\b|${WRITABLE_DIR}\S{1,60}\.so\b[^\n]{0,80}?\bld\.so\.preload\b`, "g"),
      explanation: "Plants a systemd unit or shared library from a writable directory for a privileged process to load",
    },
    {
      id: "code_execution.privilege_escalation.password_hash_forge",
      keywords: ["mkpasswd", "crypt", "chpasswd", "passwd -d"],
      severity: "high",
      score: 0.75,
      // Forging a password hash (for a writable /etc/passwd) or resetting root's.
      re: /\bmkpasswd\s{1,3}-m\s{1,3}(?:sha-?512|sha-?256|md5)\b|\bcrypt(?:\.crypt)?\s{0,2}\(\s{0,2}["'][^"'\n]{1,40}["']\s{0,2},\s{0,2}["'](?:\$[156]\$|[\w.\/]{2}["'])|\becho\s{1,3}["']?root:[^\s"':]{1,60}["']?\s{0,3}\|\s{0,3}(?:sudo\s{1,3})?chpasswd\b|\bpasswd\s{1,3}-d\s{1,3}root\b/gi,
      explanation: "Forges a password hash for a passwd entry or resets the root password",
    },
    {
      id: "code_execution.privilege_escalation.hijackable_config",
      keywords: ["getcap", "rpath", "runpath", "tmux=", "ifcfg", "network-scripts", "onboot", "ssh"],
      severity: "medium",
      score: 0.7,
      // Findings an escalation builds on: a binary holding every capability (`=ep`, on
      // the line after getcap, hence the m flag), a library search path in a writable
      // directory, another user's tmux socket, an interface script whose NAME runs a
      // command, or a login with one of the predictable Debian OpenSSL keys (named
      // <md5>-<pid>).
      re: /\bgetcap\b[^\n]{0,80}\n?[^\n]{0,80}?(?:^|\s)(?!cap_)[\w.\/-]{1,80}\s{0,2}=\s{0,2}ep\b|\b(?:RPATH|RUNPATH)\b[^\n]{0,60}?Library\s{1,3}r(?:un)?path:\s{0,3}\[(?:\/tmp|\/var\/tmp|\/dev\/shm|\.)[\/\]]|\bTMUX=\/tmp\/tmux-\d{1,6}\/\w{1,20}|\bNAME=[\w-]{1,40}\s{1,3}\/(?:bin|usr\/bin|tmp|dev\/shm)\/\w{1,40}\b(?=[\s\S]{0,200}?(?:ONBOOT=|DEVICE=|network-scripts))|\bssh\b[^\n]{0,80}?\s-i\s{1,3}\S{0,60}?\b[0-9a-f]{32}-\d{1,6}\b/gm,
      explanation: "Misconfiguration an escalation builds on (full capabilities, writable RPATH, tmux socket, ifcfg command, weak Debian SSH key)",
    },
    {
      id: "code_execution.privilege_escalation.interactive_escape",
      keywords: ["!/bin/", "!sh", "! /bin/", "! sh", "!bash", "\\!", "service ../"],
      severity: "high",
      score: 0.75,
      // A shell started from inside another program: a line that is just `!sh` or
      // `!/bin/sh` (less, more, man, vi, ftp, gdb, nmap prompts; a shebang has `#` in
      // front), MySQL's `\! sh`, or `service` pointed at a shell by path traversal.
      // The shell must end the line: a notebook's `!bash setup.sh` runs a script.
      re: /^[ \t]{0,4}(?:[a-z]{2,10}>[ \t]{0,2}|:)?![ \t]{0,2}(?:\/bin\/|\/usr\/bin\/)?(?:ba|z|da)?sh(?:[ \t]{1,3}-[ip])?[ \t]{0,2}$|\\![ \t]{0,2}(?:\/bin\/)?(?:ba)?sh\b|\bservice\s{1,3}(?:\.\.\/){2,8}bin\/(?:ba)?sh\b/gm,
      explanation: "Shell escape from an interactive program (pager, editor, client prompt)",
    },
    {
      id: "code_execution.privilege_escalation.interpreter_path_hijack",
      keywords: ["pythonpath", "perl5lib", "rubylib", "node_path", "env_keep"],
      severity: "high",
      score: 0.8,
      // Module search paths pointed at a writable directory for a privileged run, or
      // kept across sudo.
      re: /\bsudo\s{1,3}(?:-\S{1,4}\s{1,3}){0,2}(?:\w{1,30}=\S{0,80}\s{1,3}){0,3}(?:PYTHONPATH|PERL5LIB|RUBYLIB|NODE_PATH)=\/(?:tmp|dev\/shm|var\/tmp|home)\b|\benv_keep\s{0,2}\+?=\s{0,2}["']?[^\n"']{0,40}\b(?:PYTHONPATH|PERL5LIB|RUBYLIB|NODE_PATH|LD_LIBRARY_PATH)\b/g,
      explanation: "Points an interpreter's module path at a writable directory for a privileged run (library hijack)",
    },
    {
      id: "code_execution.privilege_escalation.session_or_device_abuse",
      keywords: ["ssh_auth_sock", "ptrace_scope", "debugfs", "/dev/fb0", "sucrack", "su-bruteforce"],
      severity: "high",
      score: 0.75,
      // Hijacking another user's SSH agent, lifting ptrace protection (sudo-token
      // theft), reading raw disks through the disk group or the screen through the video
      // group, brute-forcing su.
      re: /\bSSH_AUTH_SOCK=\/tmp\/ssh-[\w.-]{1,40}\/agent\.\d{1,7}\b|\becho\s{1,3}0\s{0,2}(?:>|\|\s{0,2}(?:sudo\s{1,3})?tee)\s{0,2}\/proc\/sys\/kernel\/yama\/ptrace_scope\b|\bdebugfs\s{1,3}(?:-\w\s{1,3}){0,2}\/dev\/(?:sd[a-z]|nvme\d|xvd[a-z]|vd[a-z]|mapper\/)|\bcat\s{1,3}\/dev\/fb0\b|\b(?:sucrack|su-bruteforce)\b/g,
      explanation: "Abuses another user's session or a privileged group's device access (SSH agent, ptrace, raw disk, framebuffer)",
    },
    {
      id: "code_execution.privilege_escalation.root_crontab_read",
      keywords: ["/var/spool/cron/crontabs/root"],
      severity: "medium",
      score: 0.65,
      re: /\/var\/spool\/cron\/crontabs\/root\b/g,
      explanation: "Reads or edits root's crontab",
    },
  ],
};

const persistence: RuleSet = {
  category: "code_execution",
  keywords: null, // per rule
  window: 300,
  rules: [
    {
      id: "code_execution.persistence.pam_backdoor",
      keywords: ["pam_", "/etc/pam.d"],
      severity: "critical",
      score: 0.88,
      re: new RegExp(String.raw`(?:>>?|\btee\b[^\n]{0,10})\s{0,3}\/etc\/pam\.d\/[\w.-]{1,40}|\bauth\s{1,3}sufficient\s{1,3}pam_permit\.so\b|\bpam_exec\.so\b[^\n]{0,40}?(?:${WRITABLE_DIR}|\/\.[\w-])|\b(?:cp|mv|install)\s[^\n]{0,120}?\/security\/pam_unix\.so\b`, "g"),
      explanation: "Edits PAM configuration or replaces a PAM module (authentication backdoor)",
    },
    {
      id: "code_execution.persistence.start_hook",
      keywords: ["at now", "| at", "|at", "/etc/rc", "prompt_command", "autocmd", "sc create", "sc.exe create", "sc config", "sc.exe config", "imagepath"],
      severity: "high",
      score: 0.8,
      // at jobs and SysV start links running a payload from a writable or hidden path,
      // PROMPT_COMMAND or vim autocommands running one, profile edits, and Windows
      // services whose binary sits in a user-writable folder.
      re: new RegExp(
        String.raw`\bat\s{1,3}(?:now|midnight|noon|teatime)\b[^\n]{0,40}?-f\s{1,3}["']?(?:${WRITABLE_DIR}|\S{0,40}\/\.[\w-])` +
          String.raw`|\b(?:echo|printf)\s[^\n|]{0,120}?(?:${WRITABLE_DIR}|\/dev\/tcp\/|\bcurl\b|\bwget\b|\bnc\s)[^\n|]{0,80}\|\s{0,3}at\s{1,3}(?:now|midnight|noon|teatime|\d)` +
          String.raw`|\bln\s{1,3}-s\w{0,2}\s{1,3}\S{1,80}\s{1,3}\/etc\/rc\d\.d\/S\d\d` +
          String.raw`|\bPROMPT_COMMAND=["']?[^\n"']{0,60}?(?:${WRITABLE_DIR}|\/\.[\w-]|\bcurl\b|\bwget\b|\bnc\s|\/dev\/tcp\/)` +
          String.raw`|\bautocmd\b[^\n]{0,80}?\s(?:silent\s{1,3})?!\s{0,2}(?:${WRITABLE_DIR}|\S{0,40}\/\.[\w-]|curl\b|wget\b|nc\s|bash\b|sh\s)` +
          String.raw`|\bsc(?:\.exe)?\s{1,3}(?:create|config)\s{1,3}\S{1,40}\s{1,3}binPath=\s{0,2}["']?${WINDOWS_WRITABLE}` +
          String.raw`|\breg(?:\.exe)?\s{1,3}add\s{1,3}["']?HKLM\\{1,2}SYSTEM\\{1,2}(?:CurrentControlSet|ControlSet\d{3})\\{1,2}Services\\{1,2}[^\s"'\\]{1,60}["']?[^\n]{0,40}?\/v\s{1,3}ImagePath\b[^\n]{0,80}?\/d\s{1,3}["']?${WINDOWS_WRITABLE}`,
        "gi",
      ),
      explanation: "Registers a payload to run at start-up, at a scheduled time or at every prompt (persistence)",
    },
    {
      id: "code_execution.persistence.more_start_files",
      keywords: ["/.ssh/rc", "xdg/autostart", "sitecustomize", "usercustomize", ".pth", "xprofile", "xsession", "anacrontab", "localcommand", "execstartpre", "execstartpost", "execstop"],
      severity: "high",
      score: 0.8,
      // Files that run code at login, session start, interpreter start or boot, written
      // to; systemd hooks other than ExecStart running a payload. Boot-time module lists
      // (/etc/modules-load.d) are left out: Kubernetes and Raspberry Pi guides edit them.
      re: /(?:>>?|\btee\b[^\n]{0,10}|\bcp\s[^\n]{0,120}|\bmv\s[^\n]{0,120})\s{0,3}["']?(?:~|\$HOME|\/root|\/home\/[\w.-]{1,32})?\/(?:\.ssh\/rc|\.xprofile|\.xsession(?:rc)?)\b|(?:>>?|\btee\b[^\n]{0,10}|\bcp\s[^\n]{0,120}|\bmv\s[^\n]{0,120})\s{0,3}(?:\/etc\/xdg\/autostart\/|\/etc\/anacrontab\b|\S{0,120}\/(?:site|dist)-packages\/[\w.-]{0,60}\.pth\b|\S{0,120}\/(?:site|user)customize\.py\b)|\bimport\s{1,3}os\s{0,2};\s{0,2}os\.system\s{0,2}\([^\n]{0,120}?>>?\s{0,3}\S{0,120}\.pth\b|\bPermitLocalCommand\s{1,3}yes\b[\s\S]{0,200}?\bLocalCommand\s{1,3}\S|\bExec(?:StartPre|StartPost|StopPost|Stop|Reload)\s{0,2}=\s{0,2}[^\n]{0,200}?(?:\/dev\/tcp|\bnc\s|bash\s{1,3}-i|\|\s{0,3}(?:ba)?sh\b|\/tmp\/|\/dev\/shm\/)/g,
      explanation: "Writes a file that runs code at login, session, interpreter start or boot (persistence)",
    },
    {
      id: "code_execution.persistence.remote_access_enable",
      keywords: ["fdenytsconnections", "permitrootlogin"],
      severity: "high",
      score: 0.78,
      re: /\bfDenyTSConnections\b[^\n]{0,60}?(?:\/d\s{1,3}0\b|-Value\s{1,3}0\b|,\s{0,3}0\s{0,3}\))|\b(?:sed\s{1,3}-i|echo)\b[^\n]{0,60}?PermitRootLogin\s{1,3}yes\b[^\n]{0,80}?(?:\/etc\/ssh\/sshd_config|>>)/gi,
      explanation: "Opens remote access: enables Remote Desktop or root SSH login",
    },
  ],
};


/** Other \\uXXXX / \\xXX escapes within 40 characters on each side of the match. */
function escapesAround(m: RegExpExecArray): number {
  const input = m.input;
  const end = m.index + m[0].length;
  const around = input.slice(Math.max(0, m.index - 40), m.index) + " " + input.slice(end, end + 40);
  return around.match(/\\(?:u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2})/g)?.length ?? 0;
}

const evasion: RuleSet = {
  category: "code_execution",
  keywords: null, // per rule
  window: 200,
  rules: [
    {
      id: "code_execution.evasion.hidden_name",
      keywords: ["/. ", "/.. ", "/... ", "\\r"],
      severity: "medium",
      score: 0.7,
      // A directory named dot-space (looks like "." in a listing), or a script written
      // with a bare carriage return, which hides the command before it when the file is
      // printed (CRLF line ends are ordinary and do not match).
      re: /\b(?:mkdir|cp|mv|touch)\s[^\n]{0,60}?["'][^"'\n]{0,60}\/\.{1,3} {1,3}["'\/]|\b(?:echo\s{1,3}-e|printf)\s{1,3}["'][^\n]{1,200}?\\r(?!\\n)[^\n]{0,120}?["']\s{0,3}>{1,2}\s{0,3}\S/g,
      explanation: "Hides a file or command from listings (dot-space directory, carriage-return masking)",
    },
    {
      id: "code_execution.evasion.terminal_masking",
      keywords: ["[8m", "u202e", "u202d", "\\xe2\\x80\\xae", "202e"],
      severity: "medium",
      score: 0.7,
      // Text that hides itself on a terminal (the ANSI "conceal" attribute) or a file
      // name reversed with a right-to-left override so `gpj.sh` shows as `hs.jpg`.
      re: /\\(?:e|033|x1b|u001b)\[(?:\d{1,2};)?8m|\\(?:u|U0000)202[eEdD]|\\xe2\\x80\\xa[ed]/g,
      // One escape hides text; a run of them is a table or a character class of code that strips
      // or escapes bidi controls (67 hits in node_modules' sanitisers and JSON encoders).
      check: (m) => escapesAround(m) < 2,
      explanation: "Hides text or file names on the terminal (conceal escape, right-to-left override)",
    },
    {
      id: "code_execution.evasion.self_delete",
      keywords: ["$0", "sys.argv[0]", "__file__"],
      severity: "medium",
      score: 0.7,
      re: /\b(?:rm|shred)\s{1,3}(?:-{1,2}[a-zA-Z]{0,12}\s{1,3}){0,3}["']?\$0["']?(?=\s{0,3}(?:$|[;&|#)]))|\bos\.(?:remove|unlink)\s{0,2}\(\s{0,2}(?:sys\.argv\[0\]|__file__|os\.path\.abspath\(\s{0,2}(?:__file__|sys\.argv\[0\])\s{0,2}\))\s{0,2}\)/gm,
      explanation: "A script deletes itself after running (anti-forensics)",
    },
    {
      id: "code_execution.evasion.logging_off",
      keywords: ["auditctl", "rsyslog", "syslog", "journald", "auditd", "/var/log"],
      severity: "high",
      score: 0.75,
      re: /\bauditctl\s{1,3}-e\s{0,2}0\b|\b(?:systemctl|service)\s{1,3}(?:stop|disable|mask)\s{1,3}(?:rsyslog|syslog|syslog-ng|systemd-journald|auditd)\b|\bfind\s{1,3}\/var\/log\b[^\n]{0,80}?-exec\s{1,3}(?:shred|truncate|sh\s{1,3}-c\s{1,3}["']\s{0,2}>)|\btruncate\s{1,3}-s\s{0,2}0\s{1,3}\/var\/log\/\*/g,
      explanation: "Turns off system logging or auditing, or empties every log (covering tracks)",
    },
    {
      id: "code_execution.evasion.process_masquerade",
      keywords: ["pr_set_name", "prctl", "setproctitle"],
      severity: "high",
      score: 0.78,
      // Renaming the process after a kernel thread or system daemon so `ps` shows
      // nothing unusual.
      re: /\b(?:prctl\s{0,2}\(\s{0,2}(?:PR_SET_NAME|15)\s{0,2},|setproctitle\s{0,2}\()\s{0,2}b?["']\[?(?:kworker|kthreadd|ksoftirqd|kswapd|migration|rcu_\w{1,10}|watchdog|systemd|sshd|crond?|dbus-daemon)/g,
      explanation: "Renames the process after a kernel thread or system daemon (masquerading)",
    },
    {
      id: "code_execution.evasion.rootkit_or_miner",
      keywords: ["insmod", "modprobe", "xmrig", "minerd", "cpuminer", "xmr-stak", "stratum+"],
      severity: "high",
      score: 0.78,
      re: new RegExp(String.raw`\b(?:insmod|modprobe)\s{1,3}(?:-\w{1,4}\s{1,3}){0,2}(?:${WRITABLE_DIR}|\S{0,60}\/\.)\S{0,60}\.ko\b|\b(?:insmod|modprobe)\b[^\n]{0,60}?\b(?:rootkit|diamorphine|reptile|suterusu|adore)\w{0,10}|\b(?:xmrig|minerd|cpuminer|xmr-stak)\b[^\n]{0,80}?\s-(?:o|-url)\b|stratum\+(?:tcp|ssl|tls):\/\/`, "gi"),
      explanation: "Loads a kernel module from a writable path (rootkit) or starts a cryptocurrency miner",
    },
  ],
};

// Escapes from the sandbox a code-executing agent runs in (warden-detect/1.4.0): Python's class
// hierarchy walked from a literal to reach every loaded class (the way out of restricted eval
// and template engines), builtins fetched by a computed name, the JavaScript Function
// constructor reached from inside a vm context, the Docker API on its socket, joining another
// process's namespaces, and writing a process's memory.
const sandbox: RuleSet = {
  category: "code_execution",
  keywords: ["__class__", "__builtins__", "constructor", "docker.sock", "setns", "/mem"],
  window: 200,
  rules: [
    {
      id: "code_execution.sandbox_escape.escape_primitive",
      severity: "critical",
      score: 0.9,
      re: /(?:\(\)|''|""|\[\]|\{\}|\b\d{1,6})\s{0,2}\.__class__\s{0,2}\.__(?:mro|bases?)__\b[^\n]{0,80}?\.__subclasses__\s{0,2}\(|\bgetattr\s{0,2}\(\s{0,3}__builtins__\s{0,3},|\bconstructor\s{0,2}\.\s{0,2}constructor\s{0,2}\(\s{0,2}\\{0,3}["'`]\s{0,2}return\s{1,3}(?:process|this|global|globalThis|require)\b|\bcurl\b[^\n]{0,80}?--unix-socket\s{1,3}["']?\/(?:var\/)?run\/docker\.sock\b|\bctypes\b[^\n]{0,200}?\bsetns\s{0,2}\(|\bopen\s{0,2}\(\s{0,2}["']\/proc\/(?:self|\d{1,7})\/mem["']\s{0,2},\s{0,2}["'](?:wb?|r\+b?|rb\+|ab?)["']/g,
      explanation: "Sandbox escape primitive (class-hierarchy walk, builtins by computed name, Function constructor from a vm, the Docker socket, setns, writing process memory)",
    },
  ],
};

// Windows and Active Directory attack tooling (warden-detect/1.4.0): the well-known offensive
// tools run with the options that attack (dumping domain hashes, Kerberoasting, spraying
// passwords, pass-the-hash shells, dumping a database through SQL injection), and switching
// off what would see them (Defender exclusions, audit policy cleared). The tools' names alone
// ("how does Rubeus work?") are not enough.
const windowsAttack: RuleSet = {
  category: "code_execution",
  keywords: null, // per rule
  window: 200,
  rules: [
    {
      id: "code_execution.intrusion.attack_tool",
      keywords: ["secretsdump", "rubeus", "getuserspns", "getnpusers", "crackmapexec", "netexec", "nxc", "cme", "evil-winrm", "sqlmap", "sharphound", "bloodhound", "responder", "kerbrute"],
      severity: "high",
      score: 0.82,
      re: /\b(?:impacket-)?secretsdump(?:\.py)?\b[^\n]{0,80}?(?:\S@\S|-just-dc\b|-sam\b|-ntds\b)|\bRubeus(?:\.exe)?\s{1,3}(?:kerberoast|asreproast|dump|tgtdeleg|s4u|golden|silver|ptt|asktgt|brute)\b|\b(?:impacket-)?(?:GetUserSPNs|GetNPUsers)(?:\.py)?\b[^\n]{0,120}?\s-(?:request|format|outputfile)\b|\b(?:crackmapexec|netexec|nxc|cme)\s{1,3}(?:smb|winrm|ldap|mssql|ssh|rdp|wmi)\b[^\n]{0,160}?\s-(?:u|H|p)\s{1,3}\S[^\n]{0,160}?\s-(?:p|H)\s{1,3}\S|\bevil-winrm\b[^\n]{0,120}?\s-(?:H|p)\s{1,3}\S|\bsqlmap\b[^\n]{0,200}?\s--(?:dump(?:-all)?|os-shell|os-pwn|passwords|sql-shell)\b|\b(?:SharpHound(?:\.exe|\.ps1)?|Invoke-BloodHound)\b[^\n]{0,60}?(?:-c|--collectionmethods?|-CollectionMethod)\s{1,3}\w|\bResponder(?:\.py)?\s{1,3}-I\s{1,3}\w|\bkerbrute\s{1,3}(?:userenum|passwordspray|bruteuser|bruteforce)\b/gi,
      explanation: "Runs a known attack tool against a domain or service (hash dumping, Kerberoasting, password spraying, pass-the-hash, SQL-injection dump)",
    },
    {
      id: "code_execution.evasion.defender_and_audit",
      keywords: ["add-mppreference", "auditpol", "alwaysinstallelevated", "seimpersonate"],
      severity: "high",
      score: 0.8,
      re: /\bAdd-MpPreference\s{1,3}-Exclusion(?:Path|Process|Extension|IpAddress)\b|\bauditpol(?:\.exe)?\s{1,3}\/(?:clear|remove)\b|\bauditpol(?:\.exe)?\s{1,3}\/set\b[^\n]{0,120}?\/(?:success|failure):disable\b|\breg(?:\.exe)?\s{1,3}query\b[^\n]{0,120}?\bAlwaysInstallElevated\b|\bwhoami(?:\.exe)?\s{1,3}\/priv\b[^\n]{0,60}?\bSe(?:Impersonate|AssignPrimaryToken)Privilege\b/gi,
      explanation: "Hides from Windows defences (Defender exclusion, audit policy cleared) or probes for a known privilege escalation (AlwaysInstallElevated, impersonation privilege)",
    },
  ],
};

/** Rule sets matched on the clean view. */
export const codeEscalationClean: RuleSet[] = [escalation, persistence, evasion, sandbox, windowsAttack];
