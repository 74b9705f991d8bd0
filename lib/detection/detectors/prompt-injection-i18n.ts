// prompt_injection in other languages (warden-detect/1.6.0): "ignore all previous
// instructions" and "show your system prompt" in French, Spanish, German, Italian and
// Portuguese (words-view rules behind the keyword pass, like the English ones), and in
// Chinese, Japanese, Korean and Russian (a detector of its own, run only on texts that
// contain those scripts, since the keyword pass takes ASCII keywords only).
//
// Phrases are written as people write them and put through the same normalisation as the
// text (accents stripped, lower case, punctuation to spaces; Cyrillic letters that look
// Latin are folded to Latin, so "игнорируй" is matched as the clean view leaves it). An
// override needs what makes it one: "all" the instructions, or the previous / system /
// initial ones. "Ignorez ce message si vous avez déjà payé" and "Siga las instrucciones
// anteriores" stay quiet.

import { cleanView, wordsView, type View } from "../normalize";
import { pushFinding, words, type RuleSet } from "../rules";
import type { Finding } from "../types";

/** A phrase as the words view shows it. */
function normal(phrase: string): string {
  return wordsView(cleanView(phrase)).text;
}

/**
 * The same for a phrase of Latin letters, spaces, apostrophes and hyphens, without running the
 * views at load: the first strings V8 sees there shape the code it compiles for them (a hyphen
 * in "ci-dessus" at load made the words view of every later 4 KB text 10 µs slower). A unit
 * test checks that both give the same for every phrase here.
 */
export function latinWords(phrase: string): string {
  return phrase
    .normalize("NFD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/(?<=\p{L})['’-](?=\p{L})/gu, "")
    .replace(/[^\p{L}]+/gu, " ")
    .trim();
}

/** Alternation of phrases, normalised by `norm` and escaped. */
function any(phrases: string[], norm: (p: string) => string = normal): string {
  return `(?:${phrases.map((p) => norm(p).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})`;
}

interface Language {
  /** Verbs of ignoring or forgetting, as imperatives. */
  ignore: string[];
  /** Words for "all" (before the noun). */
  all: string[];
  /** What is ignored. */
  things: string[];
  /** Qualifiers after the noun ("précédentes") or, for German, before it ("vorherigen"). */
  previous: string[];
  previousBefore?: boolean;
  /** "Show / reveal (me) (your)" and what is shown (the system prompt). */
  show: string[];
  prompt: string[];
}

export const LATIN: Record<string, Language> = {
  fr: {
    ignore: ["ignore", "ignorez", "oublie", "oubliez", "ne tiens pas compte des", "ne tenez pas compte des", "ne tiens plus compte des", "ne tenez plus compte des", "fais abstraction des", "faites abstraction des"],
    all: ["toutes les", "tous les", "toutes tes", "toutes vos", "toutes ces"],
    things: ["instructions", "consignes", "directives", "règles", "ordres", "indications", "commandes"],
    previous: ["précédentes", "précédents", "antérieures", "ci-dessus", "d'avant", "initiales", "du système", "système", "que tu as reçues", "que vous avez reçues"],
    show: ["révèle", "révélez", "affiche", "affichez", "montre-moi", "montrez-moi", "donne-moi", "donnez-moi", "répète", "répétez", "écris", "écrivez"],
    prompt: ["ton prompt système", "votre prompt système", "le prompt système", "ton prompt initial", "votre prompt initial", "tes instructions système", "vos instructions système", "tes instructions initiales", "vos instructions initiales", "tes instructions secrètes", "vos instructions secrètes"],
  },
  es: {
    ignore: ["ignora", "ignore", "ignoren", "ignorad", "olvida", "olvide", "olviden", "olvidad", "omite", "omita", "descarta", "descarte", "haz caso omiso de", "haga caso omiso de", "no hagas caso de", "no hagas caso a"],
    all: ["todas las", "todas tus", "todas sus", "todos los"],
    things: ["instrucciones", "indicaciones", "órdenes", "reglas", "directrices", "directivas", "consignas"],
    previous: ["anteriores", "previas", "de arriba", "del sistema", "iniciales", "originales", "que te dieron", "que has recibido"],
    show: ["revela", "revele", "muestra", "muestre", "muéstrame", "dime", "imprime", "repite", "escribe"],
    prompt: ["tu prompt del sistema", "el prompt del sistema", "su prompt del sistema", "tu mensaje del sistema", "el mensaje del sistema", "tus instrucciones del sistema", "tus instrucciones iniciales", "tus instrucciones secretas", "tus instrucciones ocultas"],
  },
  de: {
    ignore: ["ignoriere", "ignorier", "ignoriert", "ignorieren sie", "vergiss", "vergesst", "vergessen sie", "missachte", "missachten sie", "übergehe"],
    all: ["alle", "sämtliche", "alle deine", "alle ihre", "alle die"],
    things: ["anweisungen", "instruktionen", "befehle", "regeln", "vorgaben", "anordnungen", "richtlinien"],
    previous: ["vorherigen", "vorigen", "bisherigen", "obigen", "vorangegangenen", "früheren", "ursprünglichen", "vorhergehenden", "system"],
    previousBefore: true,
    show: ["gib", "zeig", "zeige", "nenne", "wiederhole", "verrate"],
    prompt: ["deinen systemprompt", "dein systemprompt", "den systemprompt", "das systemprompt", "deine systemanweisungen", "die systemanweisungen", "deine ursprünglichen anweisungen", "deine geheimen anweisungen", "mir deinen systemprompt", "mir den systemprompt", "mir deine systemanweisungen"],
  },
  it: {
    ignore: ["ignora", "ignorate", "ignori", "dimentica", "dimenticate", "trascura", "tralascia", "non tenere conto delle"],
    all: ["tutte le", "tutte queste", "tutte le tue"],
    things: ["istruzioni", "indicazioni", "regole", "direttive", "ordini", "consegne"],
    previous: ["precedenti", "sopra", "iniziali", "di sistema", "originali", "ricevute"],
    show: ["mostra", "mostrami", "rivela", "rivelami", "ripeti", "dimmi", "stampa", "scrivi"],
    prompt: ["il prompt di sistema", "il tuo prompt di sistema", "il messaggio di sistema", "le tue istruzioni di sistema", "le tue istruzioni iniziali", "le tue istruzioni segrete"],
  },
  pt: {
    ignore: ["ignore", "ignora", "ignorem", "esqueça", "esqueca", "esqueçam", "desconsidere", "desconsidera", "despreze"],
    all: ["todas as", "todas as suas", "todas estas", "todos os"],
    things: ["instruções", "orientações", "regras", "diretrizes", "ordens", "comandos"],
    previous: ["anteriores", "prévias", "acima", "do sistema", "iniciais", "originais", "recebidas"],
    show: ["revele", "revela", "mostre", "mostra", "me diga", "diga-me", "imprima", "repita", "escreva"],
    prompt: ["o prompt do sistema", "seu prompt do sistema", "o seu prompt do sistema", "a mensagem do sistema", "suas instruções do sistema", "suas instruções iniciais", "suas instruções secretas"],
  },
};

function overridePattern(l: Language): string {
  const ignore = any(l.ignore, latinWords);
  const all = any(l.all, latinWords);
  const things = any(l.things, latinWords);
  const previous = any(l.previous, latinWords);
  // "all (the) instructions" or "the previous instructions" (German: "alle vorherigen Anweisungen").
  return l.previousBefore
    ? `\\b${ignore} (?:${all} )?(?:(?:deine|ihre|die|meine) )?(?:${previous} ?${things}|${things} ${previous})\\b|\\b${ignore} ${all} (?:(?:deine|ihre|die|meine) )?${things}\\b`
    : `\\b${ignore} (?:${all} ${things}(?: ${previous})?|(?:[a-z]{1,5} )?${things} ${previous})\\b`;
}

const overrides: RuleSet = {
  category: "prompt_injection",
  keywords: ["ignor", "oubli", "tiens pas", "tenez pas", "tiens plus", "tenez plus", "abstraction", "olvid", "omit", "descart", "caso omiso", "hagas caso", "vergiss", "vergesst", "vergessen", "missacht", "ubergehe", "dimentic", "trascur", "tralasci", "tenere conto", "esquec", "desconsider", "desprez"],
  window: 300,
  rules: [
    {
      id: "prompt_injection.override.ignore_previous_i18n",
      severity: "critical",
      score: 0.92,
      re: words(Object.values(LATIN).map(overridePattern).join("|")),
      explanation: "Asks the model to ignore its previous instructions (in another language)",
    },
  ],
};

const leaks: RuleSet = {
  category: "prompt_injection",
  keywords: ["systeme", "sistema", "system", "initial", "secret", "ocult", "segret"],
  window: 300,
  rules: [
    {
      id: "prompt_injection.leak.system_prompt_i18n",
      severity: "high",
      score: 0.85,
      re: words(Object.values(LATIN).map((l) => `\\b${any(l.show, latinWords)} (?:moi |me |mir )?${any(l.prompt, latinWords)}\\b`).join("|")),
      explanation: "Asks the model to reveal its system prompt (in another language)",
    },
  ],
};

/** Words-view rule sets (Latin-script languages). */
export const promptInjectionI18nWords: RuleSet[] = [overrides, leaks];

// Chinese, Japanese, Korean and Russian. Words in these scripts are letters of the words
// view (CJK punctuation becomes a space). The parts follow one another with only their
// particles between them ("忽略之前的所有指令"), and the verb is an imperative: "忽略所有的分隔符"
// (bash's help: ignore all delimiters) and "모든 명령이 무시될 것입니다" (PostgreSQL: all
// commands will be ignored) describe, they do not ask. Every literal goes through the
// normalisation too: it strips the voicing marks of kana ("プ" is read as "フ") and splits
// Hangul syllables into their letters.
const SP = " ?";
interface ScriptRule {
  id: string;
  severity: "critical" | "high";
  score: number;
  re: RegExp;
  explanation: string;
}

/**
 * Built on first use, not at load: normalising these phrases hands the words view its first
 * strings outside Latin-1, and V8 then compiles its loop for both string kinds (a 4 KB scan of
 * ordinary, one-byte text paid 25 µs more for it). Traffic in these scripts does the same when
 * it comes, as it always did.
 */
let scriptRules: ScriptRule[] | null = null;

/**
 * Words one of which every match of the rules below contains (the verb of ignoring, or the
 * system prompt's name). Text in these scripts is searched for them first: the rules' own
 * alternations cost about 0.5 ms per 4 KB of such text, and nearly all of it contains none.
 */
let scriptAnchors: string[] | null = null;
const buildScriptAnchors = (): string[] =>
  ["忽略", "无视", "忽视", "忘记", "忘掉", "不要理会", "不要遵守", "不再遵守", "别管", "無視", "忘れ", "무시", "잊어", "игнорир", "проигнорир", "забуд", "обращ", "отброс", "系统提示", "系统消息", "初始指令", "系统指令", "原始指令", "隐藏指令", "システムプロンプト", "システムメッセージ", "初期指示", "隠された指示", "元の指示", "시스템", "системн", "исходн", "скрыт"].map(normal);

const buildScriptRules = (): ScriptRule[] => [
  {
    id: "prompt_injection.override.ignore_previous_i18n",
    severity: "critical",
    score: 0.92,
    re: new RegExp(
      [
        // Chinese: 忽略/无视 … (之前/以上/所有 …)(的)(所有)(的) 指令/规则 …
        `${any(["忽略", "忽略掉", "无视", "忽视", "忘记", "忘掉", "不要理会", "不要遵守", "不再遵守", "别管"])}${SP}(?:${any(["你", "您"])})?${SP}${any(["之前", "以前", "上面", "以上", "前面", "先前", "上述", "所有", "全部", "原来", "原有", "系统"])}${SP}(?:${any(["的"])})?${SP}(?:${any(["所有", "全部"])})?${SP}(?:${any(["的"])})?${SP}${any(["指令", "指示", "说明", "规则", "提示词", "提示", "要求", "命令", "设定"])}`,
        // Japanese: 上記の指示をすべて無視して …
        `${any(["以前", "前", "上記", "これまで", "最初", "すべて", "全て", "システム"])}${SP}(?:${any(["の"])})?${SP}${any(["指示", "命令", "ルール", "指令", "プロンプト", "設定"])}${SP}(?:${any(["を", "は"])})?${SP}(?:${any(["すべて", "全て", "全部"])})?${SP}${any(["無視して", "無視しろ", "無視せよ", "無視しなさい", "忘れて", "忘れろ", "忘れなさい"])}`,
        // Korean: 이전의 모든 지시를 무시하고 …
        `${any(["이전", "위의", "앞의", "기존", "모든", "시스템"])}${SP}(?:${any(["의"])})?${SP}(?:${any(["모든"])})?${SP}${any(["지시", "명령", "지침", "규칙", "프롬프트", "설정"])}${SP}(?:${any(["을", "를", "사항을", "들을", "은", "는"])})?${SP}(?:${any(["모두", "전부"])})?${SP}${any(["무시하고", "무시해", "무시하세요", "무시하십시오", "무시하라", "잊어버려", "잊어"])}`,
        // Russian (as the clean view folds it)
        `${any(["игнорируй", "игнорируйте", "проигнорируй", "проигнорируйте", "забудь", "забудьте", "не обращай внимания на", "не обращайте внимания на", "отбрось", "отбросьте"])} (?:${any(["все", "всё"])} )?(?:${any(["свои", "твои", "ваши", "эти"])} )?(?:${any(["предыдущие", "прежние", "предшествующие", "вышеуказанные", "вышеприведенные", "системные", "исходные", "первоначальные"])} )${any(["инструкции", "указания", "правила", "команды", "распоряжения", "директивы", "промпты"])}`,
        `${any(["игнорируй", "игнорируйте", "проигнорируй", "проигнорируйте", "забудь", "забудьте"])} ${any(["все", "всё"])} ${any(["инструкции", "указания", "правила", "команды"])}`,
      ].join("|"),
      "gu",
    ),
    explanation: "Asks the model to ignore its previous instructions (in another language)",
  },
  {
    id: "prompt_injection.leak.system_prompt_i18n",
    severity: "high",
    score: 0.85,
    re: new RegExp(
      [
        `${any(["输出", "显示", "告诉我", "透露", "泄露", "打印", "重复", "给我看", "展示"])}${SP}(?:${any(["一下"])})?${SP}(?:${any(["你的", "您的"])})?${SP}${any(["系统提示词", "系统提示", "系统消息", "初始指令", "系统指令", "原始指令", "隐藏指令"])}`,
        `${any(["システムプロンプト", "システムメッセージ", "初期指示", "隠された指示", "元の指示"])}${SP}(?:${any(["を"])})?${SP}${any(["表示して", "出力して", "教えて", "見せて", "繰り返して", "書き出して"])}`,
        `${any(["시스템 프롬프트", "시스템프롬프트", "시스템 메시지", "시스템 지침"])}${SP}(?:${any(["를", "을"])})?${SP}${any(["보여줘", "보여 줘", "보여주세요", "출력해", "출력하세요", "알려줘", "알려주세요", "공개해", "말해줘"])}`,
        `${any(["покажи", "покажите", "выведи", "выведите", "раскрой", "раскройте", "повтори", "повторите", "напиши", "скажи"])} (?:${any(["мне"])} )?(?:${any(["свой", "свои", "твой", "твои", "ваш", "ваши"])} )?${any(["системный промпт", "системные инструкции", "системное сообщение", "исходные инструкции", "скрытые инструкции"])}`,
      ].join("|"),
      "gu",
    ),
    explanation: "Asks the model to reveal its system prompt (in another language)",
  },
];

/** Cyrillic, kana, CJK ideographs or Hangul (as syllables or, once normalised, letters): the scripts SCRIPT_RULES are written in. */
const SCRIPTS = /[\u0400-\u04ff\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u4e00-\u9fff\uac00-\ud7af]/;

/**
 * The rules for these scripts on the words view, when the text holds any of their scripts (an ASCII
 * text, most traffic, costs one check of its clean view).
 */
export function detectScriptInjection(clean: View, words: View, out: Finding[]): void {
  if ((clean.starts === null && clean.anchor === null) || !SCRIPTS.test(words.text)) return;
  scriptAnchors ??= buildScriptAnchors();
  if (!scriptAnchors.some((a) => words.text.includes(a))) return;
  scriptRules ??= buildScriptRules();
  for (const r of scriptRules) {
    r.re.lastIndex = 0;
    let m: RegExpExecArray | null;
    let n = 0;
    while ((m = r.re.exec(words.text)) !== null && n < 8) {
      pushFinding(out, "prompt_injection", r.id, r.severity, r.score, words, m.index, m.index + m[0].length, r.explanation);
      n++;
    }
  }
}
