import { patched, proxyActivities, proxyLocalActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../../activities';

/**
 * Per run, the end of its queue of local activities (keyed by run id: module state may be shared by the workflows of
 * a reused V8 context). An entry goes when its queue empties.
 */
const lastLocal = new Map<string, Promise<unknown>>();

/**
 * Local activities of this workflow, one at a time. Two started by different coroutines (an Update handler's store
 * and the main loop's, e.g. a customer message arriving while the AI turn records its answer) resolve in completion
 * order when they run but in scheduling order when the history replays: the Update completed before the next
 * activity was scheduled live, after it on replay, and the history failed to replay (TMPRL1100, found by
 * `npm run chaos`). Queued, they finish in the order they started both ways. Histories from before replay as they ran.
 */
function oneAtATime<T extends object>(proxy: T): T {
  return new Proxy(proxy, {
    get(target, name) {
      const call = (target as Record<string | symbol, (...args: unknown[]) => Promise<unknown>>)[name];
      return (...args: unknown[]) => {
        if (!patched('local-activities-one-at-a-time')) return call(...args);
        const runId = workflowInfo().runId;
        const run = (lastLocal.get(runId) ?? Promise.resolve()).then(() => call(...args));
        const tail = run.catch(() => undefined);
        lastLocal.set(runId, tail);
        void tail.then(() => lastLocal.get(runId) === tail && lastLocal.delete(runId));
        return run;
      };
    },
  });
}

/** How the conversation workflow calls its activities: one place for timeouts and retry policies. */
// The acknowledgement path: a local activity answers in milliseconds inside the update's workflow task. It retries
// until the database answers (business rejections are non-retryable and fail at once): a failed store would complete
// the Update with a failure that Temporal then returns for that update id on every resend, poisoning the client's
// message id. The caller hears UNAVAILABLE after the gateway's deadline and resends; the resend attaches here.
export const store = oneAtATime(
  proxyLocalActivities<Activities>({
    startToCloseTimeout: '10s',
    retry: { initialInterval: '200ms', backoffCoefficient: 2, maximumInterval: '2s' },
  }),
);
// Writes the main loop depends on: a database outage delays the conversation, it never fails it.
export const durableStore = oneAtATime(
  proxyLocalActivities<Activities>({
    startToCloseTimeout: '10s',
    retry: { initialInterval: '200ms', backoffCoefficient: 2, maximumInterval: '30s' },
  }),
);
export const context = proxyActivities<Activities>({
  startToCloseTimeout: '15s',
  retry: { initialInterval: '500ms', maximumInterval: '5s', maximumAttempts: 3 },
});
// Bounded: a customer hears within a minute that a person will follow when the AI cannot answer.
export const ai = proxyActivities<Activities>({
  startToCloseTimeout: '20s',
  scheduleToCloseTimeout: '55s',
  heartbeatTimeout: '10s',
  retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '8s', maximumAttempts: 3 },
});
// Notifications never block a conversation: few attempts, failures are logged and skipped.
export const notify = proxyActivities<Activities>({
  startToCloseTimeout: '10s',
  retry: { initialInterval: '1s', maximumAttempts: 3 },
});
// Reply emails: an SMTP server may be slow or briefly down; a few spaced attempts, then the email is given up.
export const email = proxyActivities<Activities>({
  startToCloseTimeout: '30s',
  retry: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '30s', maximumAttempts: 5 },
});
