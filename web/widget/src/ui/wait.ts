import { estimateWait } from '../../../../domain/wait-estimate';
import type { Translate } from '../i18n';

/** The estimated wait, rounded and in the unit the conversation's own notice uses (domain/wait-estimate). */
export function waitText(secs: number | null | undefined, t: Translate): string | null {
  if (secs === null || secs === undefined) return null;
  const w = estimateWait(secs);
  if (w.unit === 'underMinute') return t('queueWaitShort');
  return w.unit === 'minutes' ? t('queueWait', { minutes: w.count }) : t('queueWaitHours', { hours: w.count });
}
