// Credentials recognised by where they sit rather than by their shape: command-line
// password options, ~/.netrc entries, Docker registry auth, XML/.NET config elements,
// credentials handed over in a sentence, bare NAME=value lines in env files whose value
// is a long random base64 string, PuTTY key files and Kubernetes Secret manifests.

import { entropy, type Rule, type RuleSet } from "../rules";
import { HAS_PLACEHOLDER_PART, hasAscendingRun, isLeetStandIn, isNonSecretValue, isWellKnownValue, PLACEHOLDER, sequenceCoverage } from "./secrets-value";

type Span = { score: number; start: number; end: number };

/** Password-grade value test shared by the rules below (short, human-chosen values allowed). */
function passwordLike(value: string, user = ""): boolean {
  if (value.length < 6 || value === user) return false;
  if (/^[-$%{<([]|^\*+$/.test(value) || PLACEHOLDER.test(value) || HAS_PLACEHOLDER_PART.test(value)) return false;
  if (STAND_IN.test(value) || isNonSecretValue(value, true) || isWellKnownValue(value) || sequenceCoverage(value) >= 0.4) return false;
  const classes = (/[a-z]/.test(value) ? 1 : 0) + (/[A-Z]/.test(value) ? 1 : 0) + (/\d/.test(value) ? 1 : 0) + (/[^A-Za-z0-9]/.test(value) ? 1 : 0);
  return classes >= 2 && entropy(value) >= 2.5;
}

const STAND_IN = /^(?:pass|password|passwd|pwd|secret|admin|root|guest|user|username|test|changeme|changeit|default|demo|letmein|qwerty|welcome|token|apikey|api_key)\d{0,4}$/i;

/** Token-grade value test: long, varied, not typed. */
function tokenLike(value: string): boolean {
  if (value.length < 16 || PLACEHOLDER.test(value) || HAS_PLACEHOLDER_PART.test(value) || hasAscendingRun(value)) return false;
  if (isNonSecretValue(value) || isWellKnownValue(value)) return false;
  const classes = (/[a-z]/.test(value) ? 1 : 0) + (/[A-Z]/.test(value) ? 1 : 0) + (/\d/.test(value) ? 1 : 0);
  return classes >= 2 && entropy(value) >= 3.5;
}

function spanOf(m: RegExpExecArray, value: string, score: number): Span {
  const off = m[0].lastIndexOf(value);
  return { score, start: m.index + off, end: m.index + off + value.length };
}

/** "user:password" from a Docker config "auth" field (base64), or null. */
function decodeUserPass(b64: string): [string, string] | null {
  let text: string;
  try {
    text = atob(b64);
  } catch {
    return null;
  }
  const colon = text.indexOf(":");
  if (colon <= 0 || /[^\x20-\x7e]/.test(text)) return null;
  return [text.slice(0, colon), text.slice(colon + 1)];
}

/** Names of env values that are digests, ids or public values, not secrets. */
const NOT_SECRET_ENV_NAME = /(?:hash|sha|digest|checksum|integrity|nonce|etag|fingerprint|public|publishable|_id|version|image|tag|commit|build|revision|cert|ca_bundle)/i;

const RULES: Rule[] = [
  {
    id: "secrets.cli.credential_option",
    // `--password hunter2x`, `--token=...` is covered by the generic assignment.
    keywords: ["--pass", "--token", "--api-key", "--apikey", "--api-token", "--access-token", "--auth-token", "--secret", "--client-secret", "--access-key", "--secret-key"],
    severity: "high",
    score: 0.75,
    re: /(?<![\w-])--(pass(?:word|wd)?|token|api-?key|api-token|access-token|auth-token|secret|client-secret|access-key|secret-key)\s{1,3}(["']?)([^\s"'`;|&<>()]{6,200})\2(?=\s|$|[;|&)])/gi,
    explanation: "Credential passed as a command-line option",
    check: (m) => {
      const opt = (m[1] ?? "").toLowerCase();
      const value = m[3] ?? "";
      const ok = opt.startsWith("pass") ? passwordLike(value) : tokenLike(value);
      return ok ? spanOf(m, value, 0.75) : false;
    },
  },
  {
    id: "secrets.cli.password_switch",
    // sshpass -p, mysql -pPASSWORD (attached: "-p PASSWORD" would make mysql prompt and
    // read the next word as the database), docker/podman/helm registry login -p.
    keywords: ["sshpass", "mysql", "mariadb", "login"],
    severity: "high",
    score: 0.75,
    re: /\b(?:sshpass(?:\s{1,3}-\w)*\s{1,3}-p\s{0,3}|(?:mysql|mysqldump|mysqladmin|mariadb)\b[^\n|;&]{0,120}?\s-p|(?:docker|podman|nerdctl|helm\s{1,3}registry)\s{1,3}login\b[^\n|;&]{0,120}?\s(?:-p|--password)\s{1,3})(["']?)([^\s"'`;|&<>]{6,128})\1/g,
    explanation: "Password given on a command line",
    check: (m) => {
      const value = m[2] ?? "";
      return passwordLike(value) ? spanOf(m, value, 0.75) : false;
    },
  },
  {
    id: "secrets.netrc.password",
    keywords: ["machine", "default"],
    severity: "high",
    score: 0.85,
    re: /\b(?:machine\s{1,5}[^\s]{1,253}|default)\s{1,5}login\s{1,5}([^\s]{1,128})\s{1,5}password\s{1,5}([^\s]{4,128})/g,
    explanation: "Password in a .netrc entry",
    check: (m) => {
      const value = m[2] ?? "";
      return passwordLike(value, m[1] ?? "") ? spanOf(m, value, 0.85) : false;
    },
  },
  {
    id: "secrets.docker.config_auth",
    keywords: ['"auth"'],
    severity: "high",
    score: 0.85,
    re: /"auth"\s{0,3}:\s{0,3}"([A-Za-z0-9+/]{8,400}={0,2})"/g,
    explanation: "Registry credentials in a Docker config file",
    check: (m) => {
      const value = m[1] ?? "";
      const up = decodeUserPass(value);
      return up && passwordLike(up[1], up[0]) ? spanOf(m, value, 0.85) : false;
    },
  },
  {
    id: "secrets.xml.credential_element",
    keywords: ["password>", "passwd>", "secret>", "token>", "key>", 'value="'],
    severity: "high",
    score: 0.75,
    // <password>...</password>, <apiKey>...</apiKey>, and .NET appSettings
    // <add key="SmtpPassword" value="..."/>.
    re: /<((?:[A-Za-z]{0,20}[_:.-]?)?(?:password|passwd|secret|api[_-]?key|apikey|access[_-]?token|auth[_-]?token|client[_-]?secret|secret[_-]?key))>\s{0,40}([^<\s]{6,200})\s{0,40}<\/\1>|<add\s{1,3}key=["']([\w.:-]{0,40}(?:password|passwd|pwd|secret|apikey|api[_.-]key|token))["']\s{1,3}value=["']([^"'\s]{6,200})["']/gi,
    explanation: "Credential in an XML or .NET configuration element",
    check: (m) => {
      const name = (m[1] ?? m[3] ?? "").toLowerCase();
      const value = m[2] ?? m[4] ?? "";
      const ok = /pass|pwd/.test(name) ? passwordLike(value) : tokenLike(value);
      return ok ? spanOf(m, value, 0.75) : false;
    },
  },
  {
    id: "secrets.prose.credential",
    // Credentials handed over in conversation: "the password is Zk8#mP2qL9vX",
    // "use API key Wq7Zk2Lm9Vx4Tp3Rs6Nd1Fg5". The value must look generated or
    // human-random (several character classes, no words), as prose around these words is
    // mostly about them ("the token is valid", "password is required").
    // Also "pw for the staging box: ...", "password to the router - ...".
    keywords: ["password", "passphrase", "api key", "token", "secret key", "access key", { kw: "pw", wb: true, we: true }],
    severity: "high",
    score: 0.7,
    re: /\b(password|passphrase|pw|api key|access token|auth token|token|secret key|access key)\s{1,3}(?:is|was|would be|should be|(?:for|to|of)\s{1,3}[\w .@/-]{1,40}?\s{0,2}[:=-])\s{1,3}[`"']?([^\s`"'<>]{8,128}?)[`"']?(?=[\s.,;)!?]*(?:\s|$))/gi,
    explanation: "Credential given in a sentence",
    check: (m) => {
      const kind = (m[1] ?? "").toLowerCase();
      const value = (m[2] ?? "").replace(/[.,;:!?)]+$/, "");
      const classes = (/[a-z]/.test(value) ? 1 : 0) + (/[A-Z]/.test(value) ? 1 : 0) + (/\d/.test(value) ? 1 : 0) + (/[^A-Za-z0-9]/.test(value) ? 1 : 0);
      if (classes < 3) return false;
      const ok = kind.startsWith("pass") || kind === "pw" ? passwordLike(value) && !isLeetStandIn(value) : tokenLike(value);
      return ok ? spanOf(m, value, 0.7) : false;
    },
  },
  {
    id: "secrets.env.high_entropy_value",
    // NAME=value lines (env files, shell exports) whose whole value is a long random
    // base64 string: 40 random base64 characters carry ~4.9 bits each, far above hex
    // digests (<= 4) and identifiers, so a high bar keeps hashes and ids out.
    // No trigger keyword: runs on the whole view so "^" is a real line start (a keyword
    // window can begin mid-line). The line break is matched, not looked behind for: a
    // pattern that starts with a lookbehind is tried at every position (4.5 times slower on
    // ordinary text), one that starts with "\n" lets the engine skip to the next line.
    severity: "medium",
    score: 0.65,
    re: /(?:^|\n)[ \t]{0,8}(?:export[ \t]{1,3})?([A-Za-z_][A-Za-z0-9_]{1,60})=(["']?)([A-Za-z0-9+/]{32,200}={0,2})\2[ \t]{0,8}(?=\r?\n|$)/g,
    explanation: "Long random value in an environment-style assignment",
    check: (m) => {
      const name = m[1] ?? "";
      const value = m[3] ?? "";
      if (NOT_SECRET_ENV_NAME.test(name) || !/[a-z]/.test(value) || !/[A-Z]/.test(value) || !/\d/.test(value)) return false;
      if (HAS_PLACEHOLDER_PART.test(value) || hasAscendingRun(value) || isNonSecretValue(value)) return false;
      return entropy(value) >= 4.5 ? spanOf(m, value, 0.65) : false;
    },
  },
];

export const contextual: RuleSet = { category: "secrets", keywords: null, window: 300, rules: RULES };

/** PuTTY private key files (.ppk): the "Private-Lines" section is the key. */
const PUTTY = /PuTTY-User-Key-File-\d:[ \t]{0,3}[\w-]{3,40}/g;

export function findPuttyKeys(text: string): { start: number; end: number; encrypted: boolean }[] {
  const found: { start: number; end: number; encrypted: boolean }[] = [];
  PUTTY.lastIndex = 0;
  let m: RegExpExecArray | null;
  let examined = 0;
  // Bounded work on hostile input: at most 16 headers are followed up.
  while ((m = PUTTY.exec(text)) !== null && examined++ < 16) {
    const block = text.slice(m.index, m.index + 8192);
    const priv = /Private-Lines:[ \t]{0,3}\d{1,3}\r?\n([A-Za-z0-9+/=\r\n]{20,6000})/.exec(block);
    if (!priv) continue;
    const material = (priv[1] ?? "").replace(/\s/g, "");
    if (HAS_PLACEHOLDER_PART.test(material) || /([A-Za-z0-9+/])\1{15}/.test(material)) continue;
    const mac = /Private-MAC:[ \t]{0,3}[0-9a-f]{20,128}/.exec(block);
    const end = m.index + (mac ? mac.index + mac[0].length : priv.index + priv[0].length);
    found.push({ start: m.index, end, encrypted: !/Encryption:[ \t]{0,3}none/.test(block.slice(0, priv.index)) });
  }
  return found;
}

/**
 * Kubernetes Secret manifests: `kind: Secret` with a `data:` (base64) or `stringData:`
 * (plain) section. Entries whose value decodes to a placeholder or a reference are
 * skipped; one real entry flags the manifest.
 */
const K8S_SECRET = /\bkind:[ \t]{0,3}["']?Secret["']?[ \t]*(?:\r?\n|$)/g;
const K8S_ENTRY = /^([ \t]{1,12})[\w.-]{1,253}:[ \t]{1,3}["']?([^\s"']{4,4096})["']?[ \t]*$/;

export function findKubernetesSecrets(text: string): { start: number; end: number }[] {
  const found: { start: number; end: number }[] = [];
  K8S_SECRET.lastIndex = 0;
  let m: RegExpExecArray | null;
  let examined = 0;
  let searchedTo = 0;
  // Bounded work on hostile input: at most 16 manifests, each document read once.
  while ((m = K8S_SECRET.exec(text)) !== null && found.length < 8 && examined++ < 16) {
    // The data section may come before or after "kind" in the same document.
    const from = Math.max(searchedTo, m.index - 8192);
    const before = text.slice(from, m.index).lastIndexOf("\n---");
    const docStart = before < 0 ? from : from + before + 1;
    const after = text.slice(m.index, m.index + 8192).indexOf("\n---");
    const docEnd = after < 0 ? Math.min(text.length, m.index + 8192) : m.index + after;
    searchedTo = docEnd;
    K8S_SECRET.lastIndex = Math.max(K8S_SECRET.lastIndex, docEnd);
    const doc = text.slice(docStart, docEnd);
    const lines = doc.split("\n");
    let section: "data" | "stringData" | null = null;
    for (let i = 0; i < lines.length && found.length < 8; i++) {
      const line = (lines[i] ?? "").replace(/\r$/, "");
      const head = /^(data|stringData):[ \t]*$/.exec(line);
      if (head) {
        section = head[1] as "data" | "stringData";
        continue;
      }
      if (!/^[ \t]/.test(line)) section = null;
      if (!section) continue;
      const entry = K8S_ENTRY.exec(line);
      if (!entry) continue;
      const raw = entry[2] ?? "";
      let value = raw;
      if (section === "data") {
        if (!/^[A-Za-z0-9+/]+={0,2}$/.test(raw)) continue;
        try {
          value = atob(raw);
        } catch {
          continue;
        }
      }
      if (!k8sValueLooksReal(value)) continue;
      const at = docStart + doc.indexOf(line);
      found.push({ start: at + line.indexOf(raw), end: at + line.indexOf(raw) + raw.length });
      break;
    }
  }
  return found;
}

function k8sValueLooksReal(value: string): boolean {
  if (value.length < 4 || /[^\x20-\x7e\r\n\t]/.test(value)) return false;
  if (/^[-$%{<([]|^\*+$/.test(value) || PLACEHOLDER.test(value) || HAS_PLACEHOLDER_PART.test(value) || STAND_IN.test(value)) return false;
  // Plain settings (ports, booleans, host names, paths) sit in Secrets too.
  if (/^(?:\d{1,6}|true|false|yes|no)$/i.test(value) || isNonSecretValue(value)) return false;
  return entropy(value) >= 2.5;
}
