import lexicon from '../../../data/lexicon/interface-translations.json';

/**
 * Interface words of other languages → their English word, derived from open-source applications' interface
 * translations (data/lexicon/interface-translations.json, made by scripts/derive-interface-lexicon.ts): "ocultar",
 * "masquer", "ausblenden" → hide; "Spalte" → column. Only the forms the translations use are looked up, as written:
 * stemming a word across languages would read Italian "canale" as Spanish.
 */
const FORMS = new Map<string, string[]>();
for (const forms of Object.values(lexicon.words as Record<string, Record<string, string>>))
  for (const [form, en] of Object.entries(forms))
    // Also as typed without ß or œ ("schliessen", "coeur").
    for (const spelling of new Set([form, form.replace(/ß/g, 'ss').replace(/œ/g, 'oe')]))
      FORMS.set(spelling, [...new Set([...(FORMS.get(spelling) ?? []), en])]);

/** The English words a folded word stands for in the interface translations of es, fr, de and pt; none if unknown. */
export function interfaceTranslations(folded: string): readonly string[] {
  return FORMS.get(folded) ?? [];
}
