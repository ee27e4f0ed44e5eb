/**
 * A compute worker: runs simulations and builds the catalogue off the main thread, one
 * task at a time, and posts the result as JSON text. The pool asks a task to stop by
 * setting the shared abort flag; runSimulation checks it at every progress step.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { enableMapThreads } from '../analyses/interdependence-parallel.js';
import { isSimulationAborted, runSimulation, simulationCatalog } from '../app/simulations.js';
import { isKinechainError } from '../core/errors.js';
import type { ComputeTask, ComputeWorkerData, TaskFailure, TaskMessage, WorkerMessage } from './compute-protocol.js';

// The interdependence map may share its rows with one more thread of its own.
enableMapThreads();

const port = parentPort;
if (port === null) throw new Error('compute-worker.ts runs as a worker thread of the compute pool');

const abortFlag = new Int32Array((workerData as ComputeWorkerData).abortFlag);
const signal = {
  get aborted(): boolean {
    return Atomics.load(abortFlag, 0) !== 0;
  },
};

function compute(task: ComputeTask): string {
  switch (task.kind) {
    case 'simulation':
      return JSON.stringify(runSimulation(task.request, { signal }));
    case 'catalog':
      return JSON.stringify(simulationCatalog());
  }
}

function failureOf(error: unknown): TaskFailure {
  if (isSimulationAborted(error)) return { kind: 'aborted' };
  if (isKinechainError(error)) {
    return { kind: 'kinechain', code: error.code, message: error.message, details: error.details ? { ...error.details } : null };
  }
  // The stack stays in the server log; it never reaches a client.
  return { kind: 'internal', message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
}

function post(message: WorkerMessage): void {
  port?.postMessage(message);
}

port.on('message', (message: TaskMessage) => {
  try {
    post({ type: 'result', id: message.id, json: compute(message.task) });
  } catch (error) {
    let failure = failureOf(error);
    // details may hold values a structured clone refuses; keep the message then.
    try {
      structuredClone(failure);
    } catch {
      failure = failure.kind === 'kinechain' ? { ...failure, details: null } : failure;
    }
    post({ type: 'failure', id: message.id, failure });
  }
});

post({ type: 'ready' });
