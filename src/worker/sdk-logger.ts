import { DefaultLogger, type LogLevel, type LogMetadata } from '@temporalio/worker';
import { logger } from '../logger';
import { workflowWarnings } from '../observability/metrics';

const log = logger('temporal');

/**
 * The Temporal SDK's log sink for this worker: the SDK's messages (workflow `log.warn` included) go to our JSON log,
 * and every warning or error a workflow logs is counted on /metrics, so a fallback a workflow takes is never silent.
 */
export function sdkLogger(): DefaultLogger {
  return new DefaultLogger('INFO', ({ level, message, meta }) => {
    const fields = meta as LogMetadata | undefined;
    if (fields?.sdkComponent === 'workflow' && (level === 'WARN' || level === 'ERROR'))
      workflowWarnings.inc({ level: level.toLowerCase(), message });
    const write = levelOf(level);
    log[write](message, fields);
  });
}

function levelOf(level: LogLevel): 'debug' | 'info' | 'warn' | 'error' {
  if (level === 'ERROR') return 'error';
  if (level === 'WARN') return 'warn';
  if (level === 'INFO') return 'info';
  return 'debug';
}
