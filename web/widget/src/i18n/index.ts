import { de } from './de';
import { en, type Dictionary } from './en';
import { es } from './es';
import { fr } from './fr';
import { ja } from './ja';

const dictionaries: Record<string, Dictionary> = { en, fr, de, es, ja };
export const LOCALES = Object.keys(dictionaries);

/** The first of the preferred languages we have (`fr-CA` → fr), else English. */
export function pickLocale(preferred: readonly string[]): string {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split('-')[0];
    if (dictionaries[base]) return base;
  }
  return 'en';
}

export type Translate = (key: keyof Dictionary, vars?: Record<string, string | number>) => string;

export function translator(locale: string): Translate {
  const dict = dictionaries[locale] ?? en;
  return (key, vars) => dict[key].replace(/\{(\w+)\}/g, (_, name: string) => String(vars?.[name] ?? ''));
}
