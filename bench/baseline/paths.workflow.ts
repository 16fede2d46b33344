import { condition, defineQuery, defineUpdate, proxyLocalActivities, setHandler } from '@temporalio/workflow';
import type { BaselineActivities } from './baseline.activities';

/**
 * bench/paths.ts's raw workflow: the baseline's Update with a local activity, the same without it, one its validator
 * rejects, and a query, so each part of an Update's round trip can be set against ours.
 */
export const bumpUpdate = defineUpdate<number, [{ by: number }]>('bump');
export const plainUpdate = defineUpdate<number, [{ by: number }]>('plain');
export const checkedUpdate = defineUpdate<number, [{ by: number }]>('checked');
export const countQuery = defineQuery<number>('count');

const { bump } = proxyLocalActivities<BaselineActivities>({ startToCloseTimeout: '10s' });

export async function pathsWorkflow(): Promise<void> {
  let counter = 0;
  setHandler(bumpUpdate, async ({ by }) => {
    counter = await bump({ counter, by });
    return counter;
  });
  setHandler(plainUpdate, ({ by }) => (counter += by));
  setHandler(checkedUpdate, ({ by }) => (counter += by), {
    validator: ({ by }) => {
      if (by < 0) throw new Error('negative');
    },
  });
  setHandler(countQuery, () => counter);
  await condition(() => false);
}
