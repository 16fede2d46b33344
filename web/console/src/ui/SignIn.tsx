import { useEffect, useState } from 'preact/hooks';
import { session } from '../app';
import { devAgents, type SessionAgent } from '../api/session';
import { TIER_LABEL } from './format';
import type { AgentTier } from '../gql/graphql';

/** Development sign-in: pick one of the seeded agents. Single sign-on replaces this page in part two. */
export function SignIn() {
  const [agents, setAgents] = useState<SessionAgent[] | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  useEffect(() => {
    document.title = 'Sign in · Support console';
    devAgents().then(setAgents, (e: unknown) => setError(`The support API cannot be reached (${String(e)}).`));
  }, []);

  const signIn = async (id: string) => {
    setBusy(id);
    setError(null);
    try {
      await session.signInAsDev(id);
    } catch (e) {
      setError(`Sign-in failed: ${(e as Error).message}`);
      setBusy(null);
    }
  };

  return (
    <main class="signin">
      <div class="signin-card">
        <h1>Support console</h1>
        {session.ended && (
          <p class="error" role="alert">
            {session.ended}
          </p>
        )}
        {agents === null ? (
          <p>Development sign-in is turned off on this server. Single sign-on is not configured yet.</p>
        ) : (
          <>
            <p class="muted">Development sign-in: choose a seeded agent to work as.</p>
            <ul class="agent-pick" aria-label="Seeded agents">
              {(agents ?? []).map((a) => (
                <li key={a.id}>
                  <button type="button" disabled={busy !== null} onClick={() => void signIn(a.id)}>
                    <span class="avatar" aria-hidden="true">
                      {initials(a.name)}
                    </span>
                    <span class="who">
                      <strong>{a.name}</strong>
                      <span class="muted">{a.email}</span>
                    </span>
                    <span class="badge">{TIER_LABEL[a.tier as AgentTier] ?? a.tier}</span>
                  </button>
                </li>
              ))}
            </ul>
            {agents === undefined && !error && <p role="status">Loading agents…</p>}
          </>
        )}
        {error && (
          <p class="error" role="alert">
            {error}
          </p>
        )}
      </div>
    </main>
  );
}

export const initials = (name: string) =>
  name
    .split(/\s+/)
    .map((p) => p[0])
    .slice(0, 2)
    .join('')
    .toUpperCase();
