import { Metadata, status } from '@grpc/grpc-js';
import { RetryState } from '@temporalio/common';
import {
  ActivityFailure,
  ApplicationFailure,
  ServiceError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { AppError, badInput, conflict, ErrorCode } from '../errors';
import { registerMetrics, registry } from '../observability/metrics';
import { callTemporal, signalUnlessEnded, toAppError } from './failures';

const call = { operation: 'claim', workflowId: 'conversation-c1', conversationId: 'c1' };
const closed = () => badInput('conversation is closed');

/** What @grpc/grpc-js hands the client: an Error with a numeric code, details and metadata. */
function grpcError(code: status, details: string): Error {
  return Object.assign(new Error(`${code} ${status[code]}: ${details}`), { code, details, metadata: new Metadata() });
}

async function counted(operation: string, code: string): Promise<number> {
  const metric = await registry.getSingleMetric('support_temporal_errors_total')!.get();
  return metric.values.find((v) => v.labels.operation === operation && v.labels.code === code)?.value ?? 0;
}

beforeAll(() => registerMetrics('api'));

describe('Temporal failures mapped to our codes, by type', () => {
  it('a rejection by a workflow validator keeps its code and message', () => {
    const err = new WorkflowUpdateFailedError(
      'Workflow Update failed',
      ApplicationFailure.create({ type: 'FORBIDDEN', message: 'only the assignee may do this', nonRetryable: true }),
    );
    expect(toAppError(err, call, closed)).toMatchObject({
      code: ErrorCode.FORBIDDEN,
      message: 'only the assignee may do this',
    });
  });

  it('a business error from an activity under an update handler keeps its code too', () => {
    const fromActivity = ApplicationFailure.create({
      type: 'CONFLICT',
      message: 'already approved',
      nonRetryable: true,
    });
    const activity = new ActivityFailure(
      'Activity task failed',
      'publish',
      'a1',
      RetryState.NON_RETRYABLE_FAILURE,
      'worker',
      fromActivity,
    );
    const err = new WorkflowUpdateFailedError('Workflow Update failed', activity);
    expect(toAppError(err, call, closed)).toMatchObject({ code: ErrorCode.CONFLICT, message: 'already approved' });
  });

  it('an ended workflow answers what ended means for the call: by class, by gRPC status, or by update outcome', () => {
    const ended = [
      new WorkflowNotFoundError('workflow execution already completed', 'conversation-c1', undefined),
      new ServiceError('Workflow Update failed', { cause: grpcError(status.NOT_FOUND, 'workflow not found') }),
      new WorkflowUpdateFailedError(
        'Workflow Update failed',
        ApplicationFailure.create({ type: 'AcceptedUpdateCompletedWorkflow', message: 'the workflow completed' }),
      ),
    ];
    for (const err of ended) expect(toAppError(err, call, closed)).toMatchObject({ code: ErrorCode.BAD_USER_INPUT });
    expect(toAppError(ended[0], call, () => conflict('no longer open'))).toMatchObject({ code: ErrorCode.CONFLICT });
  });

  it('a second start of the same workflow is a CONFLICT', () => {
    const err = new WorkflowExecutionAlreadyStartedError('already started', 'backtest-b1', 'policyBacktestWorkflow');
    expect(toAppError(err, call, closed).code).toBe(ErrorCode.CONFLICT);
    expect(toAppError(grpcError(status.ALREADY_EXISTS, 'exists'), call, closed).code).toBe(ErrorCode.CONFLICT);
  });

  it('reads no messages: an unknown error that merely says "already completed" is INTERNAL, counted, with nothing leaked', async () => {
    const before = await counted('claim', ErrorCode.INTERNAL);
    const err = toAppError(new Error('workflow execution already completed at 10.0.0.7:7233'), call, closed);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: ErrorCode.INTERNAL, message: 'internal error' });
    expect(await counted('claim', ErrorCode.INTERNAL)).toBe(before + 1);
  });

  it('an outage or no answer in time is UNAVAILABLE (resend with the same key), counted, with nothing leaked', async () => {
    const before = await counted('claim', ErrorCode.UNAVAILABLE);
    const outages = [
      new ServiceError('Failed to signal', { cause: grpcError(status.UNAVAILABLE, 'connection refused 10.0.0.7') }),
      grpcError(status.DEADLINE_EXCEEDED, 'deadline exceeded'),
      new WorkflowUpdateRPCTimeoutOrCancelledError('Workflow update call timeout or cancelled'),
      // A worker died mid-task: the server refuses Updates until the task's retry completes (nothing was admitted).
      grpcError(
        status.FAILED_PRECONDITION,
        'Unable to perform workflow execution update due to Workflow Task in failed state.',
      ),
      grpcError(status.RESOURCE_EXHAUSTED, 'namespace rate limit exceeded'),
    ];
    for (const outage of outages) {
      const err = await callTemporal(call, closed, () => Promise.reject(outage)).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: ErrorCode.UNAVAILABLE });
      expect((err as Error).message).toMatch(/resend the same request/);
      expect((err as Error).message).not.toMatch(/10\.0\.0\.7|deadline|grpc/i);
    }
    expect(await counted('claim', ErrorCode.UNAVAILABLE)).toBe(before + outages.length);
  });

  it('any other failure of Temporal is INTERNAL, counted', async () => {
    const before = await counted('claim', ErrorCode.INTERNAL);
    const broken = grpcError(status.INTERNAL, 'history service failed at 10.0.0.7');
    await expect(callTemporal(call, closed, () => Promise.reject(broken))).rejects.toMatchObject({
      code: ErrorCode.INTERNAL,
      message: 'internal error',
    });
    expect(await counted('claim', ErrorCode.INTERNAL)).toBe(before + 1);
  });

  it('a signal to a workflow that ended meanwhile is an outcome, counted as NOT_FOUND', async () => {
    const signal = { operation: 'signalPolicyChanged', workflowId: 'conversation-c2', conversationId: 'c2' };
    const before = await counted('signalPolicyChanged', ErrorCode.NOT_FOUND);
    const gone = new WorkflowNotFoundError('workflow execution already completed', 'conversation-c2', undefined);
    await expect(signalUnlessEnded(signal, () => Promise.reject(gone))).resolves.toBe('ended');
    await expect(signalUnlessEnded(signal, () => Promise.resolve())).resolves.toBe('signalled');
    expect(await counted('signalPolicyChanged', ErrorCode.NOT_FOUND)).toBe(before + 1);
    await expect(signalUnlessEnded(signal, () => Promise.reject(new Error('boom')))).rejects.toMatchObject({
      code: ErrorCode.INTERNAL,
    });
  });
});
