import { fold, stem } from './text';

/*
 * The vocabulary the knowledge-base index judges coverage with: words that name no feature, hosting regions and
 * language names the KB does not document. Lists, not logic: kb-index.ts reads them.
 */

/** Words that say nothing about which feature a question is about. */
const GENERIC = new Set(
  [
    'fix', 'work', 'problem', 'issue', 'fail', 'wrong', 'happen', 'mean', 'error', 'set', 'setup', 'possible', 'able', 'option',
    'feature', 'tool', 'find', 'go', 'see', 'show', 'look', 'try', 'tried', 'say', 'says', 'said', 'thing', 'stuff', 'people',
    'company', 'business', 'currently', 'already', 'exactly', 'instead', 'without', 'within', 'since', 'after', 'before', 'first',
    'new', 'old', 'good', 'best', 'better', 'easy', 'easiest', 'safest', 'quick', 'way', 'anymore', 'lot', 'bit', 'pretty', 'huge',
    'big', 'little', 'much', 'many', 'enough', 'whole', 'support', 'offer', 'provide', 'allow', 'let', 'give', 'take', 'keep',
    'start', 'stop', 'put', 'come', 'think', 'wonder', 'wondering', 'curious', 'hope', 'happy', 'glad', 'sorry', 'question',
    'ask', 'asking', 'answer', 'guide', 'explain', 'step', 'steps', 'day', 'today', 'yesterday', 'morning', 'night', 'week',
    'last', 'next', 'soon', 'later', 'definitely', 'right', 'able', 'anyway', 'via', 'per', 'based', 'mostly', 'just', 'also',
    'eye', 'hurt', 'lol', 'cafe', 'someone', 'somebody', 'anyone', 'thing', 'kind', 'sort', 'type', 'version', 'us', 'oh',
    'everybody', 'everyone', 'theirs', 'another', 'other', 'back', 'through', 'enable', 'disable', 'switch', 'turn', 'pick',
    'two', 'three', 'four', 'five', 'ten', 'once', 'one', 'again', 'anymore', 'somehow', 'automatically', 'directly', 'really',
    'myself', 'ourselves', 'yourself', 'themselves', 'forget', 'worry', 'bother',
  ].map(stem),
);

/** The KB documents US and EU hosting only; any other region asked about for hosting or residency is undocumented. */
export const HOSTING_ELSEWHERE =
  /\b(?:host\w*|data\s*cent(?:er|re)s?|region|residency|stored?|servers?)\b[^.?!]*\b(?:in|on)\s+(australia|asia|apac|canada|the uk|united kingdom|britain|india|japan|brazil|singapore|switzerland|south africa|middle east|uae|korea|china|latam|mexico)\b/;

/** Names of natural languages: asking for the product in one the KB never mentions is undocumented. */
export const LANGUAGE_NAMES =
  /(?<![\p{L}])(?:german|deutsch|french|francais|franzosisch|spanish|espanol|castellano|japanese|japones|japonais|japanisch|giapponese|chinese|chino|chinois|chinesisch|mandarin|korean|coreano|coreen|koreanisch|italian|italiano|italien|italienisch|portuguese|portugues|portugais|portugiesisch|dutch|nederlands|hollandais|polish|polski|polaco|turkish|turkce|arabic|arabe|arabisch|hindi|russian|russe|russisch|ruso|swedish|svenska|czech|cestina|hebrew|thai|vietnamese|indonesian)(?![\p{L}])|日本語|中文|中国語|韓国語|한국어|ドイツ語|フランス語|スペイン語|英語以外/gu;

/** A phrase matched as whole words, hyphen or space between its words, on folded text. */
export function phraseRegex(phrase: string): RegExp {
  const esc = fold(phrase).replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '[\\s-]+');
  return new RegExp(`(?<![\\p{L}\\p{N}])${esc}(?![\\p{L}\\p{N}])`, 'u');
}

/** A word that says nothing about which feature a text is about ("fix", "problem", "setup"); stemmed. */
export function isGenericTerm(term: string): boolean {
  return GENERIC.has(term);
}
