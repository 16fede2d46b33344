import { workflowWarnings } from '../observability/metrics';
import { setLogLevel } from '../logger';
import { sdkLogger } from './sdk-logger';

describe('the SDK log sink', () => {
  it('counts what workflows warn about, and only that', async () => {
    setLogLevel('error'); // keep the test output quiet; counting does not depend on the level written
    const sink = sdkLogger();
    const count = async (message: string) =>
      (await workflowWarnings.get()).values.find((v) => v.labels.message === message)?.value ?? 0;
    sink.warn('policy unavailable: claim lease falls back to the default', {
      sdkComponent: 'workflow',
      conversationId: 'c-1',
    });
    sink.warn('policy unavailable: claim lease falls back to the default', { sdkComponent: 'workflow' });
    sink.warn('slow poll', { sdkComponent: 'worker' });
    sink.info('workflow started', { sdkComponent: 'workflow' });
    expect(await count('policy unavailable: claim lease falls back to the default')).toBe(2);
    expect(await count('slow poll')).toBe(0);
    expect(await count('workflow started')).toBe(0);
  });
});
