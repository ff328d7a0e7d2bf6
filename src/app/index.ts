/** The composition root: only entry points (the CLI, `linhai serve`, workers) import it. */
export { openApp } from './open-app.ts';
export type { App, AppOptions } from './open-app.ts';
export { SourceCatalog, builtInSourcesWanted } from './source-catalog.ts';
export { createDriverGateway } from './driver-gateway.ts';
export { registerJobHandlers, contentJobKey, exportJobKey } from './job-handlers.ts';
export { keepBookFilesBuilt, planExport } from './book-file-upkeep.ts';
export type {
  ContentJob,
  ExportJob,
  JobHandlerOptions,
  PrefetchJob,
  TocJob,
} from './job-handlers.ts';
export type { AppJobQueue } from './job-queue.ts';
export { startJobWorker } from './job-worker.ts';
export type { JobWorker, JobWorkerOptions } from './job-worker.ts';
export { WorkerJobMetrics, prometheusText } from './job-metrics.ts';
export { acquireLeadership } from './singleton-lock.ts';
export type { Leadership, LeadershipOptions } from './singleton-lock.ts';
export type { Installation } from './open-app.ts';
export {
  startChase,
  leadChase,
  learnWaitingResults,
  chaseJobHandlers,
  chaseJobKey,
} from './chase.ts';
export type { ChaseJob, ChaseResultJob, ChaseService, ChaseServiceOptions } from './chase.ts';
export { updateShelf } from './update-shelf.ts';
export { manageSourceBudget, raisedBudgetLimits } from './source-budget.ts';
export type { ShelfUpdate, ShelfUpdateBook, ShelfUpdateProgress } from './update-shelf.ts';
