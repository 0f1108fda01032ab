import { useId } from 'react';
import { TableScroll } from '../../../components/ui/table.js';

/**
 * Simple accessible charts (decision 128): SVG drawn by React, no chart library. The SVG is an
 * image with a title and summary; the figures are always there as text in a table beside it, which
 * is what screen readers, print and spreadsheets use.
 */

export interface Bar {
  label: string;
  value: number;
}

const WIDTH = 640;

/** A horizontal bar chart with each figure written at the end of its bar, and the same figures as a table. */
export function BarChart({ title, bars, valueLabel, format = (n) => n.toLocaleString('en-GB') }: { title: string; bars: Bar[]; valueLabel: string; format?: (n: number) => string }) {
  const id = useId();
  const max = Math.max(1, ...bars.map((b) => b.value));
  const row = 28;
  const labelWidth = 270;
  const height = Math.max(row, bars.length * row) + 8;
  return (
    <figure className="chart">
      <figcaption id={`${id}-title`}>{title}</figcaption>
      {bars.length === 0 ? (
        <p>Nothing to show for this period.</p>
      ) : (
        <>
          <svg viewBox={`0 0 ${WIDTH} ${height}`} role="img" aria-labelledby={`${id}-title`} className="chart-svg" focusable="false">
            {bars.map((b, i) => {
              const w = ((WIDTH - labelWidth - 70) * b.value) / max;
              return (
                <g key={b.label} transform={`translate(0 ${i * row + 4})`}>
                  <text x={labelWidth - 8} y={row / 2 + 5} textAnchor="end" className="chart-label">
                    {b.label.length > 32 ? `${b.label.slice(0, 31)}…` : b.label}
                  </text>
                  <rect x={labelWidth} y={4} width={Math.max(w, b.value > 0 ? 2 : 0)} height={row - 8} className="chart-bar" />
                  <text x={labelWidth + w + 6} y={row / 2 + 5} className="chart-value">
                    {format(b.value)}
                  </text>
                </g>
              );
            })}
          </svg>
          <FiguresTable caption={title} label="" valueLabel={valueLabel} rows={bars} format={format} />
        </>
      )}
    </figure>
  );
}

/** A trend over time as columns, first and last periods labelled, with the figures as a table. */
export function TrendChart({ title, points, periodLabel, valueLabel }: { title: string; points: Bar[]; periodLabel: string; valueLabel: string }) {
  const id = useId();
  const height = 200;
  const max = Math.max(1, ...points.map((p) => p.value));
  const gap = 2;
  const w = points.length ? (WIDTH - 40) / points.length : 0;
  return (
    <figure className="chart">
      <figcaption id={`${id}-title`}>{title}</figcaption>
      {points.length === 0 ? (
        <p>Nothing to show for this period.</p>
      ) : (
        <>
          <svg viewBox={`0 0 ${WIDTH} ${height + 40}`} role="img" aria-labelledby={`${id}-title`} className="chart-svg" focusable="false">
            <line x1={36} y1={height} x2={WIDTH} y2={height} className="chart-axis" />
            <text x={32} y={14} textAnchor="end" className="chart-value">
              {max.toLocaleString('en-GB')}
            </text>
            <text x={32} y={height} textAnchor="end" className="chart-value">
              0
            </text>
            {points.map((p, i) => {
              const h = ((height - 20) * p.value) / max;
              return <rect key={p.label} x={40 + i * w + gap / 2} y={height - h} width={Math.max(1, w - gap)} height={h} className="chart-bar" />;
            })}
            <text x={40} y={height + 24} className="chart-label">
              {points[0]?.label}
            </text>
            <text x={WIDTH} y={height + 24} textAnchor="end" className="chart-label">
              {points.at(-1)?.label}
            </text>
          </svg>
          <details className="chart-details">
            <summary>Figures for each {periodLabel.toLowerCase()}</summary>
            <FiguresTable caption={title} label={periodLabel} valueLabel={valueLabel} rows={points} />
          </details>
        </>
      )}
    </figure>
  );
}

export function FiguresTable({ caption, label, valueLabel, rows, format = (n) => n.toLocaleString('en-GB') }: { caption: string; label: string; valueLabel: string; rows: Bar[]; format?: (n: number) => string }) {
  return (
    <TableScroll label={caption}>
      <table className="chart-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{label || 'Group'}</th>
            <th scope="col" className="amount">
              {valueLabel}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.label}>
              <th scope="row">{r.label}</th>
              <td className="amount">{format(r.value)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}
