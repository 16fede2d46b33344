import { readFileSync } from 'node:fs';
import path from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { activityInput, localActivityType } from '../chaos/verify';

/**
 * The chaos verifier counts the AI's calls per conversation from its history: regular activities by their scheduled
 * event, the local AI (inside the workflow task) by Core's marker. Read on a recorded history of each kind.
 */
const fixture = (name: string) =>
  historyFromJSON(JSON.parse(readFileSync(path.join(__dirname, 'fixtures', 'histories', `${name}.json`), 'utf8')))
    .events ?? [];

describe('the chaos verifier reads the AI calls of a history', () => {
  it('finds the local AI in its markers: one call per customer turn of the lifecycle, and no AI activity', () => {
    const events = fixture('lifecycle-ai-in-workflow-task');
    const local = events.map(localActivityType).filter((t): t is string => t !== null);
    // Two questions answered, then the request for a person decided: three calls; the stores beside them.
    expect(local.filter((t) => t === 'generateAiReply')).toHaveLength(3);
    expect(local).toContain('recordAiTurn');
    expect(events.map((e) => activityInput(e)?.name).filter((n) => n?.startsWith('generateAi'))).toEqual([]);
  });

  it('finds the regular AI activity by its scheduled event, with the message it answers', () => {
    const events = fixture('lifecycle-patch-baseline');
    expect(events.map(localActivityType).filter((t) => t?.startsWith('generateAi'))).toEqual([]);
    const calls = events.map(activityInput).filter((a) => a?.name === 'generateAiReply');
    expect(calls.map((a) => a!.input.messageSeq)).toEqual([1, 3, 5]);
  });
});
