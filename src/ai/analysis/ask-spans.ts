import { clauses } from './text';

/**
 * Where a question names the capability it asks about: the words after "can I", "is there", "does it", "how do I",
 * "if I", "what's the". The span stops where the scenario starts (a comma, "so", "because", "when", a new subject),
 * so "can I set quiet hours so it doesn't ping the store managers" asks about "set quiet hours".
 */
const HOW_TO = /\bhow\s+(?:do|can|could|would|should)\s+(?:i|we|you)\s+(.+)/i;
const ASK_OPENERS: RegExp[] = [
  HOW_TO,
  /\b(?:can|could|may|will|would)\s+(?:i|we|you|they|lumen|it|one|users?|people|members?|viewers?|editors?|admins?|he|she)\s+(?:also\s+|still\s+|even\s+|somehow\s+)?(.+)/i,
  /\b(?:is|are)\s+there\s+(?:also\s+)?(?:a\s+way\s+to\s+|an?\s+(?:option|setting)\s+to\s+)?(.+)/i,
  /^(?!\s*(?:which|what)\b).*?\b(?:do|does)\s+(?:i|we|you|they|lumen|it|he|she)\s+(?:need\s+to\s+|have\s+to\s+)?(.+)/i,
  /\bif\s+(?:i|we|someone|they|a\s+user)\s+(.+)/i,
  /\bis\s+it\s+possible\s+to\s+(.+)/i,
  // "Can status page updates be pushed to …", "can alerts send …": the subject is part of what is asked.
  /^(?:so\s+|and\s+|also\s+|but\s+)?(?:can|could|will|would|may|does|do)\s+(?!(?:i|we|you|they|lumen|it|one|users?|people|members?|viewers?|editors?|admins?|he|she|there)\b)([\p{L}][\p{L}\p{N}-]*\s+.+)/iu,
];
const SPAN_END =
  /[,;:?!.()]|\s(?:so|because|since|while|when|whenever|where|which|who|as|but|or\s+do|and\s+(?:then|can|how|what|is|do)|instead|without|like|e\.g|i|we|they|you|he|she|it)\s|\s(?:it'?s|i'?m|we'?re)\b/i;

export interface UncoveredAsk {
  span: string;
  /** The span is a "how do I …" procedure question rather than a "can I / is there …" capability question. */
  howTo: boolean;
  missing: string[];
  total: number;
  /** idf-weighted share of the span's words that the article lacks. */
  share: number;
  /** Missing words that at most four articles use. */
  rare: number;
  /** Missing words the KB never uses. */
  unknown: number;
  /** Missing product or feature names (Capitalised or an acronym) that other articles document. */
  names: number;
}

/** An ask span counts as undocumented when most of its weight is missing and some of what is missing is rare. */
export function isUndocumented(u: UncoveredAsk): boolean {
  // "How do I …" asks for the steps of something the customer already takes to exist: judged by retrieval alone.
  if (u.howTo) return false;
  // "Can status updates go to Microsoft Teams?" when Teams is documented only elsewhere.
  if (u.names >= 1 && u.share >= 0.25) return true;
  if (u.unknown === 0 && u.rare < 2) return false;
  return u.share >= 0.5 || (u.share >= 0.4 && u.unknown >= 1);
}

export function askSpans(text: string): Array<{ span: string; howTo: boolean }> {
  const out: Array<{ span: string; howTo: boolean }> = [];
  for (const clause of clauses(text)) {
    for (const re of ASK_OPENERS) {
      let rest = clause;
      let m: RegExpExecArray | null;
      while ((m = re.exec(rest)) !== null) {
        const tail = m[1];
        const end = tail.search(SPAN_END);
        const span = (end >= 0 ? tail.slice(0, end) : tail).trim();
        // "Do I need someone from support to …": whether a human is needed, not a capability of the product.
        if (
          /^(?:really\s+)?(?:need|have)\s+(?:to\s+(?:ask|contact|call|email)\s+)?(?:someone|somebody|anyone|a\s+(?:person|human)|an?\s+agent|your\s+\w+\s+team|your\s+team|support|the\s+support)\b/i.test(
            span,
          )
        ) {
          rest = tail;
          continue;
        }
        if (span && !out.some((o) => o.span === span)) out.push({ span, howTo: re === HOW_TO });
        rest = tail;
      }
    }
  }
  return out;
}
