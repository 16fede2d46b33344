import patterns from './patterns/frustration.json';
import { compile, expandFragments } from './patterns/compile';
import { contentTerms, fold, quote, uniq } from './text';

/**
 * FRUSTRATION (labelling rule 3): a repeated question, explicit anger or frustrated profanity, ALL CAPS with
 * urgency, or "this is the Nth time" (N >= 2). Mild annoyance, caps without urgency, enthusiastic profanity,
 * calm recurrence, "first time" and progress reports score below the 0.5 threshold.
 */

export type FrustrationSignal =
  'REPEATED_SAME_QUESTION' | 'EXPLICIT_ANGER_OR_PROFANITY' | 'ALL_CAPS_WITH_URGENCY' | 'NTH_TIME';

export interface FrustrationResult {
  score: number;
  signals: FrustrationSignal[];
  evidence: string | null;
}

const ANGER = compile(patterns.ANGER);
const PROFANITY = compile(patterns.PROFANITY);
const POSITIVE_NEAR = compile(patterns.POSITIVE_NEAR);
const MILD = compile(patterns.MILD);

const REASK = compile(patterns.REASK);
// "Otra vez: …", "Nochmal: …" at the start of a sentence re-ask the question; "我再问一次", "다시 묻습니다" in CJK.
const REASK_FOREIGN = compile(patterns.REASK_FOREIGN);

const NUMBER_WORDS: Record<string, number> = {
  second: 2,
  '2nd': 2,
  third: 3,
  '3rd': 3,
  fourth: 4,
  '4th': 4,
  fifth: 5,
  '5th': 5,
  sixth: 6,
  '6th': 6,
  seventh: 7,
  '7th': 7,
  eighth: 8,
  '8th': 8,
  ninth: 9,
  '9th': 9,
  tenth: 10,
  '10th': 10,
  umpteenth: 10,
  nth: 10,
  millionth: 10,
  hundredth: 10,
};
const COUNT_WORDS: Record<string, number> = {
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  several: 3,
  multiple: 3,
  many: 3,
  countless: 5,
  numerous: 3,
  twice: 2,
};
// The verbs of a reported problem (PROBLEM_VERBS) the counted repeats are written with.
const FRAGMENTS = expandFragments(patterns.fragments);

// "I reported it three times", "asked twice": a counted repeat of something the customer did or saw happen.
const REPEATS_AFTER_VERB = compile(patterns.REPEATS_AFTER_VERB, FRAGMENTS);
// "twice now", "three times this week".
const REPEATS_SO_FAR = compile(patterns.REPEATS_SO_FAR);
// "segunda vez", "troisième fois", "zum dritten Mal" and the like in the other common languages.
const FOREIGN_NTH_TIME = compile(patterns.FOREIGN_NTH_TIME);

function nthTime(t: string): string | null {
  const ord =
    t.match(/\b(?:for\s+)?the\s+(\w+)\s+time\b/) ??
    t.match(
      /\b(\w+)\s+time\s+(?:i'?m|i am|we'?re|we are|i'?ve|we'?ve|i have|this|that|in|it'?s|it has|asking|reporting|now)\b/,
    );
  if (ord) {
    const n = NUMBER_WORDS[ord[1]] ?? (/^\d+(?:st|nd|rd|th)$/.test(ord[1]) ? parseInt(ord[1], 10) : 0);
    if (n >= 2) return ord[0];
  }
  const count = t.match(REPEATS_AFTER_VERB);
  if (count) {
    const w = count[1].split(/\s+/)[0];
    const n = COUNT_WORDS[w] ?? parseInt(w, 10);
    if (
      n >= 2 &&
      !/\bhow\s+(?:many|often)\b/.test(count[0]) &&
      !/\btried\b|\bclicked\b|\bretried\b|\brestarted\b|\breconnected\b/.test(count[0])
    )
      return count[0];
  }
  const before = t.match(REPEATS_SO_FAR);
  if (before) {
    const w = before[1].split(/\s+/)[0];
    if ((COUNT_WORDS[w] ?? parseInt(w, 10)) >= 2) return before[0];
  }
  const foreign = t.match(FOREIGN_NTH_TIME) ?? t.normalize('NFC').match(/(?:두|세|네|다섯|여러)\s*번째|[2-9]\s*번째/);
  return foreign ? foreign[0] : null;
}

const URGENCY = compile(patterns.URGENCY);

function capsWithUrgency(turn: string): string | null {
  const letters = turn.match(/\b[A-Za-z][A-Za-z']+\b/g) ?? [];
  const long = letters.filter((w) => w.replace(/'/g, '').length >= 2);
  const caps = long.filter((w) => w === w.toUpperCase());
  const shouted = long.length >= 4 && caps.length / long.length >= 0.7 && caps.length >= 4;
  if (shouted && URGENCY.test(turn)) return 'in capitals, with urgency';
  const capsUrgent = turn.match(/\b(?:NOW|URGENT|ASAP|IMMEDIATELY|EMERGENCY|RIGHT NOW|TODAY)\b/);
  if (capsUrgent && caps.filter((w) => w.length >= 3).length >= 2) return `capitals with ${capsUrgent[0]}`;
  return null;
}

function similarity(a: string, b: string): number {
  const x = new Set(contentTerms(a).terms);
  const y = new Set(contentTerms(b).terms);
  if (x.size === 0 || y.size === 0) return 0;
  const inter = [...x].filter((t) => y.has(t)).length;
  return (inter / Math.min(x.size, y.size)) * 0.5 + (inter / new Set([...x, ...y]).size) * 0.5;
}

const QUESTIONISH = compile(patterns.QUESTIONISH);
const PROGRESS = compile(patterns.PROGRESS);

export function detectFrustration(turn: string, previousTurns: string[] = []): FrustrationResult {
  const signals: FrustrationSignal[] = [];
  const notes: string[] = [];
  const t = fold(turn).normalize('NFC').replace(/[’‘]/g, "'");

  if (previousTurns.length > 0) {
    const reask = REASK.test(t) || REASK_FOREIGN.test(t) || REASK_FOREIGN.test(turn.normalize('NFC'));
    const sim = Math.max(0, ...previousTurns.map((p) => similarity(turn, p)));
    const isQuestion = QUESTIONISH.test(turn.trim());
    if (reask || (isQuestion && sim >= 0.75 && !PROGRESS.test(turn))) {
      signals.push('REPEATED_SAME_QUESTION');
      notes.push(reask ? 'says the question was not answered and asks again' : 'asks the same question again');
    }
  }

  const anger = t.match(ANGER);
  const profanity = t.match(PROFANITY);
  // "useless outside our network" describes a locked-down key, not the customer's mood.
  if (
    anger &&
    !/\bnot (?:that )?(?:useless|terrible|awful|a big deal)\b/.test(t) &&
    !/\buseless\s+(?:outside|without|unless|if|for (?:anyone|attackers)|to (?:anyone|attackers))\b/.test(
      anger[0] === 'useless' ? t : '',
    )
  ) {
    signals.push('EXPLICIT_ANGER_OR_PROFANITY');
    notes.push(`angry: "${anger[0]}"`);
  } else if (profanity) {
    const around = t.slice(Math.max(0, (profanity.index ?? 0) - 40), (profanity.index ?? 0) + profanity[0].length + 40);
    if (!POSITIVE_NEAR.test(around)) {
      signals.push('EXPLICIT_ANGER_OR_PROFANITY');
      notes.push(`profanity: "${profanity[0]}"`);
    }
  }

  const caps = capsWithUrgency(turn);
  if (caps) {
    signals.push('ALL_CAPS_WITH_URGENCY');
    notes.push(caps);
  }

  const nth = /\bfirst time\b/.test(t) && !/\b(?:second|third|\d+(?:nd|rd|th))\b/.test(t) ? null : nthTime(t);
  if (nth) {
    signals.push('NTH_TIME');
    notes.push(`counts the repeats: "${nth}"`);
  }

  const unique = uniq(signals);
  let score =
    unique.length === 0
      ? MILD.test(t)
        ? 0.15
        : /\bfrustrat\w*|annoy\w*/.test(t)
          ? 0.3
          : 0
      : Math.min(1, 0.6 + 0.15 * (unique.length - 1));
  score = Math.round(score * 100) / 100;
  return { score, signals: unique, evidence: unique.length > 0 ? `${notes.join('; ')}: ${quote(turn)}` : null };
}
