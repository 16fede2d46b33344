import patterns from './patterns/problem.json';
import { compile } from './patterns/compile';
import { contentTerms, fold } from './text';

/**
 * Problem continuity for PATIENCE: is this turn a greeting or acknowledgement (smallTalk), and is it still about the
 * previous turn's unresolved problem (a report that it still fails, the next troubleshooting detail)?
 */

/** Small talk by kind (for an answer a person would give); every word of a small-talk turn is one of these. */
const THANKS_WORDS = new Set(
  'thanks thank thx ty cheers appreciate appreciated gracias merci danke obrigado obrigada grazie dank bedankt'.split(
    ' ',
  ),
);
const GREETING_WORDS = new Set(
  'hi hello hey hiya yo morning afternoon evening hola bonjour salut hallo ola'.split(' '),
);
const PRESENCE_WORDS = new Set(['anyone', 'there', 'still']);
const SMALL_TALK_WORDS = new Set([
  ...THANKS_WORDS,
  ...GREETING_WORDS,
  ...PRESENCE_WORDS,
  ...(
    'good you ok okay k kk great cool perfect nice awesome got it understood sounds noted sure yes yeah yep no nope ' +
    'alright right fine bye goodbye much lot so very that helps helped help works worked are please wonderful ' +
    'brilliant excellent vale perfecto buenos dias parfait daccord d accord gut super prima ciao perfetto hoi je wel ' +
    'tot ziens adios au revoir tschuss beaucoup muchas vielen muito mille hartelijk'
  ).split(/\s+/),
]);
const JA_SMALL_TALK = compile(patterns.JA_SMALL_TALK);

export function isSmallTalk(turn: string): boolean {
  return smallTalkKind(turn) !== null;
}

/**
 * What kind of small talk a turn is: thanks, a greeting, asking whether anyone is there, or anything else (ok, great,
 * got it, no, a Japanese acknowledgement). Null when the turn is not small talk.
 */
export function smallTalkKind(turn: string): 'thanks' | 'greeting' | 'presence' | 'other' | null {
  const trimmed = turn.trim();
  if (JA_SMALL_TALK.test(trimmed)) return 'other';
  const ws =
    fold(trimmed)
      .replace(/[’']/g, '')
      .match(/[\p{L}]+/gu) ?? [];
  if (ws.length > 8 || !ws.every((w) => SMALL_TALK_WORDS.has(w))) return null;
  const has = (set: Set<string>) => ws.some((w) => set.has(w));
  if (has(THANKS_WORDS)) return 'thanks';
  if (has(PRESENCE_WORDS)) return 'presence';
  if (has(GREETING_WORDS)) return 'greeting';
  return 'other';
}

const PROGRESS = compile(patterns.PROGRESS);
const QUESTION_OPENING = compile(patterns.QUESTION_OPENING);

export interface ProblemResult {
  continuesPrevious: boolean;
  smallTalk: boolean;
}

/**
 * A turn continues the previous problem when it reports progress on it (still failing, tried X, checked Y), or
 * gives the next detail without asking anything new. A fresh question, even on a related topic, starts a new count.
 */
export function detectProblemContinuity(
  turn: string,
  previousTurns: string[],
  sameArticleAsBefore: boolean,
): ProblemResult {
  const smallTalk = isSmallTalk(turn);
  if (smallTalk || previousTurns.length === 0) return { continuesPrevious: false, smallTalk };
  const text = turn.trim();
  const progress = PROGRESS.test(fold(text));
  const asksNew = QUESTION_OPENING.test(text) || (/\?\s*$/.test(text) && !progress);
  if (progress && !QUESTION_OPENING.test(text)) return { continuesPrevious: true, smallTalk };
  if (asksNew) return { continuesPrevious: false, smallTalk };
  const prev = new Set(previousTurns.flatMap((p) => contentTerms(p).terms));
  const overlap = contentTerms(text).terms.some((t) => prev.has(t));
  return { continuesPrevious: progress || overlap || sameArticleAsBefore, smallTalk };
}
