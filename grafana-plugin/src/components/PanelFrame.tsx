import { css } from '@emotion/css';
import type { GrafanaTheme2 } from '@grafana/data';
import { Alert, EmptyState, LoadingPlaceholder, useStyles2 } from '@grafana/ui';
import type { ReactNode } from 'react';
import type { PanelStatus } from '../utils/panel-status';

interface Props {
  title: string;
  status: PanelStatus;
  /** Shown when the query worked but found nothing, e.g. "No votes yet". */
  emptyText: string;
  children?: ReactNode;
}

/** A titled panel showing its loading, error or empty state instead of the content when needed. */
export function PanelFrame({ title, status, emptyText, children }: Props) {
  const styles = useStyles2(getStyles);
  return (
    <section className={styles.panel} aria-label={title}>
      <h3 className={styles.title}>{title}</h3>
      {status.kind === 'loading' && <LoadingPlaceholder text="Loading…" />}
      {status.kind === 'error' && (
        <Alert severity="error" title="Data source error">
          {status.message}
        </Alert>
      )}
      {status.kind === 'empty' && <EmptyState variant="not-found" message={emptyText} />}
      {status.kind === 'ready' && children}
    </section>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  panel: css({
    background: theme.colors.background.primary,
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
    padding: theme.spacing(1, 2),
    width: '100%',
    overflow: 'auto',
  }),
  title: css({ fontSize: theme.typography.h5.fontSize, margin: theme.spacing(0, 0, 1) }),
});
