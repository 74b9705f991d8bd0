// Keyword-anchored and context-anchored credentials: a credential-named field, header,
// URL userinfo or command-line option holding a literal value that looks generated.

import { entropy, type RuleSet } from "../rules";
import { HAS_PLACEHOLDER_PART, hasAscendingRun, isEncodedStandIn, isLeetStandIn, isMixedCaseHex, isNonSecretValue, isWellKnownValue, isWordSequence, PLACEHOLDER, realistic, sequenceCoverage } from "./secrets-value";

// Keyword-anchored generic assignment: `api_key = "..."`, `"client_secret": "..."`, also
// inside an escaped JSON string (`{\"api_key\": \"...\"}`), which is how agent frameworks
// log tool-call arguments and how test code embeds config.
const GENERIC = /(?<![A-Za-z0-9])(?=[A-Za-z0-9_.-]{1,80}(?:\\{0,3}["'\]]){0,2}(?:\s{1,3}string|\s{0,2}:\s{0,2}(?:string|String|&(?:'static\s)?str))?\s{0,3}(?:[=:]|\|\|=))((?:[A-Za-z0-9]{0,20}[_.-])?(?:api[_.-]?key|apikey|api[_.-]?secret|secret[_.-]?key|client[_.-]?secret|app[_.-]?secret|access[_.-]?token|auth[_.-]?token|refresh[_.-]?token|bearer[_.-]?token|private[_.-]?token|secret|token|password|passwd|passphrase|pass|pwd|pw|access[_.-]?key|private[_.-]?key|signing[_.-]?key|encryption[_.-]?key|master[_.-]?key|credentials?|creds|key)(?:[_.-][A-Za-z0-9]{0,20}){0,2}|(?:[A-Za-z0-9]{0,20}[_.-])(?:auth|pat))(?:\\{0,3}["'\]]){0,2}(?:\s{1,3}string|\s{0,2}:\s{0,2}(?:string|String|&(?:'static\s)?str))?\s{0,3}(?:=|:|:=|=>|\|\|=)\s{0,3}(?:!!\w{1,12}\s{1,3})?(?:[rbuf]?\\{0,3}["'`])?([^\s"'`,;)\]}<>\\]{8,200})/gi;

// The same for camelCase names, which the pattern above cannot see because it needs a
// separator before the credential word (`githubToken`, `stripeSecretKey`,
// `linkedinClientSecret`). Case-sensitive on purpose: the capital letter is the word
// boundary, so "monkey", "turkey" or "tokenize" never match. The regex starts at the
// capitalised credential word (cheap to find); the lower-case head of the name is
// checked behind it in camelCheck.
const GENERIC_CAMEL = /(?:Api(?:Key|Secret|Token)|APIKey|SecretKey|ClientSecret|AppSecret|AccessToken|AuthToken|RefreshToken|BearerToken|PrivateToken|Secret|Token|Password|Passwd|Pwd|AccessKey|PrivateKey|SigningKey|EncryptionKey|MasterKey|Credentials?|Key)(?:\\{0,3}["'\]]){0,2}(?:\s{1,3}string|\s{0,2}:\s{0,2}(?:string|String|&(?:'static\s)?str))?\s{0,3}(?:=|:|:=|=>|\|\|=)\s{0,3}(?:[rbuf]?\\{0,3}["'`])?([^\s"'`,;)\]}<>\\]{8,200})/g;
const CAMEL_HEAD = /(?<![A-Za-z0-9_$])[a-z][a-z0-9]{1,20}(?:[A-Z][a-z0-9]{1,15}){0,2}$/;

function camelCheck(m: RegExpExecArray): false | { score: number; start: number; end: number } {
  const head = CAMEL_HEAD.exec(m.input.slice(Math.max(0, m.index - 56), m.index));
  if (!head) return false;
  const name = head[0] + m[0].slice(0, m[0].search(/["'\]\s=:|]/));
  return credentialValue(name, m[1] ?? "", m);
}

const REFERENCE = /^(?:os\.|process\.|env\.|getenv|environ|config\.|settings\.|self\.|this\.|args\.|request\.|secrets\.|vault\.|\$|%|\{|\(|\[|<|None|null|nil|true|false|undefined|function|lambda|new |await |str\(|int\(|get\w*\(|[a-z_]+\.[a-z_]+\(|[a-z]+_[a-z_]+$)/;

// Code to the right of `name: ` in a signature or `name = ` in a statement, where credential
// words are parameter names: a type annotation or index (`Optional[bytes`, `typing.Union[str`,
// `credentials[1`) or an attribute reference ending in a constant or a word
// (`ExtensionOID.SUBJECT_KEY_IDENTIFIER`, `_ffi.NULL`, `serialization.Ed25519PrivateKey`).
const IDENT = String.raw`_{0,2}[A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*_{0,2}`;
const SUBSCRIPTED = new RegExp(String.raw`^${IDENT}(?:\.${IDENT}){0,4}\[[\w.'"]*$`);
const ATTRIBUTE = new RegExp(String.raw`^${IDENT}(?:\.${IDENT}){1,4}$`);

// Operators no credential contains unquoted (base64's padding ends a value; "==" inside one is
// a comparison), and a minifier's renamed variables (propKey$221, not bcrypt's $2b$12$):
// compiled JavaScript assigns to names such as `useCredentials` and `requestKey` all the time
// (`e.useCredentials??false`, `loaderProps.config?.loader`, `/*#__PURE__*/dual(2`,
// `nextConfig.supportsImmutableAssets?…`).
const EXPRESSION = /\?\?|\?\.|(?:===|!==?|==)(?!$)|&&|\|\||\/\*|\(|[A-Za-z]{3}\$\d{1,4}(?![\w$./])|=(?:null|void|undefined|true|false)\b|^[\w$]+(?:\.[\w$]+)+\?/;

/** An unquoted value that reads as code (see SUBSCRIPTED, ATTRIBUTE, EXPRESSION), not as a literal. */
function isCodeReference(value: string): boolean {
  if (SUBSCRIPTED.test(value) || EXPRESSION.test(value)) return true;
  if (!ATTRIBUTE.test(value)) return false;
  const last = value.slice(value.lastIndexOf(".") + 1);
  return /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/.test(last) || /^[A-Z]?[a-z]+$/.test(last) || /^(?:[A-Z][a-z0-9]{2,})+$/.test(last) || isWordSequence(last);
}

/** Prefixes that make a "…_key" field a credential rather than a lookup or cache key. */
const CREDENTIAL_KEY_NAME = /(?:^|[_.-])(?:auth|api|secret|private|access|signing|sign|encryption|encrypt|crypt|master|licen[cs]e|app|client|service|account|admin|hmac|jwt|webhook|bot|deploy|oauth|consumer|cookie|aes|cipher|root|storage|subscription|shared|server|integration|activation)[_.-]?key$/;

function genericCheck(m: RegExpExecArray): false | { score: number; start: number; end: number } {
  return credentialValue(m[1] ?? "", m[2] ?? "", m);
}

// Test logs, changelogs and type declarations name "pass" and "pwd" fields that hold no
// credential (gdb's check.log alone has 18,668 "PASS: <test>" lines):
// - a test status (PASS:, XPASS:), the working directory (PWD: /Users/...), a file name
//   (src/passwd.c: ..., sm/passphrase.h: ..., 118_arm_pass_all.dpatch: ...);
const TEST_STATUS_OR_CWD = /^(?:X?PASS(?:ED)?|(?:OLD)?PWD)$/;
const FILE_NAME = /\.(?:\d[a-z]?|[ch]|cc|cpp|hh|hpp|py|js|ts|rb|go|rs|java|sh|pl|pm|in|am|ac|m4|texi|xml|html?|md|txt|d?patch|diff|mk|cmake|pot?|exp)$/i;
// - unquoted: a word of prose ("Likewise.", "Document"), a type name (password: BinaryLike), or
//   what follows C++'s scope operator (pass_waccess::check_strcat). Quoted, the same words are a
//   password someone chose ("Sunshine", "PurpleElephantDances").
const UNQUOTED_NON_CREDENTIAL = /^(?:[A-Z]?[a-z]+[.,;:]?|[A-Z]{1,4}[a-z]{2,}(?:[A-Z]{1,4}[a-z]{2,})+|:.*)$/;

/** Judge `value` assigned to the field `name` in match m; the span is the value's. */
function credentialValue(name: string, value: string, m: RegExpExecArray): false | { score: number; start: number; end: number } {
  const key = name.toLowerCase();
  if (value.length < 8 || REFERENCE.test(value)) return false;
  if (TEST_STATUS_OR_CWD.test(name) || FILE_NAME.test(name)) return false;
  const off = m[0].lastIndexOf(value);
  // Quoted, it is a literal whatever it looks like; unquoted, it may be code or prose.
  if (!/["'`]$/.test(m[0].slice(0, off)) && (isCodeReference(value) || UNQUOTED_NON_CREDENTIAL.test(value))) return false;
  const isPassword = /pass|pwd|(?:^|[_.-])pw(?:$|[_.-])/.test(key);
  // Anti-forgery tokens are per-page values the server hands to every visitor.
  if (/csrf|xsrf/.test(key)) return false;
  if (isNonSecretValue(value, isPassword) || isWellKnownValue(value) || sequenceCoverage(value) >= 0.4 || isEncodedStandIn(value) || isLeetStandIn(value) || isMixedCaseHex(value)) return false;
  if (PLACEHOLDER.test(value) || HAS_PLACEHOLDER_PART.test(value) || hasAscendingRun(value)) return false;
  // Identifiers and words (snake_case names, sentences) are not secrets.
  if (/^[a-z]+(?:[_-][a-z]+)*$/.test(value) || /^_{0,2}[A-Z]+(?:_[A-Z0-9]+)*_{0,2}$/.test(value)) return false;
  // A scoped npm package's path ("@babel/plugin-regexp-features/featuresKey").
  if (/^@[a-z0-9][\w.-]*\/[\w./-]+$/.test(value)) return false;
  if (/^(?:https?:)?\/\//.test(value) || /^[\w.-]+\.(?:py|js|ts|json|txt|md|yaml|yml|pem|key|crt)$/i.test(value)) return false;
  // A bare "key" names many things (cache keys, dict keys, hashes): only mixed-case
  // alphanumerics with digits, i.e. not hex digests or identifiers, count there.
  if (/^(?:[a-z0-9]{0,20}[_.-])?key$/.test(key) && !CREDENTIAL_KEY_NAME.test(key) && !(/[a-z]/.test(value) && /[A-Z]/.test(value) && /\d/.test(value))) return false;
  const h = entropy(value);
  const classes = (/[a-z]/.test(value) ? 1 : 0) + (/[A-Z]/.test(value) ? 1 : 0) + (/\d/.test(value) ? 1 : 0) + (/[^A-Za-z0-9]/.test(value) ? 1 : 0);
  let score: number;
  if (isPassword) {
    if (classes < 2 || h < 2.5) return false;
    score = 0.7;
  } else {
    if (value.length < 16 || h < 3.5 || classes < 2) return false;
    score = h >= 4.2 ? 0.8 : 0.7;
  }
  return { score, start: m.index + off, end: m.index + off + value.length };
}

/**
 * "Basic" credentials are base64 of "user:password": decode them and apply the password
 * tests, so "dXNlcm5hbWU6cGFzc3dvcmQ=" (username:password) is the example it is.
 */
function plausibleBasicCredentials(b64: string): boolean {
  let decoded: string;
  try {
    decoded = atob(b64);
  } catch {
    return true; // not base64: judged as an opaque token by the caller
  }
  const colon = decoded.indexOf(":");
  if (colon < 0 || /[^\x20-\x7e]/.test(decoded)) return true;
  const user = decoded.slice(0, colon);
  const pw = decoded.slice(colon + 1);
  if (pw.length < 4 || pw === user || PLACEHOLDER.test(pw) || HAS_PLACEHOLDER_PART.test(pw) || STAND_IN_PASSWORD.test(pw)) return false;
  return !TEMPLATE_OR_REFERENCE.test(pw);
}

const STAND_IN_PASSWORD = /^(?:pass|password|passwd|pwd|secret|admin|root|guest|user|username|test|changeme|changeit|default|demo|letmein|qwerty|welcome)\d{0,4}$/i;
const TEMPLATE_OR_REFERENCE = /^[$%{<]|\{\{|\$\{/;

/** A URL scheme (`\b[a-z][a-z0-9+.-]{1,20}`) ending right before "://". */
const URL_SCHEME_BEFORE = /(?:^|[^A-Za-z0-9_])[a-z][a-z0-9+.-]{1,20}$/i;

export const generic: RuleSet = {
  category: "secrets",
  keywords: null, // per rule
  window: 300,
  rules: [
    {
      id: "secrets.generic.assignment",
      keywords: ["key", "secret", "token", "pass", "pwd", "pw", "cred", "auth", "_pat", "-pat", ".pat"],
      // A match starts with the name: up to 21 characters of prefix, then the credential word,
      // whose keyword lies at most 11 characters in ("encryption_key").
      before: 32,
      severity: "high",
      score: 0.75,
      re: GENERIC,
      explanation: "Credential-named field assigned a high-entropy value",
      check: genericCheck,
    },
    {
      id: "secrets.generic.camel_case_assignment",
      keywords: ["key", "secret", "token", "pass", "pwd", "credential"],
      // The keyword lies at most 10 characters into the match ("EncryptionKey"), and
      // camelCheck reads the name's head in the 56 characters before it.
      before: 70,
      severity: "high",
      score: 0.75,
      re: GENERIC_CAMEL,
      explanation: "Credential-named field assigned a high-entropy value",
      check: camelCheck,
    },
    {
      id: "secrets.generic.auth_header",
      keywords: ["authorization", "api-key", "apikey", "auth-token", "private-token", "access-token", "-token", "auth-key", "subscription-key"],
      severity: "high",
      score: 0.8,
      // As a raw header ("Authorization: Bearer ...") or in code ({"X-Api-Key": "..."}).
      re: /(?<![\w-])(?:Authorization|Proxy-Authorization|X-Api-Key|Api-Key|Apikey|X-Auth-Token|X-Access-Token|Auth-Token|Access-Token|PRIVATE-TOKEN|X-Auth-Key|[A-Za-z][A-Za-z]{1,15}-Token|Ocp-Apim-Subscription-Key|X-Goog-Api-Key|DD-(?:API|APPLICATION)-KEY)\\{0,3}["']?\s{0,2}(?::|=>|,)\s{0,3}\\{0,3}["']?(?:(Bearer|Basic|Token|Bot|Key|SSWS)\s{1,3})?([A-Za-z0-9._~+/=\-]{16,1000})/gi,
      explanation: "HTTP authorization header with a literal credential",
      check: (m) => {
        const v = m[2] ?? "";
        // Anti-forgery tokens are per-page values the server hands to every visitor.
        if (/csrf|xsrf/i.test(m[0].slice(0, 24))) return false;
        // A hex key (Datadog's, many vendors') draws from 16 symbols: 32 of them rarely reach 3.5 bits.
        if (!realistic(v, /^[a-f0-9]{32,}$/i.test(v) ? 3.0 : 3.5) || isWordSequence(v) || isWellKnownValue(v)) return false;
        if ((m[1] ?? "").toLowerCase() === "basic" && !plausibleBasicCredentials(v)) return false;
        const off = m[0].lastIndexOf(v);
        return { score: 0.8, start: m.index + off, end: m.index + off + v.length };
      },
    },
    {
      id: "secrets.generic.basic_auth_url",
      keywords: ["://"],
      severity: "high",
      score: 0.8,
      // Anchored on the literal "://" (fast scan); the scheme before it is checked in
      // check(), as `\b[a-z][a-z0-9+.-]{1,20}` would be tried at every letter.
      // The user may be empty ("redis://:password@host").
      re: /:\/\/([^\s:@/"'<>]{0,64}):([^\s:@/"'<>]{3,128})@[A-Za-z0-9.-]{1,253}/g,
      explanation: "Password embedded in a URL",
      check: (m) => {
        if (!URL_SCHEME_BEFORE.test(m.input.slice(Math.max(0, m.index - 22), m.index))) return false;
        const user = m[1] ?? "";
        const pw = m[2] ?? "";
        if (PLACEHOLDER.test(pw) || HAS_PLACEHOLDER_PART.test(pw) || /^(?:pass|password|pwd|secret|user|admin|guest|root|postgres|test|changeme|\$.*|\{.*)$/i.test(pw) || pw === user) return false;
        if (entropy(pw) < 2.5 || isLeetStandIn(pw) || isNonSecretValue(pw, true) || sequenceCoverage(pw) >= 0.4) return false;
        const off = m[0].indexOf(":" + pw + "@") + 1;
        return { score: 0.8, start: m.index + off, end: m.index + off + pw.length };
      },
    },
    {
      id: "secrets.generic.curl_user",
      keywords: ["curl"],
      severity: "medium",
      score: 0.7,
      re: /\bcurl\b[\s\S]{0,300}?\s(?:-u|--user)(?:\s{1,3}|=|\\\s{1,12})(?:\/\/)?("[^"\n]{1,160}"(?::"[^"\n]{1,80}")?|'[^'\n]{1,160}'|[^\s"':]{0,64}:(?:'[^'\n]{1,80}'|"[^"\n]{1,80}"|[^\s"']{0,128}))/g,
      explanation: "curl with a literal username:password",
      check: (m) => {
        const token = m[1] ?? "";
        if (/[<>]|\{\{|\$\{|\$\(/.test(token)) return false;
        const clean = token.replace(/["'{}]/g, "");
        const colon = clean.indexOf(":");
        if (colon < 0) return false;
        const user = clean.slice(0, colon);
        const pw = clean.slice(colon + 1);
        const secret = pw.length > 0 ? pw : user;
        if (secret.length < 6 || /^\$|^%|^</.test(secret)) return false;
        if (PLACEHOLDER.test(secret) || HAS_PLACEHOLDER_PART.test(secret) || /^(?:pass|password|passwd|pwd|secret|token|test|changeme|admin|root|guest|user|username)$/i.test(secret) || secret === user && pw.length > 0) return false;
        if (entropy(secret) < 2.5) return false;
        const off = m[0].lastIndexOf(secret);
        if (off < 0) return { score: 0.7, start: m.index + m[0].length - token.length, end: m.index + m[0].length };
        return { score: 0.7, start: m.index + off, end: m.index + off + secret.length };
      },
    },
  ],
};

