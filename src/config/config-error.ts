/** A bad configuration value: the process stops with one line naming it. */
export class ConfigError extends Error {}
