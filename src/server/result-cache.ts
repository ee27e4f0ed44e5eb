/**
 * Results of finished simulations as JSON text, by request, least recently used first out.
 * Every analysis is deterministic for a given request (seeded sampling), so a repeated
 * request can be answered without solving again. Bounded by entries and by total size.
 */
export interface ResultCacheOptions {
  /** Default 64. */
  readonly maxEntries?: number;
  /** Total characters kept (about bytes for this ASCII JSON); default 32 M. */
  readonly maxChars?: number;
}

export class ResultCache {
  private readonly entries = new Map<string, string>();
  private readonly maxEntries: number;
  private readonly maxChars: number;
  private chars = 0;

  constructor(options: ResultCacheOptions = {}) {
    this.maxEntries = options.maxEntries ?? 64;
    this.maxChars = options.maxChars ?? 32 * 1024 * 1024;
  }

  get(key: string): string | undefined {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    // Re-insert: a Map iterates in insertion order, so the first key is the least recently used.
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  set(key: string, value: string): void {
    if (this.maxEntries === 0 || value.length > this.maxChars) return;
    const previous = this.entries.get(key);
    if (previous !== undefined) {
      this.entries.delete(key);
      this.chars -= previous.length;
    }
    this.entries.set(key, value);
    this.chars += value.length;
    while (this.entries.size > this.maxEntries || this.chars > this.maxChars) {
      const oldest = this.entries.keys().next().value as string;
      this.chars -= (this.entries.get(oldest) as string).length;
      this.entries.delete(oldest);
    }
  }

  get size(): number {
    return this.entries.size;
  }
}

/** JSON with object keys sorted, so requests that differ only in key order share an entry. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, entry: unknown) => {
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) return entry;
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(entry).sort()) sorted[key] = (entry as Record<string, unknown>)[key];
    return sorted;
  });
}
