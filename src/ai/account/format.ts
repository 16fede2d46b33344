import type { AccountLanguage } from './intents';

const LOCALES: Record<AccountLanguage, string> = { en: 'en-US', fr: 'fr-FR', de: 'de-DE', es: 'es-ES' };

/** Digits after the decimal point in a currency's minor unit: 2 for USD and EUR, 0 for JPY. */
export function minorDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency: currency.toUpperCase() }).resolvedOptions()
    .maximumFractionDigits as number;
}

/** An amount in minor units, written as the language writes money ("$1,234.50", "1 234,50 €"). */
export function formatMoney(minor: number, currency: string, language: AccountLanguage): string {
  const major = minor / 10 ** minorDigits(currency);
  return new Intl.NumberFormat(LOCALES[language], { style: 'currency', currency: currency.toUpperCase() })
    .format(major)
    .replace(/\u202f|\u00a0/g, ' ');
}

/** A day, in UTC (as the billing provider dates it), written out in full ("March 3, 2026", "3 mars 2026"). */
export function formatDay(isoDate: string, language: AccountLanguage): string {
  return new Intl.DateTimeFormat(LOCALES[language], { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(isoDate));
}

export function pluralCategory(n: number, language: AccountLanguage): 'one' | 'other' {
  return new Intl.PluralRules(LOCALES[language]).select(n) === 'one' ? 'one' : 'other';
}

/** A money amount the customer wrote: value in major units, and the currency when they named one. */
export interface AskedAmount {
  value: number;
  currency: string | null;
  text: string;
}

const CURRENCY_WORDS: Array<[RegExp, string]> = [
  [/^(?:\$|\$\s?US|US\$|usd|dollars?|dólares?)$/i, 'usd'],
  [/^(?:€|eur|euros?)$/i, 'eur'],
  [/^(?:£|gbp|pounds?)$/i, 'gbp'],
];
const currencyOf = (s: string | undefined) => (s ? (CURRENCY_WORDS.find(([re]) => re.test(s))?.[1] ?? null) : null);

/** "1,234.50", "1.234,50", "49,90", "49" as a number: the last separator followed by one or two digits is the decimal. */
function parseNumber(raw: string): number | null {
  const m = /^(.*?)(?:[.,](\d{1,2}))?$/.exec(raw);
  if (!m) return null;
  const whole = m[1].replace(/[.,\s\u00a0\u202f']/g, '');
  if (!/^\d+$/.test(whole)) return null;
  return Number(`${whole}.${m[2] ?? '0'}`);
}

const SYMBOL = '(US\\$|\\$|€|£|usd|eur|gbp)';
const WORD = '(\\$\\s?US|US\\$|\\$|€|£|usd|eur|gbp|dollars?|dólares?|euros?|pounds?)';
const NUMBER = '(\\d{1,3}(?:[.,\\s\\u00a0\\u202f]\\d{3})*(?:[.,]\\d{1,2})?|\\d+(?:[.,]\\d{1,2})?)';

/** The amount a question names ("$49", "49,90 €", "EUR 120", "120 dollars"), or null. */
export function parseAskedAmount(question: string): AskedAmount | null {
  const before = new RegExp(`${SYMBOL}\\s?${NUMBER}`, 'i').exec(question);
  const after = new RegExp(`${NUMBER}\\s?${WORD}(?![\\p{L}])`, 'iu').exec(question);
  const m = before
    ? { text: before[0], cur: before[1], num: before[2] }
    : after
      ? { text: after[0], cur: after[2], num: after[1] }
      : null;
  if (!m) return null;
  const value = parseNumber(m.num.trim());
  return value === null ? null : { value, currency: currencyOf(m.cur), text: m.text.trim() };
}

const MONTHS: string[][] = [
  ['january', 'jan', 'janvier', 'janv', 'januar', 'jänner', 'enero', 'ene'],
  ['february', 'feb', 'février', 'févr', 'fevrier', 'februar', 'febrero'],
  ['march', 'mar', 'mars', 'märz', 'marz', 'marzo'],
  ['april', 'apr', 'avril', 'avr', 'abril', 'abr'],
  ['may', 'mai', 'mayo'],
  ['june', 'jun', 'juin', 'juni', 'junio'],
  ['july', 'jul', 'juillet', 'juil', 'juli', 'julio'],
  ['august', 'aug', 'août', 'aout', 'agosto', 'ago'],
  ['september', 'sep', 'sept', 'septembre', 'septiembre', 'setiembre'],
  ['october', 'oct', 'octobre', 'oktober', 'okt', 'octubre'],
  ['november', 'nov', 'novembre', 'noviembre'],
  ['december', 'dec', 'décembre', 'decembre', 'dezember', 'dez', 'diciembre', 'dic'],
];
const MONTH_NAMES = MONTHS.flat().sort((a, b) => b.length - a.length);
const monthIndex = (name: string) => MONTHS.findIndex((names) => names.includes(name.toLowerCase().replace(/\.$/, '')));

/** A day a question names: month (1-12) and day, with the year when written. */
export interface AskedDay {
  month: number;
  day: number;
  year: number | null;
  text: string;
}

/** "March 3", "3rd of March", "3 mars", "3. März", "3 de marzo", "2026-03-03"; numeric d/m dates are ambiguous and skipped. */
export function parseAskedDay(question: string): AskedDay | null {
  const iso = /\b(\d{4})-(\d{2})-(\d{2})\b/.exec(question);
  if (iso) return { year: Number(iso[1]), month: Number(iso[2]), day: Number(iso[3]), text: iso[0] };
  const month = `(${MONTH_NAMES.join('|')})\\.?`;
  const year = '(?:,?\\s+(\\d{4}))?';
  const dayFirst = new RegExp(
    `(?<![\\p{L}\\d])(\\d{1,2})(?:st|nd|rd|th|er|\\.|º)?\\s+(?:of\\s+|de\\s+)?${month}(?![\\p{L}])(?:\\s+de)?${year}`,
    'iu',
  ).exec(question);
  if (dayFirst) {
    const m = monthIndex(dayFirst[2]) + 1;
    return { month: m, day: Number(dayFirst[1]), year: dayFirst[3] ? Number(dayFirst[3]) : null, text: dayFirst[0] };
  }
  const monthFirst = new RegExp(`(?<![\\p{L}])${month}\\s+(\\d{1,2})(?:st|nd|rd|th)?(?!\\d)${year}`, 'iu').exec(
    question,
  );
  if (monthFirst) {
    const m = monthIndex(monthFirst[1]) + 1;
    return {
      month: m,
      day: Number(monthFirst[2]),
      year: monthFirst[3] ? Number(monthFirst[3]) : null,
      text: monthFirst[0],
    };
  }
  return null;
}

/** Whether an ISO timestamp falls on the asked day, a day either side allowed for time zones. */
export function onAskedDay(isoDate: string, asked: AskedDay): boolean {
  const t = new Date(isoDate);
  const years = asked.year ? [asked.year] : [t.getUTCFullYear() - 1, t.getUTCFullYear(), t.getUTCFullYear() + 1];
  return years.some((y) => Math.abs(Date.UTC(y, asked.month - 1, asked.day) - t.getTime()) <= 36 * 3600_000);
}
