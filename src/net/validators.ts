/**
 * ETag and Last-Modified per URL, so a TOC poll that finds nothing new costs a 304. The store is
 * an interface: the in-memory one here keeps the most recent `capacity` URLs; the store layer can
 * give a persistent one.
 */
export interface Validators {
  readonly etag?: string | undefined;
  readonly lastModified?: string | undefined;
}

export interface ValidatorStore {
  get(url: string): Validators | undefined;
  set(url: string, validators: Validators): void;
}

export class MemoryValidatorStore implements ValidatorStore {
  private readonly map = new Map<string, Validators>();

  constructor(private readonly capacity = 50_000) {}

  get(url: string): Validators | undefined {
    const v = this.map.get(url);
    if (v) {
      // Re-insert: Map order is the recency order.
      this.map.delete(url);
      this.map.set(url, v);
    }
    return v;
  }

  set(url: string, validators: Validators): void {
    this.map.delete(url);
    this.map.set(url, validators);
    if (this.map.size > this.capacity) this.map.delete(this.map.keys().next().value!);
  }
}

/** If-None-Match / If-Modified-Since headers for remembered validators. */
export function conditionalHeaders(v: Validators | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  if (v?.etag) headers['if-none-match'] = v.etag;
  if (v?.lastModified) headers['if-modified-since'] = v.lastModified;
  return headers;
}
