import { useEffect, useState } from 'preact/hooks';
import { session } from '../app';
import type { Session } from '../api/session';
import { Shell } from './Shell';
import { SignIn } from './SignIn';

/** Restores the session from the refresh cookie, then shows the console or the sign-in page. */
export function App() {
  const [state, setState] = useState<{ ready: boolean; session: Session | null }>({ ready: false, session: null });
  useEffect(() => {
    const off = session.onChange((s) => setState({ ready: true, session: s }));
    void session.restore().then((s) => setState({ ready: true, session: s }));
    return off;
  }, []);
  if (!state.ready)
    return (
      <div class="boot" role="status">
        Loading the console…
      </div>
    );
  return state.session ? <Shell session={state.session} /> : <SignIn />;
}
