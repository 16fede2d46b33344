import DataLoader from 'dataloader';
import type { AgentEntity, ConversationEntity, CustomerEntity } from '../src/db/entities';
import type { AgentDeskService } from '../src/services/agent-desk.service';
import type { ConversationsService } from '../src/services/conversations.service';
import type { CustomersService } from '../src/services/customers.service';
import type { KnowledgeService } from '../src/services/knowledge.service';

/** Per-request loaders: every relation field goes through one, so a list of N conversations costs one query. */
export function createLoaders(deps: {
  customers: CustomersService;
  desk: AgentDeskService;
  knowledge: KnowledgeService;
  conversations: ConversationsService;
}) {
  return {
    customer: new DataLoader<string, CustomerEntity | null>(async (ids) => {
      const rows = await deps.customers.byIds([...ids]);
      const byId = new Map(rows.map((c) => [c.id, c]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    agent: new DataLoader<string, AgentEntity | null>(async (ids) => {
      const rows = await deps.desk.agentsByIds([...ids]);
      const byId = new Map(rows.map((a) => [a.id, a]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    suggestionSources: new DataLoader<string, ConversationEntity[]>((ids) => deps.knowledge.sourcesOf(ids)),
    /** No access check: for fields only agents and admins reach (e.g. Insights examples). */
    conversation: new DataLoader<string, ConversationEntity | null>(async (ids) => {
      const rows = await deps.conversations.conversationsByIds([...ids]);
      const byId = new Map(rows.map((c) => [c.id, c]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
