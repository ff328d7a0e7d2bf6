/** A source's raised politeness budget, for administrators (as `linhai sources budget`). */
import type { Static } from 'typebox';
import type * as Sources from '../../../src/server/schemas/sources.ts';
import { request } from './client.ts';

export type SourceBudget = Static<typeof Sources.SourceBudget>;
export type SourceBudgetBody = Static<typeof Sources.SourceBudgetBody>;

/** Reads the budget; with `change`, sets it (a limit left out is the host default), or with
 *  `null` goes back to the host default. */
export const sourceBudget = (id: number, change?: SourceBudgetBody | null) =>
  request<SourceBudget>(
    change === undefined ? 'GET' : change === null ? 'DELETE' : 'PUT',
    `/sources/${id}/budget`,
    change ?? undefined,
  );
