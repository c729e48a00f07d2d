// Settings the suite's server is started with (playwright.config.ts) that the tests also need.

/** Opens GET /api/metrics (METRICS_TOKEN). */
export const e2eMetricsToken = 'e2e-metrics-token-0123456789abcdef';
