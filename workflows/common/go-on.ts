import { proxySinks } from '@temporalio/workflow';
import type { ObserveSinks, SwallowedWorkflowError } from './observe.messages';

const { observe } = proxySinks<ObserveSinks>();

/** The activity's own error (an ActivityFailure only says that the activity failed). */
export const causeOf = (err: unknown) => {
  const e = err as { message?: string; cause?: { message?: string } };
  return String(e?.cause?.message ?? e?.message ?? err);
};

/**
 * Runs a step the workflow does not depend on (a notification, a replay report); when it fails for good, the
 * workflow goes on, and the failure is said in the worker's log and counted through a sink (no command, so the
 * history is the same as when it succeeds; not again on replay).
 */
export async function goOnPast<T>(
  failure: Omit<SwallowedWorkflowError, 'error'>,
  step: () => Promise<T>,
  onFailure?: () => void,
): Promise<T | undefined> {
  try {
    return await step();
  } catch (err) {
    const reported = { ...failure, error: causeOf(err) } as SwallowedWorkflowError;
    observe.swallowedError(reported);
    onFailure?.();
    return undefined;
  }
}
