import { useEffect, useState } from 'preact/hooks';
import { session } from '../app';
import { devAgents, signInMethods, type SessionAgent, type SignInMethods } from '../api/session';
import { TIER_LABEL } from './format';
import type { AgentTier } from '../gql/graphql';

/** Why single sign-on sent the agent back here (`?signin_error=`), read once and removed from the address bar. */
function takeSignInError(): string | null {
  const url = new URL(location.href);
  const error = url.searchParams.get('signin_error');
  if (error === null) return null;
  url.searchParams.delete('signin_error');
  history.replaceState(history.state, '', url.pathname + url.search + url.hash);
  return error;
}

/** Sign-in: single sign-on through the company's IdP when configured; the seeded agents outside production. */
export function SignIn() {
  const [methods, setMethods] = useState<SignInMethods | undefined>(undefined);
  const [agents, setAgents] = useState<SessionAgent[] | null | undefined>(undefined);
  const [refused] = useState(takeSignInError);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState<string | null>(null);

  useEffect(() => {
    document.title = 'Sign in · Support console';
    const unreachable = (e: unknown) => setError(`The support API cannot be reached (${String(e)}).`);
    signInMethods().then((m) => {
      setMethods(m);
      if (m.devSignIn) devAgents().then(setAgents, unreachable);
      else setAgents(null);
    }, unreachable);
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
        {refused && (
          <p class="error" role="alert">
            Sign-in refused: {refused}
          </p>
        )}
        {methods?.oidc && (
          <a class="button primary sso" href={methods.oidc.startUrl}>
            Sign in with {methods.oidc.name}
          </a>
        )}
        {methods && !methods.oidc && !methods.devSignIn && (
          <p>Single sign-on is not configured on this server, and development sign-in is off. Ask an administrator.</p>
        )}
        {methods?.devSignIn && (
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
          </>
        )}
        {(methods === undefined || (methods.devSignIn && agents === undefined)) && !error && (
          <p role="status">Loading…</p>
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
