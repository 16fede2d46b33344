/** What survives a reload, per API and customer: the open conversation, what was read, what was rated. */
export interface Saved {
  conversationId: string | null;
  lastReadSeq: number;
  rated: string[];
}

const empty = (): Saved => ({ conversationId: null, lastReadSeq: 0, rated: [] });

export class Store {
  constructor(private readonly key: string) {}

  load(): Saved {
    try {
      const raw = localStorage.getItem(this.key);
      return raw ? { ...empty(), ...(JSON.parse(raw) as Partial<Saved>) } : empty();
    } catch {
      return empty(); // storage blocked (private mode, sandboxed iframe): the widget still works, without history
    }
  }

  save(patch: Partial<Saved>): void {
    try {
      localStorage.setItem(this.key, JSON.stringify({ ...this.load(), ...patch }));
    } catch {
      // see load()
    }
  }
}
