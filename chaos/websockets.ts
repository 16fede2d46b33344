import type { Client as WsClient } from 'graphql-ws';
import { tokenFor, wsClient } from '../bench/app-client';
import { sleep } from '../bench/report';
import type { DrivenConversation } from './load';
import type { ChaosSystem } from './system';

/** The widget's own subscription: what was stored after `afterSeq` first, then live (web/widget/src/chat.ts). */
const MESSAGES_AFTER = `subscription Follow($id: ID!, $afterSeq: Int) {
  messageAdded(conversationId: $id, afterSeq: $afterSeq) { seq }
}`;

/**
 * A widget following one conversation as web/widget does: `messageAdded(afterSeq)` on one API replica, which gives
 * what was stored after the last seq it holds and then live ones; when that socket dies it subscribes again on
 * another replica from the highest seq it holds. `seen` is what the customer saw.
 *
 * (It used to subscribe and then back-fill over HTTP: the subscription is taken asynchronously on the server, so a
 * message committed after the back-fill's read and before the subscription was live fell between the two, and
 * showed as a widget that never saw it.)
 */
class Follower {
  readonly seen = new Set<number>();
  reconnects = 0;
  private ws?: WsClient;
  private dispose?: () => void;
  private closed = false;

  constructor(
    private readonly sys: ChaosSystem,
    readonly conv: DrivenConversation,
    private port: number,
  ) {}

  private get token(): string {
    return tokenFor('customer', this.conv.customerId);
  }

  /** The widget's lastStoredSeq: the highest seq it holds. */
  private get lastSeq(): number {
    return this.seen.size ? Math.max(...this.seen) : 0;
  }

  start(): void {
    this.ws = wsClient(this.port, this.token);
    this.dispose = this.ws.subscribe<{ messageAdded: { seq: number } }>(
      { query: MESSAGES_AFTER, variables: { id: this.conv.id, afterSeq: this.lastSeq } },
      {
        next: (v) => {
          if (v.data?.messageAdded) this.seen.add(v.data.messageAdded.seq);
        },
        error: () => void this.reconnect(),
        complete: () => void this.reconnect(),
      },
    );
  }

  private async reconnect(): Promise<void> {
    if (this.closed) return;
    this.reconnects++;
    void this.ws?.dispose();
    await sleep(100);
    const others = this.sys.apis().filter((a) => a.port !== this.port);
    this.port = (others[0] ?? this.sys.apis()[0]).port!;
    this.start();
  }

  stop(): void {
    this.closed = true;
    this.dispose?.();
    void this.ws?.dispose();
  }
}

/** The followers of a scenario: one per AI conversation, all on the first API replica (the one about to die). */
export class Widgets {
  private readonly followers: Follower[] = [];

  constructor(private readonly sys: ChaosSystem) {}

  /** A widget opening: everything stored so far (the first question, maybe its answer), then live. */
  async follow(conv: DrivenConversation): Promise<void> {
    const f = new Follower(this.sys, conv, this.sys.apis()[0].port!);
    this.followers.push(f);
    f.start();
  }

  /** Messages stored that some widget never saw (neither live nor back-filled), and how many reconnects happened. */
  async gaps(
    storedSeqs: (conversationId: string) => Promise<number[]>,
  ): Promise<{ unseen: number; reconnects: number; examples: string[] }> {
    let unseen = 0;
    let reconnects = 0;
    const examples: string[] = [];
    await sleep(1500); // the last live events arrive
    for (const f of this.followers) {
      for (const seq of await storedSeqs(f.conv.id)) {
        if (f.seen.has(seq)) continue;
        unseen++;
        if (examples.length < 5)
          examples.push(
            `widget ${f.conv.id} never saw #${seq} (saw up to #${Math.max(0, ...f.seen)}, ${f.reconnects} reconnect(s))`,
          );
      }
      reconnects += f.reconnects;
      f.stop();
    }
    return { unseen, reconnects, examples };
  }
}
