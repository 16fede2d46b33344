/**
 * The answer check (README: "Answers a person would write"): what makes an extractive answer read as a fragment.
 * - cut-ui-path: a menu path or sentence broken where the article continues ("with ... > Export" cut after "...");
 * - dangling-pronoun: the answer opens with a pronoun whose referent it left out ("They are available on Pro…");
 * - unfinished: the answer stops mid-sentence (no closing punctuation, or an ellipsis at the end).
 */
export type AnswerIssue = 'cut-ui-path' | 'dangling-pronoun' | 'unfinished';

const OPENING_PRONOUN =
  /^(?:they|it|its|their|them|both|such)\b|^(?:this|that|these|those)\s+(?!article|page|guide)\S/i;

export function answerIssues(answer: string): AnswerIssue[] {
  const text = answer.trim();
  const issues: AnswerIssue[] = [];
  // "... menu" and "… > Export" are UI paths; a sentence ending in "..." or "with ..." lost the step after it.
  if (
    /(?:\.\.\.|…)\s*$/.test(text) ||
    /(?<!\.)(?:\.\.\.|…)(?!\.)\s+(?=\p{Lu}|$)/u.test(text) ||
    /(?:^|\s)>\s*$/.test(text)
  )
    issues.push('cut-ui-path');
  if (OPENING_PRONOUN.test(text)) issues.push('dangling-pronoun');
  if (!/[.!?)"'”’]$/.test(text)) issues.push('unfinished');
  return issues;
}
