/**
 * A fixed pool of worker threads that run the analyses, so the main thread (which answers
 * HTTP) never blocks on a solve. Bounded three ways:
 * - size: at most `size` analyses run at once (default: the cores less one, at least one);
 * - queue: at most `queueLimit` tasks wait for a worker; one more is refused at once with
 *   QUEUE_FULL instead of piling up;
 * - deadline: a task not finished `deadlineMs` after it was submitted (waiting included)
 *   is answered DEADLINE_EXCEEDED. A running task is then asked to stop through a flag
 *   shared with its worker, which the analyses check at each progress step; a worker that
 *   has not stopped `abortGraceMs` later is terminated and replaced. Its slot stays taken
 *   until then, so abandoned work never runs beside new work.
 *
 * Workers load compute-worker.js next to this file (the compiled build). Run from the
 * TypeScript sources (tests, tsx), they load compute-worker.ts through tsx's loader.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';
import { KinechainError } from '../core/errors.js';
import type { ComputeTask, ComputeWorkerData, TaskFailure, WorkerMessage } from './compute-protocol.js';

export type ComputePoolErrorCode = 'DEADLINE_EXCEEDED' | 'QUEUE_FULL' | 'SHUTTING_DOWN' | 'WORKER_FAILED';

/** A task the pool could not run to its end (not the task's own error, which is a KinechainError). */
export class ComputePoolError extends Error {
  readonly code: ComputePoolErrorCode;
  constructor(code: ComputePoolErrorCode, message: string) {
    super(message);
    this.name = 'ComputePoolError';
    this.code = code;
  }
}

export function isComputePoolError(value: unknown): value is ComputePoolError {
  return value instanceof ComputePoolError;
}

export interface ComputePoolLogger {
  warn(message: string): void;
  error(message: string): void;
}

export interface ComputePoolOptions {
  /** Workers; default max(1, cores - 1), never more than the cores. */
  readonly size?: number;
  /** Tasks that may wait for a worker; default 32. */
  readonly queueLimit?: number;
  /** Time from submission to answer (ms); default 20 000. */
  readonly deadlineMs?: number;
  /** Time a task asked to stop gets before its worker is terminated (ms); default 1000. */
  readonly abortGraceMs?: number;
  /** Heap limit of each worker (MB); default 1024. */
  readonly maxHeapMb?: number;
  readonly logger?: ComputePoolLogger;
}

export interface ComputePoolStats {
  readonly size: number;
  readonly busy: number;
  readonly queued: number;
  readonly queueLimit: number;
  readonly deadlineMs: number;
  readonly completed: number;
  readonly failed: number;
  readonly timedOut: number;
  readonly refused: number;
  /** Workers replaced after a crash or a task that would not stop. */
  readonly restarts: number;
}

export const DEFAULT_DEADLINE_MS = 20_000;
export const DEFAULT_QUEUE_LIMIT = 32;

interface Job {
  readonly id: number;
  readonly task: ComputeTask;
  readonly resolve: (json: string) => void;
  readonly reject: (error: Error) => void;
  settled: boolean;
  deadline: ReturnType<typeof setTimeout> | null;
  slot: Slot | null;
}

interface Slot {
  worker: Worker;
  readonly abortFlag: Int32Array;
  job: Job | null;
  /** Set while a timed-out task is given its grace to stop. */
  grace: ReturnType<typeof setTimeout> | null;
  ready: boolean;
}

/** How to start a worker: the compiled file, or the TypeScript one through tsx. */
function workerEntry(): { url: URL; options: WorkerOptions } {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) return { url: new URL('./compute-worker.js', here), options: {} };
  const requireHere = createRequire(here);
  const packagePath = requireHere.resolve('tsx/package.json');
  const packageJson = JSON.parse(readFileSync(packagePath, 'utf8')) as { exports: Record<string, { import: { default: string } }> };
  const api = pathToFileURL(join(dirname(packagePath), packageJson.exports['./esm/api'].import.default)).href;
  const worker = new URL('./compute-worker.ts', here).href;
  const boot = `import { register } from ${JSON.stringify(api)}; register(); await import(${JSON.stringify(worker)});`;
  return { url: new URL(`data:text/javascript,${encodeURIComponent(boot)}`), options: {} };
}

function positiveWhole(value: number | undefined, fallback: number, what: string): number {
  const chosen = value ?? fallback;
  if (!Number.isInteger(chosen) || chosen < 0) {
    throw new KinechainError('OUT_OF_RANGE', `compute pool ${what} must be a whole number >= 0, got ${String(chosen)}`);
  }
  return chosen;
}

function failureError(failure: TaskFailure): Error {
  switch (failure.kind) {
    case 'kinechain':
      return new KinechainError(failure.code, failure.message, failure.details ?? undefined);
    case 'aborted':
      return new ComputePoolError('DEADLINE_EXCEEDED', 'the analysis was stopped');
    case 'internal':
      return new ComputePoolError('WORKER_FAILED', 'the analysis failed with an internal error');
  }
}

export class ComputePool {
  readonly size: number;
  readonly queueLimit: number;
  readonly deadlineMs: number;
  private readonly abortGraceMs: number;
  private readonly maxHeapMb: number;
  private readonly logger: ComputePoolLogger | undefined;
  private readonly entry = workerEntry();
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;
  private counts = { completed: 0, failed: 0, timedOut: 0, refused: 0, restarts: 0 };

  constructor(options: ComputePoolOptions = {}) {
    const cores = Math.max(1, availableParallelism());
    this.size = Math.min(cores, Math.max(1, positiveWhole(options.size, Math.max(1, cores - 1), 'size')));
    this.queueLimit = positiveWhole(options.queueLimit, DEFAULT_QUEUE_LIMIT, 'queue limit');
    this.deadlineMs = positiveWhole(options.deadlineMs, DEFAULT_DEADLINE_MS, 'deadline (ms)');
    this.abortGraceMs = positiveWhole(options.abortGraceMs, 1000, 'abort grace (ms)');
    this.maxHeapMb = positiveWhole(options.maxHeapMb, 1024, 'heap limit (MB)');
    this.logger = options.logger;
    for (let index = 0; index < this.size; index++) this.slots.push(this.spawn());
  }

  /**
   * Runs `task` on a worker; resolves with its result as JSON text. Rejects with a
   * KinechainError (the task's own failure) or a ComputePoolError (queue full, deadline,
   * shutting down, worker crash).
   */
  run(task: ComputeTask, options: { readonly deadlineMs?: number } = {}): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      if (this.closed) {
        reject(new ComputePoolError('SHUTTING_DOWN', 'the server is shutting down; try again later'));
        return;
      }
      const job: Job = { id: this.nextId++, task, resolve, reject, settled: false, deadline: null, slot: null };
      const idle = this.slots.find((slot) => slot.job === null && slot.grace === null);
      if (idle === undefined && this.queue.length >= this.queueLimit) {
        this.counts.refused++;
        reject(
          new ComputePoolError(
            'QUEUE_FULL',
            `the server is busy: ${this.size} analyses are running and ${this.queue.length} are waiting; try again in a few seconds`,
          ),
        );
        return;
      }
      const deadlineMs = options.deadlineMs ?? this.deadlineMs;
      job.deadline = setTimeout(() => this.expire(job, deadlineMs), deadlineMs);
      if (idle !== undefined) this.dispatch(idle, job);
      else this.queue.push(job);
    });
  }

  stats(): ComputePoolStats {
    return {
      size: this.size,
      busy: this.slots.filter((slot) => slot.job !== null).length,
      queued: this.queue.length,
      queueLimit: this.queueLimit,
      deadlineMs: this.deadlineMs,
      ...this.counts,
    };
  }

  /** Refuses new tasks, answers waiting and running ones SHUTTING_DOWN and stops the workers. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const stopping = new ComputePoolError('SHUTTING_DOWN', 'the server is shutting down; try again later');
    for (const job of this.queue.splice(0)) this.settle(job, stopping);
    const exits: Promise<number>[] = [];
    for (const slot of this.slots) {
      if (slot.job !== null) this.settle(slot.job, stopping);
      slot.job = null;
      if (slot.grace !== null) clearTimeout(slot.grace);
      slot.grace = null;
      exits.push(slot.worker.terminate());
    }
    await Promise.all(exits);
  }

  private spawn(): Slot {
    const abortFlag = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
    const workerData: ComputeWorkerData = { abortFlag: abortFlag.buffer as SharedArrayBuffer };
    const worker = new Worker(this.entry.url, {
      ...this.entry.options,
      workerData,
      resourceLimits: { maxOldGenerationSizeMb: this.maxHeapMb },
      // The worker's own output would interleave with the server's; errors come back as messages.
      stdout: false,
      stderr: false,
    });
    const slot: Slot = { worker, abortFlag, job: null, grace: null, ready: false };
    worker.on('message', (message: WorkerMessage) => this.onMessage(slot, message));
    worker.on('error', (error) => this.onWorkerDeath(slot, error));
    worker.on('exit', (code) => {
      if (!this.closed && this.slots.includes(slot) && slot.worker === worker) this.onWorkerDeath(slot, new Error(`worker exited with code ${code}`));
    });
    return slot;
  }

  private dispatch(slot: Slot, job: Job): void {
    Atomics.store(slot.abortFlag, 0, 0);
    slot.job = job;
    job.slot = slot;
    slot.worker.postMessage({ id: job.id, task: job.task });
  }

  /** Gives free workers the oldest waiting tasks. */
  private pump(): void {
    if (this.closed) return;
    for (const slot of this.slots) {
      if (slot.job !== null || slot.grace !== null) continue;
      const job = this.queue.shift();
      if (job === undefined) return;
      this.dispatch(slot, job);
    }
  }

  private settle(job: Job, outcome: Error | string): void {
    if (job.settled) return;
    job.settled = true;
    if (job.deadline !== null) clearTimeout(job.deadline);
    job.deadline = null;
    if (typeof outcome === 'string') job.resolve(outcome);
    else job.reject(outcome);
  }

  private expire(job: Job, deadlineMs: number): void {
    if (job.settled) return;
    this.counts.timedOut++;
    this.settle(
      job,
      new ComputePoolError(
        'DEADLINE_EXCEEDED',
        `the analysis did not finish within ${(deadlineMs / 1000).toFixed(deadlineMs < 1000 ? 3 : 1)} s and was stopped; ` +
          'ask for fewer samples or a smaller analysis (e.g. interdependence with "only"), or run it from the command line',
      ),
    );
    const queued = this.queue.indexOf(job);
    if (queued >= 0) {
      this.queue.splice(queued, 1);
      return;
    }
    const slot = job.slot;
    if (slot === null || slot.job !== job) return;
    Atomics.store(slot.abortFlag, 0, 1);
    slot.grace = setTimeout(() => {
      slot.grace = null;
      if (slot.job !== job) return;
      this.logger?.warn(`compute pool: task ${job.id} did not stop ${this.abortGraceMs} ms after its deadline; replacing its worker`);
      this.replace(slot);
    }, this.abortGraceMs);
  }

  private onMessage(slot: Slot, message: WorkerMessage): void {
    if (message.type === 'ready') {
      slot.ready = true;
      return;
    }
    const job = slot.job;
    if (job === null || job.id !== message.id) return;
    slot.job = null;
    if (slot.grace !== null) clearTimeout(slot.grace);
    slot.grace = null;
    if (message.type === 'result') {
      this.counts.completed++;
      this.settle(job, message.json);
    } else {
      this.counts.failed++;
      if (message.failure.kind === 'internal') this.logger?.error(`compute pool: task ${job.id} failed: ${message.failure.message}`);
      this.settle(job, failureError(message.failure));
    }
    this.pump();
  }

  private onWorkerDeath(slot: Slot, error: Error): void {
    // 'error' is followed by 'exit'; a slot already waiting for its replacement is handled.
    if (this.closed || (slot.job === null && slot.grace !== null)) return;
    this.logger?.error(`compute pool: a worker died: ${error.stack ?? error.message}`);
    const job = slot.job;
    if (job !== null) {
      this.counts.failed++;
      this.settle(job, new ComputePoolError('WORKER_FAILED', 'the analysis stopped: its worker failed (out of memory or an internal error)'));
    }
    // A worker that never got going would fail again at once: wait a little before the next.
    if (!slot.ready) {
      slot.job = null;
      const index = this.slots.indexOf(slot);
      if (index < 0) return;
      slot.grace = setTimeout(() => {
        slot.grace = null;
        if (!this.closed && this.slots[index] === slot) this.replace(slot);
      }, 1000);
      return;
    }
    this.replace(slot);
  }

  /** Terminates a slot's worker and puts a fresh one in its place. */
  private replace(slot: Slot): void {
    const index = this.slots.indexOf(slot);
    if (index < 0 || this.closed) return;
    this.counts.restarts++;
    slot.job = null;
    if (slot.grace !== null) clearTimeout(slot.grace);
    slot.grace = null;
    this.slots[index] = this.spawn();
    void slot.worker.terminate();
    this.pump();
  }
}
