const TYPING_SEND_EVERY_MS = 3000;
const TYPING_SHOWN_FOR_MS = 6000;

/** "Is typing" both ways: the customer's own signal throttled, the agent's shown for a few seconds at most. */
export class Typing {
  private sentAt = 0;
  private shownTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    /** Sends setTyping for the conversation (errors are the caller's to ignore). */
    private readonly signal: (typing: boolean) => Promise<unknown>,
    /** Shows the agent's name as typing, or nothing (null). */
    private readonly show: (name: string | null) => void,
  ) {}

  /** Throttled "I'm typing" (at most every 3 s), and "stopped" when the field is emptied. */
  typed(text: string): void {
    const now = Date.now();
    if (text.trim() && now - this.sentAt > TYPING_SEND_EVERY_MS) {
      this.sentAt = now;
      void this.signal(true).catch(() => undefined);
    } else if (!text.trim() && this.sentAt) {
      this.sentAt = 0;
      void this.signal(false).catch(() => undefined);
    }
  }

  /** The message went: the next keystroke says "typing" again at once. */
  sent(): void {
    this.sentAt = 0;
  }

  /** The agent typing (their name) or stopped (null); a signal that never stops fades after a few seconds. */
  agent(name: string | null): void {
    if (this.shownTimer) clearTimeout(this.shownTimer);
    this.shownTimer = name === null ? null : setTimeout(() => this.show(null), TYPING_SHOWN_FOR_MS);
    this.show(name);
  }
}
