// Text columns as a bag of words, the way scikit-learn's CountVectorizer builds one
// (https://scikit-learn.org/stable/modules/feature_extraction.html#text-feature-extraction): lower-cased
// tokens of two or more letters or digits, English stop words left out, and a vocabulary chosen by document
// frequency (df: in how many cases a word occurs) between a minimum and a maximum, the most frequent first.
// Binary features need df, not term counts: a word repeated in one case is still one "present".
import { type ColumnSpec, TEXT_TOKEN } from '../../../shared/data';

/** Measured with bench/similar_text.ts on packages.csv: 200 words gave label precision@10 0.55 / 0.63 against
 * Jaccard kNN's 0.685 / 0.672; 2000 give 0.70 / 0.71 (and a BCM sweep about 10× longer than at 200). */
export const DEFAULT_VOCABULARY_CAP = 2000;
/** A word in fewer cases than this cannot make two cases alike; it only costs a feature. */
export const DEFAULT_MIN_DF = 2;
/** A word in more than this share of the cases says little about any of them (a stop word of the corpus). */
export const DEFAULT_MAX_DF = 0.5;

/**
 * Our own list of English function words: articles, pronouns, auxiliaries, prepositions, conjunctions,
 * common adverbs and the pieces tokenising leaves of contractions (`don't` → don, t). scikit-learn's
 * 'english' list also drops content words (system, computer, fire, bill, interest, …), which would remove
 * the topic of a software or news corpus; this one keeps every content word.
 */
export const ENGLISH_STOP_WORDS: ReadonlySet<string> = new Set(`
a an the this that these those some any each every either neither no all both few many much more most other
another such own same several enough
i me my mine myself we us our ours ourselves you your yours yourself yourselves he him his himself she her
hers herself it its itself they them their theirs themselves one ones someone anyone everyone something
anything everything nothing nobody somebody anybody everybody what which who whom whose whoever whatever
whichever
am is are was were be been being have has had having do does did doing done will would shall should can
could may might must ought get gets got
about above across after against along among amongst around as at before behind below beneath beside
besides between beyond by down during except for from in inside into like near of off on onto out outside
over past per since than through throughout till to toward towards under underneath unlike until up upon via
with within without
and but or nor so yet if then else because although though while whereas whether unless once when whenever
where wherever why how however
also again already always ever never not only just very too quite rather still even here there now thus
hence therefore perhaps often sometimes almost soon later afterwards instead indeed yes
etc eg ie vs
don doesn didn isn aren wasn weren won wouldn shouldn couldn hasn haven hadn ll ve re
`.trim().split(/\s+/));

/** `&lt;`, `&amp;`, `&#39;`, `&#x27;`: HTML and SGML entities, as in newswire corpora; not words. */
export const ENTITY = /&(?:[a-z]+|#\d+|#x[0-9a-f]+);/gi;

/**
 * Lower-cased tokens of a text cell: runs of two or more letters or digits (CountVectorizer's default
 * token_pattern), entities dropped, and stop words left out when a set is given.
 */
export function textTokens(s: string, stop: ReadonlySet<string> | null = null): string[] {
  const text = s.includes('&') ? s.replace(ENTITY, ' ') : s;
  const all = text.toLowerCase().match(TEXT_TOKEN) ?? [];
  return stop === null ? all : all.filter((t) => !stop.has(t));
}

/** The stop words a text column's spec asks for (null: none). */
export function stopWordsOf(spec: Pick<ColumnSpec, 'stopWords'>): ReadonlySet<string> | null {
  const s = spec.stopWords ?? 'english';
  if (s === 'none') return null;
  if (s === 'english') return ENGLISH_STOP_WORDS;
  return new Set(s.map((w) => w.toLowerCase()));
}

/**
 * The vocabulary: words whose df lies within [minDf, maxDf], most frequent first (ties by word), at most
 * `vocabularyCap`. minDf ≥ 1 is a count of cases, below 1 a share; maxDf ≤ 1 is a share, above 1 a count
 * (CountVectorizer's int/float rule, which JSON cannot tell apart). `docs` is the number of cases with text.
 */
export function chooseVocabulary(df: ReadonlyMap<string, number>, docs: number, spec: Pick<ColumnSpec, 'minDf' | 'maxDf' | 'vocabularyCap'>): string[] {
  const minDf = spec.minDf ?? DEFAULT_MIN_DF;
  const maxDf = spec.maxDf ?? DEFAULT_MAX_DF;
  const lo = minDf >= 1 ? minDf : minDf * docs;
  const hi = maxDf <= 1 ? maxDf * docs : maxDf;
  const kept = [...df].filter(([, c]) => c >= lo && c <= hi);
  kept.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return kept.slice(0, spec.vocabularyCap ?? DEFAULT_VOCABULARY_CAP).map((e) => e[0]);
}
