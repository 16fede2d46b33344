import type { ConversationFilterInput, ConversationStatus, CustomerTier, EscalationTrigger } from '../gql/graphql';
import { STATUS_LABEL, TRIGGER_LABEL, titleCase } from './format';

/** The inbox's views: what the sidebar lists and which filter each one asks the API for. */
export type ViewId = string;

const OPEN: ConversationStatus[] = ['AI_ACTIVE', 'AWAITING_AGENT', 'AGENT_ACTIVE'];
export const TIERS: CustomerTier[] = ['ENTERPRISE', 'PRO', 'FREE'];
/** In the order of their labels: TRIGGER_LABEL is typed by the SDL's enum, so a new trigger can't be left out. */
export const TRIGGERS = Object.keys(TRIGGER_LABEL) as EscalationTrigger[];

export function viewTitle(view: ViewId): string {
  if (view === 'queue') return 'Queue';
  if (view === 'mine') return 'Assigned to me';
  if (view === 'unassigned') return 'Unassigned';
  if (view === 'all') return 'All open';
  if (view === 'closed') return 'Resolved and closed';
  const [kind, value] = view.split(':');
  if (kind === 'status') return STATUS_LABEL[value as ConversationStatus] ?? value;
  if (kind === 'tier') return `${titleCase(value)} customers`;
  if (kind === 'trigger') return TRIGGER_LABEL[value as EscalationTrigger] ?? value;
  return view;
}

/**
 * The `conversations` filter of a view (null: the agent's own queue, `agentQueue`); a search runs over all open
 * conversations when the view is the queue. Waiting conversations come soonest deadline first.
 */
export function viewFilter(view: ViewId, search: string): ConversationFilterInput | null {
  const q = search.trim() ? { search: search.trim() } : {};
  const bySla = { orderBy: 'SLA_DEADLINE' as const };
  if (view === 'queue') return search.trim() ? { ...q, statuses: OPEN, ...bySla } : null;
  if (view === 'mine') return { ...q, assignedToMe: true, statuses: OPEN };
  if (view === 'unassigned') return { ...q, unassigned: true, ...bySla };
  if (view === 'all') return { ...q, statuses: OPEN, ...bySla };
  if (view === 'closed') return { ...q, statuses: ['RESOLVED', 'CLOSED'] };
  const [kind, value] = view.split(':');
  if (kind === 'status') return { ...q, statuses: [value as ConversationStatus], ...bySla };
  if (kind === 'tier') return { ...q, tier: value as CustomerTier, statuses: OPEN, ...bySla };
  if (kind === 'trigger') return { ...q, trigger: value as EscalationTrigger, statuses: OPEN, ...bySla };
  return { ...q, statuses: OPEN };
}
