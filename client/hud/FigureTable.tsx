import type { ReactNode } from 'react';

/** One column of a figure table: a run (or model) and the figures it is read from; absent figures show a dash. */
export interface FigureColumn<T> {
  key: string;
  label: ReactNode;
  figures: T | undefined;
  className?: string;
  /** A test id for each of its cells, from the row's label. */
  cellTestId?: (row: string) => string;
}

/** Figures side by side: one row per figure (its label, and how to read it from a column), one column per run. */
export function FigureTable<T>({ corner, columns, rows }: { corner?: ReactNode; columns: readonly FigureColumn<T>[]; rows: readonly (readonly [string, (figures: T) => string])[] }) {
  return (
    <table>
      <thead>
        <tr>
          <th>{corner}</th>
          {columns.map((c) => (
            <th key={c.key} className={c.className}>
              {c.label}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map(([label, read]) => (
          <tr key={label}>
            <th>{label}</th>
            {columns.map((c) => (
              <td key={c.key} data-testid={c.cellTestId?.(label)}>
                {c.figures ? read(c.figures) : '—'}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
