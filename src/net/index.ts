export type { Fetcher, FetchRequest, FetchResponse, RequestKind, SourcePolicy } from './types.ts';
