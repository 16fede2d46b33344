import { condition, proxyActivities, proxyLocalActivities, workflowInfo } from '@temporalio/workflow';
import { hasPatch } from './patches';
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
        if (!hasPatch('local-activities-one-at-a-time')) return call(...args);
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

/** True when no local activity of this run is queued or running. */
export function localActivitiesIdle(): boolean {
  return !lastLocal.has(workflowInfo().runId);
}

const WAIT_PATCH = 'wait-for-local-activities' as const;

/**
 * A local activity that outlives its workflow task (a store retried while PostgreSQL is down, past the task's
 * heartbeat) resolves live in an activation of its own, after whatever else arrived meanwhile (a timer fired, another
 * activity completed) was handled; on replay its marker is read ahead and it resolves in the same activation as those
 * events. The handler waiting on it then completes its Update before the main loop's next command on replay, after it
 * live (TMPRL1100 "Update machine does not handle this event: TimerStarted", found by `npm run chaos` with
 * PostgreSQL refusing connections). So the main loop and everything that waits on a normal activity go on only once
 * the run's local activities are done: the same order both ways. Histories from before replay as they ran.
 */
export function mustAwaitLocalActivities(): boolean {
  return hasPatch(WAIT_PATCH) && !localActivitiesIdle();
}

/** Normal activities whose outcome reaches the workflow once its local activities are done (see above). */
function afterLocal<T extends object>(proxy: T): T {
  return new Proxy(proxy, {
    get(target, name) {
      const call = (target as Record<string | symbol, (...args: unknown[]) => Promise<unknown>>)[name];
      return (...args: unknown[]) => {
        if (!hasPatch(WAIT_PATCH)) return call(...args);
        const settled = () => (localActivitiesIdle() ? Promise.resolve() : condition(localActivitiesIdle));
        return call(...args).then(
          (result) => (localActivitiesIdle() ? result : settled().then(() => result)),
          (err: unknown) => {
            if (localActivitiesIdle()) throw err;
            return settled().then(() => {
              throw err;
            });
          },
        );
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
export const context = afterLocal(
  proxyActivities<Activities>({
    startToCloseTimeout: '15s',
    retry: { initialInterval: '500ms', maximumInterval: '5s', maximumAttempts: 3 },
  }),
);
// What an escalation reads for the agents and the customer's wait notice (the handoff, the queue estimate): spaced
// attempts over about 45 s, so a database outage of that length delays them rather than losing them; the
// escalation goes on without them after that (it used to fail the whole conversation after 3 attempts in 2 s).
export const escalationContext = afterLocal(
  proxyActivities<Activities>({
    startToCloseTimeout: '15s',
    retry: { initialInterval: '500ms', backoffCoefficient: 2, maximumInterval: '10s', maximumAttempts: 9 },
  }),
);
// Bounded: a customer hears within a minute that a person will follow when the AI cannot answer.
export const ai = afterLocal(
  proxyActivities<Activities>({
    startToCloseTimeout: '20s',
    scheduleToCloseTimeout: '55s',
    heartbeatTimeout: '10s',
    retry: { initialInterval: '1s', backoffCoefficient: 2, maximumInterval: '8s', maximumAttempts: 3 },
  }),
);
// The local AI (no model provider): the analysis and answer run inside the workflow task, as the stores do, which
// saves a workflow task, an activity dispatch and its three history events per answer. One attempt: a failure is
// asked again as the regular `ai` activity, whose outcome the history keeps (see ai-turn.ts), within its own bound.
// One at a time with the run's other local activities.
export const aiInTask = oneAtATime(
  proxyLocalActivities<Activities>({
    startToCloseTimeout: '10s',
    retry: { maximumAttempts: 1 },
  }),
);
// Notifications never block a conversation: few attempts, failures are logged and skipped.
export const notify = afterLocal(
  proxyActivities<Activities>({
    startToCloseTimeout: '10s',
    retry: { initialInterval: '1s', maximumAttempts: 3 },
  }),
);
// Reply emails: an SMTP server may be slow or briefly down; a few spaced attempts, then the email is given up.
export const email = afterLocal(
  proxyActivities<Activities>({
    startToCloseTimeout: '30s',
    retry: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '30s', maximumAttempts: 5 },
  }),
);
