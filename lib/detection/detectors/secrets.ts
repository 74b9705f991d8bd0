// secrets: credentials with a recognisable shape (vendor prefixes, fixed lengths, key
// blocks) plus keyword-anchored assignments whose value has high entropy. Random-looking
// strings alone (git SHAs, sha256 digests, UUIDs) are deliberately NOT secrets: without
// a vendor prefix or a credential keyword next to them the false-positive cost on agent
// traffic (full of hashes) is far higher than the few keys they would add.

import type { View } from "../normalize";
import { entropy, pushFinding, type Rule, type RuleSet } from "../rules";
import type { Finding } from "../types";
import { isJweHeader, isStructuredJwt, MORE_FORMATS } from "./secrets-formats";
import { contextual, findKubernetesSecrets, findPuttyKeys } from "./secrets-context";
import { generic } from "./secrets-generic";
import { assigned, B, cs, E, rx, type KeyDef } from "./secrets-shape";
import { HAS_PLACEHOLDER_PART, hasAscendingRun, isMixedCaseHex, isNonSecretValue, isWellKnownValue, isWordSequence, PLACEHOLDER, sequenceCoverage } from "./secrets-value";

export { hasAscendingRun } from "./secrets-value";


/**
 * The vendor's name starts a name: at the text's start, after a separator, or as the next word
 * of a camelCase name ("myLinearApiKey"). Inside a word it is another word: "globalThisKey" has
 * no Lob key, "consumoToken" no Sumo Logic token. (The pattern is case-insensitive, so this is
 * checked here.)
 */
function startsAName(m: RegExpExecArray): boolean {
  const before = m.input.charCodeAt(m.index - 1);
  if (Number.isNaN(before) || !/[A-Za-z0-9]/.test(String.fromCharCode(before))) return true;
  return /[a-z0-9]/.test(String.fromCharCode(before)) && /[A-Z]/.test(m.input.charAt(m.index));
}

const KEYS: KeyDef[] = [
  { id: "secrets.aws.access_key_id", kw: [cs("AKIA"), cs("ASIA"), cs("ABIA"), cs("ACCA"), cs("A3T")], re: rx(`(?<![A-Z0-9])(?:AKIA|ASIA|ABIA|ACCA|A3T[A-Z0-9])[A-Z2-7]{16}(?![A-Z0-9])`), severity: "critical", score: 0.9, what: "AWS access key id", minEntropy: 3 },
  { id: "secrets.aws.secret_access_key", kw: ["secret_access", "secretaccess", "aws_secret", "awssecret", "secret_key", "secretkey"], re: rx(`(?:aws_?secret_?(?:access_?)?key|secret_?access_?key|SecretAccessKey|AWS_SECRET_ACCESS_KEY)["'\\]]{0,2}\\s{0,5}(?:=|:|=>|:=)\\s{0,5}["']?([A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])`, "gi"), severity: "critical", score: 0.95, what: "AWS secret access key", minEntropy: 3.5, group: 1 },
  { id: "secrets.aws.bedrock_key", long: true, kw: [cs("ABSK")], re: rx(`${B}ABSK[A-Za-z0-9+/]{109,269}={0,2}${E}`), severity: "critical", score: 0.9, what: "Amazon Bedrock API key", minEntropy: 4 },
  { id: "secrets.aws.bedrock_short_key", long: true, kw: ["bedrock-api-key-"], re: rx(`${B}bedrock-api-key-YmVkcm9jay5hbWF6b25hd3MuY29t[A-Za-z0-9+/=]{40,2000}`), severity: "high", score: 0.85, what: "Amazon Bedrock short-lived API key", minEntropy: 3.5 },
  { id: "secrets.gcp.api_key", kw: [cs("AIza")], re: rx(`${B}AIza[0-9A-Za-z_\\-]{35}${E}`), severity: "high", score: 0.85, what: "Google API key", minEntropy: 3.8 },
  { id: "secrets.gcp.service_account", kw: ["service_account"], re: rx(`"type\\\\{0,2}"\\s{0,3}:\\s{0,3}\\\\{0,2}"service_account\\\\{0,2}"[\\s\\S]{0,400}?"private_key(?:_id)?\\\\{0,2}"\\s{0,3}:`), severity: "critical", score: 0.92, what: "Google Cloud service-account key file" },
  { id: "secrets.gcp.oauth_secret", kw: [cs("GOCSPX-")], re: rx(`${B}GOCSPX-[A-Za-z0-9_\\-]{28}${E}`), severity: "high", score: 0.88, what: "Google OAuth client secret" },
  { id: "secrets.azure.client_secret", kw: [cs("Q~")], re: rx(`(?<![A-Za-z0-9_~.\\-])[A-Za-z0-9_~.]{3}\\dQ~[A-Za-z0-9_~.\\-]{31,34}(?![A-Za-z0-9_~.\\-])`), severity: "high", score: 0.88, what: "Azure AD client secret", minEntropy: 3.5 },
  { id: "secrets.azure.storage_key", kw: [cs("AccountKey=")], re: rx(`AccountKey=([A-Za-z0-9+/]{86}==)`), severity: "critical", score: 0.93, what: "Azure storage account key", minEntropy: 4, group: 1 },
  { id: "secrets.azure.sas_token", kw: ["sig="], re: rx(`[?&]sig=([A-Za-z0-9%+/]{40,100}(?:%3D|=){0,2})(?=[&"'\\s]|$)`), severity: "high", score: 0.8, what: "Azure shared access signature", minEntropy: 4, group: 1 },
  { id: "secrets.github.token", kw: [cs("ghp_"), cs("gho_"), cs("ghu_"), cs("ghs_"), cs("ghr_")], re: rx(`${B}(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36}${E}`), severity: "critical", score: 0.95, what: "GitHub token", minEntropy: 3.5 },
  { id: "secrets.github.fine_grained_pat", kw: [cs("github_pat_")], re: rx(`${B}github_pat_[A-Za-z0-9_]{82}${E}`), severity: "critical", score: 0.95, what: "GitHub fine-grained personal access token", minEntropy: 4 },
  { id: "secrets.gitlab.token", long: true, kw: [cs("glpat-"), cs("gloas-"), cs("glcbt-"), cs("glptt-"), cs("glrt-"), cs("glsoat-"), cs("glffct-"), cs("glagent-"), cs("gldt-"), cs("glimt-"), cs("glft-"), cs("GR1348941")], re: rx(`${B}(?:glpat|gloas|glcbt|glptt|glrt|glsoat|glffct|glagent|gldt|glimt|glft)-[A-Za-z0-9_\\-]{20,300}(?:\\.[A-Za-z0-9]{2}\\.[A-Za-z0-9]{7,9})?${E}|${B}GR1348941[A-Za-z0-9_\\-]{20}${E}`), severity: "critical", score: 0.93, what: "GitLab token", minEntropy: 3.5 },
  { id: "secrets.grafana.token", long: true, kw: [cs("glc_"), cs("glsa_"), cs("eyJrIjoi")], re: rx(`${B}glc_[A-Za-z0-9+/]{32,400}={0,2}(?![A-Za-z0-9+/=])|${B}glsa_[A-Za-z0-9]{32}_[A-Fa-f0-9]{8}${E}|${B}eyJrIjoi[A-Za-z0-9]{70,400}={0,2}(?![A-Za-z0-9=])`), severity: "high", score: 0.88, what: "Grafana API or service-account token", minEntropy: 3.8 },
  { id: "secrets.stripe.live_key", kw: [cs("_live_")], re: rx(`${B}(?:sk|rk)_live_[A-Za-z0-9]{20,247}${E}`), severity: "critical", score: 0.95, what: "Stripe live secret key", minEntropy: 3.5 },
  { id: "secrets.stripe.test_key", kw: [cs("_test_")], re: rx(`${B}(?:sk|rk)_test_[A-Za-z0-9]{20,247}${E}`), severity: "medium", score: 0.6, what: "Stripe test secret key", minEntropy: 3.5 },
  { id: "secrets.stripe.webhook_secret", kw: [cs("whsec_")], re: rx(`${B}whsec_[A-Za-z0-9]{32,64}${E}`), severity: "high", score: 0.85, what: "Stripe webhook secret", minEntropy: 3.5 },
  { id: "secrets.square.token", kw: [cs("EAAA"), cs("sq0atp-"), cs("sq0csp-")], re: rx(`${B}(?:EAAA|sq0atp-)[A-Za-z0-9_\\-]{22,60}${E}|${B}sq0csp-[A-Za-z0-9_\\-]{43}${E}`), severity: "high", score: 0.88, what: "Square access token or secret", minEntropy: 3.8 },
  { id: "secrets.slack.token", long: true, kw: [cs("xox"), cs("xapp-")], re: rx(`${B}xoxb-\\d{10,13}-\\d{10,13}[A-Za-z0-9-]{0,40}${E}|${B}xoxb-\\d{8,14}-[A-Za-z0-9]{18,26}${E}|${B}xox[pe](?:-\\d{10,13}){3}-[A-Za-z0-9-]{28,34}${E}|${B}xox[os]-\\d{1,14}-\\d{1,14}-\\d{1,14}-[A-Fa-f0-9]{6,64}${E}|${B}xox[ar]-(?:\\d-)?(?=[A-Za-z]{0,47}\\d)[A-Za-z0-9]{8,48}${E}|${B}xoxe(?:\\.xox[bp])?-\\d-[A-Za-z0-9]{146,170}${E}|${B}xapp-\\d-[A-Z0-9]{8,14}-\\d{10,16}-[a-z0-9]{60,70}${E}`), severity: "critical", score: 0.92, what: "Slack token", minEntropy: 3 },
  { id: "secrets.slack.webhook", kw: ["hooks.slack.com/"], re: rx(`(?:https?:\\/\\/)?hooks\\.slack\\.com\\/(?:services|workflows|triggers)\\/([A-Za-z0-9+/]{40,100})`), severity: "high", score: 0.88, what: "Slack incoming-webhook URL", minEntropy: 3, group: 1 },
  { id: "secrets.openai.api_key", kw: [cs("sk-")], re: rx(`${B}sk-(?:(?:proj|svcacct|admin|None)-)?[A-Za-z0-9_\\-]{16,200}T3BlbkFJ[A-Za-z0-9_\\-]{16,200}${E}|${B}sk-(?:proj|svcacct|admin)-[A-Za-z0-9_\\-]{58,200}${E}|${B}sk-[A-Za-z0-9]{48}${E}`), severity: "critical", score: 0.95, what: "OpenAI API key", minEntropy: 4 },
  { id: "secrets.anthropic.api_key", kw: [cs("sk-ant-")], re: rx(`${B}sk-ant-(?:api|admin)\\d{2}-[A-Za-z0-9_\\-]{93}AA${E}|${B}sk-ant-(?:sid|oat)\\d{2}-[A-Za-z0-9_\\-]{80,110}${E}`), severity: "critical", score: 0.95, what: "Anthropic API key", minEntropy: 3.8 },
  { id: "secrets.llm.groq", kw: [cs("gsk_")], re: rx(`${B}gsk_[A-Za-z0-9]{52}${E}`), severity: "critical", score: 0.92, what: "Groq API key", minEntropy: 4 },
  { id: "secrets.llm.huggingface", kw: [cs("hf_"), cs("api_org_")], re: rx(`${B}(?:hf_|api_org_)[A-Za-z]{34}${E}`), severity: "high", score: 0.88, what: "Hugging Face token", minEntropy: 3.8 },
  { id: "secrets.llm.perplexity", kw: [cs("pplx-")], re: rx(`${B}pplx-[A-Za-z0-9]{48}${E}`), severity: "high", score: 0.88, what: "Perplexity API key", minEntropy: 4 },
  { id: "secrets.llm.replicate", kw: [cs("r8_")], re: rx(`${B}r8_[A-Za-z0-9]{37}${E}`), severity: "high", score: 0.88, what: "Replicate API token", minEntropy: 4 },
  { id: "secrets.llm.xai", kw: [cs("xai-")], re: rx(`${B}xai-[A-Za-z0-9]{80}${E}`), severity: "high", score: 0.88, what: "xAI API key", minEntropy: 4 },
  { id: "secrets.llm.cohere", kw: ["cohere", "co_api", "coapi"], re: assigned("co_?api_?key|cohere", "[A-Za-z0-9]{40}"), severity: "high", score: 0.85, what: "Cohere API key", minEntropy: 4, group: 1 },
  { id: "secrets.npm.token", kw: [cs("npm_")], re: rx(`${B}npm_[A-Za-z0-9]{36}${E}`), severity: "critical", score: 0.92, what: "npm access token", minEntropy: 4 },
  { id: "secrets.pypi.token", long: true, kw: [cs("pypi-AgEIcHlwaS5vcmc")], re: rx(`${B}pypi-AgEIcHlwaS5vcmc[A-Za-z0-9_\\-]{50,1000}${E}`), severity: "critical", score: 0.92, what: "PyPI upload token" },
  { id: "secrets.sendgrid.api_key", kw: [cs("SG.")], re: rx(`${B}SG\\.[A-Za-z0-9_\\-]{22}\\.[A-Za-z0-9_\\-]{43}${E}`), severity: "high", score: 0.9, what: "SendGrid API key", minEntropy: 4 },
  { id: "secrets.twilio.api_key", kw: "0123456789abcdef".split("").map((c) => cs(`SK${c}`)), re: rx(`${B}SK[0-9a-f]{32}${E}`), severity: "medium", score: 0.65, what: "Twilio API key", minEntropy: 3.5 },
  { id: "secrets.mailgun.api_key", kw: ["key-"], re: rx(`${B}key-[0-9a-z]{32}${E}`), severity: "high", score: 0.8, what: "Mailgun API key", minEntropy: 3.8 },
  { id: "secrets.mailchimp.api_key", kw: ["-us"], re: rx(`${B}[0-9a-f]{32}-us\\d{1,2}${E}`), severity: "high", score: 0.85, what: "Mailchimp API key", minEntropy: 3.2 },
  { id: "secrets.shopify.token", kw: [cs("shpat_"), cs("shpca_"), cs("shppa_"), cs("shpss_")], re: rx(`${B}shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}${E}`), severity: "high", score: 0.9, what: "Shopify access token", minEntropy: 3.2 },
  { id: "secrets.digitalocean.token", kw: [cs("dop_v1_"), cs("doo_v1_"), cs("dor_v1_")], re: rx(`${B}do[opr]_v1_[a-f0-9]{64}${E}`), severity: "high", score: 0.9, what: "DigitalOcean token", minEntropy: 3.5 },
  { id: "secrets.databricks.token", kw: [cs("dapi")], re: rx(`${B}dapi[a-f0-9]{32}(?:-\\d)?${E}`), severity: "high", score: 0.88, what: "Databricks token", minEntropy: 3.5 },
  { id: "secrets.hashicorp.token", long: true, kw: [".atlasv1.", cs("hvs."), cs("hvb.")], re: rx(`${B}[A-Za-z0-9]{14}\\.atlasv1\\.[A-Za-z0-9\\-_=]{60,70}${E}|${B}hvs\\.[A-Za-z0-9_\\-]{90,120}${E}|${B}hvb\\.[A-Za-z0-9_\\-]{138,300}${E}`), severity: "critical", score: 0.92, what: "HashiCorp Terraform/Vault token", minEntropy: 3.8 },
  { id: "secrets.hashicorp.vault_legacy", kw: ["vault", "token"], re: rx(`(?:vault|token)[\\w.-]{0,20}["']?[ \\t]{0,3}(?:=|:|=>)[ \\t]{0,3}["']?(s\\.[A-Za-z0-9]{24})(?![A-Za-z0-9])`, "gi"), severity: "high", score: 0.85, what: "HashiCorp Vault service token", minEntropy: 3.5, group: 1 },
  { id: "secrets.notion.token", kw: [cs("ntn_"), cs("secret_")], re: rx(`${B}ntn_\\d{11}[A-Za-z0-9]{32}[A-Za-z0-9]{3}${E}|${B}secret_[A-Za-z0-9]{43}${E}`), severity: "high", score: 0.88, what: "Notion integration token", minEntropy: 3.8 },
  { id: "secrets.sourcegraph.token", kw: [cs("sgp_"), "sourcegraph"], re: rx(`${B}sgp_(?:[a-fA-F0-9]{16}|local)_[a-fA-F0-9]{40}${E}|${B}sgp_[a-fA-F0-9]{40}${E}|(?<=sourcegraph(?:[ \\t\\w.-]{0,20})[\\s'"]{0,3}(?:=|>|:{1,3}=|:|=>|,)[\\x60'"\\s=]{0,5})[a-fA-F0-9]{40}${E}`, "gi"), severity: "high", score: 0.88, what: "Sourcegraph access token", minEntropy: 3.5 },
  { id: "secrets.onepassword.token", long: true, kw: [cs("ops_eyJ")], re: rx(`${B}ops_eyJ[A-Za-z0-9+/]{250,}={0,3}`), severity: "critical", score: 0.92, what: "1Password service-account token", minEntropy: 4 },
  { id: "secrets.onepassword.secret_key", kw: [cs("A3-")], re: rx(`${B}A3-[A-Z0-9]{6}-(?:[A-Z0-9]{11}|[A-Z0-9]{6}-[A-Z0-9]{5})-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}${E}`), severity: "critical", score: 0.92, what: "1Password account secret key", minEntropy: 3 },
  { id: "secrets.age.secret_key", kw: [cs("AGE-SECRET-KEY-1")], re: rx(`AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}`), severity: "critical", score: 0.95, what: "age encryption secret key" },
  { id: "secrets.facebook.token", long: true, kw: [cs("EAA")], re: rx(`${B}EAA[MC][A-Za-z0-9]{100,300}${E}`), severity: "high", score: 0.88, what: "Facebook access token", minEntropy: 4 },
  { id: "secrets.facebook.app_token", kw: [..."0123456789".split("").flatMap((d) => [`${d}|`, `${d}%7c`])], re: rx(`(?<![0-9])\\d{15,16}(?:\\||%7[Cc])[0-9a-zA-Z\\-_]{27,40}${E}`), severity: "high", score: 0.85, what: "Facebook app access token", minEntropy: 3.5 },
  { id: "secrets.atlassian.token", kw: [cs("ATATT3")], re: rx(`${B}ATATT3[A-Za-z0-9_\\-=]{186}${E}`), severity: "high", score: 0.9, what: "Atlassian API token", minEntropy: 4 },
  { id: "secrets.jfrog.token", kw: [cs("AKCp"), cs("cmVmd")], re: rx(`${B}AKCp[A-Za-z0-9]{69}${E}|${B}cmVmd[A-Za-z0-9]{59}${E}`), severity: "high", score: 0.88, what: "JFrog Artifactory token", minEntropy: 4.2 },
  { id: "secrets.telegram.bot_token", kw: [cs(":AA")], re: rx(`(?<![\\d])\\d{8,10}:AA[A-Za-z0-9_\\-]{33}${E}`), severity: "high", score: 0.88, what: "Telegram bot token", minEntropy: 3.5 },
  { id: "secrets.discord.webhook", kw: ["discord"], re: rx(`https:\\/\\/(?:ptb\\.|canary\\.)?discord(?:app)?\\.com\\/api\\/webhooks\\/\\d{17,20}\\/[A-Za-z0-9_\\-]{60,70}`), severity: "high", score: 0.88, what: "Discord webhook URL", minEntropy: 3.5 },
  { id: "secrets.discord.client", kw: ["discord"], re: assigned("discord", "[0-9]{18}|[A-Za-z0-9=_\\-]{32}|[a-f0-9]{64}"), severity: "high", score: 0.8, what: "Discord client id or secret", minEntropy: 2.8, group: 1 },
  { id: "secrets.teams.webhook", kw: [".webhook.office.com"], re: rx(`https:\\/\\/[a-z0-9]{1,40}\\.webhook\\.office\\.com\\/webhookb2\\/[a-z0-9\\-]{36}@[a-z0-9\\-]{36}\\/IncomingWebhook\\/[a-z0-9]{32}\\/[a-z0-9\\-]{36}`), severity: "high", score: 0.85, what: "Microsoft Teams webhook URL" },
  { id: "secrets.sidekiq.url", kw: ["contribsys.com"], re: rx(`\\bhttps?:\\/\\/([a-f0-9]{8}:[a-f0-9]{8})@(?:gems|enterprise)\\.contribsys\\.com`, "gi"), severity: "high", score: 0.85, what: "Sidekiq Enterprise credentials in URL" },
  { id: "secrets.maxmind.license", kw: ["_mmk"], re: rx(`${B}[A-Za-z0-9]{6}_[A-Za-z0-9]{29}_mmk${E}`), severity: "high", score: 0.85, what: "MaxMind license key", minEntropy: 3.8 },
  { id: "secrets.intra42.secret", kw: ["s-s4t2"], re: rx(`${B}s-s4t2(?:ud|af)-[a-f0-9]{64}${E}`), severity: "high", score: 0.85, what: "42 Intra client secret" },
  { id: "secrets.alibaba.access_key", kw: [cs("LTAI")], re: rx(`${B}LTAI[A-Za-z0-9]{20}${E}`), severity: "high", score: 0.88, what: "Alibaba Cloud access key id", minEntropy: 3.5 },
  { id: "secrets.cloudflare.origin_ca", kw: ["v1.0-"], re: rx(`${B}v1\\.0-[a-f0-9]{24}-[a-f0-9]{146}${E}`), severity: "high", score: 0.85, what: "Cloudflare Origin CA key" },
  { id: "secrets.clickhouse.secret", kw: [cs("4b1d")], re: rx(`${B}4b1d[A-Za-z0-9]{38}${E}`), severity: "high", score: 0.85, what: "ClickHouse Cloud API secret", minEntropy: 4 },
  { id: "secrets.snyk.token", kw: ["snyk"], re: assigned("snyk", "[a-f0-9]{8}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{4}-[a-f0-9]{12}"), severity: "high", score: 0.8, what: "Snyk API token", group: 1 },
  { id: "secrets.adobe.client_secret", kw: [cs("p8e-")], re: rx(`${B}p8e-[A-Za-z0-9]{32}${E}`), severity: "high", score: 0.85, what: "Adobe client secret", minEntropy: 3.8 },
  { id: "secrets.sonar.token", kw: [cs("squ_"), cs("sqp_"), cs("sqa_")], re: rx(`${B}(?:squ|sqp|sqa)_[a-f0-9]{40}${E}`), severity: "high", score: 0.85, what: "SonarQube token", minEntropy: 3.5 },
  { id: "secrets.messagebird.key", kw: ["messagebird", "message_bird", "message-bird"], re: assigned("messagebird|message[_-]?bird", "[A-Za-z0-9]{25}|[a-h0-9]{8}-[a-h0-9]{4}-[a-h0-9]{4}-[a-h0-9]{4}-[a-h0-9]{12}"), severity: "medium", score: 0.7, what: "MessageBird API key or client id", minEntropy: 3.2, group: 1 },
  { id: "secrets.easypost.token", kw: [cs("EZAK"), cs("EZTK")], re: rx(`${B}EZ[AT]K[A-Za-z0-9]{54}${E}`), severity: "high", score: 0.88, what: "EasyPost API token", minEntropy: 3.8 },
  { id: "secrets.beamer.token", kw: ["beamer"], re: assigned("beamer", "b_[a-z0-9=_\\-]{44}"), severity: "high", score: 0.85, what: "Beamer API token", minEntropy: 3.5, group: 1 },
  { id: "secrets.octopus.api_key", kw: [cs("API-")], re: rx(`${B}API-[A-Z0-9]{26}${E}`), severity: "high", score: 0.85, what: "Octopus Deploy API key", minEntropy: 3.5 },
  { id: "secrets.okta.token", kw: ["okta"], re: assigned("okta", "00[A-Za-z0-9=_\\-]{40}"), severity: "high", score: 0.85, what: "Okta access token", minEntropy: 3.5, group: 1 },
  { id: "secrets.openshift.token", kw: ["sha256~"], re: rx(`${B}sha256~[A-Za-z0-9_\\-]{43}${E}`), severity: "high", score: 0.88, what: "OpenShift user token", minEntropy: 3.8 },
  { id: "secrets.prefect.token", kw: [cs("pnu_")], re: rx(`${B}pnu_[A-Za-z0-9]{36}${E}`), severity: "high", score: 0.88, what: "Prefect API token", minEntropy: 3.8 },
  { id: "secrets.pulumi.token", kw: [cs("pul-")], re: rx(`${B}pul-[a-f0-9]{40}${E}`), severity: "high", score: 0.88, what: "Pulumi access token", minEntropy: 3.5 },
  { id: "secrets.readme.token", kw: [cs("rdme_")], re: rx(`${B}rdme_[a-z0-9]{70}${E}`), severity: "high", score: 0.88, what: "ReadMe API token", minEntropy: 3.8 },
  { id: "secrets.infracost.token", kw: [cs("ico-")], re: rx(`(?<![A-Za-z0-9_.\\-])ico-[A-Za-z0-9]{32}${E}`), severity: "high", score: 0.85, what: "Infracost API token", minEntropy: 3.8 },
  { id: "secrets.settlemint.token", kw: [cs("sm_pat_"), cs("sm_aat_"), cs("sm_sat_")], re: rx(`${B}sm_(?:pat|aat|sat)_[A-Za-z0-9]{16}${E}`), severity: "high", score: 0.85, what: "SettleMint access token", minEntropy: 3.2 },
  { id: "secrets.keyword.vendor_hex", kw: ["meraki", "privateai", "private_ai", "private-ai", "etsy", "sumo", "jfrog", "artifactory", "mailchimp", "linear", "contentful", "datadog", "newrelic", "heroku", "algolia", "airtable", "asana", "bitbucket", "circleci", "dropbox", "fastly", "freshbooks", "launchdarkly", "mapbox", "netlify", "pagerduty", "sentry", "twitch", "twitter", "zendesk", "typeform", "postman", "rapidapi", "sendinblue", "shippo", "plaid", "finicity", "flickr", "gitter", "kucoin", "lob", "nytimes", "yandex", "zapier"], re: rx(`(?:meraki|private[_-]?ai|etsy|sumo|jfrog|artifactory|mailchimp|linear|contentful|datadog|newrelic|heroku|algolia|airtable|asana|bitbucket|circleci|dropbox|fastly|freshbooks|launchdarkly|mapbox|netlify|pagerduty|sentry|twitch|twitter|zendesk|typeform|postman|rapidapi|sendinblue|shippo|plaid|finicity|flickr|gitter|kucoin|lob|nytimes|yandex|zapier)[\\w.-]{0,20}?(?:key|token|secret|api|auth|pass|pat|id)[\\w.-]{0,10}["'\\]]{0,2}[ \\t]{0,3}(?:=|:|=>|:=)[ \\t]{0,3}["'\`]?([A-Za-z0-9_\\-=]{12,100})(?![A-Za-z0-9_\\-=.])`, "gi"), severity: "high", score: 0.75, what: "vendor API key or token assigned to a vendor-named field", minEntropy: 3.3, group: 1, valid: (v, m) => !isMixedCaseHex(v) && startsAName(m) },
  // More vendor formats with distinctive prefixes (public token formats, as listed by
  // secret scanners such as gitleaks and by the vendors' own documentation).
  { id: "secrets.doppler.token", kw: ["dp.pt.", "dp.st.", "dp.sa.", "dp.ct.", "dp.scim.", "dp.audit."], re: rx(`${B}dp\\.(?:pt|st|sa|ct|scim|audit)\\.[A-Za-z0-9]{40,44}${E}`), severity: "high", score: 0.88, what: "Doppler token", minEntropy: 3.8 },
  { id: "secrets.duffel.token", kw: ["duffel_"], re: rx(`${B}duffel_(?:test|live)_[A-Za-z0-9_\\-=]{43}${E}`), severity: "high", score: 0.88, what: "Duffel API token", minEntropy: 3.8 },
  { id: "secrets.dynatrace.token", kw: ["dt0c01."], re: rx(`${B}dt0c01\\.[A-Za-z0-9]{24}\\.[A-Za-z0-9]{64}${E}`), severity: "high", score: 0.9, what: "Dynatrace API token", minEntropy: 3.8 },
  { id: "secrets.flutterwave.key", kw: [cs("FLWSECK"), cs("FLWPUBK")], re: rx(`${B}FLW(?:SEC|PUB)K(?:_TEST)?-[a-h0-9]{32}-X${E}|${B}FLWSECK(?:_TEST)?-?[a-h0-9]{12}${E}`), severity: "high", score: 0.85, what: "Flutterwave key", minEntropy: 3.2 },
  { id: "secrets.airtable.pat", kw: [cs("pat")], re: rx(`${B}pat[A-Za-z0-9]{14}\\.[a-f0-9]{64}${E}`), severity: "high", score: 0.9, what: "Airtable personal access token", minEntropy: 3.8 },
  { id: "secrets.frameio.token", kw: ["fio-u-"], re: rx(`${B}fio-u-[A-Za-z0-9\\-_=]{64}${E}`), severity: "high", score: 0.88, what: "Frame.io API token", minEntropy: 4 },
  { id: "secrets.flyio.token", long: true, kw: [cs("fo1_"), cs("fm1"), cs("fm2_")], re: rx(`${B}fo1_[\\w-]{43}${E}|${B}fm1[ar]_[A-Za-z0-9+/]{100,}={0,3}(?![A-Za-z0-9+/=])|${B}fm2_[A-Za-z0-9+/]{100,}={0,3}(?![A-Za-z0-9+/=])`), severity: "high", score: 0.88, what: "Fly.io access token", minEntropy: 4 },
  { id: "secrets.harness.token", kw: ["pat.", "sat."], re: rx(`${B}(?:pat|sat)\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9]{24}\\.[A-Za-z0-9]{20}${E}`), severity: "high", score: 0.88, what: "Harness access token", minEntropy: 3.8 },
  { id: "secrets.heroku.token_v2", kw: [cs("HRKU-")], re: rx(`${B}HRKU-AA[0-9A-Za-z_-]{58}${E}`), severity: "high", score: 0.9, what: "Heroku API key", minEntropy: 4 },
  { id: "secrets.linear.api_key", kw: [cs("lin_api_")], re: rx(`${B}lin_api_[A-Za-z0-9]{40}${E}`), severity: "high", score: 0.9, what: "Linear API key", minEntropy: 4 },
  { id: "secrets.lob.api_key", kw: ["live_", "test_"], re: rx(`${B}(?:live|test)_(?:pub_)?[a-f0-9]{31,35}${E}`), severity: "medium", score: 0.7, what: "Lob API key", minEntropy: 3.4 },
  { id: "secrets.mailgun.keys", kw: ["pubkey-"], re: rx(`${B}pubkey-[a-f0-9]{32}${E}`), severity: "medium", score: 0.7, what: "Mailgun public validation key", minEntropy: 3.4 },
  { id: "secrets.newrelic.key", kw: [cs("NRAK-"), cs("NRJS-"), cs("NRII-"), cs("NRAA-")], re: rx(`${B}NRAK-[A-Z0-9]{27}${E}|${B}NRJS-[a-f0-9]{19}${E}|${B}NRII-[A-Za-z0-9-]{32}${E}|${B}NRAA-[a-f0-9]{27}${E}`), severity: "high", score: 0.88, what: "New Relic API key", minEntropy: 3.4 },
  { id: "secrets.planetscale.token", kw: ["pscale_"], re: rx(`${B}pscale_(?:tkn|oauth|pw)_[A-Za-z0-9=._-]{32,64}${E}`), severity: "high", score: 0.9, what: "PlanetScale token or password", minEntropy: 3.8 },
  { id: "secrets.postman.token", kw: [cs("PMAK-")], re: rx(`${B}PMAK-[a-f0-9]{24}-[a-f0-9]{34}${E}`), severity: "high", score: 0.9, what: "Postman API token", minEntropy: 3.4 },
  { id: "secrets.rubygems.token", kw: ["rubygems_"], re: rx(`${B}rubygems_[a-f0-9]{48}${E}`), severity: "high", score: 0.9, what: "RubyGems API token", minEntropy: 3.4 },
  { id: "secrets.scalingo.token", kw: ["tk-us-"], re: rx(`${B}tk-us-[\\w-]{48}${E}`), severity: "high", score: 0.88, what: "Scalingo API token", minEntropy: 3.8 },
  { id: "secrets.sendinblue.key", kw: ["xkeysib-", "xsmtpsib-"], re: rx(`${B}x(?:keysib|smtpsib)-[a-f0-9]{64}-[A-Za-z0-9]{16}${E}`), severity: "high", score: 0.9, what: "Brevo (Sendinblue) API key", minEntropy: 3.4 },
  { id: "secrets.shippo.token", kw: ["shippo_"], re: rx(`${B}shippo_(?:live|test)_[a-f0-9]{40}${E}`), severity: "high", score: 0.88, what: "Shippo API token", minEntropy: 3.4 },
  { id: "secrets.sentry.token", long: true, kw: [cs("sntrys_"), cs("sntryu_")], re: rx(`${B}sntrys_eyJpYXQiO[A-Za-z0-9+/=_]{60,400}${E}|${B}sntryu_[a-f0-9]{64}${E}`), severity: "high", score: 0.9, what: "Sentry auth token", minEntropy: 3.4 },
  { id: "secrets.clojars.token", kw: [cs("CLOJARS_")], re: rx(`${B}CLOJARS_[a-z0-9]{60}${E}`), severity: "high", score: 0.88, what: "Clojars deploy token", minEntropy: 3.4 },
  { id: "secrets.defined_networking.token", kw: ["dnkey-"], re: rx(`${B}dnkey-[a-z0-9=_\\-]{26}-[a-z0-9=_\\-]{52}${E}`), severity: "high", score: 0.88, what: "Defined Networking API token", minEntropy: 3.8 },
  { id: "secrets.typeform.token", kw: [cs("tfp_")], re: rx(`${B}tfp_[A-Za-z0-9\\-_.=]{59}${E}`), severity: "high", score: 0.88, what: "Typeform API token", minEntropy: 3.8 },
  { id: "secrets.yandex.token", kw: [cs("AQVN"), cs("YC"), "t1."], re: rx(`${B}AQVN[A-Za-z0-9_\\-]{35,38}${E}|${B}t1\\.[A-Z0-9a-z_-]+={0,2}\\.[A-Z0-9a-z_-]{86}={0,2}(?![A-Za-z0-9_=-])`), severity: "high", score: 0.85, what: "Yandex Cloud key or token", minEntropy: 3.8 },
  { id: "secrets.stripe.prod_or_short", kw: [cs("_prod_"), cs("_live_")], re: rx(`${B}(?:sk|rk)_prod_[A-Za-z0-9]{10,99}${E}|${B}(?:sk|rk)_live_[A-Za-z0-9]{10,19}${E}`), severity: "critical", score: 0.9, what: "Stripe secret key", minEntropy: 3.2 },
  { id: "secrets.authress.key", kw: ["acc_", "acc-"], re: rx(`${B}(?:sc|ext|scauth|authress)_[a-z0-9]{5,30}\\.[a-z0-9]{4,6}\\.acc[_-][a-z0-9-]{10,32}\\.[a-z0-9+/_=-]{30,120}${E}`, "gi"), severity: "high", score: 0.88, what: "Authress service client access key", minEntropy: 3.8 },
  { id: "secrets.nuget.password", kw: ["cleartextpassword"], re: rx(`<add\\s{1,3}key=["']ClearTextPassword["']\\s{1,3}value=["']([^"'\\s]{6,100})["']`, "gi"), severity: "high", score: 0.8, what: "NuGet feed password", minEntropy: 2.8, group: 1 },
  // Header "eyJ" ({"), then payload and signature; the payload may start otherwise when
  // its JSON begins with a space. isStructuredJwt decodes both and checks them.
  { id: "secrets.jwt", long: true, kw: [cs("eyJ")], re: rx(`${B}eyJ[A-Za-z0-9_\\-]{8,4000}\\.e[wy][A-Za-z0-9_\\-]{8,8000}\\.[A-Za-z0-9_\\-]{16,2000}${E}`), severity: "high", score: 0.8, what: "JSON Web Token", minEntropy: 4, valid: isStructuredJwt },
  { id: "secrets.jwe", long: true, kw: [cs("eyJ")], re: rx(`${B}eyJ[A-Za-z0-9_\\-]{8,2000}\\.[A-Za-z0-9_\\-]{0,2000}\\.[A-Za-z0-9_\\-]{16,200}\\.[A-Za-z0-9_\\-]{16,8000}\\.[A-Za-z0-9_\\-]{16,200}${E}`), severity: "high", score: 0.8, what: "encrypted JSON Web Token (JWE)", minEntropy: 4, valid: isJweHeader },
];

// Placeholder markers for values that carry a vendor prefix: the prefix and exact
// shape are strong evidence already, so only unmistakable placeholders are rejected
// (runs of x, *, repeated characters, EXAMPLE, "your_key", <...>, "...").
const PREFIXED_PLACEHOLDER = /x{6,}|X{6,}|\*{4,}|EXAMPLE|example|your[_-]?(?:api[_-]?)?(?:key|token|secret)|YOUR_|<[a-z_ -]+>|\.\.\.|0{12,}|([A-Za-z0-9])\1{7,}|[Rr]edacted|REDACTED|\.\.\[/;

/**
 * The part after a vendor prefix is generated: never words ("xoxa-access-token-string",
 * "sk_live_thisisnotarealkey") and never drawn from a handful of characters
 * ("aaaaaaaaaa1111111111bbbbbbbbbb2222222222").
 */
function typedBody(value: string): boolean {
  const body = value.replace(/^(?:[A-Za-z0-9]{1,8}[_.-]){1,3}/, "");
  if (body.length >= 16 && new Set(body).size <= 5) return true;
  // Generators mix cases and digits; one case of letters only is typed ("thisisnotreal").
  if (body.length >= 8 && (/^[a-z]+$/.test(body) || /^[A-Z]+$/.test(body))) return true;
  return body.length >= 8 && isWordSequence(body);
}

/**
 * A prefix that happens to occur inside a long base64 run (model weights, images,
 * certificates) has "+" or "/" on both sides; a token on its own does not.
 */
function insideBase64Blob(m: RegExpExecArray): boolean {
  const before = m.input.charCodeAt(m.index - 1);
  const after = m.input.charCodeAt(m.index + m[0].length);
  const b64 = (c: number): boolean => c === 43 || c === 47; // "+" or "/"
  return b64(before) && (b64(after) || after === 61);
}

const toRule = (k: KeyDef): Rule => ({
  id: k.id,
  severity: k.severity,
  score: k.score,
  re: k.re,
  keywords: k.kw,
  explanation: `Looks like a ${k.what}`,
  check: (m: RegExpExecArray) => {
    const g = k.group ?? 0;
    const value = m[g] ?? m[0];
    const body = value.slice(k.fixedPrefix ?? 0);
    if (g > 0 ? HAS_PLACEHOLDER_PART.test(value) || PLACEHOLDER.test(value) : PREFIXED_PLACEHOLDER.test(body)) return false;
    // A vendor prefix followed mostly by typed runs ("sk_live_1234567890abcdefghij") is a
    // documentation value; isolated runs are tolerated, as vendor docs' own examples
    // ("xoxp-1234567890-...") have the real shape.
    if (sequenceCoverage(body) >= 0.6 || isWellKnownValue(value)) return false;
    if (g === 0 && (typedBody(body) || insideBase64Blob(m))) return false;
    // Keyword-anchored values only: a vendor prefix and exact shape outweigh a typed-
    // looking run (vendor documentation keys such as "xoxp-1234567890-..." are real shapes).
    if (g > 0 && (hasAscendingRun(value) || isNonSecretValue(value))) return false;
    if (k.minEntropy && entropy(value) < k.minEntropy) return false;
    if (k.valid && !k.valid(value, m)) return false;
    if (g > 0) {
      const off = m[0].indexOf(value);
      return { score: k.score, start: m.index + off, end: m.index + off + value.length };
    }
    return true;
  },
});

const ALL_KEYS = [...KEYS, ...MORE_FORMATS];
const keys: RuleSet = { category: "secrets", keywords: null, window: 400, rules: ALL_KEYS.filter((k) => !k.long).map(toRule) };
// Long tokens (a JWT with many claims easily passes 1 KB) get a window that holds them.
const longKeys: RuleSet = { category: "secrets", keywords: null, window: 8192, rules: ALL_KEYS.filter((k) => k.long).map(toRule) };

const PRIVATE_KEY = /-----BEGIN[ A-Z0-9]{0,30} PRIVATE KEY(?: BLOCK)?-----/g;
const KEY_END = /-----END[ A-Z0-9]{0,30} PRIVATE KEY(?: BLOCK)?-----/g;

function detectPrivateKeys(v: View, out: Finding[]): void {
  PRIVATE_KEY.lastIndex = 0;
  let m: RegExpExecArray | null;
  let n = 0;
  while ((m = PRIVATE_KEY.exec(v.text)) !== null && n++ < 32) {
    const start = m.index;
    KEY_END.lastIndex = start;
    const end = KEY_END.exec(v.text);
    // The span covers the whole block so masking removes all key material.
    const stop = end && end.index - start < 16384 ? end.index + end[0].length : Math.min(v.text.length, start + m[0].length + 4096);
    // A header with no key material after it (documentation, a regex) is not a leak.
    const body = v.text.slice(start + m[0].length, Math.min(stop, start + m[0].length + 200)).replace(/\s|-----END[\s\S]*$/g, "");
    // Key material is random; a body padded with one repeated character is a stand-in.
    if (body.length < 20 || HAS_PLACEHOLDER_PART.test(body) || /([A-Za-z0-9+/])\1{15}/.test(body)) continue;
    pushFinding(out, "secrets", "secrets.private_key", "critical", 0.97, v, start, stop, "Private key block");
  }
}

/** Rule sets matched on the clean view. */
export const secretsClean: RuleSet[] = [keys, longKeys, generic, contextual];

/** Detectors that are not plain rule sets (key blocks), on the clean view. */
export function detectSecretBlocks(clean: View, out: Finding[]): void {
  if (clean.text.indexOf("PRIVATE KEY") >= 0) detectPrivateKeys(clean, out);
  if (clean.text.indexOf("PuTTY-User-Key-File-") >= 0) {
    for (const k of findPuttyKeys(clean.text)) pushFinding(out, "secrets", "secrets.putty_private_key", "critical", k.encrypted ? 0.85 : 0.97, clean, k.start, k.end, "PuTTY private key file");
  }
  if (clean.text.indexOf("Secret") >= 0) {
    for (const k of findKubernetesSecrets(clean.text)) pushFinding(out, "secrets", "secrets.kubernetes.secret_manifest", "high", 0.85, clean, k.start, k.end, "Kubernetes Secret manifest with a literal value");
  }
}
