import type { Client } from '@temporalio/client';
import {
  POLICY_ROLLOUT_WORKFLOW_TYPE,
  type PolicyRolloutInput,
} from '../../workflows/policy-rollout/policy-rollout.messages';
import { conflict } from '../errors';
import { callTemporal } from './failures';
import { policyRolloutWorkflowId } from './ids';

/** Policy versions reaching running conversations. */
export class PolicyGateway {
  constructor(
    private readonly client: Client,
    private readonly taskQueue: string,
  ) {}

  /**
   * Starts the durable fan-out that tells every waiting conversation about `version` (policyRolloutWorkflow). Keyed on
   * the version: a second start while one runs joins it; a later one (after it finished) tells them again, harmlessly.
   */
  async startPolicyRollout(input: PolicyRolloutInput): Promise<{ workflowId: string }> {
    const workflowId = policyRolloutWorkflowId(input.version);
    await callTemporal(
      { operation: 'startPolicyRollout', workflowId, version: input.version },
      () => conflict('this policy version is being rolled out already'),
      () =>
        this.client.workflow.start(POLICY_ROLLOUT_WORKFLOW_TYPE, {
          workflowId,
          taskQueue: this.taskQueue,
          args: [input],
          workflowIdConflictPolicy: 'USE_EXISTING',
        }),
    );
    return { workflowId };
  }
}
