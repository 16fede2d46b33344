import { registerMetrics, registry } from './metrics';

describe('the metrics registry', () => {
  it('serves the API and the worker side from one process without registering a name twice', async () => {
    registerMetrics('api');
    registerMetrics('worker');
    expect(() => registerMetrics('api')).not.toThrow();
    const text = await registry.metrics();
    const types = text.split('\n').filter((l) => l.startsWith('# TYPE '));
    const names = types.map((l) => l.split(' ')[2]);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(
      expect.arrayContaining([
        'support_graphql_request_duration_seconds',
        'support_queue_waiting_conversations',
        'support_activity_duration_seconds',
        'support_sla_ladder_steps_total',
        'support_ai_provider_errors_total',
        'process_cpu_user_seconds_total',
      ]),
    );
    expect(
      names.filter((n) => !n.startsWith('process_') && !n.startsWith('nodejs_')).every((n) => n.startsWith('support_')),
    ).toBe(true);
  });
});
