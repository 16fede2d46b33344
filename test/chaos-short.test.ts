import { runChaos } from '../chaos/runner';
import { SHORT } from '../chaos/scenarios';

/**
 * The CI subset of `npm run chaos` (chaos/): its own dev server, database, PostgreSQL proxy, worker and API replicas;
 * a worker SIGKILLed, PostgreSQL refusing connections, every request and Stripe webhook duplicated. Each scenario
 * drives 200+ acknowledged messages and 20+ claims through the API while the fault hits, then checks PostgreSQL and
 * the Temporal histories.
 */
it('loses, duplicates and reorders nothing when a worker dies, PostgreSQL goes away, or requests arrive twice', async () => {
  const results = await runChaos({ only: SHORT, short: true });
  expect(results.map((r) => r.scenario)).toEqual(SHORT);
  for (const r of results) {
    const figures = { scenario: r.scenario, problems: r.problems };
    expect({ ...figures, acknowledgedAtLeast200: r.acknowledged >= 200, claimsAtLeast20: r.claims >= 20 }).toEqual({
      ...figures,
      acknowledgedAtLeast200: true,
      claimsAtLeast20: true,
    });
    expect({ ...figures, lost: r.lost, duplicated: r.duplicated, outOfOrder: r.outOfOrder }).toEqual({
      ...figures,
      lost: 0,
      duplicated: 0,
      outOfOrder: 0,
    });
    expect({ ...figures, unanswered: r.aiTurnsUnanswered, twice: r.aiTurnsAnsweredTwice }).toEqual({
      ...figures,
      unanswered: 0,
      twice: 0,
    });
    expect({ ...figures, claimsLost: r.claimsLost, claimsTwice: r.claimsTwice }).toEqual({
      ...figures,
      claimsLost: 0,
      claimsTwice: 0,
    });
    expect(r.ladderStepsDue).toBeGreaterThan(0);
    expect({ ...figures, fired: r.ladderStepsFired, twice: r.ladderStepsFiredTwice }).toEqual({
      ...figures,
      fired: r.ladderStepsDue,
      twice: 0,
    });
    expect({ ...figures, replayFailures: r.replayFailures }).toEqual({ ...figures, replayFailures: 0 });
    expect(r.passed).toBe(true);
  }
  const dup = results.find((r) => r.scenario === 'duplicate-requests')!;
  expect(dup.figures).toMatchObject({
    webhooksDeliveredTwice: 0,
    webhooksNotDelivered: 0,
    duplicateAnswersDiffering: 0,
  });
  expect(dup.figures.webhooks).toBeGreaterThanOrEqual(20);
}, 600_000);
