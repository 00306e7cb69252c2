import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { useStyles2 } from '@grafana/ui';
import type { ReactNode } from 'react';

interface SimpleColumn<T> {
  header: string;
  cell: (row: T) => ReactNode;
  numeric?: boolean;
}

/** A plain table for view models of a few hundred rows at most (rankings, funnels, conversation lists). */
export function SimpleTable<T>({ rows, columns, label }: { rows: T[]; columns: SimpleColumn<T>[]; label: string }) {
  const styles = useStyles2(getStyles);
  return (
    <table className={styles.table} aria-label={label}>
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c.header} className={c.numeric ? styles.numeric : undefined}>
              {c.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows have no id of their own and never reorder in place
          <tr key={i}>
            {columns.map((c) => (
              <td key={c.header} className={c.numeric ? styles.numeric : undefined}>
                {c.cell(row)}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  table: css({
    width: '100%',
    borderCollapse: 'collapse',
    'th, td': {
      padding: theme.spacing(0.5, 1),
      borderBottom: `1px solid ${theme.colors.border.weak}`,
      textAlign: 'left',
    },
    th: { color: theme.colors.text.secondary, fontWeight: theme.typography.fontWeightMedium },
  }),
  numeric: css({ textAlign: 'right !important' as 'right', fontVariantNumeric: 'tabular-nums' }),
});

export function formatPercent(share: number | undefined, digits = 1): string {
  return share === undefined || !Number.isFinite(share) ? '–' : `${(share * 100).toFixed(digits)}%`;
}
