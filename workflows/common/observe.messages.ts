/**
 * What a workflow reports to the worker without a command in its history (a Temporal sink): an error it handled and
 * went on past. The worker logs it with the conversation and counts it in `support_swallowed_errors_total`, once
 * (not again on replay). Shared by the workflows that report and the worker that receives.
 */
export interface SwallowedWorkflowError {
  /** A stable label: where the workflow went on, e.g. `knowledge_replay`. */
  where: string;
  conversationId?: string;
  error: string;
  [detail: string]: string | number | undefined;
}

// A type alias, not an interface: proxySinks wants a record of sinks, which only an alias satisfies structurally.
export type ObserveSinks = {
  observe: {
    swallowedError(e: SwallowedWorkflowError): void;
  };
};
