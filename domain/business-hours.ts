/**
 * Business-hours arithmetic for SLA clocks: pure, deterministic (Intl's time-zone data, no wall clock), so the
 * workflow can plan deadlines with it. A policy without `businessHours` runs the clock 24/7.
 */
export interface BusinessHours {
  /** IANA time zone, e.g. "Europe/Berlin". */
  timezone: string;
  /** ISO weekdays that are working days: 1 = Monday … 7 = Sunday. */
  days: number[];
  /** Local opening and closing time, "HH:MM". */
  start: string;
  end: string;
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

const toMinutes = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + (m || 0);
};

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Local weekday (1–7) and minutes since local midnight at instant `t`. */
function localClock(t: number, timezone: string): { weekday: number; minutes: number; seconds: number } {
  let f = formatters.get(timezone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timezone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(new Date(t)).map((p) => [p.type, p.value]));
  const weekday = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'].indexOf(parts.weekday) + 1;
  return { weekday, minutes: Number(parts.hour) * 60 + Number(parts.minute), seconds: Number(parts.second) };
}

export function isOpen(t: number, bh: BusinessHours): boolean {
  const c = localClock(t, bh.timezone);
  return bh.days.includes(c.weekday) && c.minutes >= toMinutes(bh.start) && c.minutes < toMinutes(bh.end);
}

/** The instant `durationMs` of open time after `from` (from itself counts if open). */
export function addBusinessTime(from: number, durationMs: number, bh: BusinessHours | undefined): number {
  if (!bh || bh.days.length === 0) return from + durationMs;
  const open = toMinutes(bh.start);
  const close = toMinutes(bh.end);
  if (close <= open) return from + durationMs; // a malformed window: fall back to the 24/7 clock
  let t = from;
  let left = durationMs;
  for (let guard = 0; guard < 800 && left > 0; guard++) {
    const c = localClock(t, bh.timezone);
    const sinceMidnight = (c.minutes * 60 + c.seconds) * 1000;
    const localMidnight = t - sinceMidnight;
    if (bh.days.includes(c.weekday) && c.minutes >= open && c.minutes < close) {
      const windowEnd = localMidnight + close * MINUTE;
      const step = Math.min(left, windowEnd - t);
      t += step;
      left -= step;
      continue;
    }
    // Closed: jump to today's opening if it is still ahead, else to the next local midnight.
    t = bh.days.includes(c.weekday) && c.minutes < open ? localMidnight + open * MINUTE : localMidnight + DAY + 1000;
  }
  return t;
}
