// More vendor credential formats (warden-detect/1.3.0), written from the vendors' public
// documentation of their token shapes and general knowledge of how they look in the wild:
//
//   Google OAuth access token      ya29.<base64url, 20+>
//   Google OAuth refresh token     1//0<base64url, 40+>
//   Dropbox short-lived token      sl.<base64url, 130+>  (also sl.u.<...>)
//   Bitbucket app password         ATBB<32+>
//   Figma personal access token    figd_<40-ish>
//   Netlify tokens                 nfp_ / nfc_ / nfo_ / nfu_<36-40 alnum>
//   Supabase                       sbp_<40 hex>, sb_secret_<...>
//   Contentful management token    CFPAT-<43>
//   CircleCI personal/project      CCIPAT_ / CCIPRJ_<22>_<40 hex>
//   Buildkite agent/user token     bkua_ / bkat_<40 hex>
//   Docker Hub access token        dckr_pat_ / dckr_oat_<24-40>
//   NuGet API key                  oy2<43 lower alnum>
//   crates.io token                cio<32 alnum>
//   LangSmith key                  lsv2_pt_ / lsv2_sk_<32 hex>_<10 hex>
//   Pinecone key                   pcsk_<4-8>_<50+>
//   Tavily key                     tvly-[dev-|prod-]<32>
//   OpenRouter key                 sk-or-v1-<64 hex>
//   ElevenLabs key                 sk_<48 hex>
//   DeepSeek-style LLM key         sk-<32 hex>
//   Discord webhook URL            https://discord.com/api/webhooks/<id>/<68>
//   Password hashes (crypt)        $1$ / $5$ / $6$ / $apr1$ / $2b$ / $y$ as in shadow and htpasswd
//   1Password service account      ops_eyJ<base64 JSON, 100+>
//   Render API key                 rnd_<32 alnum>
//   Adafruit IO key                aio_<28 alnum>
//   Firebase Cloud Messaging key   AAAA<7>:APA91b<100+>
//   Twitter/X app bearer token     AAAAAAAAAAAAAAAAAAAAA<30+ alnum or %>, near "twitter",
//                                  "bearer" or "tweet" (a run of A as the trigger would
//                                  fire at every position of a long run of A)
//   Mapbox secret token            sk.eyJ<...>.<...>
//   HubSpot private-app token      pat-<region>-<uuid>
//   Plaid access token             access-(sandbox|development|production)-<uuid>
//   Braintree / PayPal token       access_token$production$<16>$<32 hex>
//   Azure Service Bus / Event Hub  SharedAccessKey=<43 base64>=
//   Azure DevOps PAT (2024 format) <52 alnum>JQQJ9<...>AZDO<4>
//   AWS STS session token          IQoJb3JpZ2luX2Vj<...> / FwoGZXIvYXdzE<...>
//   JWE (encrypted JWT)            eyJ<header with alg and enc>.<4 more segments>
//   Yandex Cloud static access key YC<38>
//   GitLab session cookie          _gitlab_session=<32 hex>
//   Sidekiq Enterprise credentials BUNDLE_ENTERPRISE__CONTRIBSYS__COM=<8 hex>:<8 hex>
//   Discord bot token              <base64 of a snowflake id>.<6>.<27-38>, next to "discord"/"bot"
//   Heroku, Vercel, Cloudflare ... vendor-named field with a 32-40 character value
//   Tailscale keys (1.5.1)          tskey-<auth|api|client|...>-<id>CNTRL-<secret>
//   Wallet keys (1.5.1)             64 hex digits, a WIF string or a 12-24 word seed phrase,
//                                   each named as a private key / WIF / seed phrase next to it
//
// Tests: lib/detection/detectors/secrets.test.ts (values generated for the tests).

import { B, cs, E, rx, type KeyDef } from "./secrets-shape";
import { isMixedCaseHex } from "./secrets-value";

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

/** Discord bot tokens start with the base64 of the bot's numeric (snowflake) user id. */
function discordBotId(token: string): boolean {
  const first = token.slice(0, token.indexOf(".")).replace(/-/g, "+").replace(/_/g, "/");
  try {
    return /^\d{17,20}$/.test(atob(first + "=".repeat((4 - (first.length % 4)) % 4)));
  } catch {
    return false;
  }
}

/** base64url segment to text, or null when it is not valid base64. */
function b64urlText(seg: string): string | null {
  try {
    return atob(seg.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (seg.length % 4)) % 4));
  } catch {
    return null;
  }
}

/**
 * A JWT's first two segments are base64url JSON objects, the header naming its "alg".
 * Strings that merely start with "eyJ" (truncated or hand-edited examples) are not.
 */
export function isStructuredJwt(token: string): boolean {
  const [h, p] = token.split(".");
  const header = b64urlText(h ?? "");
  const payload = b64urlText(p ?? "");
  if (header === null || payload === null) return false;
  try {
    const hj: unknown = JSON.parse(header);
    const pj: unknown = JSON.parse(payload);
    return typeof hj === "object" && hj !== null && "alg" in hj && typeof pj === "object" && pj !== null;
  } catch {
    return false;
  }
}

/** A JWE's header is JSON naming both the key algorithm ("alg") and the cipher ("enc"). */
export function isJweHeader(token: string): boolean {
  const header = b64urlText(token.slice(0, token.indexOf(".")));
  if (header === null) return false;
  try {
    const h: unknown = JSON.parse(header);
    return typeof h === "object" && h !== null && "alg" in h && "enc" in h;
  } catch {
    return false;
  }
}

/** Generated base62 bodies mix digits and both cases; typed or word-like ones do not. */
function mixedBody(from: number): (v: string) => boolean {
  return (v) => {
    const body = v.slice(from);
    return /\d/.test(body) && /[A-Z]/.test(body) && /[a-z]/.test(body);
  };
}

/** At least two of lower case, upper case and digits. */
function mixedClasses(v: string): boolean {
  return (/[a-z]/.test(v) ? 1 : 0) + (/[A-Z]/.test(v) ? 1 : 0) + (/\d/.test(v) ? 1 : 0) >= 2;
}

/** A long run of one letter is padding in the fixed prefix, not in the random tail. */
function variedTail(from: number): (v: string) => boolean {
  return (v) => new Set(v.slice(from)).size >= 12;
}

const PLATFORMS = "heroku|vercel|cloudflare|twilio|netlify|render|railway|fly|openai|anthropic|mistral|deepseek|together|fireworks|wandb|pinecone|postmark|mandrill|mailjet|pusher|segment|mixpanel|amplitude|intercom|freshdesk|auth0|onesignal";

// Vendors whose keys have no distinctive prefix and are written as `<vendor>: <key>` in
// per-service credential maps (`tokens:\n  twitch: ...`, `"kraken": "..."`).
const VENDOR_NAMES = "adafruit|airtable|algolia|asana|bitbucket|bitly|bittrex|bugsnag|circleci|cloudflare|cloudinary|codecov|coinbase|confluent|contentful|datadog|droneci|dropbox|etsy|fastly|finicity|finnhub|flickr|freshbooks|gitter|gocardless|heroku|hubspot|intercom|klaviyo|kraken|kucoin|launchdarkly|linkedin|mailchimp|mailgun|mapbox|mattermost|meraki|netlify|newrelic|ngrok|nytimes|pagerduty|paystack|plivo|postmark|pusher|rapidapi|razorpay|rollbar|sendbird|sendgrid|sentry|shippo|sparkpost|squarespace|sumologic|telnyx|travisci|trello|twilio|twitch|twitter|typeform|vonage|zendesk";

// Everyday English words that no BIP39 seed word list contains: twelve words around them are
// prose ("mnemonic: the rhyme that helps you remember"), not a wallet's seed phrase.
const NOT_SEED_WORDS = /\b(?:the|and|that|this|with|have|from|your|you|are|was|were|for|but|not|its|into|which|what|when|then|than|they|them|there)\b/i;

export const MORE_FORMATS: KeyDef[] = [
  // Tailscale auth, API and OAuth client keys: tskey-<kind>-<id>CNTRL-<secret>.
  { id: "secrets.tailscale.key", kw: [cs("tskey-")], re: rx(`${B}tskey-(?:auth|api|client|webhook|scim)-[A-Za-z0-9]{6,24}CNTRL-[A-Za-z0-9]{20,64}${E}`), severity: "critical", score: 0.92, what: "Tailscale auth or API key", minEntropy: 3.8 },
  // Wallet keys: 64 hex digits, a WIF string or a 12-24 word seed phrase, named as such next to it.
  { id: "secrets.crypto.private_key_hex", kw: ["private key", "private_key", "privatekey", "private-key", "privkey"], re: rx(`(?:private[ _-]?key|privkey)["']?(?:\\s{1,3}(?:is|=|:)|\\s{0,3}[=:])\\s{0,3}["']?((?:0x)?[a-fA-F0-9]{64})(?![a-fA-F0-9])`, "gi"), severity: "critical", score: 0.88, what: "cryptocurrency private key (64 hex digits given as a private key)", minEntropy: 3.2, group: 1 },
  { id: "secrets.crypto.wif", kw: ["wif", "private key", "private_key", "privkey"], re: rx(`(?:\\bWIF|\\bwif|[Pp]rivate[ _-]?[Kk]ey|PRIVATE_KEY|privkey)["']?[^\\n]{0,20}?["'\\s:=]([5KL][1-9A-HJ-NP-Za-km-z]{50,51})(?![1-9A-HJ-NP-Za-km-z])`), severity: "critical", score: 0.85, what: "Bitcoin private key in wallet import format", minEntropy: 4, group: 1 },
  { id: "secrets.crypto.seed_phrase", kw: ["seed phrase", "seed_phrase", "seed words", "mnemonic", "recovery phrase", "secret phrase"], re: rx(`(?:seed[ _-]?(?:phrase|words)|mnemonic|recovery[ _-]?phrase|secret[ _-]?(?:recovery[ _-]?)?phrase)["']?\\s{0,3}(?:is|=|:)\\s{0,3}["']?((?:[a-z]{3,8} ){11}[a-z]{3,8}(?:(?: [a-z]{3,8}){3}){0,4})(?![a-z]| [a-z])`, "gi"), severity: "critical", score: 0.85, what: "wallet seed phrase (12-24 words)", group: 1, valid: (v) => !NOT_SEED_WORDS.test(v) },
  { id: "secrets.gcp.oauth_access_token", long: true, kw: [cs("ya29.")], re: rx(`${B}ya29\\.[A-Za-z0-9_\\-]{20,2000}${E}`), severity: "high", score: 0.85, what: "Google OAuth access token", minEntropy: 4 },
  { id: "secrets.gcp.oauth_refresh_token", kw: ["1//0"], re: rx(`(?<![A-Za-z0-9:/])1\\/\\/0[A-Za-z0-9_\\-]{40,500}${E}`), severity: "high", score: 0.8, what: "Google OAuth refresh token", minEntropy: 4 },
  { id: "secrets.dropbox.short_lived", long: true, kw: [cs("sl.")], re: rx(`${B}sl\\.(?:u\\.)?[A-Za-z0-9_\\-]{130,1400}${E}`), severity: "high", score: 0.85, what: "Dropbox access token", minEntropy: 4.5 },
  { id: "secrets.bitbucket.app_password", kw: [cs("ATBB")], re: rx(`${B}ATBB[A-Za-z0-9_=.\\-]{28,64}${E}`), severity: "high", score: 0.88, what: "Bitbucket app password", minEntropy: 3.8 },
  { id: "secrets.figma.token", kw: [cs("figd_"), cs("figu_")], re: rx(`${B}fig[du]_[A-Za-z0-9_\\-]{38,48}${E}`), severity: "high", score: 0.88, what: "Figma access token", minEntropy: 4 },
  { id: "secrets.netlify.token", kw: [cs("nfp_"), cs("nfc_"), cs("nfo_"), cs("nfu_")], re: rx(`${B}nf[pcou]_[A-Za-z0-9]{36,40}${E}`), severity: "high", score: 0.88, what: "Netlify access token", minEntropy: 4 },
  { id: "secrets.supabase.token", kw: [cs("sbp_"), cs("sb_secret_")], re: rx(`${B}sbp_(?:oauth_)?[a-f0-9]{40}${E}|${B}sb_secret_[A-Za-z0-9_\\-]{20,80}${E}`), severity: "high", score: 0.88, what: "Supabase access token or secret key", minEntropy: 3.4 },
  { id: "secrets.contentful.token", kw: [cs("CFPAT-")], re: rx(`${B}CFPAT-[A-Za-z0-9_\\-]{43}${E}`), severity: "high", score: 0.88, what: "Contentful management token", minEntropy: 4 },
  { id: "secrets.circleci.token", kw: [cs("CCIPAT_"), cs("CCIPRJ_")], re: rx(`${B}CCIP(?:AT|RJ)_[A-Za-z0-9]{20,24}_[a-f0-9]{40}${E}`), severity: "high", score: 0.9, what: "CircleCI API token", minEntropy: 3.8 },
  { id: "secrets.buildkite.token", kw: [cs("bkua_"), cs("bkat_")], re: rx(`${B}bk(?:ua|at)_[a-f0-9]{40}${E}`), severity: "high", score: 0.88, what: "Buildkite API or agent token", minEntropy: 3.4 },
  { id: "secrets.docker.hub_token", kw: [cs("dckr_pat_"), cs("dckr_oat_")], re: rx(`${B}dckr_(?:pat|oat)_[A-Za-z0-9_\\-]{24,40}${E}`), severity: "high", score: 0.9, what: "Docker Hub access token", minEntropy: 3.8 },
  { id: "secrets.nuget.api_key", kw: [cs("oy2")], re: rx(`${B}oy2[a-z0-9]{43}${E}`), severity: "high", score: 0.85, what: "NuGet API key", minEntropy: 3.8 },
  { id: "secrets.crates.token", kw: [cs("cio")], re: rx(`${B}cio[A-Za-z0-9]{32}${E}`), severity: "high", score: 0.8, what: "crates.io API token", minEntropy: 4, valid: mixedBody(3) },
  { id: "secrets.langsmith.key", kw: [cs("lsv2_")], re: rx(`${B}lsv2_(?:pt|sk)_[a-f0-9]{32}_[a-f0-9]{10}${E}`), severity: "high", score: 0.9, what: "LangSmith API key", minEntropy: 3.4 },
  { id: "secrets.pinecone.key", kw: [cs("pcsk_")], re: rx(`${B}pcsk_[A-Za-z0-9]{4,8}_[A-Za-z0-9]{50,90}${E}`), severity: "high", score: 0.9, what: "Pinecone API key", minEntropy: 4 },
  { id: "secrets.tavily.key", kw: [cs("tvly-")], re: rx(`${B}tvly-(?:dev-|prod-)?[A-Za-z0-9]{32}${E}`), severity: "high", score: 0.88, what: "Tavily API key", minEntropy: 4 },
  { id: "secrets.llm.sk_hex_key", kw: [cs("sk-")], re: rx(`${B}sk-[a-f0-9]{32}${E}`), severity: "high", score: 0.85, what: "LLM provider API key (sk- and 32 hex digits, as DeepSeek and others issue)", minEntropy: 3.4 },
  { id: "secrets.onepassword.service_account_token", long: true, kw: [cs("ops_eyJ")], re: rx(`${B}ops_eyJ[A-Za-z0-9+/_\-]{100,3000}={0,3}${E}`), severity: "critical", score: 0.92, what: "1Password service account token", minEntropy: 4.5 },
  { id: "secrets.render.api_key", kw: [cs("rnd_")], re: rx(`${B}rnd_[A-Za-z0-9]{32}${E}`), severity: "high", score: 0.85, what: "Render API key", minEntropy: 4, valid: mixedBody(4) },
  { id: "secrets.adafruit.io_key", kw: [cs("aio_")], re: rx(`${B}aio_[A-Za-z0-9]{28}${E}`), severity: "high", score: 0.85, what: "Adafruit IO key", minEntropy: 4, valid: mixedBody(4) },
  { id: "secrets.discord.webhook_url", kw: ["/api/webhooks/"], re: rx(`https://(?:(?:ptb|canary)\\.)?discord(?:app)?\\.com/api/webhooks/\\d{17,20}/([A-Za-z0-9_\\-]{60,70})${E}`), severity: "high", score: 0.85, what: "Discord webhook URL (whoever holds it can post as the webhook)", minEntropy: 4, group: 1 },
  // Password hashes in crypt format (shadow, htpasswd, bcrypt, yescrypt): not the password,
  // but offline-crackable, so a leak of them is a credential leak.
  { id: "secrets.password_hash.crypt", kw: [cs("$1$"), cs("$5$"), cs("$6$"), cs("$apr1$"), cs("$2a$"), cs("$2b$"), cs("$2x$"), cs("$2y$"), cs("$y$")], re: rx(`(?<![\\w$])(?:\\$(?:1|5|6|apr1)\\$(?:rounds=\\d{1,7}\\$)?[./A-Za-z0-9]{1,16}\\$[./A-Za-z0-9]{22,86}|\\$2[abxy]\\$\\d{2}\\$[./A-Za-z0-9]{53}|\\$y\\$[./A-Za-z0-9]{1,10}\\$[./A-Za-z0-9]{1,40}\\$[./A-Za-z0-9]{43})(?![./A-Za-z0-9])`), severity: "medium", score: 0.7, what: "password hash in crypt format (shadow, htpasswd, bcrypt)", minEntropy: 3.5 },
  { id: "secrets.openrouter.key", kw: [cs("sk-or-v1-")], re: rx(`${B}sk-or-v1-[a-f0-9]{64}${E}`), severity: "critical", score: 0.92, what: "OpenRouter API key", minEntropy: 3.5 },
  { id: "secrets.elevenlabs.key", kw: [cs("sk_")], re: rx(`${B}sk_[a-f0-9]{48}${E}`), severity: "high", score: 0.8, what: "ElevenLabs API key", minEntropy: 3.5 },
  { id: "secrets.firebase.fcm_server_key", long: true, kw: [cs(":APA91b")], re: rx(`${B}AAAA[A-Za-z0-9_\\-]{7}:APA91b[A-Za-z0-9_\\-]{100,200}${E}`), severity: "high", score: 0.9, what: "Firebase Cloud Messaging server key", minEntropy: 4 },
  { id: "secrets.twitter.bearer_token", kw: ["twitter", "bearer", "tweet"], re: rx(`${B}AAAAAAAAAAAAAAAAAAAAA[A-Za-z0-9%]{30,160}${E}`), severity: "high", score: 0.85, what: "Twitter/X bearer token", minEntropy: 3, fixedPrefix: 21, valid: variedTail(21) },
  { id: "secrets.mapbox.secret_token", long: true, kw: [cs("sk.eyJ")], re: rx(`${B}sk\\.eyJ[A-Za-z0-9_\\-]{20,400}\\.[A-Za-z0-9_\\-]{20,100}${E}`), severity: "high", score: 0.88, what: "Mapbox secret token", minEntropy: 4 },
  { id: "secrets.hubspot.private_app_token", kw: [cs("pat-na"), cs("pat-eu"), cs("pat-ap")], re: rx(`${B}pat-(?:na|eu|ap)\\d{1,2}-${UUID}${E}`), severity: "high", score: 0.88, what: "HubSpot private-app token", minEntropy: 3.4 },
  { id: "secrets.plaid.access_token", kw: ["access-sandbox-", "access-development-", "access-production-"], re: rx(`${B}access-(?:sandbox|development|production)-${UUID}${E}`), severity: "high", score: 0.85, what: "Plaid access token", minEntropy: 3.4 },
  { id: "secrets.braintree.access_token", kw: ["access_token$"], re: rx(`access_token\\$(?:production|sandbox)\\$[a-z0-9]{16}\\$[a-f0-9]{32}${E}`), severity: "critical", score: 0.92, what: "Braintree (PayPal) access token", minEntropy: 3.4 },
  { id: "secrets.azure.shared_access_key", kw: ["sharedaccesskey="], re: rx(`SharedAccessKey=([A-Za-z0-9+/]{43}=)`, "gi"), severity: "critical", score: 0.9, what: "Azure Service Bus / Event Hubs / IoT shared access key", minEntropy: 4, group: 1 },
  { id: "secrets.azure.devops_pat", kw: [cs("AZDO")], re: rx(`${B}[A-Za-z0-9]{52}JQQJ9[A-Za-z0-9]{14}AZDO[A-Za-z0-9]{4}${E}`), severity: "high", score: 0.9, what: "Azure DevOps personal access token", minEntropy: 4 },
  { id: "secrets.discord.bot_token", kw: ["discord", "bot_token", "bot-token", "bottoken"], re: rx(`${B}[MNO][A-Za-z0-9_\\-]{23,27}\\.[A-Za-z0-9_\\-]{6}\\.[A-Za-z0-9_\\-]{27,40}${E}`), severity: "high", score: 0.88, what: "Discord bot token", minEntropy: 4, valid: discordBotId },
  // AWS STS session tokens are base64 of a binary blob with a fixed start.
  { id: "secrets.aws.session_token", long: true, kw: [cs("IQoJb3JpZ2luX2Vj"), cs("FwoGZXIvYXdzE")], re: rx(`(?<![A-Za-z0-9+/])(?:IQoJb3JpZ2luX2Vj|FwoGZXIvYXdzE)[A-Za-z0-9+/]{100,4000}={0,2}(?![A-Za-z0-9+/=])`), severity: "critical", score: 0.9, what: "AWS temporary session token", minEntropy: 4.5 },
  { id: "secrets.yandex.static_key", kw: [cs("YC")], re: rx(`${B}YC[A-Za-z0-9_\\-]{38}${E}`), severity: "high", score: 0.85, what: "Yandex Cloud static access key", minEntropy: 4, valid: mixedBody(2) },
  { id: "secrets.gitlab.session_cookie", kw: ["_gitlab_session="], re: rx(`_gitlab_session=([a-z0-9]{32})${E}`), severity: "high", score: 0.85, what: "GitLab session cookie", minEntropy: 3.4, group: 1 },
  { id: "secrets.sidekiq.env", kw: ["__contribsys__com"], re: rx(`BUNDLE_(?:ENTERPRISE|GEMS)__CONTRIBSYS__COM["']?[ \\t]{0,3}[=:][ \\t]{0,3}["']?([a-f0-9]{8}:[a-f0-9]{8})(?![a-f0-9])`, "gi"), severity: "high", score: 0.85, what: "Sidekiq Enterprise credentials", group: 1 },
  // Only the vendor's name as the field: the value alone must then look generated (long,
  // varied, not words, paths or digests of a known kind), so it is scored lower.
  { id: "secrets.keyword.vendor_named_value", kw: VENDOR_NAMES.split("|"), re: rx(`(?<![A-Za-z0-9_.-])["']?(?:${VENDOR_NAMES})["']?[ \\t]{0,3}(?:=|:|=>|:=)[ \\t]{0,3}["'\x60]?([A-Za-z0-9_\\-+/=]{20,100})(?![A-Za-z0-9_\\-+/=.])`, "gi"), severity: "medium", score: 0.7, what: "vendor credential keyed by the vendor's name", minEntropy: 3.7, group: 1, valid: (v) => mixedClasses(v) && !isMixedCaseHex(v) },
  // The field name must name the vendor AND a credential ("CLOUDFLARE_API_TOKEN",
  // "twilio.authToken"): vendor names alone ("render", "segment") are ordinary words.
  { id: "secrets.keyword.platform_key", kw: PLATFORMS.split("|"), re: rx(`(?<![A-Za-z0-9])(?:${PLATFORMS})[\\w.-]{0,20}?(?:key|token|secret|auth|pass|pat)[\\w.-]{0,10}["'\\]]{0,2}[ \\t]{0,3}(?:=|:|=>|:=)[ \\t]{0,3}["'\x60]?([a-f0-9]{32}|[a-f0-9]{40}|${UUID}|[A-Za-z0-9_\\-]{32,64})(?![A-Za-z0-9_\\-=.])`, "gi"), severity: "high", score: 0.75, what: "platform API key assigned to a vendor-named field", minEntropy: 3.3, group: 1, valid: (v) => !isMixedCaseHex(v) },
];
