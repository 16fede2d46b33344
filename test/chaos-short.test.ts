import { runChaos } from '../chaos/runner';
import { SHORT } from '../chaos/scenarios';

/**
 * The CI subset of `npm run chaos` (chaos/, CHAOS_SHORT=1): its own dev server, database, PostgreSQL proxy, worker and
 * API replicas from dist/; a worker SIGKILLed, PostgreSQL refusing connections for 8 s, every request and Stripe
 * webhook duplicated. Each scenario drives 200+ acknowledged messages and 20+ claims through the API while the fault
 * hits, then checks PostgreSQL and the Temporal histories (decrypted through the payload codec) and replays them.
 */
it('loses, duplicates and reorders nothing when a worker dies, PostgreSQL goes away, or requests arrive twice', async () => {
  const results = await runChaos({ only: SHORT, short: true });
  expect(results.map((r) => r.scenario)).toEqual(SHORT);
  for (const r of results) {
    const named = { scenario: r.scenario, problems: r.problems };
    expect({ ...named, acknowledgedAtLeast200: r.acknowledged >= 200, claimsAtLeast20: r.claims >= 20 }).toEqual({
      ...named,
      acknowledgedAtLeast200: true,
      claimsAtLeast20: true,
    });
    expect({ ...named, lost: r.lost, duplicated: r.duplicated, outOfOrder: r.outOfOrder }).toEqual({
      ...named,
      lost: 0,
      duplicated: 0,
      outOfOrder: 0,
    });
    expect({ ...named, unanswered: r.aiTurnsUnanswered, twice: r.aiTurnsAnsweredTwice }).toEqual({
      ...named,
      unanswered: 0,
      twice: 0,
    });
    expect({ ...named, claimsLost: r.claimsLost, claimsTwice: r.claimsTwice }).toEqual({
      ...named,
      claimsLost: 0,
      claimsTwice: 0,
    });
    expect(r.ladderStepsDue).toBeGreaterThan(0);
    expect({ ...named, fired: r.ladderStepsFired, twice: r.ladderStepsFiredTwice }).toEqual({
      ...named,
      fired: r.ladderStepsDue,
      twice: 0,
    });
    expect({ ...named, loadFailures: r.loadFailures, replayFailures: r.replayFailures }).toEqual({
      ...named,
      loadFailures: 0,
      replayFailures: 0,
    });
    expect(r.passed).toBe(true);
  }
  const dup = results.find((r) => r.scenario === 'duplicate-requests')!;
  expect(dup.figures).toMatchObject({
    webhooksDeliveredTwice: 0,
    webhooksNotDelivered: 0,
    webhookAnswersWrong: 0,
    duplicateAnswersDiffering: 0,
  });
  expect(dup.figures.webhooks).toBeGreaterThanOrEqual(20);
}, 400_000);
