import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { SessionAgent } from '../api/session';
import type { ConsoleAgentsQuery } from '../gql/graphql';

export type AgentRow = ConsoleAgentsQuery['agents']['edges'][number]['node'];

export interface ConsoleState {
  agent: SessionAgent;
  role: string;
  /** LEAD agents and admins take over and reassign. */
  isLead: boolean;
  agents: AgentRow[];
  /** Bumped whenever the queue or a conversation changed: lists and counts refetch. */
  version: number;
  changed(): void;
}

export const ConsoleContext = createContext<ConsoleState | null>(null);

export function useConsole(): ConsoleState {
  const c = useContext(ConsoleContext);
  if (!c) throw new Error('useConsole outside the console');
  return c;
}
