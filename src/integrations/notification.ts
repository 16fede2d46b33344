/** A notification for agents about one conversation; every sink (in-app, Slack, …) receives this shape. */
export interface AgentNotification {
  conversationId: string;
  /** QUEUED, WARN, WIDEN_TO_TIER2, PAGE_LEAD_ONCALL, … */
  kind: string;
  /** Agent tiers (TIER1, TIER2, LEAD), ONCALL, or agent ids. */
  audience: string[];
  message: string;
  dedupeKey: string;
  /** The customer's tier: sinks route by it (e.g. a Slack channel per tier). */
  tier?: string;
}

/** A periodic report for the team (the weekly review digest): sections of plain-text lines each sink formats its way. */
export interface ReviewDigest {
  /** Routing key, like AgentNotification.kind: sinks may give it its own channel. */
  kind: string;
  title: string;
  sections: Array<{ heading: string; lines: string[] }>;
  /** One per digest run: a retried delivery lands once. */
  dedupeKey: string;
}
