// Rate limit for log lines that repeat while parleyd is down, so that an
// outage writes a few lines per second instead of one per request.

/**
 * Admits at most one log line per key per interval and counts the lines it
 * drops. The keys are a small fixed set (gRPC status codes), so the map stays
 * small.
 * NOTE: the count of the last interval before the repeats stop is never
 * logged, because the count is reported with the next admitted line.
 */
export class LogRateLimiter {
  private readonly lastLines = new Map<string, { loggedAtMs: number; suppressed: number }>();

  constructor(
    private readonly intervalMs = 1000,
    private readonly nowMs: () => number = Date.now,
  ) {}

  /**
   * Returns undefined when the line for `key` must be dropped. Otherwise
   * returns the number of lines for `key` dropped since the last admitted one.
   */
  admit(key: string): number | undefined {
    const now = this.nowMs();
    const last = this.lastLines.get(key);
    if (last !== undefined && now - last.loggedAtMs < this.intervalMs) {
      last.suppressed += 1;
      return undefined;
    }
    this.lastLines.set(key, { loggedAtMs: now, suppressed: 0 });
    return last?.suppressed ?? 0;
  }
}
