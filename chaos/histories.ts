import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { temporal } from '@temporalio/proto';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { repoRoot } from '../src/paths';
import { provisionTemporalCli } from '../src/temporal/dev-server';
import { conversationWorkflowId } from '../domain/workflow-ids';

type Event = temporal.api.history.v1.IHistoryEvent;
type History = temporal.api.history.v1.IHistory;

export interface RunHistory {
  conversationId: string;
  workflowId: string;
  runId: string;
  history: History;
}

/** Every `payloads` list in a fetched history, decrypted in place (the SDK decodes what it runs, not fetched ones). */
async function decodePayloads(node: unknown, codec: PayloadCodec): Promise<void> {
  if (!node || typeof node !== 'object' || ArrayBuffer.isView(node)) return;
  if (Array.isArray(node)) {
    for (const n of node) await decodePayloads(n, codec);
    return;
  }
  const o = node as Record<string, unknown>;
  for (const [k, v] of Object.entries(o)) {
    if (k === 'payloads' && Array.isArray(v)) o[k] = await codec.decode(v as Payload[]);
    else await decodePayloads(v, codec);
  }
}

/** Every run's history of the scenario's conversations (continue-as-new makes several), read once after the load. */
export class ConversationHistories {
  private readonly runs = new Map<string, RunHistory[]>();

  private constructor() {}

  /** Histories as Temporal stores them have every payload encrypted: `codec` decrypts them for the checks. */
  static async read(address: string, conversationIds: string[], codec: PayloadCodec): Promise<ConversationHistories> {
    const h = new ConversationHistories();
    const connection = await Connection.connect({ address });
    try {
      const client = new Client({ connection, namespace: 'default' });
      for (const id of conversationIds) {
        const workflowId = conversationWorkflowId(id);
        const list: RunHistory[] = [];
        for await (const w of client.workflow.list({ query: `WorkflowId = '${workflowId}'` })) {
          const history = await client.workflow.getHandle(workflowId, w.runId).fetchHistory();
          await decodePayloads(history, codec);
          list.push({ conversationId: id, workflowId, runId: w.runId, history });
        }
        h.runs.set(id, list);
      }
    } finally {
      await connection.close();
    }
    return h;
  }

  of(conversationId: string): Event[] {
    return (this.runs.get(conversationId) ?? []).flatMap((r) => r.history.events ?? []);
  }

  all(): RunHistory[] {
    return [...this.runs.values()].flat();
  }

  /** Runs in which the Temporal dev server's history shows more than one run (continue-as-new happened). */
  continuedAsNew(): number {
    return [...this.runs.values()].filter((l) => l.length > 1).length;
  }

  /**
   * Runs where an agent's claim was accepted while the escalation's own steps were in flight: after the customer
   * was queued, before agents were notified of it (the `notifyAgents` QUEUED activity scheduled at the escalation's end).
   */
  claimsDuringEscalation(): RunHistory[] {
    return this.all().filter((r) => {
      const events = r.history.events ?? [];
      const claimAt = events.findIndex(
        (e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name === 'claimConversation',
      );
      const queuedAt = events.findIndex((e) => {
        const a = e.activityTaskScheduledEventAttributes;
        if (a?.activityType?.name !== 'notifyAgents') return false;
        return Buffer.from(a.input?.payloads?.[0]?.data ?? [])
          .toString('utf8')
          .includes('"kind":"QUEUED"');
      });
      return claimAt >= 0 && queuedAt > claimAt;
    });
  }

  /** Replays every run on the current workflow code (the worker's bundle): the runs that did not replay. */
  async replayFailures(): Promise<Array<{ workflowId: string; error: string }>> {
    const failed: Array<{ workflowId: string; error: string }> = [];
    const histories = this.all().map((r) => ({ workflowId: r.workflowId, history: r.history }));
    if (histories.length === 0) return failed;
    const codePath = path.join(repoRoot(), 'dist', 'workflow-bundle.js');
    quietRuntime();
    for await (const result of Worker.runReplayHistories({ workflowBundle: { codePath } }, histories)) {
      if (!result.error) continue;
      failed.push({ workflowId: result.workflowId, error: String(result.error) });
      // Kept for the diagnosis: the history that did not replay, in the CLI's JSON format.
      const run = this.all().find((r) => r.workflowId === result.workflowId && r.runId === result.runId);
      const logs = path.join(repoRoot(), '.data', 'chaos-logs');
      mkdirSync(logs, { recursive: true });
      if (run) writeFileSync(path.join(logs, `${run.workflowId}-${run.runId}.json`), historyToJSON(run.history));
      writeFileSync(path.join(logs, `${result.workflowId}-${result.runId}.error.txt`), String(result.error));
    }
    return failed;
  }
}

let runtimeInstalled = false;
/** The replay worker's state changes are not news: warnings and errors only. */
function quietRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // Already installed by the host (a test runner): its logger stays.
  }
}

/** The history as the Temporal CLI exports it (the format of test/fixtures/histories, which test/replay.test.ts reads). */
export function exportHistoryJson(address: string, workflowId: string, runId: string): string {
  const cli = provisionTemporalCli(process.env.TEMPORAL_CLI_PATH);
  return execFileSync(
    cli,
    ['workflow', 'show', '--workflow-id', workflowId, '--run-id', runId, '--address', address, '--output', 'json'],
    { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
  );
}
