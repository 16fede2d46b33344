import type { ComponentChildren } from 'preact';
import type { ConsoleDetailFragment } from '../../gql/graphql';
import { STATUS_LABEL } from '../format';

export function Header({ conv, children }: { conv: ConsoleDetailFragment; children: ComponentChildren }) {
  const c = conv.customer;
  return (
    <header class="conv-head">
      <div class="conv-title">
        <h2>{c.name}</h2>
        <span class="muted">{[c.company, c.email].filter(Boolean).join(' · ')}</span>
        <div class="conv-tags">
          <span class={`tier tier-${c.tier}`}>{c.tier}</span>
          <span class={`status status-${conv.status}`} data-testid="conversation-status">
            {STATUS_LABEL[conv.status]}
          </span>
          {conv.assignee && <span class="muted">Assigned to {conv.assignee.name}</span>}
        </div>
      </div>
      {children}
    </header>
  );
}
