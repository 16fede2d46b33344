import { useState } from 'preact/hooks';
import { api } from '../../app';
import { ClaimMutation, ReleaseMutation, TakeOverMutation } from '../../api/operations/actions';
import type { ConsoleDetailFragment } from '../../gql/graphql';
import { useConsole } from '../context';
import { ReassignDialog, ResolveDialog, TransferDialog } from './ActionDialogs';
import { Dialog } from './Dialog';

type Open = null | 'release' | 'transfer' | 'resolve' | 'reassign';

/** What the signed-in agent may do with the conversation now; a refusal (a lost claim race) is said in words. */
export function Actions({
  conv,
  onChanged,
  temporalUrl,
}: {
  conv: ConsoleDetailFragment;
  onChanged(c: ConsoleDetailFragment): void;
  temporalUrl: string | null;
}) {
  const { agent, isLead } = useConsole();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState<Open>(null);
  const [reason, setReason] = useState('');

  const mine = conv.status === 'AGENT_ACTIVE' && conv.assignee?.id === agent.id;
  const waiting = conv.status === 'AWAITING_AGENT';
  const othersOpen = conv.status === 'AGENT_ACTIVE' && !mine;

  const run = async (fn: () => Promise<ConsoleDetailFragment>) => {
    setBusy(true);
    setError(null);
    try {
      onChanged(await fn());
      setOpen(null);
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  const done = (c: ConsoleDetailFragment) => {
    onChanged(c);
    setOpen(null);
  };

  return (
    <div class="actions">
      {waiting && (
        <button
          type="button"
          class="primary"
          disabled={busy}
          onClick={() => void run(async () => (await api.request(ClaimMutation, { id: conv.id })).claimConversation)}
        >
          Claim
        </button>
      )}
      {isLead && othersOpen && (
        <button
          type="button"
          disabled={busy}
          onClick={() =>
            void run(async () => (await api.request(TakeOverMutation, { id: conv.id })).takeOverConversation)
          }
        >
          Take over
        </button>
      )}
      {isLead && (waiting || conv.status === 'AGENT_ACTIVE') && (
        <button type="button" disabled={busy} onClick={() => setOpen('reassign')}>
          Reassign
        </button>
      )}
      {mine && (
        <>
          <button type="button" disabled={busy} onClick={() => setOpen('release')}>
            Release
          </button>
          <button type="button" disabled={busy} onClick={() => setOpen('transfer')}>
            Transfer
          </button>
          <button type="button" class="primary" disabled={busy} onClick={() => setOpen('resolve')}>
            Resolve
          </button>
        </>
      )}
      {temporalUrl && (
        <a class="button ghost" href={temporalUrl} target="_blank" rel="noopener">
          Workflow in Temporal UI
        </a>
      )}
      {error && (
        <p class="error action-error" role="alert">
          {error}
        </p>
      )}
      {open === 'release' && (
        <Dialog
          title="Release to the queue"
          submitLabel="Release"
          busy={busy}
          error={error}
          onClose={() => setOpen(null)}
          onSubmit={() =>
            void run(
              async () =>
                (await api.request(ReleaseMutation, { id: conv.id, reason: reason.trim() || 'released' }))
                  .releaseConversation,
            )
          }
        >
          <label for="release-reason">Why (the next agent sees it)</label>
          <textarea id="release-reason" rows={3} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
        </Dialog>
      )}
      {open === 'transfer' && <TransferDialog conv={conv} onClose={() => setOpen(null)} onDone={done} />}
      {open === 'resolve' && <ResolveDialog conv={conv} onClose={() => setOpen(null)} onDone={done} />}
      {open === 'reassign' && <ReassignDialog conv={conv} onClose={() => setOpen(null)} onDone={done} />}
    </div>
  );
}
