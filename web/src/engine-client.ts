/**
 * The page's side of the engine worker: requests as promises, progress callbacks, and
 * coalescing channels for sliders (while one request of a channel runs, only the newest
 * waiting request of that channel is kept, so dragging never queues stale solves).
 */
import type { EngineMessage, EngineRequest } from './protocol.js';

export class EngineError extends Error {
  readonly code: string;
  constructor(code: string, message: string) {
    super(message);
    this.code = code;
  }
}

export interface EngineAnswer<T> {
  readonly result: T;
  /** Time the worker spent on the request (ms). */
  readonly elapsedMs: number;
  /** Time from posting to the answer, queueing and transfer included (ms). */
  readonly roundTripMs: number;
}

interface Pending {
  readonly resolve: (answer: EngineAnswer<unknown>) => void;
  readonly reject: (error: Error) => void;
  readonly onProgress?: (done: number, total: number) => void;
  readonly posted: number;
}

interface Waiting {
  request: EngineRequest;
  resolve: (answer: EngineAnswer<unknown> | null) => void;
  reject: (error: Error) => void;
}

export class EngineClient {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly busyChannels = new Set<string>();
  private readonly waiting = new Map<string, Waiting>();

  constructor(worker: Worker) {
    this.worker = worker;
    worker.onmessage = (event: MessageEvent<EngineMessage>) => this.receive(event.data);
    worker.onerror = (event) => {
      for (const entry of this.pending.values()) entry.reject(new EngineError('INTERNAL', `engine worker failed: ${event.message}`));
      this.pending.clear();
    };
  }

  private receive(message: EngineMessage): void {
    const entry = this.pending.get(message.id);
    if (entry === undefined) return;
    if (message.type === 'progress') {
      entry.onProgress?.(message.done, message.total);
      return;
    }
    this.pending.delete(message.id);
    if (message.type === 'result') {
      entry.resolve({ result: message.result, elapsedMs: message.elapsedMs, roundTripMs: performance.now() - entry.posted });
    } else {
      entry.reject(new EngineError(message.code, message.message));
    }
  }

  request<T>(request: EngineRequest, onProgress?: (done: number, total: number) => void): Promise<EngineAnswer<T>> {
    const id = this.nextId++;
    return new Promise<EngineAnswer<T>>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (answer: EngineAnswer<unknown>) => void, reject, onProgress, posted: performance.now() });
      this.worker.postMessage({ id, request });
    });
  }

  /**
   * The newest request of a channel wins: resolves with the answer, or with null when a
   * newer request of the same channel replaced this one before it was sent.
   */
  latest<T>(channel: string, request: EngineRequest): Promise<EngineAnswer<T> | null> {
    return new Promise<EngineAnswer<T> | null>((resolve, reject) => {
      const replaced = this.waiting.get(channel);
      replaced?.resolve(null);
      this.waiting.set(channel, { request, resolve: resolve as (answer: EngineAnswer<unknown> | null) => void, reject });
      this.pump(channel);
    });
  }

  private pump(channel: string): void {
    if (this.busyChannels.has(channel)) return;
    const next = this.waiting.get(channel);
    if (next === undefined) return;
    this.waiting.delete(channel);
    this.busyChannels.add(channel);
    this.request<unknown>(next.request)
      .then((answer) => next.resolve(answer), (error: Error) => next.reject(error))
      .finally(() => {
        this.busyChannels.delete(channel);
        this.pump(channel);
      });
  }
}
