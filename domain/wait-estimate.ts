/**
 * How an estimated queue wait is said, by the conversation's notice and by the widget's queue banner alike: under a
 * minute; whole minutes rounded up (an estimate should not undersell the wait) below an hour and a half; whole hours
 * from there.
 */
export type WaitEstimate =
  { unit: 'underMinute' } | { unit: 'minutes'; count: number } | { unit: 'hours'; count: number };

export function estimateWait(seconds: number): WaitEstimate {
  if (seconds < 60) return { unit: 'underMinute' };
  const minutes = Math.ceil(seconds / 60);
  if (minutes < 90) return { unit: 'minutes', count: minutes };
  return { unit: 'hours', count: Math.round(minutes / 60) }; // 90 minutes and more: at least 2
}
