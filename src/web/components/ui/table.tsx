import type { Key, ReactNode } from 'react';

export interface Column<T> {
  header: string;
  cell: (row: T, index: number) => ReactNode;
  /** The cell is the row's header (th scope="row"). */
  rowHeader?: boolean;
}

/**
 * A table of records, one row each, with a header for every column. The caption names it for
 * screen readers (`captionHidden` keeps it from the eye where a heading already says it); `stacked`
 * shows each row as a block on a narrow screen, every cell labelled with its column.
 */
export function Table<T>({
  caption,
  captionHidden = false,
  columns,
  rows,
  rowKey,
  stacked = false,
}: {
  caption: ReactNode;
  captionHidden?: boolean;
  columns: readonly Column<T>[];
  rows: readonly T[];
  rowKey: (row: T, index: number) => Key;
  stacked?: boolean;
}) {
  return (
    <table className={stacked ? 'stacked-table' : undefined}>
      <caption className={captionHidden ? 'visually-hidden' : undefined}>{caption}</caption>
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c.header} scope="col">
              {c.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row, i) => (
          <tr key={rowKey(row, i)}>
            {columns.map((c) =>
              c.rowHeader ? (
                <th key={c.header} scope="row" data-label={stacked ? c.header : undefined}>
                  {c.cell(row, i)}
                </th>
              ) : (
                <td key={c.header} data-label={stacked ? c.header : undefined}>
                  {c.cell(row, i)}
                </td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * A wide table that scrolls sideways on a phone (.table-scroll). The scrolling region is named and
 * can take focus, so someone using a keyboard can scroll it too (WCAG 2.1.1; axe's scrollable-region-focusable).
 */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-scroll" role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
