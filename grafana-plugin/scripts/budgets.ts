/** What Grafana downloads before a Bilan page opens: module.js, gzip -9 (the pages load lazily). A test and the bench read it. */
export const MODULE_GZIP_BUDGET_BYTES = 100 * 1024;

/** The feedback table with 10,000 votes, from Loki frame to painted rows (a benchmark figure, never a test). */
export const FEEDBACK_TABLE_BUDGET_MS = 1000;
