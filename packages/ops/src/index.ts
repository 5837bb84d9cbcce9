export {
  addOpsFlags,
  type OpsFlags,
  type OpsRuntime,
  opsOptions,
  type StartOpsOptions,
  startOpsFromFlags,
} from './flags.js';
export {
  createMetrics,
  type MetricValue,
  OpsMetrics,
  type OpsMetricsOptions,
  type OrderOutcome,
  type PnlSplit,
} from './metrics.js';
export { renderPnlChart } from './pnl-chart.js';
export {
  DEFAULT_STALE_AFTER_MS,
  type Health,
  type OpsServer,
  type OpsServerOptions,
  startOpsServer,
} from './server.js';
export type { CycleRow, StatusFunding, StatusLeg, StatusPnl, StatusSnapshot } from './status.js';
export { renderStatusPage } from './status-page.js';
export { appVersion } from './version.js';
