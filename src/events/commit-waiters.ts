/**
 * Callers waiting for a conversation's next committed message, as this replica hears it on the events channel (the
 * EventHub tells it of every `message` notification, whether or not anyone subscribes). The message path waits here
 * to pace a flood (MessageOutbox's pace): the acknowledgement of a message sent while the AI is far behind goes once
 * the AI has answered something, or at the deadline. A waiter never holds anything but a timer.
 */
export class MessageCommitWaiters {
  private readonly waiting = new Map<string, Set<Waiter>>();

  /**
   * Resolves at the conversation's next message commit other than `exceptMessageId` (the caller's own, whose
   * notification may arrive after the wait begins) with 'committed', or after `timeoutMs` with 'timeout'.
   */
  next(conversationId: string, exceptMessageId: string, timeoutMs: number): Promise<'committed' | 'timeout'> {
    return new Promise((resolve) => {
      const set = this.waiting.get(conversationId) ?? new Set<Waiter>();
      this.waiting.set(conversationId, set);
      const waiter: Waiter = {
        except: exceptMessageId,
        done: (outcome) => {
          clearTimeout(waiter.timer);
          set.delete(waiter);
          if (set.size === 0 && this.waiting.get(conversationId) === set) this.waiting.delete(conversationId);
          resolve(outcome);
        },
        timer: setTimeout(() => waiter.done('timeout'), timeoutMs),
      };
      waiter.timer.unref();
      set.add(waiter);
    });
  }

  /** A message of this conversation was committed. */
  heard(conversationId: string, messageId: string): void {
    const set = this.waiting.get(conversationId);
    if (!set) return;
    for (const waiter of [...set]) if (waiter.except !== messageId) waiter.done('committed');
  }

  /** How many callers wait now (metrics, tests). */
  get size(): number {
    let n = 0;
    for (const set of this.waiting.values()) n += set.size;
    return n;
  }
}

interface Waiter {
  except: string;
  done(outcome: 'committed' | 'timeout'): void;
  timer: NodeJS.Timeout;
}
