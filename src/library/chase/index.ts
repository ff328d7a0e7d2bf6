/** The chase: when to check which listing, learned from publishing patterns, within budgets. */
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
