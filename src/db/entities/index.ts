import { AgentEntity } from './agent.entity';
import { BacktestEntity } from './backtest.entity';
import { ConversationEventEntity } from './conversation-event.entity';
import { ConversationEntity } from './conversation.entity';
import { CustomerEntity } from './customer.entity';
import { EscalationPolicyEntity } from './escalation-policy.entity';
import { KbArticleEntity } from './kb-article.entity';
import { MessageEntity } from './message.entity';

export {
  AgentEntity,
  BacktestEntity,
  ConversationEventEntity,
  ConversationEntity,
  CustomerEntity,
  EscalationPolicyEntity,
  KbArticleEntity,
  MessageEntity,
};
export const entities = [
  CustomerEntity,
  AgentEntity,
  ConversationEntity,
  MessageEntity,
  ConversationEventEntity,
  KbArticleEntity,
  EscalationPolicyEntity,
  BacktestEntity,
];
