import type { AgentTier, ConversationStatus, EscalationTrigger, NotificationKind, SlaAction } from '../gql/graphql';

const pad = (n: number) => String(n).padStart(2, '0');

/** 45s, 12:04, 1h 04m: a countdown an agent reads at a glance. */
export function duration(ms: number): string {
  const s = Math.floor(Math.abs(ms) / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}:${pad(s % 60)}`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h}h ${pad(m % 60)}m`;
  return `${Math.floor(h / 24)}d ${h % 24}h`;
}

export function ago(iso: string, now: number): string {
  const s = Math.max(0, Math.floor((now - Date.parse(iso)) / 1000));
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86400) return `${Math.floor(s / 3600)} h ago`;
  return new Date(iso).toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
}

export const clock = (iso: string) =>
  new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
export const dateTime = (iso: string) =>
  new Date(iso).toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });

export const money = (cents: number, currency: string) =>
  new Intl.NumberFormat(undefined, { style: 'currency', currency: currency.toUpperCase() }).format(cents / 100);

export const percent = (x: number | null | undefined) => (x == null ? '–' : `${Math.round(x * 100)}%`);

export const STATUS_LABEL: Record<ConversationStatus, string> = {
  AI_ACTIVE: 'With AI',
  AWAITING_AGENT: 'Waiting',
  AGENT_ACTIVE: 'With agent',
  RESOLVED: 'Resolved',
  CLOSED: 'Closed',
};

export const TRIGGER_LABEL: Record<EscalationTrigger, string> = {
  EXPLICIT_REQUEST: 'Asked for a person',
  CATEGORY: 'Always-human topic',
  FRUSTRATION: 'Frustration',
  LOW_CONFIDENCE: 'Low confidence',
  PATIENCE: 'Out of patience',
  AI_UNAVAILABLE: 'AI unavailable',
};

export const STEP_LABEL: Record<SlaAction, string> = {
  WARN: 'Warn',
  WIDEN_TO_TIER2: 'Widen to Tier 2',
  PAGE_LEAD_ONCALL: 'Page on-call lead',
};

export const STEP_DONE: Record<SlaAction, string> = {
  WARN: 'Warned',
  WIDEN_TO_TIER2: 'Widened to Tier 2',
  PAGE_LEAD_ONCALL: 'Lead paged',
};

export const TIER_LABEL: Record<AgentTier, string> = { TIER1: 'Tier 1', TIER2: 'Tier 2', LEAD: 'Lead' };

export const NOTIFICATION_LABEL: Record<NotificationKind, string> = {
  QUEUED: 'Queued',
  SLA_WARN: 'SLA warning',
  WIDENED: 'Widened',
  PAGED: 'Paged',
  ASSIGNED: 'Assigned to you',
  OTHER: 'Notice',
};

export const titleCase = (s: string) => s.charAt(0) + s.slice(1).toLowerCase().replace(/_/g, ' ');

interface Step {
  action: SlaAction;
  dueAt: string;
  firedAt: string | null;
}

/** Where a waiting conversation is on its SLA ladder: the last step that fired, the next one, and how far along. */
export function ladder(steps: readonly Step[]): { done: Step | null; next: Step | null; index: number; total: number } {
  const sorted = [...steps].sort((a, b) => Date.parse(a.dueAt) - Date.parse(b.dueAt));
  const fired = sorted.filter((s) => s.firedAt);
  return {
    done: fired[fired.length - 1] ?? null,
    next: sorted.find((s) => !s.firedAt) ?? null,
    index: fired.length,
    total: sorted.length,
  };
}
