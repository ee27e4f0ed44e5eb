/**
 * node:worker_threads for the browser bundle. The interdependence map shares its rows with
 * a Node worker thread when it can start one and evaluates them serially when it cannot;
 * in the browser it cannot (the map already runs inside the page's own Web Worker), so
 * every constructor here throws and the map takes its serial path.
 */
function unavailable(): never {
  throw new Error('node:worker_threads is not available in the browser; the computation runs serially');
}

export class Worker {
  constructor() {
    unavailable();
  }
}

export class MessageChannel {
  constructor() {
    unavailable();
  }
}

export type MessagePort = never;

export function receiveMessageOnPort(): undefined {
  return unavailable();
}

export const isMainThread = false;
export const parentPort = null;
export const workerData = null;
