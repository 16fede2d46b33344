import type { Client } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { badInput } from '../errors';
import { mapTemporalError } from './errors';

/**
 * Runs a Workflow Update on a conversation and maps what the workflow's validators and handlers reject to our error
 * codes; an ended conversation answers BAD_USER_INPUT.
 */
export async function updateConversation<Ret, Arg>(
  client: Client,
  workflowId: string,
  def: UpdateDefinition<Ret, [Arg]>,
  args: [Arg],
  updateId?: string,
): Promise<Ret> {
  try {
    return await client.workflow.getHandle(workflowId).executeUpdate(def, { args, ...(updateId ? { updateId } : {}) });
  } catch (err) {
    mapTemporalError(err, badInput('conversation is closed'));
  }
}
