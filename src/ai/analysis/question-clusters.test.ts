import { readFileSync } from 'node:fs';
import path from 'node:path';
import { defaultLexiconFile, loadLexiconFile } from '../lexicon-file';
import { KbIndex, type KbArticleInput } from './kb-index';
import { setDeploymentLexicon } from './lexicon';
import { clusterQuestions } from './question-clusters';

setDeploymentLexicon(loadLexiconFile(defaultLexiconFile()));
const kb = KbIndex.build(
  JSON.parse(
    readFileSync(path.join(__dirname, '..', '..', '..', 'data', 'demo', 'kb.json'), 'utf8'),
  ) as KbArticleInput[],
);
const items = (texts: string[]) => texts.map((text, i) => ({ id: `q${i + 1}`, text }));
const partition = (clusters: Array<{ ids: string[] }>) => clusters.map((c) => [...c.ids].sort().join(',')).sort();

describe('clusterQuestions', () => {
  it('puts one question worded differently together, and apart from other questions sharing common words', () => {
    const clusters = clusterQuestions(
      items([
        "I can't find the audit log export",
        'Can I export a dashboard to PowerPoint?',
        'where do I export the audit log?',
        'Can I embed a dashboard in Notion?',
        'Is there a way to download my charts as a PowerPoint deck?',
      ]),
      kb,
    );
    expect(partition(clusters)).toEqual(['q1,q3', 'q2,q5', 'q4']);
  });

  it('joins languages the glossary translates', () => {
    const clusters = clusterQuestions(
      items([
        'Can I export a dashboard to PowerPoint?',
        'Est-ce que je peux exporter un tableau de bord vers PowerPoint ?',
        'Kann ich ein Dashboard nach PowerPoint exportieren?',
      ]),
      kb,
    );
    expect(clusters).toEqual([{ ids: ['q1', 'q2', 'q3'], label: 'Can I export a dashboard to PowerPoint?' }]);
  });

  it('labels a cluster with the question, not the story around it, and ranks larger clusters first', () => {
    const clusters = clusterQuestions(
      items([
        'is there a dark mode?',
        'We are a small team of five analysts and our board wants slides every week. Can Lumen export a dashboard straight to PowerPoint?',
        'Can I export a dashboard to PowerPoint?',
        'PowerPoint export of a dashboard, is that possible?',
      ]),
      kb,
    );
    expect(clusters.map((c) => c.ids.length)).toEqual([3, 1]);
    expect(clusters[0].label).toMatch(/PowerPoint\?$/);
    expect(clusters[0].label).not.toMatch(/analysts/);
  });

  it('gives the same grouping whatever order the questions come in', () => {
    const texts = [
      'Can I set quiet hours for alerts?',
      'Does Lumen integrate with Google BigQuery?',
      "Is there a quiet hours setting so alerts don't fire at night?",
      'does lumen connect to BigQuery?',
      'is there a dark mode?',
      'Do you offer a nonprofit discount on Enterprise pricing?',
      'Do you have a discount for nonprofits?',
    ];
    const forward = partition(clusterQuestions(items(texts), kb));
    const reversed = partition(clusterQuestions(items(texts).reverse(), kb));
    expect(forward).toEqual(['q1,q3', 'q2,q4', 'q5', 'q6,q7']);
    expect(reversed).toEqual(forward);
  });

  it('keeps a text with no topical words on its own', () => {
    expect(clusterQuestions(items(['hello', 'hello']), kb).map((c) => c.ids)).toEqual([['q1'], ['q2']]);
    expect(clusterQuestions([], kb)).toEqual([]);
  });
});
