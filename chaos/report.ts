import { table } from '../bench/report';
import type { ScenarioResult } from './runner';

/** The table `npm run chaos` prints (and the README shows): one row per scenario. */
export function resultsTable(results: ScenarioResult[]): string {
  const header = ['scenario', 'sent', 'acked', 'stored', 'lost', 'dup', 'out of order', 'AI turns', 'turns lost/twice'];
  header.push('claims', 'claims lost/twice', 'ladder due', 'fired', 'replayed', 'replay fails', 's', 'result');
  const rows = results.map((r) => [
    r.scenario,
    String(r.sent),
    String(r.acknowledged),
    String(r.stored),
    String(r.lost),
    String(r.duplicated),
    String(r.outOfOrder),
    String(r.aiTurns),
    `${r.aiTurnsUnanswered}/${r.aiTurnsAnsweredTwice}`,
    String(r.claims),
    `${r.claimsLost}/${r.claimsTwice}`,
    String(r.ladderStepsDue),
    `${r.ladderStepsFired}${r.ladderStepsFiredTwice ? ` (${r.ladderStepsFiredTwice} twice)` : ''}`,
    String(r.replayed),
    String(r.replayFailures),
    String(r.seconds),
    r.passed ? 'pass' : 'FAIL',
  ]);
  return table(header, rows);
}
