import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSchema, parse, validate } from 'graphql';
import { ALL_OPERATIONS } from '../web/widget/src/api/operations';
import { en } from '../web/widget/src/i18n/en';
import { de } from '../web/widget/src/i18n/de';
import { es } from '../web/widget/src/i18n/es';
import { fr } from '../web/widget/src/i18n/fr';
import { ja } from '../web/widget/src/i18n/ja';
import { pickLocale, translator } from '../web/widget/src/i18n';
import { contrast, paletteFor } from '../web/widget/src/ui/colors';
import { waitText } from '../web/widget/src/ui/wait';
import { waitNotice } from '../workflows/conversation/escalation-flow';
import { lastStoredSeq, mergeTimeline, resumeSeq, unreadAfter, type ViewMessage } from '../web/widget/src/timeline';

/** The widget's GraphQL documents against the committed contract: a schema change that breaks them fails here. */
describe('widget operations', () => {
  const schema = buildSchema(readFileSync(path.join(__dirname, '..', 'schema', 'schema.graphql'), 'utf8'));
  it.each(ALL_OPERATIONS.map((op) => [/(query|mutation|subscription) (\w+)/.exec(op)![2], op]))(
    '%s is valid against schema/schema.graphql',
    (_name, op) => {
      expect(validate(schema, parse(op)).map((e) => e.message)).toEqual([]);
    },
  );
});

describe('widget texts', () => {
  it('every language has every English key, each with the same {placeholders}', () => {
    const vars = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
    for (const dict of [fr, de, es, ja]) {
      expect(Object.keys(dict).sort()).toEqual(Object.keys(en).sort());
      for (const key of Object.keys(en) as Array<keyof typeof en>)
        expect([key, vars(dict[key])]).toEqual([key, vars(en[key])]);
    }
  });

  it('picks the first preferred language it has, by base language, else English', () => {
    expect(pickLocale(['fr-CA', 'en'])).toBe('fr');
    expect(pickLocale(['pt-BR', 'ja-JP'])).toBe('ja');
    expect(pickLocale(['pt-BR'])).toBe('en');
    expect(translator('de')('queuePosition', { position: 3 })).toBe('Sie sind Nummer 3 in der Warteschlange.');
  });
});

describe('brand colours', () => {
  it.each(['#2563eb', '#ffd60a', '#6d28d9', '#e0f2fe', 'not-a-colour'])('keep text readable (AA) for %s', (c) => {
    const p = paletteFor(c);
    expect(contrast(p.brand, p.onBrand)).toBeGreaterThanOrEqual(4.5);
    expect(contrast(p.brandText, '#ffffff')).toBeGreaterThanOrEqual(4.5);
  });
});

describe('the widget timeline', () => {
  const msg = (seq: number, extra: Partial<ViewMessage> = {}): ViewMessage => ({
    id: `m${seq}`,
    seq,
    authorKind: 'AI',
    authorName: null,
    body: `message ${seq}`,
    clientMessageId: null,
    createdAt: '2026-01-01T00:00:00Z',
    ai: null,
    ...extra,
  });

  it('keeps each stored message once, in seq order, whatever order subscription and back-fill bring them in', () => {
    const merged = mergeTimeline([msg(1), msg(3)], [msg(2), msg(3), msg(4)]);
    expect(merged.map((m) => m.seq)).toEqual([1, 2, 3, 4]);
  });

  it('shows a pending message until its stored self arrives, then only that', () => {
    const pending = msg(Number.MAX_SAFE_INTEGER, { authorKind: 'CUSTOMER', clientMessageId: 'c-1', pending: true });
    const withPending = mergeTimeline([msg(1)], []).concat(pending);
    expect(mergeTimeline(withPending, [msg(2)]).map((m) => m.pending ?? false)).toEqual([false, false, true]);
    const stored = mergeTimeline(withPending, [msg(2, { authorKind: 'CUSTOMER', clientMessageId: 'c-1' })]);
    expect(stored.map((m) => [m.seq, m.pending ?? false])).toEqual([
      [1, false],
      [2, false],
    ]);
    // Pending messages are neither read nor unread: only what the API stored counts.
    expect(lastStoredSeq(withPending)).toBe(1);
    expect(unreadAfter([...withPending, msg(2), msg(3, { authorKind: 'CUSTOMER' })], 1)).toBe(1);
  });

  it('resumes after a reconnect from the last message with none missing before it, not the highest seen', () => {
    // 6 arrived live before 5: a back-fill after 6 would never bring 5.
    expect(resumeSeq([msg(1), msg(2), msg(3), msg(4), msg(6)])).toBe(4);
    expect(resumeSeq([msg(1), msg(2), msg(3)])).toBe(3);
    const pending = msg(Number.MAX_SAFE_INTEGER, { authorKind: 'CUSTOMER', clientMessageId: 'c-2', pending: true });
    expect(resumeSeq([msg(1), msg(2), pending])).toBe(2);
    expect(resumeSeq([])).toBe(0);
  });
});

describe('the estimated wait in the queue banner', () => {
  it('says minutes below an hour and a half and hours from there, as the conversation notice does', () => {
    const t = translator('en');
    expect(waitText(null, t)).toBeNull();
    expect(waitText(30, t)).toBe('Estimated wait: under a minute.');
    expect(waitText(61, t)).toBe('Estimated wait: about 2 min.');
    expect(waitText(89 * 60, t)).toBe('Estimated wait: about 89 min.');
    expect(waitText(4 * 3600, t)).toBe('Estimated wait: about 4 hours.');
    expect(waitText(4 * 3600, translator('de'))).toBe('Geschätzte Wartezeit: etwa 4 Std.');
  });

  it('gives the same figure as the notice the conversation posts when it hands off', () => {
    const t = translator('en');
    for (const [secs, banner, notice] of [
      [30, 'under a minute', 'The usual wait is under a minute.'],
      [130, 'about 3 min.', 'The usual wait is about 3 minutes.'],
      [3 * 3600, 'about 3 hours.', 'The usual wait is about 3 hours.'],
    ] as const) {
      expect(waitText(secs, t)).toContain(banner);
      expect(waitNotice(null, secs, 'EXPLICIT_REQUEST')).toContain(notice);
    }
  });
});
