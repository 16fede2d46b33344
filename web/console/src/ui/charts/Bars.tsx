/**
 * Small charts drawn as our own SVG (no chart library, no CDN): horizontal bars with their values, and paired
 * columns (before / after) over the hours of a day. Each is an image with a text alternative; the numbers also
 * appear as text beside the bars, so nothing is only in colour or shape.
 */

export interface Bar {
  label: string;
  value: number;
  /** How to print the value: 42%, 3m 10s… */
  text?: string;
  tone?: 'accent' | 'muted' | 'warn' | 'ok';
}

const TONE = { accent: '#2652c9', muted: '#8792a2', warn: '#b45309', ok: '#1c7a43' } as const;

/** Characters of a 12 px label that fit its 142 px column (about 7 px each): longer ones end in … (whole on hover). */
const LABEL_CHARS = 19;
const fit = (s: string) => (s.length > LABEL_CHARS ? `${s.slice(0, LABEL_CHARS - 1).trimEnd()}…` : s);

export function HBars({ bars, label, max, width = 420 }: { bars: Bar[]; label: string; max?: number; width?: number }) {
  const row = 26;
  const labelW = 150;
  const valueW = 70;
  const top = Math.max(max ?? 0, ...bars.map((b) => b.value), 1);
  const barW = width - labelW - valueW;
  const h = Math.max(row, bars.length * row);
  const alt = `${label}: ${bars.map((b) => `${b.label} ${b.text ?? b.value}`).join(', ') || 'no data'}`;
  return (
    <svg class="chart" viewBox={`0 0 ${width} ${h}`} width={width} height={h} role="img" aria-label={alt}>
      {bars.length === 0 && (
        <text x={0} y={17} class="chart-muted">
          No data in this window
        </text>
      )}
      {bars.map((b, i) => {
        const w = Math.max(b.value > 0 ? 2 : 0, (b.value / top) * barW);
        const y = i * row;
        return (
          <g key={b.label}>
            <text x={labelW - 8} y={y + 17} text-anchor="end" class="chart-label">
              <title>{b.label}</title>
              {fit(b.label)}
            </text>
            <rect x={labelW} y={y + 5} width={barW} height={16} rx={3} fill="#eef0f3" />
            <rect x={labelW} y={y + 5} width={w} height={16} rx={3} fill={TONE[b.tone ?? 'accent']} />
            <text x={labelW + barW + 8} y={y + 17} class="chart-value">
              {b.text ?? String(b.value)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

export interface HourPoint {
  hour: number;
  before: number;
  after: number;
}

/** Escalations per hour of day (UTC), before and after, as paired columns: one panel per tier. */
export function HourColumns({ points, label, width = 560 }: { points: HourPoint[]; label: string; width?: number }) {
  const h = 120;
  const left = 28;
  const bottom = 20;
  const top = Math.max(1, ...points.flatMap((p) => [p.before, p.after]));
  const slot = (width - left) / 24;
  const colW = Math.max(2, slot / 2 - 2);
  const y = (v: number) => (h - bottom) * (1 - v / top);
  const by = new Map(points.map((p) => [p.hour, p]));
  const alt =
    `${label}: ` +
    (points.length === 0
      ? 'no escalations'
      : points.map((p) => `${String(p.hour).padStart(2, '0')}:00 ${p.before} before, ${p.after} after`).join('; '));
  return (
    <svg class="chart" viewBox={`0 0 ${width} ${h}`} width={width} height={h} role="img" aria-label={alt}>
      <line x1={left} x2={width} y1={h - bottom} y2={h - bottom} stroke="#c5cad3" />
      <text x={left - 6} y={10} text-anchor="end" class="chart-axis">
        {top}
      </text>
      <text x={left - 6} y={h - bottom} text-anchor="end" class="chart-axis">
        0
      </text>
      {Array.from({ length: 24 }, (_, hour) => {
        const p = by.get(hour);
        const x = left + hour * slot;
        return (
          <g key={hour}>
            {p && (
              <>
                <rect x={x + 1} y={y(p.before)} width={colW} height={h - bottom - y(p.before)} fill="#9aa3b2" />
                <rect
                  x={x + 1 + colW + 1}
                  y={y(p.after)}
                  width={colW}
                  height={h - bottom - y(p.after)}
                  fill="#2652c9"
                />
              </>
            )}
            {hour % 3 === 0 && (
              <text x={x + slot / 2} y={h - 5} text-anchor="middle" class="chart-axis">
                {String(hour).padStart(2, '0')}
              </text>
            )}
          </g>
        );
      })}
    </svg>
  );
}

export function Legend({ items }: { items: Array<{ label: string; color: string }> }) {
  return (
    <p class="legend">
      {items.map((i) => (
        <span key={i.label}>
          <span class="swatch" style={{ background: i.color }} aria-hidden="true" />
          {i.label}
        </span>
      ))}
    </p>
  );
}
