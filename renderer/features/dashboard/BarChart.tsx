/** One bar: a label, its count, and an optional colour class. */
export interface Bar {
  key: string;
  label: string;
  value: number;
  tone?: string;
}

const ROW = 26;
const LABEL_WIDTH = 220;
const BAR_WIDTH = 260;

/**
 * A horizontal bar chart in plain SVG: readable without colour (every bar carries its number) and
 * described for screen readers; each bar exposes its label and count as data attributes.
 */
export function BarChart({ title, bars, testId }: { title: string; bars: Bar[]; testId: string }) {
  const max = Math.max(1, ...bars.map((bar) => bar.value));
  const height = Math.max(ROW, bars.length * ROW);
  const description = bars.map((bar) => `${bar.label}: ${bar.value}`).join('; ');
  return (
    <figure className="chart" data-testid={testId}>
      <figcaption>{title}</figcaption>
      <svg role="img" aria-label={`${title}. ${description}`} width={LABEL_WIDTH + BAR_WIDTH + 60} height={height} viewBox={`0 0 ${LABEL_WIDTH + BAR_WIDTH + 60} ${height}`}>
        {bars.map((bar, i) => {
          const width = Math.round((bar.value / max) * BAR_WIDTH);
          const y = i * ROW;
          return (
            <g key={bar.key} data-testid="chart-bar" data-label={bar.label} data-value={bar.value} className={bar.tone ? `bar ${bar.tone}` : 'bar'}>
              <text x={LABEL_WIDTH - 8} y={y + ROW / 2 + 4} textAnchor="end" className="bar-label">
                {bar.label.length > 34 ? `${bar.label.slice(0, 33)}…` : bar.label}
                <title>{bar.label}</title>
              </text>
              <rect x={LABEL_WIDTH} y={y + 4} width={Math.max(width, bar.value > 0 ? 2 : 0)} height={ROW - 8} rx={3} />
              <text x={LABEL_WIDTH + width + 6} y={y + ROW / 2 + 4} className="bar-value">
                {bar.value}
              </text>
            </g>
          );
        })}
      </svg>
    </figure>
  );
}
