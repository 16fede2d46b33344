import type { ConsoleRowFragment } from '../../gql/graphql';
import { STATUS_LABEL, STEP_DONE, STEP_LABEL, TRIGGER_LABEL, ago, duration, ladder } from '../format';
import { href, parseRoute } from '../router';

/** One conversation in a list: who, what they want, why it escalated, and its SLA clock with the ladder step. */
export function Row({
  c,
  now,
  selected,
  onOpen,
}: {
  c: ConsoleRowFragment;
  now: number;
  selected: boolean;
  onOpen(): void;
}) {
  const waiting = c.status === 'AWAITING_AGENT';
  const left = c.sla ? Date.parse(c.sla.deadline) - now : null;
  const step = c.sla ? ladder(c.sla.steps) : null;
  return (
    <a
      class={`row${selected ? ' selected' : ''}`}
      href={href({ ...parseRoute(), conversationId: c.id })}
      aria-current={selected ? 'true' : undefined}
      data-conversation={c.id}
      onClick={(e) => {
        e.preventDefault();
        onOpen();
      }}
    >
      <div class="row-top">
        <strong class="row-name">{c.customer.name}</strong>
        <span class={`tier tier-${c.customer.tier}`}>{c.customer.tier}</span>
        <span class="row-time muted">{ago(c.updatedAt, now)}</span>
      </div>
      <div class="row-goal">{c.handoff?.goal ?? c.customer.company ?? ''}</div>
      <div class="row-meta">
        <span class={`status status-${c.status}`}>{STATUS_LABEL[c.status]}</span>
        {c.escalation && <span class="chip">{TRIGGER_LABEL[c.escalation.reason]}</span>}
        {c.assignee && <span class="muted">{c.assignee.name}</span>}
        {waiting && left !== null && (
          <span class={`sla${left < 0 ? ' overdue' : left < 5 * 60_000 ? ' soon' : ''}`} data-testid="sla">
            {left < 0 ? `Overdue ${duration(left)}` : `Claim in ${duration(left)}`}
          </span>
        )}
      </div>
      {waiting && step && step.total > 0 && (
        <div class="row-ladder muted" data-testid="ladder">
          Step {step.index}/{step.total}
          {step.done ? ` · ${STEP_DONE[step.done.action]}` : ''}
          {step.next ? ` · ${STEP_LABEL[step.next.action]} ${nextIn(Date.parse(step.next.dueAt) - now)}` : ''}
        </div>
      )}
    </a>
  );
}

/** A step past its due time fires within moments (the workflow's timer): say so rather than count up. */
const nextIn = (ms: number) => (ms > 0 ? `in ${duration(ms)}` : 'due now');
