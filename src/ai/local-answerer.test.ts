import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../paths';
import { StaticKb } from './kb-cache';
import { createLocalAnswerer } from './local-answerer';

const kb = JSON.parse(readFileSync(path.join(repoRoot(), 'data', 'demo', 'kb.json'), 'utf8'));
const answerer = createLocalAnswerer(new StaticKb(kb));
const ask = (question: string, previousTurns: string[] = []) => answerer.invoke({ question, previousTurns });

describe('small talk gets the reply a person would give, not an article', () => {
  it('thanks after an answer: no second copy of the article', async () => {
    const first = await ask('where do I find my invoices?');
    expect(first.answer).toMatch(/^Invoices are at/);
    const thanks = await ask('ok thanks', ['where do I find my invoices?']);
    expect(thanks.answer).toBe("You're welcome! Is there anything else I can help you with?");
    expect(thanks.sources).toEqual([]);
    expect(thanks.signals.problem.smallTalk).toBe(true);
    expect((await ask('merci beaucoup', ['where do I find my invoices?'])).answer).toMatch(/^You're welcome!/);
  });

  it('a greeting, a "still there?", and a plain acknowledgement', async () => {
    expect((await ask('hi')).answer).toBe('Hi! What can I help you with today?');
    expect((await ask('hello? anyone there?', ['Can I export to Excel?'])).answer).toBe(
      "I'm here. What can I help you with?",
    );
    expect((await ask('great', ['Can I export to Excel?'])).answer).toBe(
      'Alright. If anything else comes up, just write here.',
    );
  });

  it('thanks with a problem in it is still answered from the knowledge base', async () => {
    const r = await ask('thanks, but the PDF export still times out', ['How do I export a dashboard to PDF?']);
    expect(r.answer).not.toMatch(/welcome/);
    expect(r.sources.length).toBeGreaterThan(0);
  });
});
