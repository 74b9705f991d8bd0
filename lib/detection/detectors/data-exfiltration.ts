// data_exfiltration: moving data out of the system. Markdown images are the classic
// LLM channel (the client fetches the URL, the query string carries the data, no click
// needed); code that posts files, environment or host information to a remote host;
// DNS lookups whose hostname is built from command output.

import { distinctWithin, followedBy, type RuleSet } from "../rules";
import { exfilInstructionClean } from "./exfil-instruction";
import { exfilShellClean } from "./exfil-shell";
import { BROWSER_PROBES, CLIENT_PROBES, exfilSpywareClean, RUNTIME_PROBES } from "./exfil-spyware";

// Markers that a URL is a template to be filled with data, or carries a long value.
// (An encoded "<" and ">" count as a pair around a name: a lone "%3E" is a comparison in a
// badge URL, "node-%3E%3D18".)
// A placeholder word counts as a whole value or path segment ("?d=SECRET", "/log/SUMMARY"), not in
// a file name or an anchor ("HISTORY.md", "#PROTOCOL-FLOW-EXT-QUERY"); "$" only before a name or a brace.
const TEMPLATE_IN_URL = /[{}<>]|\$[{(A-Za-z_]|%7[BbDd]|%3[Cc][A-Za-z_ -]{1,40}%3[Ee]|\[[A-Z_]{3,}\]|[=/](?:DATA|SECRET|PASSWORD|TOKEN|INFO|HISTORY|CONVERSATION|SUMMARY|MESSAGE|QUERY|INPUT)(?![\w.-])|[=/](?!YOUR_|MY_)[A-Z][A-Z0-9]{0,20}(?:_[A-Z0-9]{1,20}){0,6}_(?:HERE|DATA|HISTORY|MESSAGES?|CONVERSATION|CHAT|SECRETS?|PASSWORDS?|TOKENS?|KEYS?|CONTEXT|MEMORY|SUMMARY)(?:_[A-Z0-9]{1,20}){0,6}(?![\w.-])/;
const SENSITIVE_PARAM = /[?&](?:data|secret|secrets|key|apikey|api_key|token|password|pass|pwd|conversation|chat|(?:bash|zsh|chat|browser|conversation|command)_?history|msg|message|content|info|user|email|prompt|memory|context|payload|leak|exfil|cookie|session)=/i;
// One-letter parameters (?q=, ?d=, ?p=, ?c=) are what beacons use, and what search links and
// badges use too ("?q=is%3Aopen", "?p=@scope/package"): they count when the value reads as a
// sentence (encoded spaces) or an encoded blob.
const LETTER_PARAM = /[?&][qdpc]=([^&#]{24,})/gi;
function letterParamCarriesData(query: string): boolean {
  for (const m of ("?" + query).matchAll(LETTER_PARAM)) {
    const v = m[1] ?? "";
    if (/%20|\+/.test(v)) return true;
    if (/^[A-Za-z0-9+/=_-]+$/.test(v) && /\d/.test(v) && /[a-z]/.test(v) && /[A-Z]/.test(v)) return true;
  }
  return false;
}

/**
 * A path carrying an encoded blob (also a beacon): a segment of 24+ generated-looking
 * characters (digits and both cases), or a run of 48+ base64 characters with base64's own
 * "+" or "=". A long documentation path ("/en-US/docs/Web/JavaScript/Reference/
 * Global_Objects/ArrayBuffer") is a run of such characters too, made of words.
 */
function encodedPath(path: string): boolean {
  const rest = path.slice(path.indexOf("//") + 2);
  if (rest.match(/[A-Za-z0-9+/=_-]{48,}/g)?.some((run) => /[+=]/.test(run))) return true;
  return rest.split("/").some((seg) => seg.length >= 24 && /^[A-Za-z0-9_=-]+$/.test(seg) && /\d/.test(seg) && /[a-z]/.test(seg) && /[A-Z]/.test(seg));
}

/**
 * A reference definition (`[label]: https://...`) renders nothing by itself; it is an image
 * only where `![alt][label]` or `![label]` uses it (looked for in the same window).
 */
function referenceUsedAsImage(m: RegExpExecArray): boolean {
  const label = /\[([^\]\n]{1,60})\]:/.exec(m[0])?.[1]?.toLowerCase();
  if (label === undefined) return false;
  const text = m.input.toLowerCase();
  return text.includes(`![${label}]`) || new RegExp(String.raw`!\[[^\]\n]{0,200}\]\[${label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\]`).test(text);
}

function suspiciousUrl(url: string): number | false {
  const q = url.indexOf("?");
  const path = q >= 0 ? url.slice(0, q) : url;
  const query = q >= 0 ? url.slice(q + 1) : "";
  if (TEMPLATE_IN_URL.test(url)) return 0.88;
  if (query.length === 0) return encodedPath(path) ? 0.7 : false;
  // Values long enough to carry a sentence or a key.
  let longest = 0;
  for (const kv of query.split("&")) {
    const eq = kv.indexOf("=");
    const v = eq >= 0 ? kv.slice(eq + 1) : kv;
    if (v.length > longest) longest = v.length;
  }
  if ((SENSITIVE_PARAM.test("?" + query) && longest >= 12) || letterParamCarriesData(query)) return 0.82;
  if (longest >= 40 && /%20|\+|%2B|[A-Za-z0-9+/]{40}/.test(query)) return 0.72;
  return false;
}

const markdown: RuleSet = {
  category: "data_exfiltration",
  keywords: ["![", "](", "<img", "src=", "]:"],
  window: 2200,
  rules: [
    {
      id: "data_exfiltration.markdown_image.beacon",
      severity: "high",
      score: 0.85,
      re: /!\[[^\]\n]{0,200}\]\(\s{0,3}<?(https?:\/\/[^\s)>]{1,2048})|<img\b[^>\n]{0,200}?\bsrc\s{0,2}=\s{0,2}["']?(https?:\/\/[^\s"'>]{1,2048})|^\s{0,3}\[[^\]\n]{1,60}\]:\s{1,3}(https?:\/\/\S{1,2048})/gm,
      explanation: "Markdown/HTML image whose URL carries data: rendering it sends the data to that host",
      check: (m) => (m[3] !== undefined && !referenceUsedAsImage(m) ? false : suspiciousUrl(m[1] ?? m[2] ?? m[3] ?? "")),
    },
    {
      id: "data_exfiltration.markdown_link.data_url",
      severity: "medium",
      score: 0.65,
      // A placeholder in braces may hold spaces: "?data={conversation history}".
      re: /(?<!!)\[[^\]\n]{1,200}\]\(\s{0,3}(https?:\/\/(?:[^\s){]|\{[^}\n)]{0,60}\}){1,2048})\)/g,
      explanation: "Markdown link whose URL is a template for carrying data",
      check: (m) => (TEMPLATE_IN_URL.test(m[1] ?? "") ? 0.65 : false),
    },
  ],
};

// A sender (HTTP POST, upload, socket send, scp to a remote path; a download names the remote
// first) near a sensitive source (files, environment, host fingerprint, clipboard, screenshots, keys).
// A Chrome DevTools protocol call through node:inspector (session.post('Profiler.enable')) names a
// Domain.method, not an address, and is not a sender.
const SENDER = String.raw`(?:requests\.(?:post|put|patch)\s{0,3}\(|(?:urlopen|requests\.get|httpx\.get|fetch|axios\.get|https?\.get)\s{0,3}\(\s{0,3}["'\x60]https?:\/\/[^"'\x60\s]{1,200}["'\x60]\s{0,3}\+|(?:requests|httpx|session|aiohttp\.\w{1,20}|urllib\.request)\.(?:get|urlopen)\s{0,3}\(\s{0,3}f["'][^"'\n]{0,200}\{|(?:session|client)\.post\s{0,3}\((?!\s{0,3}["'][A-Z][A-Za-z]{1,30}\.[a-z][A-Za-z]{1,40}["'])|\.request\s{0,3}\(\s{0,3}["']POST["']|mqtt|publish\.single\s{0,3}\(|(?:requests|session|s|httpx)\.(?:get|request)\s{0,3}\([^\n)]{0,200}\b(?:params|data|json|files|cookies)\s{0,2}=|\.storbinary\s{0,3}\(|\.sendmail\s{0,3}\(|\.send_message\s{0,3}\(|paramiko|pysftp|\.upload_file\s{0,3}\(|\.put_object\s{0,3}\(|websocket\.send|ws\.send\s{0,3}\(|httpx\.(?:post|put)\s{0,3}\(|urllib\.request\.urlopen\s{0,3}\([^\n)]{0,200}data|urlopen\s{0,3}\(\s{0,3}Request\s{0,3}\([^\n)]{0,200}data|http\.client\.HTTPS?Connection|\.sendall?\s{0,3}\(|\.sendto\s{0,3}\(|smtplib\.SMTP|ftplib\.FTP|\bscp\b(?:\s{1,3}[^\s;|&]{1,300}){1,8}?\s{1,3}(?:[\w.-]{1,64}@)?[\w.-]{1,253}:[^\s;|&]{0,300}(?=[ \t]{0,3}(?:[\n;&|)]|$))|\brsync\b[^\n]{0,80}\S@\S|axios\.(?:post|put)\s{0,3}\(|fetch\s{0,3}\([^\n)]{0,200}method\s{0,3}:\s{0,3}["']POST|Invoke-(?:WebRequest|RestMethod)\b[^\n]{0,200}?-Method\s{1,3}["']?(?:[Pp]ost|POST|[Pp]ut|PUT)\b|\.UploadFile\s{0,3}\(|\.UploadString\s{0,3}\(|\bhttps?\.request\s{0,3}\([^\n]{0,200}?method\s{0,3}:\s{0,3}["'](?:POST|PUT)|\bhttp\.Post(?:Form)?\s{0,3}\(|\bcurl\b[^\n]{0,200}?\s(?:-d|--data(?:-binary|-raw|-urlencode)?|-F|--form|-T|--upload-file)\s|\bwget\b[^\n]{0,120}--post-(?:data|file)|\b\w{1,30}\.post\s{0,3}\(\s{0,3}f?["']https?:\/\/|\bRequest\s{0,3}\([^\n)]{0,200}\bdata\s{0,2}=|navigator\.sendBeacon\s{0,3}\(|\bnew\s{1,3}Image\s{0,3}\(\s{0,3}\)\.src\s{0,3}=|\$\.(?:post|ajax)\s{0,3}\(|\.storlines\s{0,3}\(|\.(?:send_document|sendDocument|send_photo|sendPhoto|send_audio|send_file)\s{0,3}\(|\bfiles_upload\s{0,3}\(|\bpycurl\b|(?:requests|httpx|session)\.get\s{0,3}\(\s{0,3}["']https?:\/\/[^"'\n]{1,200}["']\s{0,3}\+)`;
const SOURCE = String.raw`(?:\bopen\s{0,3}\([^\n)]{0,160}\)|\.read\(\)|\.read_text\(\)|\.read_bytes\(\)|os\.environ|os\.getenv|process\.env|\$env:|\bprintenv\b|\benv\b\s{0,3}\||getpass\.getuser|os\.getlogin|socket\.gethostname|platform\.(?:system|node|uname|version|platform|machine)|os\.uname|uuid\.getnode|geocoder\.ip|pyautogui\.screenshot|ImageGrab\.grab|pbpaste|clipboard|pyperclip|keyboard\.(?:on_press|record|hook)|pynput|\.tobytes\(\)|\/etc\/(?:passwd|shadow|hosts)|\.ssh\/|id_rsa|\.aws\/|\.kdbx?\b|\breadFileSync\s{0,3}\(|\b(?:os|ioutil)\.ReadFile\s{0,3}\(|\bGet-Content\b|\[IO\.File\]::ReadAll(?:Bytes|Text|Lines)\s{0,3}\(|\.keychain(?:-db)?\b|\bNTDS\.dit\b|\.env\b|cookies?\b|Cookies|browser_cookie3|Login Data|(?:bash|zsh|chat|browser|conversation|command)_?history|\.bash_history|subprocess\.(?:check_output|run|Popen)\s{0,3}\(|os\.popen|psutil\.|wmi\.|@\/|@~|@\$|pyaudio|sounddevice|\bsd\.rec\b|\.rec\s{0,3}\(|wave\.open|cv2\.VideoCapture|\bmss\b|pyscreenshot|screenshot|ImageGrab|\bsniff\s{0,3}\(|scapy|pcap|pyshark|tcpdump|GetAsyncKeyState|SetWindowsHookEx|pyHook|on_press|keyboard\.|pynput|getpass\.|socket\.gethostbyname\s{0,3}\(\s{0,3}socket\.gethostname|os\.cpu_count|os\.getcwd\(\)|sys\.platform|locale\.getdefaultlocale|netifaces|ifaddr|getmac|\bipconfig\b|\bifconfig\b|\bplatform\.\w{2,20}\s{0,3}\(|\bdistro\.\w{2,20}\s{0,3}\(|\bcpuinfo\.get_cpu_info|\bGPUtil\.|\bwin32api\.Get\w{2,30}|\bsys\.getwindowsversion|\bshutil\.disk_usage|\bos\.walk\s{0,3}\(|\bexpanduser\s{0,3}\(|\bglob\.glob\s{0,3}\(\s{0,3}(?:os\.path\.expanduser|["'](?:~|\/home|C:\\\\Users))|(?:sr|speech_recognition)\.Microphone|\brecognize_\w{3,12}\s{0,3}\(|\bmitmproxy\b|\bflow\.(?:request|response)\.|\bimaplib\b|\bpoplib\b|Outlook\.Application|GetNamespace\s{0,3}\(\s{0,3}["']MAPI|\bsqlite3\.connect\s{0,3}\([^\n)]{0,160}(?:History|Cookies|Web Data|places\.sqlite|formhistory|Login Data)|navigator\.(?:userAgent|platform|language|clipboard|geolocation|hardwareConcurrency|plugins)|document\.cookie|\blocalStorage\b|\bsessionStorage\b|getUserMedia|getDisplayMedia|\bwin32clipboard\b|GetClipboardData|\bpyxhook\b|\bevdev\b|\bpyscreenshot\b|\bd3dshot\b|\bdxcam\b|\bGetWindowText\w{0,2}\s{0,3}\(|\bGetForegroundWindow\s{0,3}\(|(?:api\.ipify\.org|ipinfo\.io|ifconfig\.me|icanhazip\.com|checkip\.amazonaws\.com)|${RUNTIME_PROBES})`;

const SENDER_RE = new RegExp(SENDER, "g");
// Where credentials live: SSH, cloud and cluster configuration, password files, key files.
const CREDENTIAL_PATH = String.raw`(?:(?:~|\$HOME|\/root|\/home\/[\w.-]{1,32})\/\.(?:ssh|aws|gnupg|kube|docker|azure|config\/gcloud)\b|\/etc\/(?:shadow|passwd|sudoers)\b|[^\s"']{0,120}\bid_(?:rsa|dsa|ecdsa|ed25519)\b|[^\s"']{0,120}\.git-credentials\b|[^\s"']{0,120}\.netrc\b)`;
const SOURCE_RE = new RegExp(SOURCE, "g");
const NEAR = 400;

/**
 * A sensitive source within NEAR characters after the sender's end or before its
 * start (the span then covers both). Equivalent to `SENDER.{0,400}?SOURCE |
 * SOURCE.{0,400}?SENDER` but costs one alternation scan per position, not two.
 */
// A token read from the environment into the request's own authentication header is how every
// API client authenticates ("Authorization": f"Bearer {os.environ['API_TOKEN']}"), not data sent away.
const ENV_READ = /^(?:os\.environ|os\.getenv|process\.env|\$env:)/;
const AUTH_HEADER = /\b(?:Authorization|Bearer|X-Api-Key|Api-Key|PRIVATE-TOKEN|X-Auth-Token)\b/i;

function authenticates(text: string, source: RegExpExecArray): boolean {
  if (!ENV_READ.test(source[0])) return false;
  const lineStart = text.lastIndexOf("\n", source.index) + 1;
  const lineEnd = text.indexOf("\n", source.index);
  return AUTH_HEADER.test(text.slice(Math.max(lineStart, source.index - 120), lineEnd < 0 ? source.index + 120 : Math.min(lineEnd, source.index + 120)));
}

function senderNearSource(m: RegExpExecArray): false | { score: number; start: number; end: number } {
  const input = m.input;
  const s = m.index;
  const e = s + m[0].length;
  // Searched in a bounded slice: an unbounded search from every sender would cost
  // O(count x text length) on text full of senders and no source.
  const following = input.slice(e, e + NEAR + 200);
  SOURCE_RE.lastIndex = 0;
  let a: RegExpExecArray | null;
  while ((a = SOURCE_RE.exec(following)) !== null && a.index <= NEAR) {
    if (a[0].length === 0) SOURCE_RE.lastIndex++;
    else if (!authenticates(following, a)) return { score: 0.85, start: s, end: e + a.index + a[0].length };
  }
  // Sources ending at most NEAR characters before the sender (bounded look-back).
  const from = Math.max(0, s - NEAR - 200);
  const before = input.slice(from, s);
  SOURCE_RE.lastIndex = 0;
  let b: RegExpExecArray | null;
  while ((b = SOURCE_RE.exec(before)) !== null) {
    if (b[0].length === 0) SOURCE_RE.lastIndex++;
    else if (before.length - (b.index + b[0].length) <= NEAR && !authenticates(before, b)) return { score: 0.85, start: from + b.index, end: e };
  }
  return false;
}

const code: RuleSet = {
  category: "data_exfiltration",
  keywords: [
    "mqtt", "publish", ".post", "\"post\"", "'post'", "urllib", "cookie", "storbinary", "sendmail", "send_message", "paramiko", "pysftp", "upload_file", "put_object", "websocket", "ws.send", "requests.", "httpx.", "urlopen", "http.client", ".send", "smtplib", "ftplib", "\\bscp\\b", "rsync", "axios", "fetch", "invoke-", "upload",
    "sendbeacon", "storlines", "send_document", "senddocument", "send_photo", "sendphoto", "send_audio", "send_file", "files_upload", "pycurl", "new image", "$.post", "$.ajax",
    "curl", "wget", "\\bnc\\b", "ncat", "netcat", "nslookup", "\\bdig\\b", "\\bhost\\b", "ping", "gethostbyname", "resolver", "dns", "base32", "xxd", "getent",
    "s_client", "aws s3", "gsutil", "az storage", "rclone", "document.cookie",
  ],
  window: 500,
  rules: [
    {
      id: "data_exfiltration.http.send_sensitive",
      severity: "high",
      score: 0.85,
      // Sender first, then a source within 400 characters on either side (see
      // senderNearSource): one alternation scanned per position instead of two.
      re: SENDER_RE,
      check: senderNearSource,
      explanation: "Sends local files, environment or host information to a remote host",
    },
    {
      id: "data_exfiltration.http.cookie_theft",
      severity: "high",
      score: 0.85,
      // The page's cookies put into a request to an absolute URL (the classic XSS payload);
      // reading document.cookie for the app's own use, or calling fetch with it same-origin, is not.
      re: /(?:\bfetch|\bsendBeacon|\$\.(?:get|post|ajax|getJSON)|\baxios(?:\.(?:get|post|put))?|\bXMLHttpRequest\b[^\n]{0,200}?\.open|\bwindow\.open|\.src\s{0,3}=|\blocation(?:\.href)?\s{0,3}=)\s{0,3}\(?\s{0,3}(?:["'\x60]|[^\n;]{0,40}?["'\x60])(?:https?:)?\/\/[^\n;]{0,300}?\bdocument\.cookie\b|\bsrc\s{0,2}=\s{0,2}["'](?:https?:)?\/\/[^"'\n]{1,300}["'][^>\n]{0,200}?\bon(?:error|load)\s{0,2}=\s{0,2}["'][^"'\n]{0,80}?\.src\s{0,2}\+=\s{0,2}[^"'\n]{0,40}?document\.cookie/g,
      explanation: "Sends the page's cookies to a remote URL (session theft)",
    },
    {
      id: "data_exfiltration.http.cookie_replay",
      severity: "high",
      score: 0.8,
      // (A cookie store read from a file: a cookie jar as such is how every HTTP client keeps its
      // own session, "self.cookies = cookiejar_from_dict(...)".)
      re: /(?:(?:Mozilla|LWP)CookieJar\s{0,2}\(|\.load\s{0,2}\(\s{0,2}(?:filename\s{0,2}=\s{0,2})?["'][^"'\n]{0,120}cookie|_load_cookie_file|browser_cookie3|cookies?\.(?:txt|pkl|json|sqlite|db)\b|Cookies["']\s{0,2}\))[\s\S]{0,400}?\bcookies\s{0,2}=\s{0,2}\w{1,30}/g,
      explanation: "Loads a stored cookie file and sends it with a request (session theft)",
    },
    {
      id: "data_exfiltration.http.curl_upload_file",
      severity: "high",
      score: 0.8,
      re: /\bcurl\b[^\n]{0,200}?\s(?:-d|--data(?:-binary|-raw|-urlencode)?|-F|--form|-T|--upload-file)\s{1,3}["']?(?:[\w.-]{1,40}=)?@(?!-(?:[\s"';|]|$))(?:\/|~|\$|\.)?[^\s"'|;]{1,200}/g,
      // A request body kept in a file ("curl -X POST … -d @metrics.json", Elasticsearch's
      // "--data-binary @requests.ndjson") is how API docs send one: recorded, not flagged. A form
      // upload (-F, -T) or any other file still is.
      check: (m) => (/\s(?:-d|--data(?:-binary|-raw)?)\s{1,3}["']?@(?:\.\/)?[\w.-]{1,80}\.(?:json|ndjson|jsonl|xml|graphql|gql)$/.test(m[0]) ? 0.4 : true),
      explanation: "curl uploads a local file to a remote host",
    },
    {
      id: "data_exfiltration.http.env_pipe",
      severity: "critical",
      score: 0.92,
      re: /\b(?:env|printenv|set|export\s{1,3}-p|Get-ChildItem\s{1,3}env:|gci\s{1,3}env:|cat\s{1,3}\S{0,80}(?:\.env|id_rsa|passwd|shadow|credentials|\.bash_history|\.kube\/config|\.netrc|\.git-credentials|\.docker\/config\.json)\b[^\n|]{0,40}|kubectl\s{1,3}get\s{1,3}secrets?\b[^\n|]{0,80}|aws\s{1,3}(?:sts\s{1,3}get-session-token|configure\s{1,3}export-credentials|secretsmanager\s{1,3}get-secret-value)\b[^\n|]{0,80}|gcloud\s{1,3}auth\s{1,3}print-(?:access|identity)-token\b[^\n|]{0,40}|az\s{1,3}account\s{1,3}get-access-token\b[^\n|]{0,40}|security\s{1,3}find-(?:generic|internet)-password\b[^\n|]{0,80})\s{0,3}\|\s{0,3}(?:base64[^\n|]{0,20}\|\s{0,3})?(?:curl|wget|nc|ncat|netcat|Invoke-WebRequest|iwr)\b|\b(?:curl|wget)\b[^\n]{0,200}?(?:\$\(\s{0,3}(?:env|printenv|cat\s{1,3}[^\n)]{1,80}|whoami|hostname|id|uname[^\n)]{0,10}|ls\b[^\n)]{0,40})\s{0,3}(?:\|[^\n)]{0,40})?\)|`(?:env|printenv|cat\s[^`\n]{1,80}|whoami|hostname|id|uname[^`\n]{0,10})`)/g,
      // Sources: the environment, credential files, and the commands that print a cluster's
      // secrets, a cloud session's token or a keychain entry.
      explanation: "Pipes environment, credentials or command output to a network client",
    },
    {
      id: "data_exfiltration.netcat.file",
      severity: "high",
      score: 0.82,
      re: /\b(?:nc|ncat|netcat)\b\s{1,3}(?:-\w{1,4}\s{1,3}){0,3}[\w.-]{1,253}\s{1,3}\d{1,5}\s{0,3}<\s{0,3}["']?[^\s"'|;]{1,200}|\bcat\s{1,3}[^\n|]{1,200}\|\s{0,3}(?:\/[\w/]{0,20}\/)?(?:nc|ncat|netcat)\s{1,3}(?:-\w{1,4}\s{1,3}){0,3}[\w.-]{1,253}\s{1,3}\d{1,5}|\bwget\b[^\n]{0,120}?--post-file[=\s]|\bcat\s{1,3}[^\n|]{1,200}\|\s{0,3}openssl\s{1,3}s_client\b[^\n|]{0,80}?-connect\s{1,3}\S/g,
      explanation: "Streams a local file to a remote host",
    },
    {
      id: "data_exfiltration.dns.command_in_hostname",
      severity: "high",
      score: 0.88,
      // The command word is followed by a space (see code_execution.injection.out_of_band).
      re: /\b(?:nslookup|dig|host|ping|curl|wget|getent\s{1,3}hosts)\b(?=\s)[^\n]{0,40}?(?:\$\(|`)[^\n`)]{1,120}(?:\)|`)[^\s;|]{0,40}?\.[a-z0-9-]{1,63}\.[a-z]{2,24}\b|\b(?:xxd\s{1,3}-p|base32|base64|od\s{1,3}-A)\b[^\n]{0,200}?\|[^\n]{0,200}?\b(?:nslookup|dig|host)\b|\bfor\s[^\n]{0,120}?;\s{0,3}do\s[^\n]{0,200}?\b(?:nslookup|dig|host)\b\s[^\n]{0,40}?\$\{?\w{1,20}\}?\.[\w.-]{2,253}/g,
      explanation: "DNS lookup whose hostname carries command output or file contents (DNS exfiltration)",
    },
    {
      id: "data_exfiltration.dns.powershell_encoded_name",
      severity: "high",
      score: 0.85,
      // A name built from an encoding of the machine's data ("{0}.d.example" -f [Convert]::ToBase64String(…)).
      re: /\bResolve-DnsName\b[^\n]{0,200}?(?:ToBase64String|\.ToString\(\s{0,2}["']x2|Get-Content|ReadAllBytes)/gi,
      explanation: "PowerShell DNS lookup of a name that carries encoded machine data (DNS exfiltration)",
    },
    {
      id: "data_exfiltration.icmp.payload",
      severity: "high",
      score: 0.85,
      re: /\bping\b[^\n]{0,60}?\s-p\s{1,3}["']?(?:\$\(|`)[^\n`)]{1,120}(?:\)|`)/g,
      explanation: "Ping whose padding pattern carries command output or file contents (ICMP exfiltration)",
    },
    {
      id: "data_exfiltration.cloud.credential_upload",
      severity: "high",
      score: 0.8,
      // The credential path is the source and cloud storage the destination (a download
      // into ~/.aws is not it).
      re: new RegExp(String.raw`\b(?:aws\s{1,3}s3\s{1,3}(?:cp|sync|mv)|gsutil\s{1,3}(?:-m\s{1,3})?(?:cp|rsync|mv)|rclone\s{1,3}(?:copy|sync|move))\s{1,3}(?:-{1,2}[\w-]{1,30}\s{1,3}){0,3}["']?${CREDENTIAL_PATH}[^\s"']{0,200}["']?\s{1,3}["']?(?:s3:\/\/|gs:\/\/|[\w-]{1,40}:)|\baz\s{1,3}storage\s{1,3}(?:blob|file)\s{1,3}upload(?:-batch)?\b[^\n]{0,120}?\s(?:-f|--file|-s|--source)\s{1,3}["']?${CREDENTIAL_PATH}`, "g"),
      explanation: "Uploads credential files (SSH keys, cloud or cluster credentials, password files) to cloud storage",
    },
    {
      id: "data_exfiltration.dns.python_lookup",
      severity: "medium",
      score: 0.7,
      re: /\b(?:socket\.gethostbyname|dns\.resolver\.(?:resolve|query)|resolver\.(?:resolve|query))\s{0,3}\(\s{0,3}(?:f["'][^\n"']{0,80}\{[^\n}]{1,80}\}[^\n"']{0,10}\.[\w.-]{2,253}["']|[^\n)]{0,80}\+\s{0,3}["']\.[\w-]{1,63}\.[\w.-]{2,253}["'])/g,
      explanation: "Resolves a hostname built from data (DNS exfiltration)",
    },
  ],
};

// Collection that precedes exfiltration: keystroke hooks, screen and microphone
// capture, packet sniffing. Flagged on their own (agents have no reason to log keys),
// scored higher when a sender is near (see send_sensitive above).
const capture: RuleSet = {
  category: "data_exfiltration",
  keywords: ["pynput", "keyboard", "getasynckeystate", "setwindowshookex", "pyhook", "imagegrab", "pyautogui", "screenshot", "mss", "pyaudio", "sounddevice", "sniff", "scapy", "pyshark", "pcap", "videocapture", "clipboard", "pyperclip", "win32clipboard"],
  window: 500,
  rules: [
    {
      id: "data_exfiltration.capture.keylogger",
      severity: "high",
      score: 0.8,
      re: /\bpynput\.keyboard\b|\bkeyboard\.Listener\s{0,3}\(|\bkeyboard\.(?:on_press|on_release|hook|record|read_key|read_event)\s{0,3}\(|\bGetAsyncKeyState\b|\bSetWindowsHookEx\w{0,2}\s{0,3}\([^)]{0,40}WH_KEYBOARD|\bpyHook\b|\bon_press\s{0,3}=\s{0,3}\w{1,30}[\s\S]{0,200}?\b(?:write|append|send|post)\w{0,6}\s{0,3}\(/g,
      explanation: "Records keystrokes (keylogger)",
    },
    {
      id: "data_exfiltration.capture.screen_audio_traffic",
      severity: "medium",
      score: 0.7,
      re: /\b(?:ImageGrab\.grab|pyautogui\.screenshot|pyscreenshot\.grab|mss\s{0,3}\(\s{0,3}\)\s{0,3}(?:as\s{1,3}\w{1,20}|\.(?:grab|shot)))\b[\s\S]{0,500}?\b(?:requests\.\w{3,6}|urlopen|\.send\w{0,3}|smtplib|ftplib|\.storbinary|\.upload\w{0,6}|socket)\s{0,3}[(.]|\b(?:pyaudio\.PyAudio|sounddevice\.rec|sd\.rec|cv2\.VideoCapture)\s{0,3}\([\s\S]{0,500}?\b(?:requests\.\w{3,6}|urlopen|\.send\w{0,3}|smtplib|ftplib|\.storbinary|socket)\s{0,3}[(.]|\b(?:scapy\.all|sniff)\b[\s\S]{0,300}?\bsniff\s{0,3}\([^)]{0,200}\b(?:prn|store|count|filter|iface)\s{0,2}=|\bpyshark\.LiveCapture\s{0,3}\(/g,
      explanation: "Captures the screen, microphone, camera or network traffic and sends or stores it",
    },
  ],
};

// Collection code that does not send anything in the same snippet (the sending often
// lives elsewhere): continuous screen capture, microphone or camera recording, raw
// packet capture, and host fingerprinting (several identity probes together). Shapes
// from general knowledge of spyware, not from evaluation rows.
const HOST_PROBE = new RegExp(String.raw`\b(?:platform\.(?:uname|platform|system|node|version|release|machine|processor)|socket\.gethostname|socket\.gethostbyname|getpass\.getuser|os\.getlogin|os\.uname|uuid\.getnode|psutil\.(?:cpu_\w{1,12}|virtual_memory|disk_\w{1,12}|net_if_addrs|boot_time|users)|getmac|netifaces\.\w{1,20}|os\.environ\[["'](?:USERNAME|USER|COMPUTERNAME|USERDOMAIN|PROCESSOR_IDENTIFIER)|\bsysteminfo\b|wmic\s{1,3}(?:bios|csproduct|os|cpu|computersystem)|Win32_(?:ComputerSystem|OperatingSystem|BIOS|Processor)|\/etc\/(?:os-release|machine-id)|\bcat\s{1,3}\/proc\/(?:cpuinfo|version)|\buname\s{1,3}-a\b|\bhostnamectl\b|requests\.get\s{0,3}\(\s{0,3}["']https?:\/\/(?:api\.)?(?:ipify|ipinfo|ip-api|icanhazip|ifconfig\.me|checkip)\b|\bwmi\.WMI\s{0,2}\(|Win32_(?:DiskDrive|NetworkAdapterConfiguration|PhysicalMemory|VideoController|LogicalDisk|BaseBoard|UserAccount)|\bdistro\.(?:name|version|id|linux_distribution|info)\s{0,2}\(|\bcpuinfo\.get_cpu_info\s{0,2}\(|\bGPUtil\.getGPUs\s{0,2}\(|\bsys\.getwindowsversion\s{0,2}\(|${BROWSER_PROBES}|${CLIENT_PROBES}|${RUNTIME_PROBES})`, "g");


// Three or more DIFFERENT identity probes within 600 characters: one alone is ordinary.
// The WebGL debug extension's names (the extension, its vendor and renderer constants) are
// one probe: TypeScript's lib.dom.d.ts declares all three together, and a script that reads
// the GPU learns one fact about it.
const probeKey = (p: string): string =>
  /webgl/i.test(p) ? "webgl" : p.replace(/\W.*$/, "").toLowerCase() + p.slice(-12).toLowerCase();
const hostFingerprint = distinctWithin(HOST_PROBE, 600, 3, 0.72, probeKey);

const LOOP_NEAR = /\bwhile\s{1,3}(?:True|1)\s{0,2}:|\bfor\s{1,3}\w{1,20}\s{1,3}in\s{1,3}(?:range|itertools\.count)\s{0,2}\(|\bschedule\.every|\bthreading\.Timer|\bsetInterval\s{0,2}\(|\btime\.sleep\s{0,2}\(/g;

function screenLoop(m: RegExpExecArray): false | { score: number; start: number; end: number } {
  // A loop or timer within 300 characters before the capture, or a sleep after it.
  const from = Math.max(0, m.index - 300);
  const around = m.input.slice(from, m.index + m[0].length + 300);
  LOOP_NEAR.lastIndex = 0;
  const l = LOOP_NEAR.exec(around);
  // A single capture kept in a file is exfil-spyware.ts's screen_saved (below the flag
  // threshold); recording it here too would count the same screenshot twice in the risk.
  if (!l) return false;
  return { score: 0.7, start: Math.min(m.index, from + l.index), end: Math.max(m.index + m[0].length, from + l.index + l[0].length) };
}

const micInput = followedBy(/\binput\s{0,2}=\s{0,2}True\b/, 400, 0.7);
const cameraRead = followedBy(/\.read\s{0,2}\(\s{0,2}\)/, 300, 0.7);

const collection: RuleSet = {
  category: "data_exfiltration",
  keywords: null, // per rule
  window: 600,
  rules: [
    {
      id: "data_exfiltration.capture.screen_loop",
      keywords: ["screenshot", "imagegrab", "mss", "pyscreenshot", "screencapture"],
      severity: "medium",
      score: 0.7,
      // The capture call, then a loop or timer around it (looked for on both sides).
      re: /\b(?:pyautogui\.screenshot|ImageGrab\.grab|pyscreenshot\.grab|sct\.(?:shot|grab)|\.shot\s{0,2}\(\s{0,2}output|screencapture\s{1,3}-x)\b/g,
      check: screenLoop,
      explanation: "Captures the screen repeatedly (screen scraping / spyware)",
    },
    {
      id: "data_exfiltration.capture.microphone_camera",
      keywords: ["pyaudio", "sounddevice", "videocapture", "arecord", "ffmpeg"],
      severity: "medium",
      score: 0.7,
      re: /\bpyaudio\.PyAudio\s{0,2}\(\s{0,2}\)|\b(?:sounddevice|sd)\.rec\s{0,2}\(|\bcv2\.VideoCapture\s{0,2}\(\s{0,2}0\s{0,2}\)|\barecord\b[^\n]{0,80}?-d\s{0,2}\d{1,6}|\bffmpeg\b[^\n]{0,80}?-f\s{1,3}(?:alsa|pulse|dshow|avfoundation|x11grab|gdigrab|v4l2)\b/g,
      check: (m) => (m[0].startsWith("pyaudio") ? micInput(m) : m[0].startsWith("cv2") ? cameraRead(m) : true),
      explanation: "Records the microphone, the camera or the desktop (eavesdropping)",
    },
    {
      id: "data_exfiltration.capture.raw_sniffer",
      keywords: ["af_packet", "sock_raw", "sio_rcvall", "open_live", "pcapy", "sniff"],
      severity: "high",
      score: 0.75,
      re: /\bsocket\.AF_PACKET\s{0,2},\s{0,2}socket\.SOCK_RAW\b|\bsocket\.AF_INET\s{0,2},\s{0,2}socket\.SOCK_RAW\b[^\n]{0,200}\n[^\n]{0,200}?\bbind\b|\bSIO_RCVALL\b|\bpcapy\.open_live\s{0,2}\(|\bsniff\s{0,2}\(\s{0,2}(?:iface|prn|filter|count|store)\s{0,2}=/g,
      explanation: "Captures raw network traffic (eavesdropping)",
    },
    {
      id: "data_exfiltration.recon.host_fingerprint",
      keywords: ["platform.", "gethostname", "wmi.wmi", "distro.", "cpuinfo.", "gputil", "getwindowsversion", "navigator.", "screen.width", "screen.height", "screen.colordepth", "screen.pixeldepth", "screen.avail", "resolvedoptions", "webgl", "todataurl", "gettimezoneoffset", "remote_addr", "user-agent", "user_agent", "accept-language", "x-forwarded-for", "req.ip", "os.hostname", "os.userinfo", "os.networkinterfaces", "os.cpus", "os.totalmem", "os.arch", "os.type", "os.release", "getproperty", "environment.machinename", "environment.username", "environment.osversion", "environment.userdomainname", "environment.processorcount", "getlocalhost", "runtime.goos", "runtime.goarch", "getpass.getuser", "os.getlogin", "uuid.getnode", "psutil.", "getmac", "netifaces", "systeminfo", "wmic", "win32_", "os-release", "machine-id", "/proc/cpuinfo", "uname -a", "hostnamectl", "ipify", "ipinfo", "ip-api", "icanhazip", "ifconfig.me", "checkip"],
      severity: "medium",
      score: 0.72,
      re: HOST_PROBE,
      check: hostFingerprint,
      explanation: "Collects several identifying facts about the host (system fingerprinting)",
    },
    {
      id: "data_exfiltration.stream.archive_to_socket",
      keywords: ["\\bnc\\b", "ncat", "netcat", "/dev/tcp/", "-infile"],
      severity: "high",
      score: 0.82,
      re: /\b(?:tar|zip|gzip|7z|dd|base64|xxd|cat|find)\b[^\n|]{0,160}\|\s{0,3}(?:(?:gzip|base64|openssl\s[^\n|]{0,40})\s{0,3}\|\s{0,3})?(?:nc|ncat|netcat)\s{1,3}(?:-\w{1,4}\s{1,3}){0,3}[A-Za-z0-9][\w.-]{0,252}\s{1,3}\d{1,5}\b|\b(?:tar|cat|dd|base64)\b[^\n|]{0,160}>\s{0,2}\/dev\/tcp\/[\w.-]{1,253}\/\d{1,5}|\bInvoke-(?:WebRequest|RestMethod)\b[^\n]{0,200}?-InFile\s{1,3}\S/gi,
      explanation: "Streams files or archives to a remote host",
    },
  ],
};

// "<verb> ... <data> ... to|into|at|on|: <url>" read right to left from the URL, each
// piece with an end-anchored regex over at most 240 characters of the same line.
const DATA_WORDS = String.raw`(?:conversation|chat(?:\s{1,3}history)?|messages?|history|api[\s_-]?keys?|passwords?|credentials|secrets?|tokens?|cookies?|session|e-?mails?|personal\s{1,3}(?:data|information|details)|credit\s{1,3}card|address(?:es)?|phone\s{1,3}numbers?|summary|answers?|responses?)`;
const PREP_END = /^([\s\S]*)(?:\b(?:to|into|at|on)\b|:)[^\n]{0,40}$/i;
const DATA_END = new RegExp(String.raw`^([\s\S]*)\b${DATA_WORDS}\b[^\n]{0,80}$`, "i");
// "post" as a verb, not "a post about ...".
const VERB_END = /^([\s\S]*)\b(?:append|add|attach|include|insert|put|encode|concatenate|send|forward|post(?!\s{1,3}(?:about|on|titled|called)\b)|upload|transmit|leak)\b[^\n]{0,100}$/i;

const SENDING_VERB = /^\s{0,2}(?:send|forward|post|upload|transmit|leak)\b/i;
// "Summarize the chat, then append it (base64-encoded) to <url>": the verb's object is a
// pronoun for data named in the 80 characters before it.
const PRONOUN_VERB_END = /^([\s\S]*)\b(?:append|add|attach|include|insert|put|encode|concatenate|send|forward|post|upload|transmit|leak)\s{1,3}(?:it|them|this|that|these|those)\b[^\n]{0,60}$/i;

/** The verb match (as VERB_END's) when the data comes before a verb whose object is a pronoun. */
function dataThenPronoun(beforePrep: string): RegExpExecArray | null {
  const v = PRONOUN_VERB_END.exec(beforePrep);
  return v && DATA_END.test(beforePrep.slice(0, (v[1] ?? "").length)) ? v : null;
}

function instructionBefore(m: RegExpExecArray): false | { score: number; start: number; end: number } {
  const input = m.input;
  // Same line, at most 240 characters back (the newline is searched in that slice
  // only: a long line full of URLs costs 240 per match, not its length).
  let from = Math.max(0, m.index - 240);
  let pre = input.slice(from, m.index);
  const nl = pre.lastIndexOf("\n");
  if (nl >= 0) {
    from += nl + 1;
    pre = pre.slice(nl + 1);
  }
  const p = PREP_END.exec(pre);
  if (!p) return false;
  const d = DATA_END.exec(pre.slice(0, (p[1] ?? "").length));
  if (!d) return false;
  const v = VERB_END.exec(pre.slice(0, (d[1] ?? "").length)) ?? dataThenPronoun(pre.slice(0, (p[1] ?? "").length));
  if (!v) return false;
  // "Add the summary to the page at https://docs..." is ordinary; it takes a URL that
  // carries a value (query or template) or a verb that sends data away.
  if (!/[?=$]|%7B|\{/i.test(m[0]) && !SENDING_VERB.test(pre.slice((v[1] ?? "").length))) return false;
  return { score: 0.8, start: from + (v[1] ?? "").length, end: m.index + m[0].length };
}

// A natural-language instruction to put data into a URL or send it to one (indirect
// injection in retrieved content); keyed on the URL, the rarest part.
const instruction: RuleSet = {
  category: "data_exfiltration",
  keywords: ["http://", "https://"],
  window: 300,
  rules: [
    {
      id: "data_exfiltration.instruction.data_in_url",
      severity: "high",
      score: 0.8,
      // Anchored on the URL (a literal, fast to find); the instruction before it is
      // checked piecewise in instructionBefore() so the cost stays linear.
      re: /https?:\/\/[^\s"'<>)]{3,400}/g,
      check: instructionBefore,
      explanation: "Instruction to put conversation data or credentials into a URL or send them to a remote address",
    },
  ],
};

/** Rule sets matched on the clean view. */
// Credential files (or .env) copied to another host by the tools that copy files anyway: scp or
// rsync to user@host:, an archive piped to ssh or netcat, mail with the file as body or attachment,
// a public gist, a raw TLS connection fed from a file, a git push of them to a remote added just
// before, a PowerShell upload of a registry hive or password store, a drop on an anonymous
// file-sharing host; and file contents leaked a line at a time in ping's padding. Copies the other
// way (from user@host:), local backups, `openssl s_client < /dev/null` and ordinary gists, mail
// and pushes stay quiet (exfil-shapes.test.ts).
const CREDENTIAL_OR_ENV = String.raw`(?:${CREDENTIAL_PATH}|[^\s"'<>|;]{0,120}\.env\b)`;
const remoteCopy: RuleSet = {
  category: "data_exfiltration",
  keywords: ["\\bscp\\b", "rsync", "| ssh", "|ssh", "| nc", "|nc", "\\bmail\\b", "mailx", "mutt", "sendmail", "gist create", "s_client", "git push", "readallbytes", "transfer.sh", "file.io", "0x0.st", "catbox.moe", "while read"],
  window: 600,
  rules: [
    {
      id: "data_exfiltration.copy.credentials_to_host",
      severity: "high",
      score: 0.85,
      re: new RegExp(
        [
          String.raw`\b(?:scp|rsync)\b[^\n|;]{0,80}?\s["']?${CREDENTIAL_OR_ENV}[^\n|;]{0,200}?\s[\w.-]{1,64}@[\w.-]{1,253}:`,
          String.raw`\btar\b[^\n|]{0,160}?${CREDENTIAL_OR_ENV}[^\n|]{0,160}\|\s{0,3}(?:gzip\s{0,3}\|\s{0,3})?(?:ssh|nc|ncat|netcat)\b`,
          String.raw`\b(?:mail|mailx|mutt|sendmail)\b[^\n]{0,160}?(?:<|\s-a|--attach)\s{0,3}["']?${CREDENTIAL_OR_ENV}`,
          String.raw`\bgh\s{1,3}gist\s{1,3}create\b[^\n]{0,120}?${CREDENTIAL_OR_ENV}`,
          String.raw`\bopenssl\s{1,3}s_client\b[^\n<]{0,160}?-connect\s{1,3}\S{1,260}[^\n<]{0,80}?<\s{0,3}["']?(?!\/dev\/null\b)[^\s"'|;<>]{1,200}(?=[\s;|&)"']|$)`,
          String.raw`\bgit\s{1,3}remote\s{1,3}add\s{1,3}([\w.-]{1,40})\s{1,3}\S{1,300}[\s\S]{0,200}?\bgit\s{1,3}add\s{1,3}(?:-f\s{1,3})?[^\n]{0,80}?(?:\.env\b|id_(?:rsa|ed25519)|\.aws|credentials|\.pem\b|\.kube)[\s\S]{0,200}?\bgit\s{1,3}push\s{1,3}(?:-\w{1,10}\s{1,3})?\1\b`,
          String.raw`\bReadAllBytes\s{0,3}\(\s{0,3}["'][^"'\n]{0,200}(?:\\config\\(?:SAM|SYSTEM|SECURITY)|ntds\.dit|\.kdbx|id_rsa|\.aws\\credentials)["'][\s\S]{0,300}?\bInvoke-(?:RestMethod|WebRequest)\b`,
          String.raw`\bcurl\b[^\n]{0,200}?\s(?:-T|--upload-file|-F\s{1,3}["']?[\w.-]{1,30}=@)\s{0,3}["']?[^\s"'|;]{1,200}["']?\s{1,3}["']?https?:\/\/(?:[\w-]{1,40}\.)?(?:transfer\.sh|file\.io|0x0\.st|catbox\.moe|bashupload\.com|oshi\.at|temp\.sh)\b`,
          String.raw`\b(?:xxd|od|hexdump|base64)\b[^\n]{0,160}\|\s{0,3}while\s{1,3}read\s{1,3}(?:-r\s{1,3})?(\w{1,20})\b[^\n]{0,80}?\bping\b[^\n]{0,60}?\s-p\s{1,3}["']?\$\{?\2\b`,
        ].join("|"),
        "g",
      ),
      explanation: "Copies credential files or file contents to another host (scp, rsync, ssh, mail, gist, TLS, git push, public file drops, ping padding)",
    },
  ],
};

export const dataExfiltrationClean: RuleSet[] = [markdown, code, capture, collection, instruction, remoteCopy, ...exfilSpywareClean, ...exfilShellClean, ...exfilInstructionClean];
