/**
 * The chase, in one place: when to check which listing (learned from publishing patterns, within
 * budgets), one check of a listing, and the runner that keeps the plan in step with the store.
 * `src/app/chase.ts` only puts it on the job queue.
 */
export { ChaseScheduler } from './chase-scheduler.ts';
export type {
  CheckOutcome,
  CheckResult,
  DueCheck,
  ChaseSchedulerOptions,
  ListingChaseReport,
} from './chase-scheduler.ts';
export type { ChaseBudget } from './budget.ts';
export { learnPublishingModel, intensityPerHour } from './publishing-model.ts';
export type { PublishingModel } from './publishing-model.ts';
export { planNextCheck } from './check-planner.ts';
export { parseSavedListingChase } from './saved-state.ts';
export type { SavedListingChase } from './saved-state.ts';
export { checkListing, readersNearEnd } from './check-listing.ts';
export type { ChaseCheckOptions, ChaseCheckResult } from './check-listing.ts';
export { ChaseRunner } from './chase-runner.ts';
export type { ChaseRunnerOptions, ListingChaseView, PlannedCheck } from './chase-runner.ts';
