/**
 * How the workflow code is bundled, in one place for the build (src/main/bundle-workflows.ts), the worker's fallback
 * and the tests' bundle.
 *
 * With the SDK's reused V8 context every workflow evaluates every module of the bundle afresh into a module cache of
 * its own: each cached conversation held its own copy of our domain rules, message definitions, state machine and
 * the SDK's API index (module objects, export getters, closures, contexts and shapes: about half of its heap). The
 * modules listed here are evaluated once, before any workflow exists, and shared (the SDK freezes their exports).
 * Only modules without state of a run may be listed: workflows/conversation/activity-proxies.ts keeps the queue of a
 * run's local activities at module level, so it, and every module importing it, stays per workflow (the test next to
 * this file checks that no listed module reaches it).
 */
export const PRELOADED_WORKFLOW_MODULES = [
  '@temporalio/workflow',
  'domain/backtest/counts',
  'domain/business-hours',
  'domain/conversation',
  'domain/conversation-rules',
  'domain/decide',
  'domain/escalation',
  'domain/message-rules',
  'domain/policy/defaults',
  'domain/policy/sla',
  'domain/search-attributes',
  'domain/vocabulary',
  'domain/workflow-ids',
  'workflows/common/failures',
  'workflows/common/go-on',
  'workflows/conversation/conversation.messages',
  'workflows/conversation/conversation-machine',
  'workflows/conversation/escalation-flow',
  'workflows/knowledge/knowledge.messages',
  'workflows/knowledge/knowledge-suggestion.workflow',
  'workflows/backtest/policy-backtest.workflow',
  'workflows/digest/weekly-digest.workflow',
  'workflows/policy-rollout/policy-rollout.workflow',
  'workflows/retention/retention-sweep.workflow',
] as const;

export interface WorkflowBundlerOptions {
  workflowsPath: string;
  preloadModules: string[];
}

/** The bundler's options: our workflows, with the stateless modules above preloaded (resolved to files). */
export function workflowBundlerOptions(): WorkflowBundlerOptions {
  return {
    workflowsPath: require.resolve('../../workflows'),
    preloadModules: PRELOADED_WORKFLOW_MODULES.map((m) => (m.startsWith('@') ? m : require.resolve(`../../${m}`))),
  };
}
