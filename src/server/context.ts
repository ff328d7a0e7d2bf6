import type { Explorer } from '#library';
import type { ServerDeps } from './ports.ts';
import type { InstanceSettings } from './instance-settings.ts';
import type { FailureLimiter } from '#library';
import type { SearchMemory } from './search-memory.ts';
import type { DisplayRules } from './display-rules.ts';
import type { MemoCache } from './memo-cache.ts';
import type { ServerUser } from './ports.ts';

/** What every route module is given: the ports and the server's own small state. */
export interface ServerContext {
  readonly deps: ServerDeps;
  readonly settings: InstanceSettings;
  readonly loginLimits: { readonly byIp: FailureLimiter; readonly byName: FailureLimiter };
  readonly searches: SearchMemory;
  readonly displayRules: DisplayRules;
  /** Session token → user, for a few seconds (dropped at logout and on settings changes). */
  readonly sessions: MemoCache<ServerUser>;
  /** Assembled chapter views of cached chapters as JSON, keyed by book, chapter, script and rules. */
  readonly chapters: MemoCache<Buffer>;
  /** Discover: explore entries and list pages, cached for every reader of this process. */
  readonly explorer: Explorer;
}
