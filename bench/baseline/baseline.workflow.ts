import { condition, defineUpdate, proxyLocalActivities, setHandler } from '@temporalio/workflow';
import type { BaselineActivities } from './baseline.activities';

/** The floor the bench compares against: one Update whose handler runs one local activity and returns. */
export const bumpUpdate = defineUpdate<number, [{ by: number }]>('bump');

const { bump } = proxyLocalActivities<BaselineActivities>({ startToCloseTimeout: '10s' });

export async function baselineWorkflow(): Promise<void> {
  let counter = 0;
  setHandler(bumpUpdate, async ({ by }) => {
    counter = await bump({ counter, by });
    return counter;
  });
  await condition(() => false);
}
