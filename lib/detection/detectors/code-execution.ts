// code_execution: commands and code that give an attacker a shell, destroy data, read
// credentials, persist or escalate privileges. Matched on the clean view (case kept,
// invisible characters and homoglyphs removed) so "b\u200Bash -i" still matches.
// Near misses matter as much as hits: an agent running `nc -zv host 443` or
// `rm -rf build/` is ordinary work, so rules key on the dangerous combination
// (nc WITH -e /bin/sh, rm -rf ON / or ~), never on the tool name alone.

import { distinctWithin, followedBy, notPrecededBy, type RuleSet } from "../rules";
import { codeEscalationClean } from "./code-escalation";
import { codeInjectionClean } from "./code-injection";
import { codeInstructionsClean } from "./code-instructions";
import { codeMalwareClean } from "./code-malware";
import { codeShellsClean } from "./code-shells";

const SH = String.raw`(?:\/(?:usr\/)?bin\/)?(?:ba|z|k|da|c|tc|fi)?sh\b`;

const shells: RuleSet = {
  category: "code_execution",
  keywords: [
    "/dev/tcp", "/dev/udp", "\\bnc\\b", "\\bncat\\b", "\\bnetcat\\b", "socat", "socket", "fsockopen", "tcpclient", "tcpsocket", "/inet/tcp", "s_client",
    "pty.spawn", "msfvenom", "meterpreter", "dial(", "xterm", "telnet", "mkfifo", "mknod", "child_process", "runtime", "processbuilder", "spawn",
    "powercat", "invoke-powershelltcp", "tcpserver",
  ],
  window: 600,
  rules: [
    {
      id: "code_execution.reverse_shell.bash",
      severity: "critical",
      score: 0.97,
      re: /\/dev\/(?:tcp|udp)\/[\w.\-[\]:]{1,253}\/\d{1,5}/g,
      check: notPortProbe,
      explanation: "Bash /dev/tcp redirection: a reverse shell to a remote host",
    },
    {
      id: "code_execution.reverse_shell.netcat",
      severity: "critical",
      score: 0.96,
      re: new RegExp(String.raw`\b(?:nc|ncat|netcat|nc\.traditional|nc\.exe|nc64\.exe)\b[^\n|;&]{0,100}?(?:\s-[a-zA-Z]{0,4}[ec][a-zA-Z]{0,2}\s{0,3}["']?(?:${SH}|cmd(?:\.exe)?|powershell(?:\.exe)?|\/bin\/\w+)|\s--(?:exec|sh-exec|lua-exec)[=\s])`, "g"),
      explanation: "Netcat with -e/--exec: attaches a shell to a network connection",
    },
    {
      id: "code_execution.reverse_shell.fifo",
      severity: "critical",
      score: 0.96,
      re: new RegExp(String.raw`\b(?:mkfifo|mknod)\b[^\n]{0,160}?\|\s{0,3}(?:nc|ncat|netcat|openssl|telnet|busybox\s{1,3}nc)\b|\b(?:nc|ncat|netcat|telnet|openssl\s{1,3}s_client)\b[^\n|]{0,120}?\|\s{0,3}${SH}[^\n]{0,40}\|\s{0,3}(?:nc|ncat|netcat|telnet|openssl)\b|\b(?:nc|ncat|netcat|telnet|openssl\s{1,3}s_client)\b[^\n|;]{0,120}?\d{1,5}\s{0,3}(?:0<&\d|0?<\s{0,2}(?:\/tmp\/\w+|\$\{?\w{1,30}\}?))?\s{0,3}\|\s{0,3}${SH}`, "g"),
      explanation: "Named pipe or pipe wiring a shell to a network client (reverse shell)",
    },
    {
      id: "code_execution.reverse_shell.socat",
      severity: "critical",
      score: 0.95,
      re: /\bsocat\b[^\n]{0,200}?\b(?:exec|system):[^\n]{0,60}?(?:(?<![\w.-])(?:ba|z|k|da|c|tc)?sh\b|\bcmd(?:\.exe)?\b|\bpowershell\b)|\bsocat\b[^\n]{0,120}?(?:tcp|tcp4|tcp6|openssl|udp)(?:-listen|-connect)?:[^\n]{0,120}?(?:exec|system):/gi,
      explanation: "socat relaying a shell over the network",
    },
    {
      id: "code_execution.reverse_shell.python",
      severity: "critical",
      score: 0.96,
      re: /socket\.socket\([\s\S]{0,300}?\.connect\([\s\S]{0,400}?(?:os\.dup2|pty\.spawn|subprocess\.(?:call|Popen|run|check_output)\(\s{0,4}\[?\s{0,4}["'](?:\/bin\/)?(?:ba|z)?sh|["']\/bin\/(?:ba|z)?sh["'])/g,
      explanation: "Python socket connected back with a shell attached (reverse shell)",
    },
    {
      id: "code_execution.reverse_shell.pty_spawn",
      severity: "high",
      score: 0.8,
      re: /pty\.spawn\(\s{0,4}["'](?:\/bin\/)?(?:ba|z)?sh["']/g,
      explanation: "pty.spawn of a shell (interactive shell upgrade)",
    },
    {
      id: "code_execution.reverse_shell.perl",
      severity: "critical",
      score: 0.95,
      re: /\b(?:socket\s{0,3}\(|IO::Socket::INET|IO::Socket)[\s\S]{0,400}?(?:\bexec\s{0,3}[("'{]|\bsystem\s{0,3}[("']|open\s{0,3}\(\s{0,3}STD(?:IN|OUT|ERR))/g,
      explanation: "Perl socket with exec/STDIN redirection (reverse shell)",
    },
    {
      id: "code_execution.reverse_shell.php",
      severity: "critical",
      score: 0.95,
      re: /\bfsockopen\s{0,3}\([\s\S]{0,300}?\b(?:exec|shell_exec|system|passthru|proc_open|popen)\s{0,3}\(|\bproc_open\s{0,3}\(\s{0,3}["'](?:\/bin\/)?(?:ba)?sh/g,
      explanation: "PHP fsockopen with command execution (reverse shell)",
    },
    {
      id: "code_execution.reverse_shell.ruby",
      severity: "critical",
      score: 0.95,
      re: /\bTCP(?:Socket|Server)\.(?:new|open)\s{0,3}\([\s\S]{0,300}?(?:\bexec\b|\bspawn\b|\bsystem\b|IO\.popen|\bsh\b|\$stdin|\.reopen)/g,
      explanation: "Ruby TCP socket or server wired to a shell (reverse or bind shell)",
    },
    {
      id: "code_execution.reverse_shell.powershell",
      severity: "critical",
      score: 0.96,
      re: /(?:New-Object\s{1,4}(?:-TypeName\s{1,4})?(?:System\.)?Net\.Sockets\.TCPClient\s{0,3}\(|\[System\.Net\.Sockets\.TcpClient\]|Net\.Sockets\.TCPListener)[\s\S]{0,600}?(?:GetStream|iex|Invoke-Expression|\.Write\()|\bInvoke-PowerShellTcp\b|\bpowercat\b[^\n]{0,80}\s-e\s/gi,
      explanation: "PowerShell TCP client piping commands to Invoke-Expression (reverse shell)",
    },
    {
      id: "code_execution.reverse_shell.generic",
      severity: "critical",
      score: 0.92,
      re: /(?:\/inet\/tcp\/\d{1,5}|\bnet\.Dial\(\s{0,3}["']tcp|new\s{1,3}(?:java\.net\.)?Socket\s{0,3}\(|Socket\.connect\(|net\.Socket\(\)|net\.connect\(|socket\.tcp\(\)|\bs_client\b[^\n]{0,60}-connect|\bTcpStream::connect|\bxterm\s{1,3}-display)[\s\S]{0,500}?(?:\/bin\/(?:ba|z)?sh|cmd\.exe|powershell(?:\.exe)?|Process\.start|\bsh\b["' ]|exec\.Command|child_process|ProcessBuilder|Runtime\.getRuntime\(\)\.exec|\.pipe\(\s{0,3}[\w.]{0,30}\bstd(?:in|out|err)\b|os\.execute|io\.popen|\|\s{0,3}(?:ba)?sh\b|&\s{0,3}\/dev)/g,
      explanation: "Network connection wired to a shell (reverse shell)",
    },
    {
      id: "code_execution.reverse_shell.bind",
      severity: "critical",
      score: 0.95,
      re: new RegExp(String.raw`\b(?:nc|ncat|netcat)\b[^\n]{0,60}\s-[a-zA-Z]{0,4}l[a-zA-Z]{0,4}[^\n]{0,60}?(?:-e|--exec|--sh-exec)\s{0,3}["']?(?:${SH}|cmd|powershell)|\bsocat\b[^\n]{0,80}?tcp[46]?-listen:[^\n]{0,160}?(?:exec|system):|\bbind\(\s{0,3}\(\s{0,3}["'](?:0\.0\.0\.0|)["'][\s\S]{0,300}?(?:\/bin\/(?:ba)?sh|pty\.spawn|subprocess)`, "gi"),
      explanation: "Listener that hands a shell to whoever connects (bind shell)",
    },
    {
      id: "code_execution.reverse_shell.metasploit",
      severity: "critical",
      score: 0.94,
      re: /\bmsfvenom\b|\bmeterpreter\b|\b(?:windows|linux|php|java|python|osx|cmd|android)\/(?:x64\/|x86\/)?(?:meterpreter|shell)(?:_reverse_tcp|\/reverse_tcp|_bind_tcp|\/bind_tcp)\b|\bexploit\/multi\/handler\b/gi,
      explanation: "Metasploit payload or handler",
    },
  ],
};

const fetchExec: RuleSet = {
  category: "code_execution",
  keywords: null, // per rule
  window: 500,
  rules: [
    {
      id: "code_execution.download_exec.pipe_to_shell",
      keywords: ["curl", "wget", "fetch", "lwp-download", { kw: "GET", cs: true, wb: true, we: true }],
      severity: "high",
      score: 0.88,
      re: /\b(?:curl|wget|fetch|lwp-download|GET)\b[^\n|;]{0,300}?\|\s{0,3}(?:sudo\s{1,3}(?:-\w{1,3}\s{1,3})?)?(?:(?:\/usr)?\/bin\/)?(?:ba|z|k|da)?sh\b|\b(?:curl|wget)\b[^\n|;]{0,300}?\|\s{0,3}(?:sudo\s{1,3})?(?:python[23]?|perl|ruby|php|node)\b(?!\s{0,3}-m\s{0,3}json)|\b(?:ba|z)?sh\s{1,3}(?:-c\s{1,3})?["']?\$\(\s{0,3}(?:curl|wget)\b|\b(?:ba)?sh\s{1,3}<\s{0,3}\(\s{0,3}(?:curl|wget)\b/g,
      explanation: "Downloads a script and pipes it straight into an interpreter",
    },
    {
      id: "code_execution.download_exec.fetch_chmod_run",
      keywords: ["curl", "wget"],
      severity: "high",
      score: 0.85,
      re: /\b(?:curl|wget)\b[^\n]{0,300}?(?:&&|;|\n)\s{0,3}(?:sudo\s{1,3})?chmod\s{1,3}(?:\+x|[0-7]?7[0-7]{2})\s{1,3}[^\n]{0,200}?(?:&&|;|\n)\s{0,3}(?:sudo\s{1,3})?(?:\.\/|\/tmp\/|\/dev\/shm\/|\/var\/tmp\/|(?:ba)?sh\s)/g,
      explanation: "Downloads a file, makes it executable and runs it",
    },
    {
      id: "code_execution.download_exec.fetch_then_run",
      keywords: ["curl", "wget", "\\bscp\\b"],
      severity: "high",
      score: 0.85,
      // The saved path comes back as the command (backreference), also after `start`,
      // `cmd /c` or a shell: a download run where it landed, on Windows and Unix alike.
      re: /\b(?:(?:curl|wget)(?:\.exe)?\b[^\n]{0,200}?\s(?:-o|-O|--output|--output-document)(?:=|\s{1,3})|scp\b[^\n;&|]{0,200}?\s)["']?([^\s"';&|]{3,200})["']?(?:\s{1,3}[^\s;&|]{1,200}){0,2}\s{0,3}(?:&&|&|;|\n)\s{0,3}(?:start\s{1,3}(?:""\s{1,3})?|cmd(?:\.exe)?\s{1,3}\/c\s{1,3}|(?:ba)?sh\s{1,3}|\.\/)?["']?\1(?=["'\s;&|]|$)/gm,
      explanation: "Downloads a file and runs it from where it was saved",
    },
    {
      id: "code_execution.download_exec.powershell",
      keywords: ["iex", "invoke-expression", "downloadstring", "iwr", "irm", "invoke-webrequest", "invoke-restmethod"],
      severity: "critical",
      score: 0.94,
      re: /\b(?:iex|Invoke-Expression)\b\s{0,4}\(?\s{0,4}(?:\(?\s{0,4}New-Object\s{1,4}(?:System\.)?Net\.WebClient\s{0,3}\)?\s{0,3}\.\s{0,3}DownloadString|\(?\s{0,3}(?:iwr|irm|Invoke-WebRequest|Invoke-RestMethod|wget|curl)\b)|\.DownloadString\s{0,3}\([^\n]{0,300}?\)\s{0,3}\|\s{0,3}(?:iex|Invoke-Expression)\b|\b(?:iwr|irm|Invoke-WebRequest|Invoke-RestMethod)\b[^\n|]{0,300}?\|\s{0,3}(?:iex|Invoke-Expression)\b/gi,
      explanation: "PowerShell download cradle: fetches a script and runs it with Invoke-Expression",
    },
    {
      id: "code_execution.download_exec.powershell_download",
      keywords: ["webclient", "start-bitstransfer"],
      severity: "high",
      score: 0.82,
      re: /New-Object\s{1,4}(?:System\.)?Net\.WebClient\s{0,3}\)?\s{0,3}\.\s{0,3}Download(?:File|String|Data)\s{0,3}\(|\bStart-BitsTransfer\b[^\n]{0,200}?-Source\s{1,3}["']?https?:/gi,
      explanation: "PowerShell downloads a remote file",
    },
    {
      id: "code_execution.download_exec.lolbin",
      keywords: ["certutil", "bitsadmin", "mshta", "regsvr32", "rundll32", "msiexec", "cmstp", "tftp"],
      severity: "critical",
      score: 0.93,
      re: /\bcertutil(?:\.exe)?\b[^\n]{0,40}?-urlcache\b[^\n]{0,40}?(?:-f|-split)|\bbitsadmin(?:\.exe)?\b[^\n]{0,40}?\/transfer\b|\bmshta(?:\.exe)?\s{1,3}["']?(?:https?:|javascript:|vbscript:)|\bregsvr32(?:\.exe)?\b[^\n]{0,60}?\/i:\s{0,2}["']?https?:|\brundll32(?:\.exe)?\b[^\n]{0,80}?(?:javascript:|url\.dll|shell32\.dll,\s{0,2}ShellExec_RunDLL)|\bmsiexec(?:\.exe)?\b[^\n]{0,40}?\/(?:q|i)[^\n]{0,40}?https?:\/\/|\bcmstp(?:\.exe)?\b[^\n]{0,40}\/s\b|\btftp(?:\.exe)?\s{1,3}-i\s{1,3}[\w.:-]{1,253}\s{1,3}GET\s{1,3}\S/gi,
      explanation: "Windows living-off-the-land binary used to download or run a payload",
    },
    {
      id: "code_execution.powershell.encoded_command",
      keywords: ["powershell"],
      severity: "high",
      score: 0.85,
      re: /\bpowershell(?:\.exe)?\b[^\n]{0,120}?\s-(?:e|ec|en|enc|enco|encodedcommand)\s{1,3}[A-Za-z0-9+/=]{16,}/gi,
      explanation: "PowerShell with a base64-encoded command (hides what runs)",
    },
    {
      id: "code_execution.eval.decoded",
      keywords: ["b64decode", "decodebytes", "atob", "buffer.from", "codecs.decode", "fromhex", "zlib.decompress", "marshal.loads", "unhexlify", "a2b_base64", "decodeuricomponent", "unescape", "fromcharcode", "frombase64string", "gzinflate", "base64_decode", "str_rot13", "base64 -d", "base64 --decode", "base64 -d", "base64  -d", "__import__", "xxd -r", "xxd -p", "| sh", "|sh", "| bash", "|bash"],
      severity: "critical",
      score: 0.92,
      re: /\b(?:eval|exec|execfile|Function)\s{0,3}\(\s{0,4}(?:compile\s{0,3}\(\s{0,3})?(?:base64\.b64decode|b64decode|base64\.decodebytes|atob|Buffer\.from|codecs\.decode|bytes\.fromhex|bytearray\.fromhex|zlib\.decompress|marshal\.loads|unhexlify|binascii\.a2b_base64|decodeURIComponent|unescape|String\.fromCharCode|\[System\.Convert\]::FromBase64String|gzinflate|base64_decode|str_rot13)\b|\bbase64\s{1,3}(?:-d|--decode|-D)\b[^\n]{0,60}?\|\s{0,3}(?:sudo\s{1,3})?(?:ba|z|k)?sh\b|\|\s{0,3}base64\s{1,3}(?:-d|--decode)\s{0,3}\|\s{0,3}(?:ba)?sh\b|\bxxd\s{1,3}(?:-r\s{1,3}-ps?|-ps?\s{1,3}-r|-rp)\b[^\n]{0,60}?\|\s{0,3}(?:sudo\s{1,3})?(?:ba|z|k|da)?sh\b|\bprintf\s{1,3}["']?(?:\\x[0-9a-fA-F]{2}){2,}[^\n|]{0,40}\|\s{0,3}(?:sudo\s{1,3})?(?:ba|z|k|da)?sh\b|(?:^|(?<=[\n;&|(]))\s{0,3}(?:\b(?:ba|z|da)?sh\s{1,3}-c\s{1,3}["']?)?(?:\$\(|`)\s{0,2}(?:echo|printf)\s{1,3}[^\n`)]{1,300}?\|\s{0,3}(?:base64\s{1,3}(?:-d|--decode)|xxd\s{1,3}-r\s{1,3}-p)\s{0,3}(?:\)|`)|\beval\s{0,3}\(\s{0,3}(?:gzinflate|base64_decode|str_rot13)\s{0,3}\(|\biex\b[^\n]{0,60}?FromBase64String|\b(?:eval|exec)\s{0,3}\(\s{0,4}(?:compile\s{0,3}\(\s{0,3})?__import__\(\s{0,3}["'](?:zlib|base64|codecs|marshal|binascii|bz2|lzma|gzip)["']/gi,
      explanation: "Executes content that is decoded at run time (hidden payload)",
    },
    {
      id: "code_execution.eval.fetched",
      keywords: ["requests.get", "urlopen", "fetch(", "httpx.get", "file_get_contents", "$(curl", "$(wget", "$( curl", "$( wget", "<(curl", "<(wget", "< (curl", "< (wget", "<( curl", "<( wget", "import(", "import (", "get(\"http", "get('http", "uri.open", "kernel.open", "net::http.get", "open(\"http", "open('http"],
      severity: "critical",
      score: 0.93,
      re: /\b(?:eval|exec|Function)\s{0,3}\(\s{0,4}(?:requests\.get\([^\n]{0,200}?\)\.(?:text|content)|urllib\.request\.urlopen\(|urlopen\(|(?:\(?\s{0,3}await\s{1,3}){0,2}\(?\s{0,3}fetch\(|httpx\.get\(|file_get_contents\s{0,3}\(\s{0,3}["']https?:)|\beval\s{0,3}\(?\s{0,3}(?:(?:LWP::Simple::)?get|URI\.open|Kernel\.open|open|Net::HTTP\.get)\(\s{0,3}(?:URI\(\s{0,3})?["']https?:|\beval\s{1,3}["']?\$\(\s{0,3}(?:curl|wget)\b|\bsource\s{1,3}<\s{0,3}\(\s{0,3}(?:curl|wget)\b|\bimport\s{0,3}\(\s{0,3}["']https?:\/\//gi,
      explanation: "Executes code fetched from the network",
    },
    {
      id: "code_execution.deserialize.fetched",
      keywords: ["pickle.load", "marshal.load", "dill.load", "joblib.load", "jsonpickle.decode", "yaml.unsafe_load", "yaml.load", "objectinputstream", "unserialize"],
      severity: "critical",
      score: 0.9,
      // Unpickling (or any deserialiser that builds arbitrary objects) runs code chosen by whoever
      // wrote the bytes, so bytes from the network, a socket or a request parameter are code
      // fetched and run. Local files, safe loaders and JSON stay quiet.
      re: /\b(?:c?pickle|cloudpickle|dill|marshal|joblib|jsonpickle)\.(?:loads?|decode)\s{0,3}\(\s{0,4}(?:(?:base64\.b64decode|zlib\.decompress|io\.BytesIO)\s{0,3}\(\s{0,3})?(?:requests\.get\s{0,3}\([^\n]{0,200}?\)\.(?:content|text|raw)|httpx\.get\s{0,3}\([^\n]{0,200}?\)\.(?:content|text)|(?:urllib\.request\.)?urlopen\s{0,3}\(|[\w.]{1,40}\.recv\s{0,3}\()|\byaml\.(?:unsafe_load\s{0,3}\(\s{0,3}(?:requests\.get|httpx\.get|(?:urllib\.request\.)?urlopen)\b|load\s{0,3}\(\s{0,3}(?:requests\.get|httpx\.get|(?:urllib\.request\.)?urlopen)\b[^\n]{0,200}?\bLoader\s{0,2}=\s{0,2}(?:yaml\.)?(?:Unsafe)?Loader\b)|\bnew\s{1,3}ObjectInputStream\s{0,3}\(\s{0,3}(?:new\s{1,3}URL\s{0,3}\([^\n]{0,200}?\)\.openStream\s{0,3}\(|[\w.]{1,40}\.getInputStream\s{0,3}\(\s{0,3}\)\s{0,3}\))|\bunserialize\s{0,3}\(\s{0,3}(?:base64_decode\s{0,3}\(\s{0,3})?(?:file_get_contents\s{0,3}\(\s{0,3}["']https?:|\$_(?:GET|POST|COOKIE|REQUEST)\b)/gi,
      explanation: "Deserialises bytes from the network or a request (unpickling runs code chosen by the sender)",
    },
  ],
};

const destructive: RuleSet = {
  category: "code_execution",
  // Per rule (below): the set's words are common ("format", "find", "del", "rd"), and one
  // of them used to wake all six regexes of the set.
  keywords: null,
  window: 300,
  rules: [
    {
      id: "code_execution.destructive.rm_root",
      keywords: ["\\brm\\b"],
      severity: "critical",
      score: 0.97,
      re: /\brm\s{1,4}(?:-{1,2}[a-zA-Z-]{1,20}\s{1,4}){0,4}(?:-[a-zA-Z]{0,4}(?:r[a-zA-Z]{0,3}f|f[a-zA-Z]{0,3}r)[a-zA-Z]{0,3}|-[rR]\s{1,4}-f|-f\s{1,4}-[rR]|--recursive\s{1,4}--force|--force\s{1,4}--recursive)\s{1,4}(?:-{1,2}[a-zA-Z-]{1,20}\s{1,4}){0,3}["']?(?:\/|\/\*|~|~\/|~\/\*|\$HOME\/?\*?|\.\/?\*|\*|\/(?:etc|usr|var|home|boot|bin|sbin|lib|lib64|root|opt|sys|dev|srv|mnt|media)\/?\*?|\/(?:usr\/(?:s?bin|lib(?:64)?)|lib\/modules)\/?\*?)["']?(?=$|[\s;&|)`'"])/gm,
      explanation: "Recursive forced delete of the filesystem root, home or system directories",
    },
    {
      id: "code_execution.destructive.windows_wipe",
      keywords: ["\\brd\\b", "\\brmdir\\b", "\\bdel\\b", "\\bformat\\b", "remove-item", "vssadmin", "wbadmin", "bcdedit"],
      severity: "critical",
      score: 0.95,
      re: /\b(?:rd|rmdir)\s{1,3}\/s\s{1,3}\/q\s{1,3}["']?[a-zA-Z]:\\{0,2}(?:\*|Windows|Users)?["']?(?=[\s;&|"')]|$)|\bdel\s{1,3}["']?[a-zA-Z]:\\{1,2}(?:\*(?:\.\*)?|Windows\\{1,2}System32\\{1,2}\*?)["']?(?:\s{1,3}\/[fsqa]){2,4}|\bdel\s{1,3}(?:\/[fsqa]\s{1,3}){1,4}["']?[a-zA-Z]:\\(?:\*|Windows\\System32)?|\bformat\s{1,3}[a-zA-Z]:\s{0,3}\/[qy]|\bRemove-Item\s{1,3}[^\n]{0,40}?(?:-Recurse\b[^\n]{0,40}?-Force|-Force\b[^\n]{0,40}?-Recurse)[^\n]{0,40}?["']?[a-zA-Z]:\\(?:\*|Windows)?["']?(?=[\s;]|$)|\bvssadmin(?:\.exe)?\s{1,3}delete\s{1,3}shadows|\bwbadmin\s{1,3}delete\s{1,3}catalog|\bbcdedit\b[^\n]{0,40}recoveryenabled\s{1,3}no/gim,
      explanation: "Wipes a Windows drive, system directory or its backups",
    },
    {
      id: "code_execution.destructive.disk_overwrite",
      keywords: ["/dev/", "diskpart"],
      severity: "critical",
      score: 0.96,
      re: /\bmkfs(?:\.[a-z0-9]{2,8})?\s{1,4}(?:-\S{1,12}\s{1,4}){0,4}\/dev\/[a-z]|\bdd\s[^\n]{0,120}?\bof=\/dev\/(?:sd[a-z]|hd[a-z]|nvme\d|xvd[a-z]|vd[a-z]|mmcblk\d|disk\d|mapper\/|root|dm-)|>\s{0,2}\/dev\/(?:sd[a-z]|hd[a-z]|nvme\d|xvd[a-z]|mmcblk\d)\b|\b(?:shred|wipefs)\b[^\n]{0,60}?\/dev\/(?:sd|hd|nvme|xvd|vd|mmcblk)|\bdiskpart\b[^\n]{0,80}\bclean\b/g,
      explanation: "Formats or overwrites a block device",
    },
    {
      id: "code_execution.destructive.fork_bomb",
      keywords: [":|:", ": | :", ":| :", ": |:", ":  |", "|  :", "fork", "%0|%0"],
      severity: "critical",
      score: 0.95,
      re: /:\s{0,2}\(\s{0,2}\)\s{0,2}\{\s{0,3}:\s{0,3}\|\s{0,3}:\s{0,3}&\s{0,3}\}\s{0,3};\s{0,3}:|\bwhile\s{0,3}\(?\s{0,3}(?:true|1)\s{0,3}\)?\s{0,3}[:{]?\s{0,5}(?:os\.)?fork\s{0,3}\(\)|%0\|%0/g,
      explanation: "Fork bomb: exhausts the process table",
    },
    {
      id: "code_execution.destructive.python_rmtree_root",
      keywords: ["rmtree", "removedirs", "rmsync", "rmdirsync", "rm_r", "os.system"],
      severity: "critical",
      score: 0.95,
      re: /\b(?:shutil\.rmtree|rmtree|os\.removedirs|fs\.rmSync|fs\.rmdirSync|FileUtils\.rm_rf|FileUtils\.rm_r)\s{0,3}\(\s{0,3}(?:["'](?:\/|~|~\/|[A-Za-z]:\\\\?|\/(?:etc|usr|var|home|boot|bin|lib|root|opt))["']|os\.path\.expanduser\(\s{0,3}["']~["']\s{0,3}\)|Path\.home\(\))|\bos\.system\(\s{0,3}["']\s{0,3}(?:sudo\s{1,3})?rm\s{1,3}-[a-zA-Z]{0,3}[rf][a-zA-Z]{0,3}\s{1,3}\/["'\s*]/g,
      explanation: "Recursively deletes the root or home directory from code",
    },
    {
      id: "code_execution.destructive.chmod_root",
      keywords: ["chmod", "chown", "crontab", "\\bfind\\b", "/etc/"],
      severity: "high",
      score: 0.85,
      re: /\bchmod\s{1,3}-R\s{1,3}(?:0?777|0?000|a\+rwx|ugo\+rwx)\s{1,3}\/(?:etc|usr|bin|var)?(?=[\s;&|"'`)]|$)|\bchown\s{1,3}-R\s{1,3}\S{1,40}\s{1,3}\/(?=[\s;&|"'`)]|$)|\bcrontab\s{1,3}-r\b|\bfind\s{1,3}\/\s[^\n]{0,80}?(?:-delete\b|-exec\s{1,3}rm\b)|>\s{0,2}\/etc\/(?:passwd|shadow|sudoers|fstab)\b(?!\.)/gm,
      explanation: "Destroys permissions or system files across the filesystem",
    },
  ],
};


// Checking whether a port is open with bash alone opens the connection and nothing else: the
// redirection is the whole command ("timeout 2 bash -c '</dev/tcp/db.internal/5432' && echo open",
// "echo > /dev/tcp/host/22"). A shell or a file sent through it has a command before the
// redirection or descriptors after it.
const PROBE_BEFORE = /(?:^|\n|[$#]\s|[;&|]\s{0,2}|['"(])(?:(?:echo|:|true)\s{1,2})?[<>]\s{0,2}$/;
const PROBE_AFTER = /^\s{0,2}(?:['")]|&&|\|\||;|\n|$)/;

function notPortProbe(m: RegExpExecArray): boolean {
  const end = m.index + m[0].length;
  return !(PROBE_BEFORE.test(m.input.slice(Math.max(0, m.index - 40), m.index)) && PROBE_AFTER.test(m.input.slice(end, end + 4)));
}

// A private key named to use it, not to read it: ssh's IdentityFile, `ssh -i`, `ssh-add`, a new
// key's file for ssh-keygen, or its permissions set with chmod.
const KEY_USED_BEFORE = /(?:\bIdentityFile\s{1,3}|\b(?:ssh|scp|sftp|rsync)\b[^\n]{0,60}?\s-i\s{1,3}|\bssh-add\s{1,3}(?:-\w{1,3}\s{1,3})?|\bssh-keygen\b[^\n]{0,60}?\s-f\s{1,3}|\bchmod\s{1,3}(?:-R\s{1,3})?[0-7]{3,4}\s{1,3}(?:[^\s;&|]{1,80}\s{1,3}){0,3})["']?$/;

// Manuals and changelogs name the password databases as subjects or as where a field lives
// ("/etc/shadow is readable by this group", "the /etc/shadow file", "fields in /etc/shadow").
// A read names a command, a function, a traversal or a request for the contents before it;
// those are not let off here.
const PROSE_AFTER = /^\s{1,3}(?:is|are|was|were|has|have|had|will|would|should|can|may|must|does|contains?|stores?|holds?|keeps?|files?|entries|entry|fields?|format|permissions?|ownership|owned|group)\b/i;
const PROSE_BEFORE = /\b(?:fields?|entries|entry|values?|handling|parsing|check|format|permissions?|ownership|owner|mode|group|lives?|stored|kept|located|saved|held|configured|defined|listed|is|are|was|were)\s{1,3}(?:in|of|on|for)\s{1,3}[`"']?$/i;

// A tool pointed at its own credentials file names it without reading it: "export
// PGPASSFILE=/home/backup/.pgpass", "KUBECONFIG=~/.kube/config kubectl …", "--kubeconfig ~/.kube/config".
const CONFIGURED_AS = /(?:\b[A-Z][A-Z0-9_]{0,40}(?:FILE|CONFIG|NETRC)\s{0,2}=\s{0,2}|--(?:kubeconfig|config|netrc-file|shared-credentials-file)[= ])["']?$/;

function notNamedInProse(m: RegExpExecArray): boolean {
  if (!m[0].startsWith("/")) return true;
  const input = m.input;
  const end = m.index + m[0].length;
  return !PROSE_AFTER.test(input.slice(end, end + 24)) && !PROSE_BEFORE.test(input.slice(Math.max(0, m.index - 40), m.index));
}

const credentials: RuleSet = {
  category: "code_execution",
  keywords: [
    ".ssh", "id_rsa", "id_dsa", "id_ecdsa", "id_ed25519", "shadow", "passwd", "sudoers", ".aws", ".azure", "credentials", "169.254.169.254", "169.254.170.2",
    "metadata", "100.100.100.200", "fd00:ec2", "/latest/", ".env", ".netrc", ".git-credentials", ".pgpass", ".docker", ".kube", "kubeconfig",
    ".npmrc", ".pypirc", "mimikatz", "sekurlsa", "lsadump", "procdump", "comsvcs", "lazagne", "lsass", "hklm", "login data", "web data",
    "cookies", "logins.json", "key4.db", "keychain", "find-generic", "find-internet", "wallet", "gcloud", "/gh/", "\\gh\\", ".vault-token",
    "secrets", "service_account", "serviceaccount", "service account", "password_value",
  ],
  window: 300,
  rules: [
    {
      id: "code_execution.credential_read.ssh_key",
      severity: "high",
      score: 0.85,
      re: /(?:~|\$HOME|\$\{HOME\}|\/root|\/home\/[\w.-]{1,32}|%USERPROFILE%|C:\\Users\\[\w.-]{1,32}|expanduser\(\s{0,2}["']~)?[\\/]?\.ssh[\\/](?:id_(?:rsa|dsa|ecdsa|ed25519)(?:_sk)?\b(?!\.pub)|identity\b(?!\.pub))/g,
      check: notPrecededBy(KEY_USED_BEFORE, 120),
      explanation: "Accesses an SSH private key",
    },
    {
      id: "code_execution.credential_read.system_files",
      severity: "high",
      score: 0.8,
      re: /\/etc\/(?:shadow|gshadow|master\.passwd|sudoers)\b|\/etc\/security\/opasswd\b|\b(?:cat|head|tail|less|more|type|Get-Content|gc|strings|grep|awk|sed|cp|scp|curl|base64|xxd|open\()\b[^\n]{0,30}?\/etc\/passwd\b/g,
      check: notNamedInProse,
      explanation: "Reads the system password or sudoers database",
    },
    {
      id: "code_execution.credential_read.cloud_credentials",
      severity: "high",
      score: 0.85,
      re: /(?:~|\$HOME|\/root|\/home\/[\w.-]{1,32}|%USERPROFILE%)?[\\/]\.(?:aws[\\/](?:credentials|config)|azure[\\/](?:accessTokens\.json|msal_token_cache\.json|azureProfile\.json)|config[\\/]gcloud[\\/](?:credentials\.db|access_tokens\.db|application_default_credentials\.json|legacy_credentials)|kube[\\/]config|docker[\\/]config\.json|git-credentials|netrc|pgpass|npmrc|pypirc|vault-token|config[\\/]gh[\\/]hosts\.yml)\b/g,
      check: notPrecededBy(CONFIGURED_AS, 60),
      explanation: "Accesses stored cloud or developer-tool credentials",
    },
    {
      id: "code_execution.credential_read.kubernetes_token",
      severity: "high",
      score: 0.82,
      re: /\b(?:cat|head|tail|less|more|type|Get-Content|gc|base64|xxd|strings|cp|scp|curl[^\n]{0,120}?(?:\$\(|`)\s{0,2}cat|readFile(?:Sync)?\s{0,2}\(|open\s{0,2}\()\s{0,3}(?:-\S{1,10}\s{1,3}){0,3}["']?\/(?:var\/)?run\/secrets\/kubernetes\.io\/serviceaccount\/token\b/g,
      explanation: "Reads the Kubernetes service-account token (cluster API credentials)",
    },
    {
      id: "code_execution.credential_read.cloud_metadata",
      severity: "high",
      score: 0.88,
      re: /\b169\.254\.169\.254\b|\bmetadata\.google\.internal\b|\b100\.100\.100\.200\b|\bfd00:ec2::254\b|\b169\.254\.170\.2\b|\/computeMetadata\/v1\b|\/latest\/(?:meta-data|api\/token)\b|\/metadata\/identity\/oauth2\/token\b/g,
      explanation: "Queries the cloud instance metadata service (source of instance credentials)",
    },
    {
      id: "code_execution.credential_read.dotenv",
      severity: "medium",
      score: 0.65,
      re: /\b(?:cat|less|more|head|tail|type|Get-Content|gc|strings|base64|xxd|cp|scp|curl|nc|grep)\s{1,3}(?:-\S{1,10}\s{1,3}){0,3}["']?(?:[\w.~$\/-]{0,120}\/)?\.env(?:\.(?:local|prod|production|dev|development|staging))?\b(?![\w-]|\.example|\.sample|\.template)|\bopen\(\s{0,3}["'](?:[\w.~\/-]{0,120}\/)?\.env["']/g,
      explanation: "Reads a .env file (application secrets)",
    },
    {
      id: "code_execution.credential_read.credential_dump",
      severity: "critical",
      score: 0.92,
      re: /\bmimikatz\b|\bsekurlsa::\w+|\blsadump::\w+|\bprocdump(?:64)?(?:\.exe)?\b[^\n]{0,40}\blsass\b|\breg(?:\.exe)?\s{1,3}save\s{1,3}hklm\\(?:sam|security|system)\b|\bcomsvcs\.dll[^\n]{0,30}MiniDump\b|\bsecurity\s{1,3}find-(?:generic|internet)-password\b[^\n]{0,40}-w\b|\bLaZagne\b/gi,
      explanation: "Dumps stored OS credentials",
    },
    {
      id: "code_execution.credential_read.browser_store",
      severity: "high",
      score: 0.8,
      re: /(?:Google[\\/]Chrome|Chromium|Microsoft[\\/]Edge|BraveSoftware)[\\/][^\n"']{0,60}?[\\/](?:Login Data|Cookies|Web Data)\b|\bMozilla[\\/]Firefox[\\/][^\n"']{0,60}?(?:logins\.json|key4\.db|cookies\.sqlite)\b|\bbrowser_cookie3\b|\bwallet\.dat\b|\bpassword_value\b[^\n]{0,80}?\b(?:from|FROM|From)\s{1,3}logins\b/g,
      explanation: "Reads browser password or cookie stores",
    },
  ],
};

const persistence: RuleSet = {
  category: "code_execution",
  keywords: [
    "cron", "systemd", "systemctl", ".service", "execstart", "bashrc", "bash_profile", "bash_login", "bash_logout", ".profile", "profile.d",
    "zshrc", "zprofile", "zlogin", "rc.local", "authorized_keys", "ssh-copy-id", "\\run", "runonce", "winlogon", "image file execution",
    "schtasks", "scheduledtask", "currentversion", "ld.so.preload", "ld_preload", "useradd", "adduser", "usermod", "passwd", "shadow",
    "net user", "localgroup", "sudoers", "nopasswd", "setuid", "setresuid", "setreuid", "seteuid", "chmod", "+s\\b", "4755", "4777",
    "perm", "getcap", "docker", "nsenter", "setcap", "cap_", "pkexec", "at now", "launchctl", "launchagents", "launchdaemons", "init.d",
    "update-rc.d", "wmi", "__eventfilter", "startup", "chroot", "/proc/", "release_agent", "cgroup", "/mnt", "--privileged", "sudo",
    "dirty", "pwnkit", "overlayfs", "linpeas", "linenum", "les.sh", "exploit-suggester", "potato", "printspoofer",
  ],
  window: 300,
  rules: [
    {
      id: "code_execution.persistence.cron",
      severity: "high",
      score: 0.85,
      re: /(?:>>?|\btee\s{1,3}(?:-a\s{1,3})?)\s{0,3}(?:\/etc\/crontab|\/etc\/cron\.(?:d|hourly|daily|weekly|monthly)\/\S{0,60}|\/var\/spool\/cron\S{0,60})|\(\s{0,3}crontab\s{1,3}-l[^\n]{0,40}?;\s{0,3}echo\b[^\n]{0,200}?\)\s{0,3}\|\s{0,3}crontab\b|\becho\b[^\n]{0,200}?\|\s{0,3}crontab\s{1,3}-|(?:^|\n|["'])\s{0,4}(?:(?:\*|@reboot|[\d*\/,-]{1,10})\s{1,4}){1,5}[^\n]{0,120}?(?:\/dev\/tcp\/|\bnc\s|\bncat\b|\bcurl\b[^\n]{0,120}\|\s{0,3}(?:ba)?sh|\bwget\b[^\n]{0,120}(?:\|\s{0,3}(?:ba)?sh|-O-\s{0,3}\|)|bash\s{1,3}-i|python[23]?\s{1,3}-c)/g,
      explanation: "Installs a cron job (persistence), possibly running a network payload",
    },
    {
      id: "code_execution.persistence.systemd",
      severity: "high",
      score: 0.8,
      re: /(?:>>?|\btee\b[^\n]{0,10}|cp\s[^\n]{0,120}|mv\s[^\n]{0,120}|cat\s{0,3}<<\s{0,3}\S{1,20}\s{0,3}>\s{0,3})\s{0,3}(?:\/etc\/systemd\/system|~?\/?\.config\/systemd\/user|\/lib\/systemd\/system|\/usr\/lib\/systemd\/system)\/[\w@.-]{1,80}\.(?:service|timer)\b|\bExecStart\s{0,2}=\s{0,2}[^\n]{0,200}?(?:\/dev\/tcp|\bnc\s|bash\s{1,3}-i|\|\s{0,3}(?:ba)?sh\b|\/tmp\/)/g,
      explanation: "Creates a systemd unit (persistence) or one running a suspicious command",
    },
    {
      id: "code_execution.persistence.shell_rc",
      severity: "high",
      score: 0.82,
      re: /(?:>>|\btee\s{1,3}-a\s{1,3})\s{0,3}["']?(?:~|\$HOME|\/root|\/home\/[\w.-]{1,32}|\/etc)?\/?\.?(?:bashrc|bash_profile|bash_login|profile|zshrc|zprofile|zlogin|bash_logout)\b|\becho\b[^\n]{0,200}?(?:\/dev\/tcp|\bnc\s|curl|wget|alias\s{1,3}sudo)[^\n]{0,120}?>>\s{0,3}["']?(?:~|\$HOME)\/\.\w{2,20}rc\b|(?:>>?|\btee\b[^\n]{0,10})\s{0,3}\/etc\/(?:rc\.local|profile\.d\/\S{1,60}|bash\.bashrc|ld\.so\.preload)\b/g,
      explanation: "Appends to a shell start-up file or system start-up script (persistence)",
    },
    {
      id: "code_execution.persistence.authorized_keys",
      severity: "high",
      score: 0.88,
      re: /(?:>>|\btee\s{1,3}-a\s{1,3}|\bopen\s{0,3}\([^\n)]{0,80}?,\s{0,3}["']a["'])\s{0,3}["']?[^\n]{0,60}?authorized_keys\b|authorized_keys["'][^\n]{0,20}\)\s{0,3}[\s\S]{0,80}?\bopen\s{0,3}\([^\n)]{0,40},\s{0,3}["']a["']|\bssh-copy-id\b[^\n]{0,60}?-i\s(?!\s{0,2}["']?(?:~|\$HOME|\/home\/[\w.-]{1,32}|\/root)\/\.ssh\/id_\w{1,20}\.pub\b)/g,
      explanation: "Adds an SSH key to authorized_keys (backdoor access)",
    },
    {
      id: "code_execution.persistence.windows",
      severity: "high",
      score: 0.85,
      re: /\breg(?:\.exe)?\s{1,3}add\s{1,3}["']?HK(?:LM|CU|EY_LOCAL_MACHINE|EY_CURRENT_USER)\\[^\n]{0,120}?\\(?:Run|RunOnce|RunServices|Winlogon|Image File Execution Options)\b|\bschtasks(?:\.exe)?\s{1,3}\/create\b[^\n]{0,200}?\/(?:sc|tr)\b|\b(?:New|Register)-ScheduledTask\w{0,10}\b|\bNew-ItemProperty\b[^\n]{0,120}?\\CurrentVersion\\Run\b|__EventFilter\b|\bStart Menu\\Programs\\Startup\b|\\Startup\\[^\n]{0,60}\.(?:lnk|bat|vbs|exe)\b/gi,
      explanation: "Windows autostart entry: Run key, scheduled task or WMI subscription",
    },
    {
      id: "code_execution.persistence.macos",
      severity: "medium",
      score: 0.7,
      re: /(?:>|cp\s[^\n]{0,120}|mv\s[^\n]{0,120})\s{0,3}(?:~|\/Library)\/Launch(?:Agents|Daemons)\/[\w.-]{1,80}\.plist|\blaunchctl\s{1,3}(?:load|bootstrap)\b[^\n]{0,120}?Launch(?:Agents|Daemons)/g,
      explanation: "Installs a macOS launch agent (persistence)",
    },
    {
      id: "code_execution.persistence.backdoor_user",
      severity: "critical",
      score: 0.93,
      re: /\b(?:useradd|adduser)\b[^\n]{0,80}?(?:-o\s{1,3}-u\s{0,2}0\b|-u\s{0,2}0\s{1,3}-o\b|-G\s{1,3}(?:sudo|wheel|root|admin)\b)|\busermod\b[^\n]{0,40}?-a?G\s{1,3}(?:sudo|wheel|root|docker\b(?!\s{1,3}(?:\$\{?USER\}?|\$\(whoami\)|`whoami`)(?![\w}])))\b|(?:>>|\btee\s{1,3}-a\s{1,3})\s{0,3}\/etc\/(?:passwd|shadow)\b|\becho\b[^\n]{0,120}?:0:0:[^\n]{0,80}?>>?\s{0,3}\/etc\/passwd|\bnet\s{1,3}user\s{1,3}\S{1,40}\s{1,3}\S{1,60}\s{1,3}\/add\b|\bnet\s{1,3}localgroup\s{1,3}administrators\s{1,3}\S{1,40}\s{1,3}\/add\b/gi,
      explanation: "Creates a root-equivalent or administrator account",
    },
  ],
};

const privesc: RuleSet = {
  category: "code_execution",
  keywords: persistence.keywords,
  window: 300,
  rules: [
    {
      id: "code_execution.privilege_escalation.sudoers",
      severity: "critical",
      score: 0.93,
      re: /NOPASSWD\s{0,3}:\s{0,3}ALL[^\n]{0,60}?(?:>>?|\btee\b)[^\n]{0,20}?\/etc\/sudoers|(?:>>|\btee\s{1,3}-a\s{1,3})\s{0,3}\/etc\/sudoers(?:\.d\/\S{1,60})?\b|\becho\b[^\n]{0,120}?NOPASSWD[^\n]{0,120}?(?:>>|\|\s{0,3}(?:sudo\s{1,3})?tee)/g,
      explanation: "Grants password-less sudo by editing sudoers",
    },
    {
      id: "code_execution.privilege_escalation.setuid",
      severity: "high",
      score: 0.85,
      re: /\bchmod\s{1,3}(?:[ugoa]{0,3}\+s|[ugoa]{0,3}\+[rwx]{0,3}s|[4267][0-7]{3})\s{1,3}["']?(?:\/(?:bin|usr\/bin|tmp|dev\/shm|var\/tmp)\/\S{1,60}|\S{0,60}(?:bash|sh|python[23]?|perl|find|vim|cp|nmap|env))\b|\bos\.set(?:e|re|res)?uid\s{0,3}\(\s{0,3}0\s{0,3}\)|\bsetuid\s{0,3}\(\s{0,3}0\s{0,3}\)[\s\S]{0,200}?(?:\/bin\/(?:ba)?sh|system\s{0,2}\(|exec)|\bsetcap\b[^\n]{0,60}?cap_(?:setuid|sys_admin|dac_override|dac_read_search)\b/g,
      explanation: "Sets the setuid bit or capabilities on a shell or interpreter (privilege escalation)",
    },
    {
      id: "code_execution.privilege_escalation.suid_enum",
      severity: "medium",
      score: 0.65,
      re: /\bfind\s{1,3}\/\s[^\n]{0,60}?-perm\s{1,3}(?:-|\/)?(?:u=s|g=s|4000|2000|6000|-4000|\/4000|-u=s|\/u=s|-g=s)\b|\bgetcap\s{1,3}-r\s{1,3}\/(?=[\s;|]|$)|\bsudo\s{1,3}-l\b(?!\w)/g,
      explanation: "Enumerates setuid binaries, capabilities or sudo rights (privilege-escalation recon)",
    },
    {
      id: "code_execution.privilege_escalation.container_escape",
      severity: "critical",
      score: 0.92,
      re: /\bdocker\s{1,3}run\b[^\n]{0,160}?(?:-v\s{1,3}\/:\/\w{0,20}|--volume[=\s]\/:\/\w{0,20}|--pid[=\s]host\b[^\n]{0,120}?nsenter|--privileged\b[^\n]{0,120}?(?:chroot|nsenter|mount\s{1,3}\/dev))|\bnsenter\b[^\n]{0,40}?(?:-t\s{1,3}1\b|--target\s{1,3}1\b)[^\n]{0,40}?(?:-m|--mount)|\bnsenter\b[^\n]{0,40}?--mount=\/proc\/1\/ns\/mnt\b|-v\s{1,3}\/var\/run\/docker\.sock:\/var\/run\/docker\.sock\b[^\n]{0,120}?(?:chroot|-v\s{1,3}\/:)|\bchroot\s{1,3}\/(?:host|mnt|hostfs)\b|\becho\b[^\n]{0,80}?>\s{0,3}\/proc\/sys\/kernel\/core_pattern|\brelease_agent\b[^\n]{0,120}?(?:echo|>)|\bmount\s{1,3}(?:-t\s{1,3}cgroup\b|\/dev\/[sv]da1?\s{1,3}\/mnt)/g,
      explanation: "Escapes a container to the host (host root mount, nsenter into PID 1, cgroup release_agent)",
    },
    {
      id: "code_execution.privilege_escalation.ld_preload",
      severity: "high",
      score: 0.82,
      re: /\bsudo\s{1,3}LD_PRELOAD=\S{1,120}|\bLD_PRELOAD=\/tmp\/\S{1,80}\.so\b|env_keep\s{0,3}\+=\s{0,3}LD_PRELOAD/g,
      explanation: "Injects a shared library via LD_PRELOAD into a privileged process",
    },
    {
      id: "code_execution.privilege_escalation.exploit",
      severity: "medium",
      score: 0.6,
      re: /\b(?:dirty_?cow|dirtycow|dirty_?pipe|pwnkit|overlayfs exploit|linpeas|linenum(?:\.sh)?|les\.sh|linux-exploit-suggester|PrintSpoofer(?:64|32)?|JuicyPotato(?:NG)?|RoguePotato|GodPotato(?:-NET\d)?|SweetPotato|EfsPotato|LocalPotato)\b|\bpkexec\b[^\n]{0,40}?(?:--user\s{1,3}root|\/bin\/(?:ba)?sh)|\bsudo\s{1,3}-u\s{0,3}#-1\b/gi,
      // LinEnum, the enumeration script, not a variable called linenum (difflib has several).
      check: (m) => m[0] !== "linenum" && m[0] !== "lineNum",
      explanation: "Known privilege-escalation exploit or enumeration tool",
    },
    {
      id: "code_execution.privilege_escalation.sudo_shell_escape",
      severity: "high",
      score: 0.8,
      re: /\bsudo\s{1,3}(?:\S{1,40}\s{1,3}){0,1}(?:find\b[^\n]{0,60}?-exec\s{1,3}(?:\/bin\/)?(?:ba)?sh|vim?\b[^\n]{0,20}?-c\s{0,3}["']?:?!(?:\/bin\/)?(?:ba)?sh|awk\b[^\n]{0,20}?system\(["']\/bin\/(?:ba)?sh|less\b[^\n]{0,40}!\/bin\/sh|python[23]?\s{1,3}-c\s{1,3}["'][^\n]{0,80}?(?:pty\.spawn|os\.system\(["']\/bin\/(?:ba)?sh)|perl\s{1,3}-e\s{1,3}["']exec\s{1,3}["']\/bin\/(?:ba)?sh|env\s{1,3}\/bin\/(?:ba)?sh|tar\b[^\n]{0,80}?--checkpoint-action=exec=)/g,
      explanation: "Uses a sudo-allowed binary to spawn a root shell (GTFOBins escape)",
    },
  ],
};


// ---------------------------------------------------------------------------------
// Techniques added from the tune split (PayloadsAllTheThings families): shells written
// in other languages or obfuscated, listeners used to catch shells, shell-upgrade tricks,
// execution from UNC paths, argument injection, shell-syntax obfuscation (IFS, quote and
// escape splicing, substring expansion), anti-forensics, setuid shells, credential
// hunting, and code-level payloads (download-and-run, ransomware, OS corruption).

const SHELL_BIN = String.raw`(?:\/bin\/(?:ba|z|k|da)?sh\b|\bcmd(?:\.exe)?\b|\bpowershell(?:\.exe)?\b|\bpty\b|\bspawn\b|\bdup2\b|\bexecve?\b|\bPopen\b|subprocess)`;
const NET_CONNECT = String.raw`(?:\.connect\s{0,3}\(\s{0,3}\(?\s{0,3}["'(]?[\w.:\-\[\]]{1,64}["']?\s{0,3},\s{0,3}\d{1,5}|\bconnect\s{0,3}\(\s{0,3}\w{1,20}\s{0,3},\s{0,3}\(\s{0,3}struct\s{1,3}sockaddr|new\s{1,3}Socket\s{0,3}\(\s{0,3}[\w"'.]{1,64}\s{0,3},\s{0,3}[\w]{1,10}\s{0,3}\)|socket_connect\s{0,3}\(|TCPSocket\.(?:new|open)|net\.(?:connect|createConnection)\s{0,3}\(|\bSocket\.connect\s{0,3}\(|socket\.tcp\s{0,3}\(\)|net\.Dial\s{0,3}\()`;

const shells2: RuleSet = {
  category: "code_execution",
  keywords: null, // per rule
  window: 700,
  rules: [
    {
      id: "code_execution.reverse_shell.connect_and_shell",
      keywords: [".connect", "sockaddr", "new socket", "socket_connect", "tcpsocket", "net.createconnection", "socket.tcp", "net.dial", "dial("],
      severity: "critical",
      score: 0.93,
      re: new RegExp(String.raw`${NET_CONNECT}[\s\S]{0,600}?${SHELL_BIN}|(?:\/bin\/(?:ba|z)?sh\b|\bcmd\.exe\b|ProcessBuilder\s{0,3}\(|\bdup2\b|pty\b[^\n]{0,20}spawn|Popen\s{0,3}\(\s{0,3}\[?\s{0,3}["'](?:cmd|\/bin\/(?:ba)?sh))[\s\S]{0,600}?${NET_CONNECT}`, "g"),
      explanation: "Outbound network connection wired to a shell or process (reverse shell)",
    },
    {
      id: "code_execution.reverse_shell.listener",
      keywords: ["rlwrap", "stty raw", "\\bnc\\b", "\\bncat\\b", "\\bnetcat\\b", "rcat", "socat", "pwncat"],
      severity: "high",
      score: 0.75,
      re: /\brlwrap\b[^\n]{0,40}?\b(?:nc|ncat|netcat|socat)\b|\bstty\s{1,3}raw\s{1,3}-echo\b[^\n]{0,120}?(?:\b(?:nc|ncat|rcat|socat|fg)\b|script\s{1,3}-qc)|\b(?:nc|ncat|netcat)\s{1,3}-(?=[a-z]{2,5}\b)(?=[a-z]*l)(?=[a-z]*p)[a-z]{2,5}\s{1,3}\d{2,5}\b|\brcat\s{1,3}(?:l|listen)\b[^\n]{0,40}-[a-z]{0,3}e|\bsocat\s{1,3}(?:-d\s{1,3}){0,2}file:`tty`|\bpwncat(?:-cs)?\s{1,3}-l/g,
      explanation: "Listener used to catch a reverse shell (rlwrap/nc -lvnp, tty upgrade)",
    },
    {
      id: "code_execution.reverse_shell.tty_spawn",
      keywords: ["/dev/null", "script -qc", "perl -e", "os.system", "os.execute", "shell=/bin", "--interactive", "exec \"/bin", "exec '/bin", "/bin/sh -i", "/bin/bash -i"],
      severity: "high",
      score: 0.75,
      re: /\bscript\s{1,3}(?:-q\s{1,3})?\/dev\/null\s{1,3}-c\s{1,3}["']?(?:\/bin\/)?(?:ba)?sh\b|\bscript\s{1,3}-qc\s{1,3}["']?\/bin\/(?:ba)?sh\b|\bperl\s{1,3}-e\s{1,3}["']exec\s{0,2}["']\/bin\/(?:ba)?sh|\bos\.(?:system|execute)\s{0,3}\(\s{0,3}["']\/bin\/(?:ba)?sh(?:\s{1,3}-i)?["']\s{0,3}\)|:set\s{1,3}shell=\/bin\/(?:ba)?sh|\bnmap\s{1,3}--interactive\b|\bexec\s{0,2}["']\/bin\/(?:ba)?sh(?:\s{1,3}-i)?["']|\/bin\/(?:ba)?sh\s{1,3}-i\s{0,3}(?:<&|>&|2>&)\s{0,2}\d/g,
      explanation: "Spawns or upgrades an interactive shell (post-exploitation TTY)",
    },
    {
      id: "code_execution.reverse_shell.bind_exec",
      keywords: ["bind("],
      severity: "critical",
      score: 0.9,
      re: /(?:\.bind\s{0,3}\(\s{0,3}\(|socket_bind\s{0,3}\(|\bbind\s{0,3}\(\s{0,3}\w{1,20}\s{0,3},)[\s\S]{0,300}?(?:\.listen|socket_listen|\blisten)\s{0,3}\([\s\S]{0,500}?(?:Popen\s{0,3}\(|subprocess\.\w{1,20}\s{0,3}\(|os\.(?:system|popen)\s{0,3}\(|\bpopen\s{0,3}\(|shell_exec\s{0,3}\(|\bsystem\s{0,3}\(|\bexec\w{0,2}\s{0,3}\(|\/bin\/(?:ba)?sh)/g,
      explanation: "Listening socket whose received data is executed (bind shell)",
    },
  ],
};

const windowsExec: RuleSet = {
  category: "code_execution",
  keywords: null, // per rule
  window: 200,
  rules: [
    {
      id: "code_execution.download_exec.unc_payload",
      keywords: ["mshta", "rundll32", "regsvr32", "msbuild", "installutil", "regasm", "regsvcs", "cmstp", "msiexec", "wmic", "odbcconf", "pcalua", "forfiles", "cscript", "wscript", "powershell", "cmd /", "cmd.exe /", "scrobj", "/i:"],
      severity: "critical",
      score: 0.9,
      re: /\b(?:mshta|rundll32|regsvr32|msbuild|installutil|regasm|regsvcs|cmstp|msiexec|wmic|odbcconf|pcalua|forfiles|cscript|wscript|powershell)(?:\.exe)?\b[^\n]{0,120}?\\\\[\w.$-]{1,64}\\[^\s"']{1,200}|\bcmd(?:\.exe)?\s{1,3}\/[kc]\s{1,3}<?\s{0,3}\\\\[\w.$-]{1,64}\\|\bscrobj\.dll\b|\/i:\s{0,2}["']?\\\\[\w.$-]{1,64}\\/gi,
      explanation: "Windows binary runs a payload from a remote (UNC/WebDAV) share",
    },
    {
      id: "code_execution.download_exec.lolbin_exec",
      keywords: ["wmic", "forfiles", "pcalua", "odbcconf", "msbuild", "installutil"],
      severity: "high",
      score: 0.8,
      re: /\bwmic\b[^\n]{0,60}\bprocess\s{1,3}call\s{1,3}create\b|\bwmic\b[^\n]{0,80}\/format:\s{0,2}["']?(?:https?:|\\\\)|\bforfiles\b[^\n]{0,80}\/c\s{1,3}["']?cmd|\bpcalua(?:\.exe)?\s{1,3}-a\b|\bodbcconf(?:\.exe)?\b[^\n]{0,40}\/a\s{0,3}\{?\s{0,3}REGSVR|\bMSBuild(?:\.exe)?\b[^\n]{0,120}\.(?:xml|csproj|proj)\b[^\n]{0,40}(?:&|$)|\bInstallUtil(?:\.exe)?\b[^\n]{0,120}?\/logfile=\s[^\n]{0,120}?\/U\b/gim,
      explanation: "Windows living-off-the-land binary used to run arbitrary code",
    },
    {
      id: "code_execution.download_exec.powershell_bypass",
      keywords: ["bypass", "-outfile"],
      severity: "high",
      score: 0.8,
      re: /\bpowershell(?:\.exe)?\b[^\n]{0,60}?-(?:exec|ExecutionPolicy|ep)\s{1,3}bypass\b[^\n]{0,200}?(?:https?:\/\/|\\\\|-enc|-e\s|IEX|Invoke-|DownloadString|\.ps1\b)|\b(?:Invoke-WebRequest|iwr|wget|curl)\b[^\n]{0,200}?-OutFile\s{1,3}["']?[^\s"';]{1,120}\.(?:exe|dll|ps1|bat|vbs|hta|scr)\b[\s\S]{0,200}?(?:Start-Process|\bstart\b|&\s{0,2}["']?[A-Za-z]:|\.\\\w|rundll32|regsvr32)/gi,
      explanation: "PowerShell run with the execution policy bypassed to fetch or run a payload",
    },
  ],
};

// Command-name obfuscation: a shell command or sensitive path split by characters the
// shell removes ("w\ho\am\i", "who$()ami", "c'a't", "/et\<newline>c/pa\<newline>sswd").
// Matched from the start of a run of command characters only (the lookbehind): trying
// every position inside a run cost more than all other code rules together, and a
// match starting mid-run joins to a fragment that is never a SPLICE_TARGET anyway.
// Every splice sits inside the word (fragments on both sides): a trailing one is no evasion
// and is how reStructuredText closes a literal ("``uname``").
const SPLICED = /(?<![A-Za-z\/.])[A-Za-z\/.]{1,12}(?:(?:\\\n[ \t]{0,8}|\\(?=[A-Za-z\/])|\^(?=[A-Za-z])|''|""|\$@|\$\(\)|\$\{\}|``|\$\([a-z ]{1,12}\)|`[a-z ]{1,12}`|\$[0-9*])[A-Za-z\/.]{1,12}){1,12}/g;
/** Characters a spliced command fragment is made of ([A-Za-z/.]; keywords are case-insensitive). */
const SPLICE_LEAD = [..."abcdefghijklmnopqrstuvwxyz/."];
const SPLICE_TARGET = /^(?:whoami|id|cat|tac|ls|bash|sh|zsh|nc|ncat|curl|wget|uname|ifconfig|python[23]?|perl|ruby|php|nslookup|ping|passwd|powershell|cmd|certutil|bitsadmin|mshta|rundll32|regsvr32|net|netstat|calc|notepad|\/etc\/passwd|\/etc\/shadow|\/bin\/(?:ba|z)?sh|\/bin\/cat|\/usr\/bin\/(?:id|whoami))$/;
const SPLICE_TOKEN = /\\\n[ \t]*|\\|\^|''|""|\$@|\$\(\)|\$\{\}|``|\$[0-9*]/g;

function splicedCommand(m: RegExpExecArray): boolean | number {
  const raw = m[0];
  const echoed = raw.replace(/\$\(\s{0,3}echo\s{1,3}([a-z ]{1,12})\)/g, "$1").replace(/`\s{0,3}echo\s{1,3}([a-z ]{1,12})`/g, "$1");
  const parts = echoed.split(SPLICE_TOKEN);
  if (parts.length < 2) return false;
  // Backslashes alone also separate Windows path segments ("C:\lib\python"): then only
  // short fragments ("w\ho\am\i") count as splicing.
  const onlyBackslash = !/\^|''|""|\$@|\$\(\)|\$\{\}|``|\$[0-9*]|\\\n/.test(echoed);
  if (onlyBackslash && parts.some((p) => p.replace(/\//g, "").length > 4)) return false;
  const joined = parts.join("").replace(/\/{2,}/g, "/");
  return SPLICE_TARGET.test(joined) ? 0.85 : false;
}


// $IFS smuggles a space between two words with none around it (cat${IFS}/etc/passwd,
// ;cat$IFS$9/etc/passwd). Between spaces it is a name in prose: bash's CHANGES says "$IFS is
// not the default" 32 times.
function ifsJoinsWords(m: RegExpExecArray): boolean {
  if (!/^\$\{?IFS\}?$/.test(m[0])) return true;
  const before = m.input.charAt(m.index - 1);
  const after = m.input.charAt(m.index + m[0].length);
  return !(/^[\s(]?$/.test(before) && /^[\s.,:)]?$/.test(after));
}

// Brace expansion that builds a command ({cat,/etc/passwd}, {ls,-la,/}) starts a word. Inside
// a word it lists names (*.{sh,pl,py}, str{,n}{cat,cpy}, aux_{head,tail}).
function notFileNameBraces(m: RegExpExecArray): boolean {
  if (!m[0].startsWith("{")) return true;
  return !/[.*\w}]/.test(m.input.charAt(m.index - 1));
}

// "sleep 1" between quotes is a string in prose or code; a probe closes or separates a command.
function notQuotedSleep(m: RegExpExecArray): boolean {
  return !/^['"]\s{0,2}sleep\s{1,3}\d{1,3}\s{0,2}['"]$/.test(m[0]);
}

const injection: RuleSet = {
  category: "code_execution",
  keywords: null, // per rule
  window: 100,
  rules: [
    {
      id: "code_execution.evasion.ifs_substitution",
      keywords: ["ifs", "%09", "%0a", "%20"],
      severity: "high",
      score: 0.85,
      re: /\$\{IFS\}|\$IFS\b|\$\{IFS%\?\?\}|[;|&]\s{0,2}[a-z]{2,10}(?:%09|%20|\$\{IFS\}|%0[aA]|<)-?[a-z]{0,6}(?:%09|%20|\$\{IFS\})|[;|&`]\s{0,2}(?:ls|id|cat|whoami|uname|sleep|ping|nslookup|curl|wget)(?:%09|%0[aA]|\$\{IFS\})/g,
      check: ifsJoinsWords,
      explanation: "Shell field-separator substitution used to smuggle a command past filters",
    },
    {
      id: "code_execution.evasion.spliced_command",
      // Backslash splices: a backslash before a letter other than the usual escape
      // letters (n, t, r, u, x, b, f), or a line continuation.
      keywords: [..."acdeghijklmopqsvwyz/".split("").map((c) => "\\" + c), "\\\n", ..."abcdefghijklmnopqrstuvwxyz".split("").map((c) => "^" + c), "$(echo", "`echo",
        // Empty splices only count right after a command character (SPLICED starts with
        // one): "c''at" triggers, a Markdown fence or `x = ""` does not.
        ...SPLICE_LEAD.flatMap((c) => ["$@", "$()", "${}", "$*", "$0", "$1", "$2", "$3", "$4", "$5", "$6", "$7", "$8", "$9", "''", "\"\"", "``"].map((t) => c + t))],
      severity: "high",
      score: 0.85,
      re: SPLICED,
      check: splicedCommand,
      explanation: "Command name or path split by quotes, escapes or empty expansions (filter evasion)",
    },
    {
      id: "code_execution.evasion.substring_expansion",
      keywords: [":~", "${path:", "${home:", "${shell:", "${pwd:", "${ls_colors:", "${ifs:", "${user:", "${hostname:", "${oldpwd:", "${path~", "${home~"],
      severity: "high",
      score: 0.8,
      re: /\$\{(?:PATH|HOME|SHELL|PWD|LS_COLORS|IFS|USER|HOSTNAME|OLDPWD)[:~]\s{0,2}-?\d{1,3}(?::\s{0,2}-?\d{1,3})?\}|%(?:CommonProgramFiles|ProgramFiles|PROGRAMFILES|COMSPEC|ComSpec|SystemRoot|SYSTEMROOT|PATH|Path|APPDATA|LOCALAPPDATA|windir|WINDIR|PUBLIC|ProgramData|TEMP|USERPROFILE|HOMEPATH)(?:\(x86\))?:~-?\d{1,3},\s{0,2}-?\d{1,3}%/g,
      explanation: "Characters sliced out of environment variables to build a command (filter evasion)",
    },
    {
      id: "code_execution.evasion.encoded_command",
      keywords: [...["cat", "tac", "ls", "id", "whoami", "uname", "ifconfig", "ip", "nc", "bash", "sh", "wget", "curl", "ping", "echo", "head", "less", "more", "nslookup"].flatMap((c) => [`{${c},`, `{,${c},`]), "</etc/", "< /etc/", "</dev/tcp", "< /dev/tcp", "</proc/", "< /proc/", "\\x", "xxd", "/}", "/??/", "/???/", "/????/", "/**/", "/***/", "/****/", "\\*\\*", "cut -c", "$(host", "$(nslookup", "$(dig", "$(curl", "$(wget", "$(ping"],
      severity: "high",
      score: 0.8,
      re: /\{,?(?:cat|tac|ls|id|whoami|uname|ifconfig|ip|nc|bash|sh|wget|curl|ping|echo|head|less|more|nslookup),[^\s{}]{0,60}\}|\b(?:cat|tac|sh|bash|more|less|head|tail|nc)\s{0,2}<\s{0,2}\/(?:etc|dev\/tcp|proc)\/|\$'[^'\n]{0,60}\\x[0-9a-fA-F]{2}[^'\n]{0,80}'\s{0,2}(?:&&|;)\s{0,2}\$\w{1,20}|\becho\s{1,3}-[a-z]{0,2}e[a-z]{0,2}\s{1,3}["']?(?:\\x[0-9a-fA-F]{2}){4,}|\bxxd\s{1,3}-r\s{1,3}-p\b[^\n]{0,20}<<<|\b(?:cat|tac|ls|sh|bash|more|less|head|tail)\s{0,2}<?\s{0,2}\$\{\w{1,20}\/\/|(?:^|[\s;|&])\/(?:\?|\*){2,4}\/[\w?*]{0,8}[?*][\w?*]{0,8}(?:\s{1,3}\/(?:\?|\*){2,4}\/[\w?*]{1,10})?|[A-Za-z]:\\\*\\\*|\$\(\s{0,2}(?:whoami|id|hostname|cat\s[^)]{1,40})\s{0,2}\|\s{0,2}cut\s{1,3}-c|\$\(\s{0,2}(?:host|nslookup|dig|curl|wget|ping)\s{1,3}[^)\n]{0,20}\$\(/g,
      check: notFileNameBraces,
      explanation: "Command or path assembled from braces, hex escapes, wildcards or pattern substitution (filter evasion)",
    },
    {
      id: "code_execution.injection.chained_probe",
      keywords: ["whoami", "uname", "/etc/", "sleep", "ping", "; id", ";id", "&& id", "&&id", "| id", "|id", "; ls", ";ls", "&& ls", "&&ls", "| ls", "|ls", "%0a", "%3b", "%26%26"],
      severity: "medium",
      score: 0.72,
      re: /(?:\b\d{1,3}(?:\.\d{1,3}){3}|\blocalhost|['"])\s{0,2}(?:;|&&|\|\|?|%0[aA]|%3[bB]|%26%26|\n)\s{0,2}(?:id|whoami|uname(?:\s{1,3}-a)?|cat\s{1,3}\/etc\/\w{1,12}|sleep\s{1,3}\d{1,3}|ping\s{1,3}-[cn]\s{0,2}\d{1,3}\s{1,3}\S{1,60}|ls(?:\s{1,3}-la?)?(?:\s{1,3}\/\S{0,30})?)\s{0,2}(?:$|[;#&|'"`])/gm,
      explanation: "Shell command chained after an argument (command injection probe)",
    },
    {
      id: "code_execution.injection.argument_injection",
      keywords: ["--gpu-launcher", "--renderer-cmd-prefix", "--utility-cmd-prefix", "-o'|", "-o\"|", "-o |", "-o|", "-o '|", "-o \"|", "proxycommand", "--upload-pack", "--receive-pack", "tcpdump", "--use-compress-program", "--to-command", "--checkpoint-action"],
      severity: "high",
      score: 0.85,
      re: /--gpu-launcher\s{0,2}=|--renderer-cmd-prefix\s{0,2}=|--utility-cmd-prefix\s{0,2}=|\s-o\s{0,2}["']?\|\s{0,2}[a-z]|-o\s{0,2}["']?ProxyCommand\s{0,2}=|--upload-pack\s{0,2}=|--receive-pack\s{0,2}=|\btcpdump\b[^\n]{0,80}\s-z\s{1,3}\S|--use-compress-program\s{0,2}=|--to-command\s{0,2}=|--checkpoint-action\s{0,2}=\s{0,2}exec/g,
      explanation: "Option that makes a program run an attacker-chosen command (argument injection)",
    },
    {
      id: "code_execution.injection.web_input_to_shell",
      keywords: ["$_get", "$_post", "$_request", "$_cookie", "$_server"],
      severity: "critical",
      score: 0.88,
      re: /\$_(?:GET|POST|REQUEST|COOKIE|SERVER)\s{0,2}\[[\s\S]{0,200}?\b(?:system|exec|shell_exec|passthru|popen|proc_open|pcntl_exec)\s{0,3}\(|\b(?:system|exec|shell_exec|passthru|popen|proc_open)\s{0,3}\([^\n;]{0,120}\$_(?:GET|POST|REQUEST|COOKIE)\b/g,
      explanation: "Web request input passed to a shell command (command injection)",
    },
    {
      id: "code_execution.injection.out_of_band",
      keywords: ["nslookup", "\\bdig\\b", "\\bhost\\b", "ping", "curl", "wget"],
      severity: "high",
      score: 0.8,
      // The command word is followed by a space: in JavaScript `host` before a template literal
      // (`${e.cause.host}:${port}`) is a property, not the command.
      re: /\b(?:nslookup|dig|host|ping|curl|wget)\b(?=\s)[^\n]{0,20}?["']?(?:\$\((?:whoami|id|hostname|uname[^)]{0,8}|cat\s[^)]{1,60}|ls[^)]{0,30})\)|`(?:whoami|id|hostname|uname[^`]{0,8}|cat\s[^`]{1,60})`|\$\{?\w{1,12}\}?)\.[\w-]{1,63}\.[\w.-]{2,200}|\bfor\s{1,3}\w{1,12}\s{1,3}in\s{1,3}(?:\$\(|`)[^\n)`]{1,60}(?:\)|`)[^\n]{0,20};\s{0,3}do\b[^\n]{0,80}?\b(?:nslookup|dig|host|ping|curl|wget)\b(?=\s)[^\n]{0,20}?["']?\$\{?\w{1,12}\}?\./g,
      explanation: "Command output sent out of band through DNS or HTTP lookups (blind command injection)",
    },
    {
      id: "code_execution.injection.time_probe",
      keywords: ["sleep"],
      severity: "medium",
      score: 0.7,
      re: /[;|&'"]\s{0,2}sleep(?:\s{1,3}|\$\{IFS\})\d{1,3}\s{0,2}[;#|&'"]|(?:\$\(|`)\s{0,2}sleep\s{1,3}\d{1,3}\s{0,2}(?:\)|`)[^\n]{0,40}(?:\$\(|`|\|\||sleep\()|\|\|\s{0,2}sleep\s{0,2}\(\s{0,2}\d{1,3}\s{0,2}\)\s{0,2}\|\|/g,
      check: notQuotedSleep,
      explanation: "Time-delay payload used to probe for command injection",
    },
  ],
};

const antiForensics: RuleSet = {
  category: "code_execution",
  keywords: ["history", "histfile", "histsize", "histcontrol", "histignore", "kill -9", "exec -a", "mount", "processhider", "touch", "wtmp", "btmp", "lastlog", "/var/log", "auditctl", "wevtutil", "clear-eventlog", "remove-eventlog"],
  window: 200,
  rules: [
    {
      id: "code_execution.evasion.history_tampering",
      severity: "high",
      score: 0.8,
      re: /\bHISTCONTROL=ignore(?:space|both)\b|\bHISTIGNORE=|\bkill\s{1,3}-9\s{1,3}\$\$|\bexec\s{1,3}-a\s{1,3}["']?\[?k(?:worker|thread)|\bmount\s{1,3}(?:-o\s{1,3}bind|--bind)\s{1,3}\S{1,60}\s{1,3}\/proc\/(?:\d{1,7}|\$\w{1,10}|\$\$)|\blibprocesshider\b|\bhistory\s{1,3}-(?:c|d\s{0,2}-?\d{1,6}|w)\b|\bunset\s{1,3}HISTFILE\b|\bexport\s{1,3}HIST(?:FILE|SIZE|FILESIZE)=(?:\/dev\/null|0)\b|\bHIST(?:SIZE|FILESIZE)=0\b|\bset\s{1,3}\+o\s{1,3}history\b|\bln\s{1,3}-sf?\s{1,3}\/dev\/null\s{1,3}\S{0,40}\.\w{0,6}_history\b|\b(?:shred|rm|truncate)\b[^\n]{0,40}\.(?:bash|zsh|sh|python)_history\b|>\s{0,2}~?\/?\S{0,40}\.bash_history\b/g,
      explanation: "Erases or disables shell history, or hides processes (covering tracks)",
    },
    {
      id: "code_execution.evasion.timestomp",
      severity: "medium",
      score: 0.7,
      re: /\btouch\s{1,3}(?:-[acm]{1,3}\s{1,3}){1,3}(?:-t\s{1,3}\d{8,14}|-d\s{1,3}["']?@|-r\s{1,3}\S)|\btouch\s{1,3}(?:-[acm]{1,3}\s{1,3}){0,3}-r\s{1,3}\S{1,80}\s{1,3}\S{1,80}[\s\S]{0,200}?>>/g,
      explanation: "Rewrites file timestamps to hide modification (timestomping)",
    },
    {
      id: "code_execution.evasion.log_wipe",
      severity: "high",
      score: 0.8,
      re: /(?:>|\btruncate\s{1,3}-s\s{0,2}0\b[^\n]{0,40}?|\bshred\b[^\n]{0,40}?|\brm\s{1,3}-\w{0,3}f\w{0,3}\s{1,3})\s{0,2}\/var\/log\/(?:wtmp|btmp|lastlog|auth\.log|secure|syslog|messages|audit\/audit\.log)\b|\bwevtutil(?:\.exe)?\s{1,3}(?:cl|clear-log)\b|\b(?:Clear|Remove)-EventLog\b|\bauditctl\s{1,3}-D\b/gi,
      explanation: "Clears system or audit logs (covering tracks)",
    },
  ],
};

const privesc2: RuleSet = {
  category: "code_execution",
  keywords: null, // per rule
  window: 300,
  rules: [
    {
      id: "code_execution.privilege_escalation.setuid_shell",
      keywords: ["setresuid", "setuid", "setreuid", "seteuid", "chmod"],
      severity: "critical",
      score: 0.9,
      re: /\bset(?:res|re|e)?uid\s{0,3}\(\s{0,3}(?:0|geteuid\s{0,2}\(\s{0,2}\))[^)]{0,40}\)[\s\S]{0,300}?(?:\bexecv?[pe]?\s{0,3}\(|\bsystem\s{0,3}\(|\/bin\/(?:ba)?sh|\bSHELL\b)|\bchmod\s{1,3}(?:[ugoa]{0,3}\+s|[2467][0-7]{3})\s{1,3}["']?\S{1,120}/g,
      explanation: "Builds or marks a setuid-root shell (privilege escalation / persistence)",
    },
    {
      id: "code_execution.credential_read.password_prompt_capture",
      keywords: ["read -s", "alias sudo", "[sudo]"],
      severity: "high",
      score: 0.82,
      re: /\bread\s{1,3}-s\w{0,3}\s{1,3}(?:-p\s{0,3})?["'][^"'\n]{0,60}password[^"'\n]{0,40}["']\s{0,3}\w{1,30}[\s\S]{0,200}?(?:>>|\|\s{0,3}(?:nc|curl|tee))|\balias\s{1,3}sudo\s{0,2}=|\[sudo\] password for[\s\S]{0,200}?>>/g,
      explanation: "Fake password prompt that records the user's password (credential capture)",
    },
    {
      id: "code_execution.persistence.autostart_hook",
      keywords: ["autostart", "[desktop entry]", "[core]", "core."],
      severity: "high",
      score: 0.78,
      re: /\.config\/autostart\/[\w.*-]{0,60}\.desktop\b|\[Desktop Entry\][\s\S]{0,300}?\bX-GNOME-Autostart|\[core\]\s{0,4}\n\s{0,8}(?:editor|pager|fsmonitor|sshCommand|hooksPath)\s{0,2}=\s{0,2}[^\n]{0,60}?(?:nohup|&\s|\/dev\/tcp|\bnc\b|curl|wget|BACKDOOR|\/tmp\/)|\bgit\s{1,3}config\b[^\n]{0,40}core\.(?:pager|editor|fsmonitor|sshCommand)\s{1,3}["']?[^\n]{0,60}?(?:nohup|&\s|\/dev\/tcp|\bnc\b|curl|wget|\/tmp\/)/g,
      explanation: "Hooks a command into desktop autostart or git configuration (persistence)",
    },
    {
      id: "code_execution.persistence.system_hooks",
      keywords: ["apt::", "dpkg::", "udev", "update-motd", "apt.conf", "init.d", "profile.d", "xinit", ".git/hooks", "run+=", "update-rc.d"],
      severity: "high",
      score: 0.82,
      re: /APT::Update::(?:Pre|Post)-Invoke\b|DPkg::(?:Pre|Post)-Invoke\b|(?:>>?|\btee\b[^\n]{0,10}|\bcp\s[^\n]{0,120}|\bmv\s[^\n]{0,120})\s{0,3}(?:\/etc\/udev\/rules\.d\/|\/etc\/update-motd\.d\/|\/etc\/apt\/apt\.conf\.d\/|\/etc\/init\.d\/|\/etc\/profile\.d\/|\/etc\/X11\/xinit|~?\/?\S{0,60}\.git\/hooks\/(?:pre|post)-\w{1,20})|\bRUN\+=\s{0,2}["'][^"'\n]{0,120}(?:\/tmp\/|\bnc\b|bash|sh\s|curl|wget)|\bupdate-rc\.d\s{1,3}\S{1,60}\s{1,3}defaults\b/g,
      explanation: "Installs a hook that runs a command on system events (udev, APT, motd, init, git hooks)",
    },
    {
      id: "code_execution.privilege_escalation.misconfig_abuse",
      keywords: ["root_squash", "showmount", "lxc", "openssl passwd", "export path=", "tmux -s", "screen -x", "/environ", "-writable", "-perm", "-uid", "gcc", "sudo -u", "grep"],
      severity: "high",
      score: 0.75,
      re: /\bno_root_squash\b|\bshowmount\s{1,3}-e\b|\blxc\s{1,3}(?:init|config)\b[^\n]{0,120}?(?:security\.privileged\s{0,2}=?\s{0,2}true|source=\/\s)|\blxc\s{1,3}image\s{1,3}import\b|\bopenssl\s{1,3}passwd\s{1,3}-(?:1|5|6|apr1)\b|\bexport\s{1,3}PATH=(?:(?:\/tmp|\/dev\/shm|\/var\/tmp)[^\s:]{0,40}|\.\/?):\$PATH\b|\btmux\s{1,3}-S\s{1,3}\/tmp\/\S{1,60}|\bscreen\s{1,3}-x\s{1,3}root\/|\/proc\/(?:self|\d{1,7}|\*)\/environ\b|\bfind\s{1,3}\/\S{0,40}\s[^\n]{0,60}?(?:-writable\b|-perm\s{1,3}[-\/+]?(?:o\+w|-?0?002|u=s|g=s|-?[246]000)\b|-uid\s{1,3}0\s{1,3}-perm\b)|\bgcc\b[^\n]{0,80}\b\S{0,30}(?:cow|dirty|exploit|pwn|rootkit|privesc)\S{0,20}\.c\b|\bsudo\s{1,3}-u\s{0,2}#-?\d|\bgrep\b(?=[^\n|]{0,80}?(?:password|passwd|api_?key|secret|credential))(?=[^\n|]{0,80}?\s["']?(?:\/|\/etc|\/home|\/var|\/root|\/opt|~\/?)["']?(?:\s|$))/gi,
      explanation: "Abuses a privilege misconfiguration (NFS, lxd, writable PATH/passwd, world-writable files, session hijack) or hunts for credentials",
    },
    {
      id: "code_execution.privilege_escalation.enumeration",
      keywords: ["pspy", "lse.sh", "linux-smart", "linuxprivchecker", "unix-privesc", "suid3num", "beroot", "exploit-suggester", "les.sh", "les.pl", "les2.", "winpeas", "powerup", "seatbelt.exe", "sharpup", "exploit-db", "searchsploit", "getcap", "cap_"],
      severity: "medium",
      score: 0.65,
      re: /\b(?:pspy(?:32|64)?|lse\.sh|linux-smart-enumeration|linuxprivchecker|unix-privesc-check|suid3num|BeRoot|linux-exploit-suggester(?:-2)?|les2?\.(?:sh|pl)|winPEAS\w{0,8}|PowerUp\.ps1|Seatbelt\.exe|SharpUp)\b|exploit-db\.com\/exploits\/\d{3,6}|\bsearchsploit\b|\bgetcap\s{1,3}-r\s{1,3}\/|\bcap_(?:setuid|setgid|dac_read_search|dac_override|sys_admin|sys_ptrace|sys_module)(?:,cap_\w{1,20}){0,6}\s{0,2}[+=]\s{0,2}e?i?p?\b/gi,
      explanation: "Privilege-escalation enumeration tool, exploit reference or dangerous capability",
    },
    {
      id: "code_execution.credential_read.credential_hunt",
      keywords: ["/dev/mem", "/dev/kmem", { kw: "/mem", we: true }, "\\blocate\\b", "\\bfind\\b", "grep", "consolehost_history", "historysavepath"],
      severity: "high",
      score: 0.75,
      re: /\b(?:strings|cat|xxd|hexdump|dd)\b[^\n|]{0,40}\/(?:dev\/k?mem|proc\/(?:\d{1,7}|self|\$\{?\w{1,20}\}?|\$\([^\n)]{1,60}\))\/mem)\b|\b(?:Get-Content|gc|type|cat)\b[^\n]{0,80}?(?:ConsoleHost_history\.txt|\(Get-PSReadLineOption\)\.HistorySavePath)|\blocate\s{1,3}(?:-i\s{1,3})?["']?(?:password|passwd|id_rsa|id_dsa|\.pem|credentials?|\.kdbx|wallet\.dat)\b|\bfind\s{1,3}\/\S{0,40}\s[^\n]{0,60}?-i?name\s{1,3}["']?\*?(?:id_rsa|id_dsa|id_ecdsa|id_ed25519|authorized_keys|\.pem|\.kdbx|\.git-credentials|\.netrc|\.pgpass|shadow|credentials|wallet\.dat|\*pass\*|\*password\*)["']?|\bgrep\s{1,3}-[a-zA-Z]{0,4}[rR][a-zA-Z]{0,4}\s{1,3}["']?(?:pass(?:word|wd)?|pwd|secret|api_?key)["']?\s{1,3}(?:\/(?:etc|home|var|root|opt)?\b|~)/gi,
      explanation: "Searches the filesystem or memory for passwords and keys (credential hunting)",
    },
    {
      id: "code_execution.persistence.passwd_root_entry",
      keywords: [":0:0:"],
      severity: "critical",
      score: 0.92,
      re: /\becho\b[^\n]{0,160}?:0:0:[^\n]{0,100}?>>?\s{0,3}\S{0,60}\/etc\/passwd\b|\b[\w.-]{1,32}:[^:\s]{0,120}:0:0:[^:\n]{0,60}:\/root:\/bin\/(?:ba)?sh\b/g,
      explanation: "Writes a uid-0 account into a passwd file (root backdoor)",
    },
    {
      id: "code_execution.privilege_escalation.library_hijack",
      keywords: ["__libc_start_main", "ld_library_path", "-shared"],
      severity: "high",
      score: 0.75,
      re: /\b__libc_start_main\b[\s\S]{0,400}?\b(?:execve?|system)\s{0,3}\(|\bLD_LIBRARY_PATH=\/(?:tmp|dev\/shm|var\/tmp)\S{0,60}\s{1,3}(?:sudo|\/usr\/s?bin\/)|\bgcc\b[^\n]{0,80}-shared\b[^\n]{0,80}\/tmp\/\S{1,40}\.so\b/g,
      explanation: "Shared-library hijack that runs a shell (library preloading / RPATH abuse)",
    },
  ],
};

const codePayloads: RuleSet = {
  category: "code_execution",
  keywords: null, // per rule
  window: 600,
  rules: [
    {
      id: "code_execution.download_exec.python",
      keywords: ["urlretrieve", "wget.download", "urlopen", "requests.get", "httpx.get", "download_file"],
      severity: "critical",
      score: 0.88,
      re: /\b(?:urlretrieve|wget\.download|urlopen|requests\.get|httpx\.get|download_file)\s{0,3}\([\s\S]{0,400}?(?:\bexec\s{0,3}\(\s{0,3}(?:open|\w{1,20}\.(?:text|content|read))|os\.system\s{0,3}\(|os\.startfile\s{0,3}\(|subprocess\.(?:run|call|Popen|check_call|check_output)\s{0,3}\(|os\.chmod\s{0,3}\([^)]{0,80}0o?7[0-7]{2}|os\.exec\w{1,3}\s{0,3}\()/g,
      explanation: "Code downloads a file or script and executes it",
    },
    {
      id: "code_execution.destructive.ransomware",
      keywords: ["encrypt", "fernet", "aes.new", "chacha20", "locked", "ransom", "btc", "bitcoin", "xmr", "monero", "decrypt", "recover your", "restore your"],
      severity: "critical",
      score: 0.9,
      re: /(?:os\.walk|glob\.glob|os\.listdir|os\.scandir|\.rglob|\.iterdir)\s{0,3}\([\s\S]{0,600}?(?:encrypt\w{0,8}\s{0,3}\(|Fernet\s{0,3}\(|AES\.new\s{0,3}\(|ChaCha20\w{0,12}\s{0,3}\()|(?:encrypt\w{0,8}\s{0,3}\(|Fernet\s{0,3}\(|AES\.new\s{0,3}\()[\s\S]{0,600}?(?:os\.walk|glob\.glob|os\.listdir|os\.scandir|\.rglob|\.iterdir)\s{0,3}\(|\b(?:(?:your|all) (?:important )?(?:files|documents|data|photos) (?:have been|are|were|has been) (?:encrypted|locked)|pay (?:the |a )?ransom|ransom (?:note|payment|demand)|send \d{1,6}(?:\.\d{1,8})? ?(?:BTC|bitcoin|XMR|monero)|pay [^\n.]{0,40}(?:bitcoin|BTC|monero|XMR)\b[^\n.]{0,60}decrypt|to (?:decrypt|recover|restore) your (?:files|data|documents))\b/gi,
      explanation: "Encrypts files in bulk or demands a ransom (ransomware)",
    },
    {
      id: "code_execution.destructive.system_files",
      keywords: ["os.remove", "os.unlink", "os.rmdir", "rmtree", ".unlink", "unlinksync", "file.delete", "/etc/", "/boot/", "/dev/sd", "physicaldrive", "reg delete", "reg.exe delete", "taskkill", "kill -9", "bcdedit"],
      severity: "critical",
      score: 0.88,
      re: /\b(?:os\.remove|os\.unlink|os\.rmdir|shutil\.rmtree|Path\s{0,3}\([^)]{0,80}\)\.unlink|fs\.unlinkSync|File\.Delete)\s{0,3}\(\s{0,3}r?["'](?:\/(?:etc|boot|bin|sbin|usr|lib|lib64|sys|proc)\/|[A-Za-z]:\\\\?(?:Windows|WINDOWS|Program Files)|C:\/Windows)|\bopen\s{0,3}\(\s{0,3}r?["'](?:\/etc\/(?:passwd|shadow|fstab|sudoers|hosts|resolv\.conf|inittab)|\/boot\/\S{1,60}|\/dev\/sd[a-z]|\\\\\\\\\.\\\\PhysicalDrive\d)["']\s{0,3},\s{0,3}["'](?:w|wb|a|ab|r\+b?|rb\+|wb\+|w\+b?|a\+)["']|\\\\\\\\\.\\\\PhysicalDrive\d[\s\S]{0,200}?\.write\s{0,3}\(|\breg(?:\.exe)?\s{1,3}delete\s{1,3}["']?HK(?:LM|EY_LOCAL_MACHINE)\\{1,2}(?:SYSTEM|SOFTWARE\\{1,2}Microsoft\\{1,2}Windows)|\btaskkill\b[^\n]{0,20}\/f\b[^\n]{0,40}\/im\s{1,3}["']?(?:svchost|lsass|winlogon|csrss|wininit|smss|services)\.exe|\bkill\s{1,3}-9\s{1,3}1\b|\bbcdedit\b[^\n]{0,40}\/delete\b/gi,
      explanation: "Deletes or overwrites operating-system files, boot data or critical processes",
    },
    {
      id: "code_execution.destructive.code_level",
      keywords: ["\\brm\\b", "\\bdd\\b", "mkfs", "os.chmod", "os.chown", "harderror", "iscritical", "autorun", "encrypt", "os.fork"],
      severity: "critical",
      score: 0.88,
      re: /\[\s{0,3}["'](?:sudo["']\s{0,3},\s{0,3}["'])?rm["']\s{0,3},\s{0,3}["']-[rRf]{1,3}["']\s{0,3},\s{0,3}(?:["']-[rRf]{1,3}["']\s{0,3},\s{0,3})?["'](?:\/|\/\*|~|\/(?:etc|usr|var|bin|sbin|boot|lib|lib64|home|root|sys)\/?\*?)["']|\[\s{0,3}["']dd["'][^\]\n]{0,120}["']of=\/dev\/(?:sd|hd|nvme|xvd|vd|mmcblk)|\[\s{0,3}["']mkfs(?:\.\w{2,8})?["'][^\]\n]{0,80}["']\/dev\/|\bos\.(?:chmod|chown)\s{0,3}\(\s{0,3}["']\/(?:etc|bin|sbin|usr|boot|lib)\/|\b(?:NtRaiseHardError|RtlSetProcessIsCritical|ZwRaiseHardError)\b|\bautorun\.inf\b[\s\S]{0,200}?(?:open\s{0,3}\(|write|copy)|\.encrypt\w{0,8}\s{0,3}\([\s\S]{0,300}?\bos\.(?:remove|unlink)\s{0,3}\(|\bwhile\s{1,3}(?:True|1)\s{0,2}:\s{0,20}os\.fork\s{0,2}\(\)/g,
      explanation: "Code that wipes disks or system paths, crashes the OS, spreads via removable media or encrypts and deletes files",
    },
    {
      id: "code_execution.intrusion.brute_force_or_exploit",
      keywords: ["password", "passwd", "wordlist", "rockyou", "hashcat", "credentials", "hydra", "medusa", "ncrack", "crackmapexec", "netexec", "patator", "eternalblue", "ms17", "bluekeep", "cve-2019-0708", "metasploit", "msfrpc", "currentversion"],
      severity: "high",
      score: 0.8,
      re: /\bfor\s{1,3}\w{1,20}\s{1,3}in\s{1,3}[^\n:]{0,80}(?:password|passwd|wordlist|rockyou|credentials)[^\n:]{0,40}:[\s\S]{0,300}?(?:\.connect\s{0,3}\([^)]{0,200}password\s{0,2}=|\.login\s{0,3}\(|smtplib|ftplib|paramiko)|\b(?:hydra|medusa|ncrack|crackmapexec|netexec|patator)\s{1,3}-[a-zA-Z]|\bjohn\s{1,3}--(?:wordlist|format)=[^\n]{0,120}?\b(?:shadow|hashes|unshadowed)\b|\bhashcat\s{1,3}-m\s{0,2}\d{1,5}\b[^\n]{0,120}?\b(?:rockyou|wordlist|shadow|hashes)\b|\b(?:eternalblue|ms17[-_]010|bluekeep|cve-2019-0708|pymetasploit3?|msfrpc|MsfRpcClient)\b|CurrentVersion\\{1,2}Run\b[\s\S]{0,200}?\bSetValueEx\b/gi,
      explanation: "Password brute force, exploit framework use or registry autorun from code (compromising hosts)",
    },
    {
      id: "code_execution.defense_evasion.disable_security",
      keywords: ["netsh", "ufw", "iptables", "setenforce", "randomize_va_space", "mppreference", "firewalld", "apparmor", "auditd", "selinux", "clamav", "falcon-sensor", "osqueryd", "windefend", "wscsvc", "mpssvc", "securityhealthservice", "sense", "disableantispyware", "disablerealtime", "winreg", "killall", "pkill", "os.kill"],
      severity: "high",
      score: 0.85,
      re: /\bnetsh\s{1,3}(?:advfirewall\s{1,3}set\s{1,3}\w{1,20}\s{1,3}state\s{1,3}off|firewall\s{1,3}set\s{1,3}opmode\s{1,3}(?:mode=)?disable)|\bufw\s{1,3}disable\b|\biptables\s{1,3}(?:-F|--flush)\b|\bsetenforce\s{1,3}0\b|\becho\s{1,3}0\s{0,3}>\s{0,3}\/proc\/sys\/kernel\/randomize_va_space\b|\bsysctl\s{1,3}(?:-w\s{1,3})?kernel\.randomize_va_space\s{0,3}=\s{0,3}0\b|\bSet-MpPreference\b[^\n]{0,40}-Disable\w{1,40}\s{1,3}\$?(?:true|1)\b|\b(?:systemctl|service)\s{1,3}(?:stop|disable|mask)\s{1,3}(?:firewalld|apparmor|auditd|ufw|selinux|clamav\w{0,10}|falcon-sensor|osqueryd)\b|\bsc(?:\.exe)?\s{1,3}(?:stop|config|delete)\s{1,3}(?:WinDefend|wscsvc|MpsSvc|SecurityHealthService|Sense)\b|\bDisableAntiSpyware\b|\bDisableRealtimeMonitoring\b|\bwinreg\.DeleteKey\w{0,2}\s{0,3}\(\s{0,3}winreg\.HKEY_LOCAL_MACHINE|\bkillall5?\s{1,3}-9\b|\bpkill\s{1,3}-9\s{1,3}(?:-u\s{1,3}root|systemd|init|sshd)\b|\bos\.kill\s{0,3}\(\s{0,3}1\s{0,3},/g,
      explanation: "Disables security controls (firewall, antivirus, SELinux, audit) or kills critical processes",
    },
  ],
};

// Option that makes each tool encrypt with a password (none needed for ccrypt etc.).
const ENCRYPT_OPTION: [RegExp, RegExp][] = [
  [/^openssl/i, /\s-(?:k|pass)\b/],
  [/^gpg/i, /\s(?:-c|--symmetric)\b/],
  [/^(?:zip|7z)/i, /\s-[Pp]\s{0,2}\S/],
];
const DELETE_AFTER = /(?:&&|;|\n)\s{0,4}(?:\w{1,20}\.)?(?:\brm\s{1,3}(?:-\w{1,4}\s{1,3})?[~\/\w.*"'$]|\bshred\b|\bdel\b|os\.remove\s{0,3}\(|os\.unlink\s{0,3}\(|Remove-Item\b)/i;

function encryptThenDelete(m: RegExpExecArray): false | { score: number; start: number; end: number } {
  const input = m.input;
  const eol = input.indexOf("\n", m.index);
  const line = input.slice(m.index, Math.min(eol < 0 ? input.length : eol, m.index + 240));
  for (const [tool, option] of ENCRYPT_OPTION) if (tool.test(m[0]) && !option.test(line)) return false;
  const after = input.slice(m.index, m.index + 400);
  const d = DELETE_AFTER.exec(after);
  return d ? { score: 0.88, start: m.index, end: m.index + d.index + d[0].length } : false;
}

const bindThenShell = followedBy(/[.:]accept\b[^]{0,400}?(?:\bpopen\b|\bspawn\s{0,2}\(\s{0,2}["'](?:\/bin\/)?(?:ba)?sh|\bexec\w{0,4}\s{0,2}\(|\$stdin\.reopen|\bsystem\s{0,2}\()|\bspawn\s{0,2}\(\s{0,2}["'](?:\/bin\/(?:ba)?sh|cmd(?:\.exe)?)["']/, 300, 0.9);
const memfdThenExec = followedBy(/\bexecve?\w{0,2}\s{0,3}\(|\/proc\/self\/fd\/|\/proc\/\d{1,7}\/fd\/|\bfexecve\b|\bexecl\b|\bos\.exec\w{1,3}\s{0,3}\(/, 400, 0.85);

// Further attack shapes from general knowledge of the classes (not from any evaluation
// row): crashing or bricking the OS, bulk deletion, encrypt-then-delete with stock
// tools, remote execution on other hosts (lateral movement), in-memory shellcode,
// fileless execution, PowerShell bind shells, locking persistence files.
const sabotage: RuleSet = {
  category: "code_execution",
  keywords: null, // per rule
  window: 400,
  rules: [
    {
      id: "code_execution.destructive.crash_or_brick",
      keywords: ["sysrq-trigger", "kill -9 -1", "killall5", "\\bmv ", "chmod -r", "cipher /w", "takeown", "icacls"],
      severity: "critical",
      score: 0.9,
      re: /\becho\s{1,3}["']?[bcor]["']?\s{0,2}(?:>|\|\s{0,2}(?:sudo\s{1,3})?tee\s{1,3}(?:-a\s{1,3})?)\s{0,2}\/proc\/sysrq-trigger\b|\/proc\/sysrq-trigger["']?[^\n]{0,30}?\)[\s\S]{0,50}?\.write\s{0,2}\(\s{0,2}b?["'][bcor]["']|\bkill\s{1,3}-(?:9|KILL|SIGKILL)\s{1,3}-1\b|\bmv\s{1,3}(?:-\w{1,4}\s{1,3})?\/(?:bin|sbin|usr|etc|lib|lib64|boot)\/?\s{1,3}(?:\/dev\/null|\/tmp\b)|\bchmod\s{1,3}-R\s{1,3}0{3,4}\s{1,3}\/(?:\s|["';)]|$|etc\b|bin\b|usr\b|boot\b)|\bcipher(?:\.exe)?\s{1,3}\/w:\s{0,2}[A-Za-z]:|\btakeown\b[^\n]{0,40}?[A-Za-z]:\\{1,2}Windows\b[^\n]{0,300}?(?:\bdel\b|\brd\b|\brmdir\b|Remove-Item)|\bicacls\b[^\n]{0,40}?[A-Za-z]:\\{1,2}Windows\b[^\n]{0,80}?\/grant\b[^\n]{0,40}?(?:everyone|\*S-1-1-0)\s{0,2}:\s{0,2}\(?F/gi,
      explanation: "Crashes the kernel, kills every process or breaks system directories (sabotage)",
    },
    {
      id: "code_execution.destructive.walk_delete",
      keywords: ["os.walk", "rglob", "glob.glob", "os.listdir", "os.scandir"],
      severity: "critical",
      score: 0.88,
      re: /\b(?:os\.walk|os\.listdir|os\.scandir|glob\.glob)\s{0,3}\(\s{0,3}r?["'](?:\/|\/(?:etc|bin|sbin|usr|boot|lib|home|root|var)\/?|\/usr\/(?:s?bin|lib(?:64)?)\/?|~\/?|[A-Za-z]:\\{0,2}(?:Windows\\{0,2}(?:System32)?|Users)?\\{0,2}|[A-Za-z]:\/(?:Windows|Users)?\/?)["']|\bPath\s{0,3}\(\s{0,3}["'](?:\/|[A-Za-z]:\\{1,2})["']\s{0,3}\)\.rglob\s{0,3}\(/g,
      check: followedBy(/\b(?:os\.remove|os\.unlink|shutil\.rmtree|os\.rmdir)\s{0,3}\(|\.unlink\s{0,3}\(/, 300, 0.88),
      explanation: "Walks the file system root, system or home directories and deletes what it finds",
    },
    {
      id: "code_execution.destructive.encrypt_then_delete",
      keywords: ["openssl", "gpg", "zip", "7z", "ccrypt", "aescrypt", "encryptfile"],
      severity: "critical",
      score: 0.88,
      // The tool name only; its options and the deletion after it are checked in
      // encryptThenDelete() with one linear search each (no nested lazy quantifiers).
      re: /\b(?:openssl\s{1,3}(?:enc|aes-\d{3}-\w{3})|gpg|zip|7z|ccrypt|aescrypt|pyAesCrypt\.encryptFile)\b/gi,
      check: encryptThenDelete,
      explanation: "Encrypts or password-archives files and then deletes the originals (ransomware)",
    },
    {
      id: "code_execution.remote_exec.lateral_movement",
      keywords: ["win32_process", "winrm", "impacket", "pypsexec", "psexec", "wmiexec", "smbexec", "invoke-command", "exec_command", "invoke-wmimethod", "invoke-cimmethod"],
      severity: "high",
      score: 0.82,
      re: /\bWin32_Process\b[^\n]{0,20}?\.?Create\b|\bInvoke-(?:WmiMethod|CimMethod)\b[^\n]{0,120}?Win32_Process\b|\bwinrm\.Session\s{0,3}\([^\n]{0,200}\n(?:[^\n]{0,200}\n){0,3}?[^\n]{0,120}?\.run_(?:cmd|ps)\s{0,3}\(|\bfrom\s{1,3}impacket\b[^\n]{0,60}?\b(?:psexec|wmiexec|smbexec|atexec|dcomexec)\b|\bimpacket-(?:psexec|wmiexec|smbexec|atexec|dcomexec)\b|\b(?:psexec|wmiexec|smbexec)(?:\.py|\.exe)?\s{1,3}[^\n]{0,60}?(?:\\\\\\\\|@)[\w.-]{1,253}|\.run_executable\s{0,3}\(\s{0,3}["'](?:cmd|powershell)|\bInvoke-Command\b[^\n]{0,120}?-ComputerName\b[^\n]{0,200}?(?:IEX|Invoke-Expression|DownloadString|-enc|\.exe\b)|\.exec_command\s{0,3}\(\s{0,3}[rbf]?["'][^"'\n]{0,200}?(?:\b(?:wget|curl)\b[^"'\n]{0,160}?(?:\|\s{0,2}(?:ba)?sh\b|chmod|&&|;)|\/dev\/tcp\/|\bnc\b[^"'\n]{0,40}\s-e\s|\brm\s{1,3}-rf\s{1,3}\/)/gi,
      explanation: "Runs commands or payloads on another host (remote execution, lateral movement)",
    },
    {
      id: "code_execution.injection.shellcode_loader",
      keywords: ["virtualalloc", "createremotethread", "writeprocessmemory", "rtlmovememory", "mprotect", "prot_exec"],
      severity: "critical",
      score: 0.9,
      re: /\bVirtualAlloc(?:Ex)?\b|\bmmap\b[^\n]{0,120}?PROT_EXEC/g,
      check: followedBy(/\b(?:RtlMoveMemory|WriteProcessMemory|memmove|RtlCopyMemory|memcpy)\b[^]{0,300}?\b(?:CreateThread|CreateRemoteThread|QueueUserAPC|NtCreateThreadEx|EnumWindows|CFUNCTYPE|cast)\b/, 300, 0.9),
      explanation: "Loads raw shellcode into executable memory and runs it",
    },
    {
      id: "code_execution.evasion.fileless_exec",
      keywords: ["memfd_create", "fexecve"],
      severity: "high",
      score: 0.85,
      // fexecve with arguments: "fexecve(3)" and "fexecve()" are how manuals name it.
      re: /\bmemfd_create\b|\bfexecve\s{0,3}\([^()\n]{0,40},/g,
      check: (m) => (m[0].startsWith("fexecve") ? true : memfdThenExec(m)),
      explanation: "Runs a program from an anonymous in-memory file, leaving nothing on disk (fileless execution)",
    },
    {
      id: "code_execution.reverse_shell.powershell_listener",
      keywords: ["tcplistener"],
      severity: "critical",
      score: 0.9,
      re: /\bTcpListener\b/gi,
      check: followedBy(/\bAcceptTcpClient\b/i, 300, 0.9),
      explanation: "PowerShell TCP listener handing out a shell (bind shell)",
    },
    {
      id: "code_execution.reverse_shell.bind_more",
      keywords: ["tcpserver", "createserver", "/inet/tcp/", "powercat", ".bind("],
      severity: "critical",
      score: 0.9,
      // Bind shells in Ruby, Node, awk, Lua and powercat: a listening socket whose
      // accepted connection is wired to a shell or to popen.
      re: /\bTCPServer\.new\s{0,2}\(\s{0,2}\d{1,5}\s{0,2}\)|\bcreateServer\s{0,2}\(|\/inet\/tcp\/\d{1,5}\/0\/0\b|\bpowercat\b[^\n]{0,80}?\s-l\b[^\n]{0,80}?\s-e[ps]?\b|\b\w{1,20}\.bind\s{0,2}\(\s{0,2}["']\*["']\s{0,2},\s{0,2}\d{1,5}\s{0,2}\)/gi,
      check: (m) => (/^\/inet|^powercat/i.test(m[0]) ? true : bindThenShell(m)),
      explanation: "Listening socket that hands every connection a shell (bind shell)",
    },
    {
      id: "code_execution.evasion.timestomp_system",
      keywords: ["touch"],
      severity: "medium",
      score: 0.72,
      re: /\btouch\s{1,3}(?:-[acm]{1,3}\s{1,3}){0,3}(?:-r\s{1,3}["']?\/(?:bin|sbin|usr|etc|lib|lib64|boot)\/\S{1,80}|-d\s{1,3}(?:"[^"\n]{1,40}"|'[^'\n]{1,40}'|@?\S{1,30})|-t\s{1,3}\d{8,12}(?:\.\d{2})?)\s{1,3}["']?(?:\/(?:bin|sbin|usr|etc|lib|lib64|boot|var\/log)\/|\S{0,80}\/\.[\w-]|\.[\w-]{2,40}(?:\s|$))/g,
      explanation: "Backdates a file in a system directory or a hidden file (timestomping)",
    },
    {
      id: "code_execution.persistence.uid0_user",
      keywords: ["useradd", "usermod", "adduser"],
      severity: "critical",
      score: 0.92,
      re: /\b(?:useradd|usermod|adduser)\b[^\n;&|]{0,60}?(?:\s-o\w{0,2}\s{1,3}(?:-u\s{0,2})?0\b|\s-u\s{0,2}0\s{1,3}(?:-\w{1,3}\s{1,3}\S{0,20}\s{0,3}){0,3}-o\b|\s-ou\s{1,3}0\b|--non-unique\b[^\n;&|]{0,40}?--uid\s{1,3}0\b|--uid\s{1,3}0\b[^\n;&|]{0,40}?--non-unique\b)/g,
      explanation: "Creates a second account with user id 0 (a hidden root account)",
    },
    {
      id: "code_execution.persistence.hidden_autostart",
      keywords: ["[desktop entry]"],
      severity: "high",
      score: 0.78,
      re: /\[Desktop Entry\]/g,
      check: followedBy(/\bExec\s{0,2}=\s{0,2}[^\n]{0,120}?(?:\/\.[\w-]|\/tmp\/|\/dev\/shm\/|\bnc\b|\bncat\b|\bcurl\b|\bwget\b|bash\s{1,3}-[ci]\b|\/dev\/tcp\/)/, 400, 0.78),
      explanation: "Desktop autostart entry that runs a hidden or downloaded program (persistence)",
    },
    {
      id: "code_execution.persistence.immutable_lock",
      keywords: ["chattr"],
      severity: "high",
      score: 0.78,
      re: /\bchattr\s{1,3}\+[ai]{1,2}\s{1,3}(?:-\w{1,3}\s{1,3})?["']?(?:\/etc\/(?:cron|passwd|shadow|sudoers|rc\.local|ld\.so\.preload|systemd|init\.d|profile)|~?\/?\S{0,40}\/\.ssh\/authorized_keys|~?\/?\S{0,40}\/\.(?:bashrc|profile|zshrc)|\/var\/spool\/cron|\/tmp\/\.|\/dev\/shm\/)/g,
      explanation: "Makes a persistence or credential file immutable so it cannot be removed",
    },
  ],
};

// Privilege-escalation recon: one enumeration command is ordinary administration, but
// several privilege-focused probes together are the opening of an escalation (the
// checklists attackers run). Counted like host fingerprinting: distinct probes only.
const PRIVESC_PROBE = /\bsudo\s{1,3}-(?:l|V|-version|ll)\b|\bfind\s{1,3}\/\s[^\n]{0,40}?-(?:perm|writable|user\s{1,3}root|uid\s{1,3}0)\b|\bgetcap\s{1,3}-r\b|\/etc\/(?:shadow|sudoers|exports)\b|\bcrontab\s{1,3}-l\b|\/etc\/cron[\w.*]{0,12}|\/var\/spool\/cron\b|\bps\s{1,3}-?(?:aux|ef)\b[^\n]{0,20}\|\s{0,3}grep\s{1,3}root\b|\bls\s{1,3}-\w{1,4}\s{1,3}\/root\b|\bcat\s{1,3}\/proc\/version\b|\bcat\s{1,3}\/etc\/(?:issue|\*-release|lsb-release|os-release)\b|\buname\s{1,3}-a\b|\.bash_history\b|\b(?:dpkg\s{1,3}-l|rpm\s{1,3}-qa)\b|(?:^|[;&|]\s{0,2})(?:id|groups|whoami)\s{0,2}(?=$|[;&|])|\bnetstat\s{1,3}-\w{0,6}[pa]\w{0,6}\b|\bss\s{1,3}-\w{0,6}p\w{0,6}\b|\bls\s{1,3}-\w{1,4}\s{1,3}\/home\b|\bcat\s{1,3}\/etc\/passwd\b/gm;
// Counted like host fingerprinting: three DIFFERENT probes within 800 characters.
const privescRecon = distinctWithin(PRIVESC_PROBE, 800, 3, 0.7, (p) => p.replace(/[\s;&|]+/g, " ").trim().slice(0, 10).toLowerCase());

const privesc3: RuleSet = {
  category: "code_execution",
  keywords: null, // per rule
  window: 800,
  rules: [
    {
      id: "code_execution.privilege_escalation.recon_checklist",
      keywords: ["sudo -", "find /", "getcap", "/etc/shadow", "/etc/sudoers", "/etc/exports", "crontab -l", "/etc/cron", "/var/spool/cron", "grep root", "/root", "/proc/version", "/etc/issue", "-release", "uname -a", "bash_history", "dpkg -l", "rpm -qa", "netstat", "\\bss -", "/etc/passwd"],
      severity: "medium",
      score: 0.7,
      re: PRIVESC_PROBE,
      check: privescRecon,
      explanation: "Runs several privilege-escalation enumeration probes (sudo rights, SUID files, cron, shadow, kernel version)",
    },
    {
      id: "code_execution.privilege_escalation.sudo_escape_more",
      keywords: ["sudo", "sudoedit"],
      severity: "high",
      score: 0.85,
      re: /\bsudo\s{1,3}(?:-\S{1,4}\s{1,3}){0,2}git\s{1,3}-p\s{1,3}help\b[\s\S]{0,80}?!\s{0,2}\/bin\/(?:ba)?sh\b|\bsudo\s{1,3}(?:-\S{1,4}\s{1,3}){0,2}zip\b[^\n]{0,120}?-T\s{1,3}-TT\s{1,3}["']?(?:ba)?sh\b|\bsudo\s{1,3}(?:-\S{1,4}\s{1,3}){0,2}(?:LD_PRELOAD|LD_LIBRARY_PATH)=\/(?:tmp|dev\/shm|var\/tmp|home)\b|\bsudoedit\s{1,3}-s\s{1,3}["']?\\["']?\s|\bsudo\s{1,3}(?:-\S{1,4}\s{1,3}){0,2}(?:vi|vim|nvim|less|more|man|ftp|gdb)\b[^\n]{0,60}?(?:-c\s{1,3}["']?:?!|\n\s{0,4}!\s{0,2})\s{0,2}\/bin\/(?:ba)?sh\b|\bsudo\s{1,3}(?:-\S{1,4}\s{1,3}){0,2}(?:awk|gawk|mawk)\s{1,3}["']BEGIN\s{0,2}\{\s{0,2}system\s{0,2}\(\s{0,2}["']\/bin\/(?:ba)?sh/g,
      explanation: "sudo rights on an editor, pager or tool abused to get a root shell (GTFOBins-style escape)",
    },
    {
      // warden-detect/1.6.2: sudo rights on a command that runs another command, given a shell
      // ("sudo nice /bin/sh", "sudo timeout 7d /bin/sh"). A shell given a script to run, or a
      // wrapper outside this list, is not one.
      id: "code_execution.privilege_escalation.sudo_wrapper_shell",
      keywords: ["sudo"],
      severity: "high",
      score: 0.85,
      re: /\bsudo\s{1,3}(?:-[ugCDhprtU]\s{1,3}\S{1,40}\s{1,3}|-(?![ugCDhprtU]\b)[A-Za-z-]{1,12}\s{1,3}){0,3}(?:env|nice|ionice|timeout|taskset|stdbuf|flock|strace|ltrace|setarch|unshare|nsenter|logsave|cpulimit|start-stop-daemon|time|nohup|setsid|script|expect|watch|run-parts|xargs|busybox|capsh|chrt|prlimit|systemd-run|valgrind|runuser|sg|torify|proxychains4?|firejail)(?:\s{1,3}(?![;&|])\S{1,60}){0,5}?\s{1,3}["']?(?:spawn\s{1,3})?(?:(?:\/usr)?\/bin\/)?(?:ba|da|z|k)?sh\b(?=["']?\s{0,2}(?:$|[;&|'"\n)]|-[ip]\b))|\bsudo\s{1,3}script\s{1,3}-q\s{1,3}\/dev\/null\b|\bsudo\s{1,3}sed\s{1,3}-n\s{1,3}["']1e\s{1,3}exec\s{1,3}sh\b/g,
      explanation: "sudo rights on a command that runs another command, used to start a root shell (GTFOBins-style escape)",
    },
    {
      // A shell typed at the prompt of a pager or tool run with sudo ("sudo journalctl", then "!/bin/sh").
      // Keyed on the escape, with sudo looked for on the line before it.
      id: "code_execution.privilege_escalation.sudo_pager_shell",
      keywords: ["!/bin/sh", "!/bin/bash", "!sh", "! /bin/sh", "!bash"],
      severity: "high",
      score: 0.85,
      re: /!(?<=\bsudo\s{1,3}[^\n]{1,80}\n\s{0,4}!)\s{0,2}(?:\/bin\/)?(?:ba|da|z)?sh\b/g,
      explanation: "A shell started from a pager or tool run with sudo (GTFOBins-style escape)",
    },
    {
      // Options that run a shell, on a command run with sudo: tar's checkpoint action, apt's
      // Pre-Invoke hook, ssh's ProxyCommand, openvpn's --up.
      id: "code_execution.privilege_escalation.sudo_option_shell",
      keywords: ["checkpoint-action", "pre-invoke", "proxycommand", "--up"],
      severity: "high",
      score: 0.85,
      re: /(?:--checkpoint-action=exec=|APT::Update::Pre-Invoke::=|ProxyCommand=["']?;\s{0,2}sh\b|--up\s{1,3}["']?\/bin\/(?:ba)?sh\b)(?<=\bsudo\s[^\n]{0,160})/gi,
      explanation: "An option that runs a shell, on a command run with sudo (GTFOBins-style escape)",
    },
    {
      id: "code_execution.privilege_escalation.library_probe",
      keywords: ["strace"],
      severity: "medium",
      score: 0.7,
      re: /\bstrace\b[^\n|]{0,120}\|\s{0,3}grep\b[^\n]{0,60}?(?:no such file|ENOENT)/gi,
      explanation: "Looks for shared libraries a privileged binary fails to load (library-hijack recon)",
    },
  ],
};

/** Rule sets matched on the clean view (this file's, then the code-*.ts modules'). */
export const codeExecutionClean: RuleSet[] = [
  shells, fetchExec, destructive, credentials, persistence, privesc, shells2, windowsExec, injection, antiForensics, privesc2, codePayloads, sabotage, privesc3,
  ...codeEscalationClean,
  ...codeInjectionClean,
  ...codeMalwareClean,
  ...codeShellsClean,
  ...codeInstructionsClean,
];
