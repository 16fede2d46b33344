import type { Client as WsClient } from 'graphql-ws';
import { gql, MESSAGE_ADDED, tokenFor, wsClient } from '../bench/app-client';
import { sleep } from '../bench/report';
import type { DrivenConversation } from './load';
import type { ChaosSystem } from './system';

const BACKFILL = `query Backfill($id: ID!, $afterSeq: Int) {
  conversation(id: $id) { messages(afterSeq: $afterSeq, first: 100) { edges { node { seq } } pageInfo { hasNextPage } } }
}`;

/**
 * A widget following one conversation: messageAdded on one API replica; when that socket dies it subscribes on
 * another replica and back-fills what it missed with `messages(afterSeq)`. `seen` is what the customer saw.
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

  start(): void {
    this.ws = wsClient(this.port, this.token);
    this.dispose = this.ws.subscribe<{ messageAdded: { seq: number } }>(
      { query: MESSAGE_ADDED, variables: { id: this.conv.id } },
      {
        next: (v) => {
          if (v.data?.messageAdded) this.seen.add(v.data.messageAdded.seq);
        },
        error: () => void this.reconnect(),
        complete: () => void this.reconnect(),
      },
    );
  }

  /** Subscribes first, then back-fills: nothing falls between the two. */
  private async reconnect(): Promise<void> {
    if (this.closed) return;
    this.reconnects++;
    void this.ws?.dispose();
    for (;;) {
      try {
        const others = this.sys.apis().filter((a) => a.port !== this.port);
        this.port = (others[0] ?? this.sys.apis()[0]).port!;
        this.start();
        await this.backfill();
        return;
      } catch {
        await sleep(300);
      }
    }
  }

  async backfill(): Promise<void> {
    for (;;) {
      const after = this.seen.size ? Math.max(...this.seen) : 0;
      const r = await gql<{
        conversation: { messages: { edges: Array<{ node: { seq: number } }>; pageInfo: { hasNextPage: boolean } } };
      }>(this.port, this.token, BACKFILL, { id: this.conv.id, afterSeq: after });
      for (const e of r.conversation.messages.edges) this.seen.add(e.node.seq);
      if (!r.conversation.messages.pageInfo.hasNextPage) return;
    }
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

  /** A widget opening: subscribes, then back-fills what came before (the first question, maybe its answer). */
  async follow(conv: DrivenConversation): Promise<void> {
    const f = new Follower(this.sys, conv, this.sys.apis()[0].port!);
    this.followers.push(f);
    f.start();
    await f.backfill().catch(() => undefined);
  }

  /** Messages stored that some widget never saw (neither live nor back-filled), and how many reconnects happened. */
  async gaps(
    storedSeqs: (conversationId: string) => Promise<number[]>,
  ): Promise<{ unseen: number; reconnects: number }> {
    let unseen = 0;
    let reconnects = 0;
    await sleep(1500); // the last live events arrive
    for (const f of this.followers) {
      for (const seq of await storedSeqs(f.conv.id)) if (!f.seen.has(seq)) unseen++;
      reconnects += f.reconnects;
      f.stop();
    }
    return { unseen, reconnects };
  }
}
