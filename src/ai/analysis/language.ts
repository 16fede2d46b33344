import { words } from './text';

/** Telling a customer's language from English, by function words: the analysis reads foreign text leniently. */
const FOREIGN_MARKERS = new Set(
  (
    'el los las una del por para con que es cual como donde puedo hay quiero le les des du et pour avec est sur je nous vous quelle ' +
    'der die das ein eine und mit ist ich wir wie kann gibt nicht sein beim um uma com nao eu minha meu faco posso onde il gli di ' +
    'che non per come dove sono het een van met voor niet ik wij hoe waar kan onze voor ' +
    'och att det som har hur jag vi ni finns inte kan med till pa av en ett ' +
    'jak kde se na je nas vas ze jsem muzete nelze ' +
    'jak gdzie sie nie jest czy mam moge nasz ' +
    'bir ve bu nasil icin yok ile'
  ).split(/\s+/),
);

// French "comment" opening a question ("Comment exporter un tableau de bord en PDF ?") is a marker too; anywhere
// else it is the English word. Short French questions often carry only one other marker.
const FRENCH_HOW = /^[\s"'“]*comment\b/i;

/**
 * The text is probably not English (two or more foreign function words, counting an opening French "comment", ¿ or
 * ¡, or Japanese script).
 */
export function looksForeign(text: string): boolean {
  if (/[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af\u1100-\u11ff]/.test(text)) return true;
  // Spanish opens a question or an exclamation with ¿ or ¡.
  if (/[¿¡]/.test(text)) return true;
  // "est-il", "peut-on", "y a-t-il": the parts of a hyphenated word are function words of their own.
  const parts = words(text).flatMap((w) => w.split('-'));
  const markers = parts.filter((w) => FOREIGN_MARKERS.has(w)).length;
  return markers + (FRENCH_HOW.test(text) ? 1 : 0) >= 2;
}
