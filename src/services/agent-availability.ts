/** Why an agent may take more now than a moment ago. */
export type AvailabilityChange = 'online' | 'profile_changed';

/**
 * An in-process signal: an agent came online, or an admin changed their capacity, tier, skills or
 * on-call flag. Auto-assignment listens and offers them the
 * conversations already waiting (which entered the queue while nobody was free). Listeners never throw into callers.
 */
export class AgentAvailability {
  private readonly listeners: Array<(agentId: string, why: AvailabilityChange) => void> = [];

  on(listener: (agentId: string, why: AvailabilityChange) => void): void {
    this.listeners.push(listener);
  }

  changed(agentId: string, why: AvailabilityChange): void {
    for (const l of this.listeners) l(agentId, why);
  }
}
