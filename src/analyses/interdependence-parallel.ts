/**
 * The rows of the interdependence map shared between this thread and one worker thread
 * (interdependence-worker.ts), for the machine's second core.
 *
 * Why the result is the same bit for bit as the serial map: a row is a function of its
 * parameter and the anchors alone (interdependence.ts evaluateMapRow: the solvers' state is
 * restored to the anchor's before each solve), the worker anchors the same bodies in the
 * same order with the same code, and floating-point arithmetic in JavaScript does not
 * depend on the thread. Which thread evaluates a row changes nothing but the time.
 *
 * How: the rows are tasks taken from a shared counter (Atomics), most expensive kind first
 * (impairments solve longer than tissue rows), by whichever thread is free; this thread
 * waits for the worker's rows with Atomics.wait and reads them with receiveMessageOnPort,
 * so interdependenceMap stays synchronous. The worker is started on the first map and kept
 * (unref'd: it never keeps the process alive), so later maps find it warm.
 *
 * Falling back to serial: when no worker can be started (e.g. a runtime without worker
 * threads), when the options hold functions that cannot be sent to a thread (a custom
 * impairment catalogue), or when the worker fails, this thread evaluates every row the
 * worker did not deliver; a worker that is still starting simply takes no rows.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { Scenario } from '../library/scenario.js';
import {
  evaluateMapRow,
  setMapRowSplitter,
  type InterdependenceOptions,
  type MapParameter,
  type MapRowSetting,
  type RegionalEvaluator,
  type RowWork,
} from './interdependence.js';

/** Control words shared with the worker (Int32Array over a SharedArrayBuffer). */
export const Control = { job: 0, state: 1 } as const;
/** Worker state: starting, ready for jobs, failed. */
export const WorkerState = { starting: 0, ready: 1, failed: 2 } as const;
/** Task words of one job: the next row to take, rows the worker delivered. */
export const Tasks = { next: 0, delivered: 1 } as const;

/** What the worker needs to rebuild the map's rows and anchors. */
export interface MapJob {
  readonly job: number;
  readonly tasks: SharedArrayBuffer;
  readonly base: Scenario;
  readonly options: InterdependenceOptions;
  readonly setting: MapRowSetting;
  readonly parameterKeys: readonly string[];
  /** Rows in the order they are taken (indices into parameterKeys). */
  readonly order: readonly number[];
}

/** A row the worker delivered (or could not: failed). */
export interface MapJobRow {
  readonly job: number;
  readonly task: number;
  readonly row: RowWork | null;
}

interface MapWorker {
  readonly worker: Worker;
  readonly control: Int32Array;
  readonly port: MessagePort;
  dead: boolean;
}

let shared: MapWorker | null | undefined;
let jobCount = 0;

/** tsx's ESM register API, found from this file (require resolves its CommonJS twin; the ESM one sits beside it). */
function tsxLoaderPath(): string {
  const required = createRequire(import.meta.url).resolve('tsx/esm/api');
  const esm = required.replace(/\.cjs$/, '.mjs');
  return existsSync(esm) ? esm : required;
}

/** The worker's entry: compiled JavaScript, or the TypeScript source through tsx when running from source. */
function startWorker(): MapWorker | null {
  try {
    const control = new Int32Array(new SharedArrayBuffer(8 * Int32Array.BYTES_PER_ELEMENT));
    const channel = new MessageChannel();
    const fromSource = import.meta.url.endsWith('.ts');
    const entry = new URL(fromSource ? './interdependence-worker.ts' : './interdependence-worker.js', import.meta.url);
    const workerData = { control, port: channel.port2 };
    // From source, the worker loads TypeScript through tsx's loader (a development dependency; without it, no worker).
    const loader = fromSource ? pathToFileURL(tsxLoaderPath()).href : '';
    const worker = fromSource
      ? new Worker(`import(${JSON.stringify(loader)}).then((api) => { api.register(); return import(${JSON.stringify(entry.href)}); });`, {
          eval: true,
          workerData,
          transferList: [channel.port2],
          execArgv: [],
        })
      : new Worker(entry, { workerData, transferList: [channel.port2] });
    const started: MapWorker = { worker, control, port: channel.port1, dead: false };
    const fail = (): void => {
      started.dead = true;
      Atomics.store(control, Control.state, WorkerState.failed);
    };
    worker.on('error', fail);
    worker.on('exit', fail);
    worker.unref();
    channel.port1.unref();
    return started;
  } catch {
    return null;
  }
}

/** The worker, started on first use; null for good once it could not start or has failed. */
function mapWorker(): MapWorker | null {
  if (shared === undefined) shared = startWorker();
  else if (shared !== null && shared.dead) shared = null;
  return shared;
}

/** The options without what cannot go to a thread; null when the map needs functions there. */
function portableOptions(options: InterdependenceOptions): InterdependenceOptions | null {
  if (options.impairmentCatalogues !== undefined) return null;
  const { onProgress: _onProgress, ...rest } = options;
  void _onProgress;
  try {
    structuredClone(rest);
    return rest;
  } catch {
    return null;
  }
}

/** Rows with impairments first (they solve longest), then the rest, each in map order. */
function taskOrder(parameters: readonly MapParameter[]): number[] {
  const indices = parameters.map((_, r) => r);
  return [...indices.filter((r) => parameters[r].kind === 'severity'), ...indices.filter((r) => parameters[r].kind !== 'severity')];
}

/** Evaluations of one row (for progress). */
function rowEvaluations(setting: MapRowSetting, parameter: MapParameter): number {
  return 2 * setting.bodies.length + (parameter.kind === 'severity' ? 1 : 0);
}

/** How splitMapRows shares the rows (for checks of the worker). */
export interface SplitOptions {
  /**
   * False: this thread takes no rows and only waits for the worker's (which must have
   * started: see mapWorkerReady), then evaluates whatever the worker did not deliver.
   */
  readonly mainThreadRows?: boolean;
}

/** Rows the worker thread delivered since the process started. */
let delivered = 0;

export function mapWorkerDeliveredRows(): number {
  return delivered;
}

/**
 * Starts the worker if needed and waits (without blocking the event loop) until it takes
 * jobs; false if it failed or did not start within `timeoutMs`.
 */
export async function mapWorkerReady(timeoutMs = 60_000): Promise<boolean> {
  const worker = mapWorker();
  if (worker === null) return false;
  const begin = Date.now();
  while (Date.now() - begin < timeoutMs) {
    const state = Atomics.load(worker.control, Control.state);
    if (state === WorkerState.ready) return true;
    if (state === WorkerState.failed || worker.dead) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return false;
}

/** Longest wait (ms) for the worker's rows with no row delivered before this thread evaluates them itself. */
const STALL_MS = 20_000;

/**
 * The rows of the map (interdependence.ts evaluateMapRow, in parameter order), shared with
 * a worker thread; null when no worker is available or the options cannot go to one (the
 * caller then evaluates them serially). `evaluator` must hold the anchors of
 * `bodyScenarios` (anchorBodies).
 */
export function splitMapRows(
  evaluator: RegionalEvaluator,
  setting: MapRowSetting,
  bodyScenarios: readonly Scenario[],
  parameters: readonly MapParameter[],
  options: InterdependenceOptions,
  progress: (count: number) => void,
  split: SplitOptions = {},
): RowWork[] | null {
  if (parameters.length < (split.mainThreadRows === false ? 1 : 2)) return null;
  const portable = portableOptions(options);
  if (portable === null) return null;
  const worker = mapWorker();
  if (worker === null) return null;
  const order = taskOrder(parameters);
  const tasks = new Int32Array(new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT));
  const job = ++jobCount;
  const message: MapJob = {
    job,
    tasks: tasks.buffer as SharedArrayBuffer,
    base: evaluator.base,
    options: portable,
    setting,
    parameterKeys: parameters.map((parameter) => parameter.key),
    order,
  };
  try {
    worker.port.postMessage(message);
  } catch {
    return null;
  }
  Atomics.store(worker.control, Control.job, job);
  Atomics.notify(worker.control, Control.job);

  const rows: (RowWork | null)[] = parameters.map(() => null);
  const drain = (): void => {
    for (let received = receiveMessageOnPort(worker.port); received !== undefined; received = receiveMessageOnPort(worker.port)) {
      const delivered = received.message as MapJobRow;
      if (delivered.job !== job || delivered.row === null) continue;
      const r = order[delivered.task];
      if (rows[r] === null) {
        rows[r] = delivered.row;
        progress(rowEvaluations(setting, parameters[r]));
      }
    }
  };
  // This thread's share: take rows until none is left.
  const taken: number[] = [];
  const takesRows = split.mainThreadRows !== false;
  try {
    for (let task = takesRows ? Atomics.add(tasks, Tasks.next, 1) : order.length; task < order.length; task = Atomics.add(tasks, Tasks.next, 1)) {
      const r = order[task];
      taken.push(r);
      rows[r] = evaluateMapRow(evaluator, setting, bodyScenarios, parameters[r], progress);
      drain();
    }
  } catch (error) {
    // The map fails: the worker takes no more of its rows.
    Atomics.store(tasks, Tasks.next, order.length);
    throw error;
  }
  // The worker's share: wait for its rows (it counts them delivered, failed ones too).
  const workerTasks = takesRows ? Math.min(Atomics.load(tasks, Tasks.next), order.length) - taken.length : order.length;
  let lastDelivered = Atomics.load(tasks, Tasks.delivered);
  let lastChange = performance.now();
  while (Atomics.load(tasks, Tasks.delivered) < workerTasks && !worker.dead && Atomics.load(worker.control, Control.state) !== WorkerState.failed) {
    Atomics.wait(tasks, Tasks.delivered, lastDelivered, 50);
    const delivered = Atomics.load(tasks, Tasks.delivered);
    if (delivered !== lastDelivered) {
      lastDelivered = delivered;
      lastChange = performance.now();
    } else if (performance.now() - lastChange > STALL_MS) {
      break;
    }
  }
  drain();
  delivered += rows.filter((row, r) => row !== null && !taken.includes(r)).length;
  // Rows the worker did not deliver (it failed or stalled): evaluated here, in map order.
  return rows.map((row, r) => row ?? evaluateMapRow(evaluator, setting, bodyScenarios, parameters[r], progress));
}

/**
 * Lets interdependenceMap share its rows with a worker thread (options.threads, default 2).
 * Node front ends call this once at start; without it every map is evaluated serially.
 */
export function enableMapThreads(): void {
  setMapRowSplitter((evaluator, setting, bodyScenarios, parameters, options, progress) =>
    splitMapRows(evaluator, setting, bodyScenarios, parameters, options, progress),
  );
}
