/**
 * Worker thread of interdependence-parallel.ts: waits for a map job, anchors the job's
 * bodies on an evaluator of its own (the same anchors, in the same order, as the thread
 * that sent the job), then takes rows from the job's shared counter and sends each back
 * until none is left. A row that throws is reported as not delivered (row: null), so the
 * other thread evaluates it.
 */
import { receiveMessageOnPort, workerData, type MessagePort } from 'node:worker_threads';
import { anchorBodies, evaluateMapRow, mapParameters, RegionalEvaluator } from './interdependence.js';
import { Control, Tasks, WorkerState, type MapJob, type MapJobRow } from './interdependence-parallel.js';

const { control, port } = workerData as { control: Int32Array; port: MessagePort };

function runJob(job: MapJob): void {
  const tasks = new Int32Array(job.tasks);
  const send = (row: MapJobRow): void => {
    port.postMessage(row);
    Atomics.add(tasks, Tasks.delivered, 1);
    Atomics.notify(tasks, Tasks.delivered);
  };
  // Nothing to do if the other thread already took every row while this one was starting.
  if (Atomics.load(tasks, Tasks.next) >= job.order.length) return;
  const known = new Map(mapParameters(job.base.spec, job.options).map((parameter) => [parameter.key, parameter]));
  const parameters = job.parameterKeys.map((key) => known.get(key));
  const evaluator = new RegionalEvaluator(job.base, job.options);
  const bodyScenarios = anchorBodies(evaluator, job.base, job.setting.bodies);
  for (let task = Atomics.add(tasks, Tasks.next, 1); task < job.order.length; task = Atomics.add(tasks, Tasks.next, 1)) {
    const parameter = parameters[job.order[task]];
    let row: MapJobRow['row'] = null;
    try {
      if (parameter !== undefined) row = evaluateMapRow(evaluator, job.setting, bodyScenarios, parameter);
    } catch {
      row = null;
    }
    send({ job: job.job, task, row });
  }
}

Atomics.store(control, Control.state, WorkerState.ready);
let seen = 0;
for (;;) {
  Atomics.wait(control, Control.job, seen);
  seen = Atomics.load(control, Control.job);
  // Every job posted so far; only the newest is still wanted (older ones have been finished by their caller).
  let job: MapJob | undefined;
  // The job's message may reach the port just after its number: look again for up to a second.
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (let attempt = 0; attempt < 100; attempt++) {
    for (let received = receiveMessageOnPort(port); received !== undefined; received = receiveMessageOnPort(port)) job = received.message as MapJob;
    if (job !== undefined && job.job >= seen) break;
    Atomics.wait(pause, 0, 0, 10);
  }
  if (job === undefined) continue;
  try {
    runJob(job);
  } catch {
    // A job that cannot even start (anchors failing) leaves its rows to the other thread.
  }
}
