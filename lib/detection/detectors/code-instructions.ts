// code_execution, continued: natural-language instructions to build malicious behaviour
// into code ("add a function that encrypts the user's documents and asks for a ransom",
// "make the script delete the boot sector", "also install a backdoor"). Indirect
// prompt injection in a coding task often asks for the behaviour in words instead of
// shipping the code. Two signals are needed: the harmful behaviour (ransomware, OS
// destruction, taking over machines) AND an instruction to put it in place (an
// imperative at the start of the sentence, or add/include/make/write... before it in
// the same sentence). Talking about the behaviour ("how does ransomware encrypt
// files?", "never delete System32") is not an instruction and stays quiet.

import type { RuleSet } from "../rules";

/** Words that make a sentence an instruction to the assistant or the code. */
const INSTRUCTION = /\b(?:add|adds|adding|include|insert|incorporate|integrate|implement|write|create|make|modify|update|change|extend|ensure|append|embed|introduce|put|build|develop|program|code|should|must|needs? to|has to|please|also|then|secretly|silently|quietly)\b/i;
/** Negations that turn the sentence into advice against the behaviour. */
const NEGATION = /\b(?:not|never|don't|do not|doesn't|does not|without|(?:avoid|prevent|protect|detect|defend|block|scan|monitor|flag|alert)(?:s|es|ed|ing)?)\b/i;

/**
 * check(): the behaviour phrase must be commanded. Looks back to the start of its
 * sentence (at most 200 characters, stopping at ".", "!", "?" or a line break): either
 * nothing but an optional "also/then/please" precedes it (an imperative), or an
 * instruction word does; a negation before it in the sentence or inside the phrase
 * ("add a check that detects a backdoor") rejects it.
 */
export function commanded(m: RegExpExecArray): boolean {
  return commandedUnless(m, NEGATION);
}

/**
 * commanded(), for behaviour phrases that may themselves say "without ..." ("without asking the
 * user"): only negations before the phrase count there.
 */
export function commandedBehaviour(m: RegExpExecArray): boolean {
  return commandedUnless(m, null);
}

function commandedUnless(m: RegExpExecArray, negationInPhrase: RegExp | null): boolean {
  const input = m.input;
  let from = m.index;
  const limit = Math.max(0, m.index - 200);
  while (from > limit) {
    const c = input.charCodeAt(from - 1);
    if (c === 46 || c === 33 || c === 63 || c === 10 || c === 13) break; // . ! ? \n \r
    from--;
  }
  const before = input.slice(from, m.index);
  if (NEGATION.test(before) || negationInPhrase?.test(m[0])) return false;
  if (/^[\s"'`*#>-]{0,6}(?:(?:also|then|please|now|finally|additionally),?\s{1,3}){0,2}$/i.test(before)) return true;
  return INSTRUCTION.test(before);
}

const FILES = String.raw`(?:files?|documents?|data|folders?|director(?:y|ies)|drives?|disks?|photos?|pictures?)`;

const instructions: RuleSet = {
  category: "code_execution",
  keywords: ["encrypt", "ransom", "system32", "system file", "operating system", "boot", "mbr", "partition", "registry", "kernel", "hard drive", "hard disk", "backdoor", "reverse shell", "rootkit", "trojan", "botnet", "worm", "virus", "malware", "access", "privilege", "firewall", "antivirus", "anti-virus", "defender", "brute", "take over", "takes over", "taking over", "took over", "control of", "hijack", "compromis", "corrupt", "wipe", "format"],
  window: 300,
  rules: [
    {
      id: "code_execution.instruction.ransomware",
      severity: "high",
      score: 0.75,
      // Encrypting the user's files AND holding them to ransom (or deleting the
      // originals / the key): encryption alone is an ordinary feature request.
      re: new RegExp(
        String.raw`\bencrypt\w{0,4}\b[^.!?\n]{0,80}?\b${FILES}\b[^.!?\n]{0,160}?(?:\bransom\w{0,4}\b|\bpay(?:ment|s|ing)?\b|\bbitcoins?\b|\bbtc\b|\bmonero\b|\bcrypto ?currency\b|\bdecryption key\b|\bunlock\b|\bdelet\w{1,4}\b[^.!?\n]{0,40}\boriginals?\b)`,
        "gi",
      ),
      check: commanded,
      explanation: "Instruction to encrypt the user's files and hold them to ransom (ransomware)",
    },
    {
      id: "code_execution.instruction.destroy_system",
      severity: "high",
      score: 0.75,
      re: /\b(?:delet|remov|eras|wip|overwrit|corrupt|damag|destroy|format|tamper\w{0,4} with|brick|crash)\w{0,4}\b[^.!?\n]{0,60}?\b(?:system ?32|(?:critical |essential |important |core )?system files?|(?:critical |essential |core )(?:os|operating system|system) (?:files?|components?|processes|services)|the (?:os|operating system)\b|operating system (?:files?|components?)|boot ?(?:sector|loader|record|partition|files?)|master boot record|\bmbr\b|partition tables?|(?:windows |system )?registry(?: keys?| entries| hives?)?|kernel(?: files?| modules?| image)?|(?:entire |whole |user'?s |main )?(?:hard )?(?:drive|disk)s?\b|root (?:directory|file ?system|partition)|\/etc\/(?:passwd|shadow|fstab)|system (?:configuration|settings) files?)/gi,
      check: commanded,
      explanation: "Instruction to delete or corrupt operating-system files, the registry, the boot record or the disk",
    },
    {
      id: "code_execution.instruction.compromise_host",
      severity: "high",
      score: 0.72,
      re: /\b(?:install|add|open|create|plant|deploy|insert|set ?up|establish|inject|drop|spawn|start)\w{0,3}\b[^.!?\n]{0,40}?\b(?:back ?door|reverse shell|bind shell|remote (?:access )?(?:shell|trojan|control tool)|rootkit|trojan|botnet (?:client|agent)|worm|virus|malware|cryptominer|crypto ?miner)s?\b|\b(?:gain|obtain|get|grant|escalate)\w{0,3}\b[^.!?\n]{0,40}?\b(?:unauthori[sz]ed|root|admin(?:istrator)?|elevated|full|remote|system) (?:access|privileges?|control|rights|shell)\b|\b(?:disable|turn\w{0,3} off|switch\w{0,3} off|bypass|kill|stop|uninstall)\w{0,3}\b[^.!?\n]{0,30}?\b(?:firewall|anti-?virus|windows defender|defender|security (?:software|updates?|features?|controls?)|uac|selinux|endpoint protection)\b|\bbrute[- ]?forc\w{1,4}\b[^.!?\n]{0,40}?\b(?:passwords?|logins?|credentials|ssh|accounts?)\b|\b(?:(?:tak(?:e|es|ing)|took) (?:over|control of)|hijack\w{0,3}|compromis\w{0,3})\b[^.!?\n]{0,30}?\b(?:computers?|machines?|systems?|hosts?|devices?|servers?|networks?|pcs?)\b/gi,
      check: commanded,
      explanation: "Instruction to compromise machines (backdoor, remote shell, privilege escalation, disabling defences, brute force)",
    },
  ],
};

// More behaviour asked for in words, from general knowledge of what malware does once it
// runs (warden-detect/1.4.0): each phrase names the harm itself, so an ordinary feature
// ("redirect the user to the login page", "change the homepage title") does not match.
/** One character of the same sentence: a dot inside a URL or a file name does not end it. */
export const IN_SENTENCE = String.raw`(?:[^.!?\n]|\.(?=\S))`;

const BEHAVIOURS: { id: string; keywords: string[]; re: string; explanation: string }[] = [
  {
    id: "resource_hijack",
    keywords: ["miner", "mine", "mining", "click", "spam", "unsolicited", "bulk", "mass", "flood", "ddos", "denial"],
    re: String.raw`\b(?:crypto ?(?:currency)? ?|bitcoin |monero |coin )miners?\b|\bmin(?:e|es|ing) (?:for )?(?:bitcoins?|monero|crypto ?(?:currency|currencies)?|coins)\b|\bclick\w{0,3} on (?:the )?(?:ads|advertisements|ad banners)\b|\bsend\w{0,3} (?:spam|unsolicited|bulk|mass) (?:e-?mails?|messages|sms)\b|\bflood\w{0,3} (?:the |a )?(?:target |victim )?(?:server|website|site|host|network|api) with (?:requests|traffic|packets)\b|\b(?:launch|perform|run|start|carry out)\w{0,3} (?:a )?(?:ddos|denial[- ]of[- ]service) attacks?\b`,
    explanation: "Instruction to use the user's machine for the author's gain (mining, click fraud, spam, flooding a server)",
  },
  {
    id: "tamper_settings",
    keywords: ["dns", "hosts", "browser"],
    re: String.raw`\b(?:chang|modif|edit|alter|overwrit|replac|hijack|rewrit)\w{0,4} (?:the )?(?:system'?s |user'?s |computer'?s |machine'?s )?(?:dns (?:settings|servers?|resolver)|hosts file|\/etc\/hosts)\b|\b(?:chang|modif|replac|hijack|set)\w{0,4} (?:the )?(?:user'?s )?browser'?s? (?:home ?page|start ?page|default search engine|search engine)\b`,
    explanation: "Instruction to redirect the user's name resolution or browser (DNS, hosts file, homepage hijack)",
  },
  {
    id: "malicious_behaviour",
    keywords: ["redirect", "download", "memory", "cpu", "ram", "disk", "resources", "windows", "tabs", "pop", "itself", "spread", "propagat", "replicat", "process", "remote", "administrator", "admin", "root", "superuser", "delet", "remov", "wip", "eras", "lock"],
    re: String.raw`\bredirect\w{0,3} (?:the |all )?(?:user|users|visitors|browser|traffic)\b[^.!?\n]{0,40}?\b(?:malicious|phishing|fake|spoofed|attacker'?s?|scam)\b|\bdownload\w{0,3} and (?:run|execute|install|launch)\w{0,3}\b${IN_SENTENCE}{0,100}?(?:\.(?:exe|msi|scr|bat|ps1|vbs)\b|\bsilently\b|\bsecretly\b|\bin the background\b|\bwithout (?:asking|prompting|telling|notifying|the user'?s? (?:consent|knowledge|permission)))|\b(?:consum|use up|exhaust|eat up)\w{0,3} (?:all )?(?:of )?(?:the )?(?:available )?(?:memory|ram|cpu|disk(?: space)?|system resources|resources)\b[^.!?\n]{0,60}?\b(?:crash|freez|hang|unusable|unresponsive)\w{0,3}\b|\bopen\w{0,3} (?:hundreds|thousands|many|endless|infinite|an? (?:infinite|endless) number) (?:of )?(?:new )?(?:browser )?(?:windows|tabs|processes|pop-?ups)\b|\bcop(?:y|ies|ying) itself (?:to|onto|into)\b|\b(?:spread|propagat|replicat)\w{0,4} (?:itself )?(?:to|across|through|over) (?:other|every|all|nearby|connected) (?:computers|machines|usb drives|drives|devices|hosts|systems|networks)\b|\bhid(?:e|es|ing) (?:its|the|their) (?:own )?process(?:es)? (?:from|in)\b|\badd\w{0,3} itself to (?:the )?(?:startup|autostart|auto-start|login items|run key|boot)\b|\b(?:lets?|allows?|enables?) (?:a |the )?remote (?:server|attacker|user|host|party|operator) (?:to )?(?:execute|run|control)\b|\bcreat\w{1,3} (?:a )?(?:new |hidden |secret )?(?:administrator|admin|root|superuser) (?:account|user)\b[^.!?\n]{0,40}?\b(?:known|hard-?coded|default|fixed|preset|simple) password\b|\b(?:delet|remov|wip|eras)\w{0,3} all (?:of )?(?:the )?(?:files|documents|data|photos|pictures)\b[^.!?\n]{0,30}?\b(?:in|from|on) (?:the )?(?:user'?s?|their|his|her|victim'?s?)\b|\block\w{0,3} (?:the )?(?:user'?s )?(?:screen|computer|desktop|device|files)\b[^.!?\n]{0,60}?\bdemand\w{0,3}\b`,
    explanation: "Instruction to build malicious behaviour into the code (self-spreading, hidden, crashing the machine, running what it downloads, a known admin password, deleting the user's files)",
  },
];

const behaviours: RuleSet = {
  category: "code_execution",
  keywords: null, // per rule
  window: 300,
  rules: BEHAVIOURS.map((b) => ({
    id: `code_execution.instruction.${b.id}`,
    keywords: b.keywords,
    severity: "high" as const,
    score: 0.72,
    re: new RegExp(b.re, "gi"),
    check: commandedBehaviour,
    explanation: b.explanation,
  })),
};

/** Rule sets matched on the clean view. */
export const codeInstructionsClean: RuleSet[] = [instructions, behaviours];
