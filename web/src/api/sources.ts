/** Book sources, for administrators: list, import, switch on/off, test, log in, boilerplate. */
import { request, url } from './client.ts';
import type {
  Boilerplate,
  BoilerplateStatus,
  ImportReport,
  LoginForm,
  Source,
  SourceBudget,
  SourceBudgetBody,
  SourceTest,
} from './types.ts';

export const sources = () => request<Source[]>('GET', '/sources');

/** Legado JSON: the text itself, or a URL the server fetches it from. */
export const importSources = (from: { text: string } | { url: string }) =>
  request<ImportReport>('POST', '/sources', from);

export const enableSource = (id: number, enabled: boolean) =>
  request<Source>('PATCH', url`/sources/${id}`, { enabled });

export const testSource = (id: number, test: { query?: string }) =>
  request<SourceTest>('POST', url`/sources/${id}/test`, test);

export const loginForm = (id: number) => request<LoginForm>('GET', url`/sources/${id}/login`);

/** A login page's source also takes `cookie`: the Cookie header from the admin's own browser. */
export const logInSource = (id: number, fields: Record<string, string>, cookie?: string) =>
  request<LoginForm>('POST', url`/sources/${id}/login`, {
    fields,
    ...(cookie !== undefined ? { cookie } : {}),
  });

/**
 * A source's raised politeness budget (as `linhai sources budget`): read it; with `change`, set
 * it (a limit left out is the host default); with `null`, back to the host default.
 */
export const sourceBudget = (id: number, change?: SourceBudgetBody | null) =>
  request<SourceBudget>(
    change === undefined ? 'GET' : change === null ? 'DELETE' : 'PUT',
    url`/sources/${id}/budget`,
    change ?? undefined,
  );

export const boilerplate = (sourceId: number) =>
  request<Boilerplate[]>('GET', url`/sources/${sourceId}/boilerplate`);

export const reviewBoilerplate = (id: string, status: BoilerplateStatus) =>
  request<unknown>('PATCH', url`/boilerplate/${id}`, { status });
