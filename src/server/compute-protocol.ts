/**
 * Messages between the compute pool (main thread) and its workers. Results travel as JSON
 * text, serialised once in the worker, so the main thread only forwards them.
 */
import type { KinechainErrorCode } from '../core/errors.js';
import type { SimulationRequest } from '../app/simulations.js';

/** Work a worker can do. */
export type ComputeTask = { readonly kind: 'simulation'; readonly request: SimulationRequest } | { readonly kind: 'catalog' };

/** Main thread -> worker. */
export interface TaskMessage {
  readonly id: number;
  readonly task: ComputeTask;
}

/** How a task failed, as the worker saw it. */
export type TaskFailure =
  | { readonly kind: 'kinechain'; readonly code: KinechainErrorCode; readonly message: string; readonly details: Record<string, unknown> | null }
  | { readonly kind: 'aborted' }
  | { readonly kind: 'internal'; readonly message: string };

/** Worker -> main thread. */
export type WorkerMessage =
  | { readonly type: 'ready' }
  | { readonly type: 'result'; readonly id: number; readonly json: string }
  | { readonly type: 'failure'; readonly id: number; readonly failure: TaskFailure };

/** workerData of every worker. */
export interface ComputeWorkerData {
  /** One Int32: non-zero asks the running task to stop at its next progress step. */
  readonly abortFlag: SharedArrayBuffer;
}
