import type { InjectedSinks } from '@temporalio/worker';
import type { ObserveSinks } from '../../workflows/common/observe.messages';
import { logger } from '../logger';
import { swallowedErrors } from '../observability/metrics';

const log = logger('workflow');

/** The worker's side of the workflows' sinks: logged with the workflow and its conversation, and counted. */
export function workflowSinks(): InjectedSinks<ObserveSinks> {
  return {
    observe: {
      swallowedError: {
        fn: (info, e) => {
          swallowedErrors.inc({ where: e.where });
          log.warn('workflow went on past an error', {
            ...e,
            workflowId: info.workflowId,
            workflowType: info.workflowType,
          });
        },
        // Once per execution: a replayed history reports nothing new.
        callDuringReplay: false,
      },
    },
  };
}
