import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import type { EscalationPolicyDocument } from '../../domain/escalation';
import type { LogLevel, LogMetadata } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { businessFailuresInterceptor } from '../../src/worker/business-failures';

export interface LoggedLine {
  level: LogLevel;
  message: string;
  meta: LogMetadata;
}

/**
 * An activity run as the worker runs it, without a server: in an activity context (log, heartbeat) and behind our
 * business-failure interceptor, so a test sees the ApplicationFailure Temporal would see. Records what the activity
 * logged and how often it heartbeated.
 */
export function activityEnv() {
  const logged: LoggedLine[] = [];
  const log =
    (level: LogLevel) =>
    (message: string, meta: LogMetadata = {}) =>
      void logged.push({ level, message, meta });
  const logger = {
    log: (level: LogLevel, message: string, meta?: LogMetadata) => log(level)(message, meta),
    trace: log('TRACE'),
    debug: log('DEBUG'),
    info: log('INFO'),
    warn: log('WARN'),
    error: log('ERROR'),
  };
  const env = new MockActivityEnvironment(undefined, { logger, interceptors: [businessFailuresInterceptor] });
  let heartbeats = 0;
  env.on('heartbeat', () => heartbeats++);
  return {
    run: <A extends unknown[], R>(fn: (...args: A) => Promise<R>, ...args: A): Promise<R> => env.run(fn, ...args),
    /** The error the activity failed with, as the worker reports it (after the interceptor). */
    failure: <A extends unknown[]>(fn: (...args: A) => Promise<unknown>, ...args: A): Promise<unknown> =>
      env.run(fn, ...args).then(
        () => {
          throw new Error('the activity succeeded');
        },
        (err: unknown) => err,
      ),
    logged,
    heartbeats: () => heartbeats,
  };
}

/** A counter's value for these labels, read from its prom-client collector (0 when never incremented). */
export async function counterValue(
  counter: { get(): Promise<{ values: Array<{ labels: object; value: number }> }> },
  labels: Record<string, string>,
): Promise<number> {
  const { values } = await counter.get();
  const hit = values.find((v) =>
    Object.entries(labels).every(([k, x]) => (v.labels as Record<string, unknown>)[k] === x),
  );
  return hit?.value ?? 0;
}

/** DataSource.query (generic in its row type) answered by `answer`: for the activities that run one plain query. */
export const fakeQuery = (answer: (sql: string, params?: unknown[]) => unknown[] | Promise<unknown[]>) =>
  (async (sql: string, params?: unknown[]) => answer(sql, params)) as Pick<DataSource, 'query'>['query'];

/** The demo escalation policy (data/demo/policy.json), read without loading the policy service and TypeORM. */
export function demoPolicy(): EscalationPolicyDocument {
  return JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'data', 'demo', 'policy.json'), 'utf8'));
}
