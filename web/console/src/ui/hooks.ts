import { useEffect, useRef, useState } from 'preact/hooks';
import { realtime } from '../app';
import type { TypedDocumentString } from '../gql/graphql';

/** The time, re-read every `ms`: what live countdowns render from. */
export function useNow(ms = 1000): number {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}

/** A subscription for as long as the component shows (and its key stays the same); `null` variables: none. */
export function useSubscription<R, V>(
  doc: TypedDocumentString<R, V>,
  variables: V | null,
  next: (data: R) => void,
  key: string,
): void {
  const handler = useRef(next);
  handler.current = next;
  useEffect(() => {
    if (variables === null) return;
    return realtime.subscribe(doc, variables, (d) => handler.current(d));
  }, [key]);
}

/** Calls `fn` after `ms` of quiet: many queue events in a burst cost one refetch. */
export function useDebounced(fn: () => void, ms: number): () => void {
  const ref = useRef(fn);
  ref.current = fn;
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  return () => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => ref.current(), ms);
  };
}
