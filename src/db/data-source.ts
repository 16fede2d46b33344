import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { entities } from './entities';
import { InitialSchema1764201600000 } from './migrations/1764201600000-initial-schema';
import { Escalation1764288000000 } from './migrations/1764288000000-escalation';
import { BillingActions1764374400000 } from './migrations/1764374400000-billing-actions';
import { PolicyBacktests1764463200000 } from './migrations/1764463200000-policy-backtests';
import { KnowledgeSuggestions1764547200000 } from './migrations/1764547200000-knowledge-suggestions';
import { ReviewDigests1764633600000 } from './migrations/1764633600000-review-digests';
import { RateLimits1764723600000 } from './migrations/1764723600000-rate-limits';
import { AgentDisabled1764805000000 } from './migrations/1764805000000-agent-disabled';
import { AgentSessions1764810000000 } from './migrations/1764810000000-agent-sessions';
import { ConversationSearch1764810100000 } from './migrations/1764810100000-conversation-search';
import { InternalNotes1764810200000 } from './migrations/1764810200000-internal-notes';
import { NotificationReads1764810300000 } from './migrations/1764810300000-notification-reads';
import { AgentSessionRotation1764810400000 } from './migrations/1764810400000-agent-session-rotation';
import { StripeEventDelivery1764900000000 } from './migrations/1764900000000-stripe-event-delivery';
import { WidgetContextAndEmail1764950000000 } from './migrations/1764950000000-widget-context-and-email';
import { CustomerDataProtection1765010000000 } from './migrations/1765010000000-customer-data-protection';
import { AgentCapacity1765020000000 } from './migrations/1765020000000-agent-capacity';
import { SavedReplies1765020100000 } from './migrations/1765020100000-saved-replies';
import { ConsoleScreens1765030000000 } from './migrations/1765030000000-console-screens';
import { MessageOutbox1765040000000 } from './migrations/1765040000000-message-outbox';
import { ParkedMessages1765050000000 } from './migrations/1765050000000-parked-messages';
import { ParkedTakeRetryable1765060000000 } from './migrations/1765060000000-parked-take-retryable';

export const migrations = [
  InitialSchema1764201600000,
  Escalation1764288000000,
  BillingActions1764374400000,
  PolicyBacktests1764463200000,
  KnowledgeSuggestions1764547200000,
  ReviewDigests1764633600000,
  RateLimits1764723600000,
  AgentDisabled1764805000000,
  AgentSessions1764810000000,
  ConversationSearch1764810100000,
  InternalNotes1764810200000,
  NotificationReads1764810300000,
  AgentSessionRotation1764810400000,
  StripeEventDelivery1764900000000,
  WidgetContextAndEmail1764950000000,
  CustomerDataProtection1765010000000,
  AgentCapacity1765020000000,
  SavedReplies1765020100000,
  ConsoleScreens1765030000000,
  MessageOutbox1765040000000,
  ParkedMessages1765050000000,
  ParkedTakeRetryable1765060000000,
];

export function createDataSource(url: string, opts: { poolSize?: number; applicationName?: string } = {}): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities,
    migrations,
    synchronize: false,
    migrationsRun: false,
    migrationsTransactionMode: 'each',
    poolSize: opts.poolSize ?? 10,
    applicationName: opts.applicationName ?? 'support',
  });
}
