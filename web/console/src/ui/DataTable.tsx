import type { ComponentChildren } from 'preact';

/** One column: its header, and what each row shows in it. */
export interface Column<R> {
  header: string;
  cell: (row: R) => ComponentChildren;
  /** A class for the column's cells (e.g. 'mono'). */
  class?: string;
}

/**
 * A table of figures: a caption (visible, or only for screen readers), column headers, and one row per item whose
 * first column names the row (`th scope="row"`), so a screen reader reads each figure with its row and column.
 */
export function DataTable<R>({
  caption,
  captionVisible = true,
  columns: [rowHeader, ...figures],
  rows,
  rowKey,
}: {
  caption: string;
  captionVisible?: boolean;
  columns: [Column<R>, ...Column<R>[]];
  rows: R[];
  rowKey: (row: R) => string;
}) {
  return (
    <table class="data">
      <caption class={captionVisible ? undefined : 'sr-only'}>{caption}</caption>
      <thead>
        <tr>
          {[rowHeader, ...figures].map((c) => (
            <th key={c.header} scope="col">
              {c.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={rowKey(r)}>
            <th scope="row" class={rowHeader.class}>
              {rowHeader.cell(r)}
            </th>
            {figures.map((c) => (
              <td key={c.header} class={c.class}>
                {c.cell(r)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
