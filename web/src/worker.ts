/**
 * The engine worker: the page posts EngineRequests, the worker runs the use-cases of
 * src/app (imported module by module: src/app/index.ts would pull in file access) and
 * answers with plain data. Compiled models and workspaces stay cached here between
 * requests, so a pose or severity change only re-runs the solve.
 */
import { describeModel } from '../../src/app/describe-model.js';
import { defaultModel } from '../../src/app/default-model.js';
import { modifierSummaries } from '../../src/app/modifiers.js';
import { yogaPoseList } from '../../src/app/yoga.js';
import { FOOTWEAR_CATALOGUE, FOOTWEAR_NAMES } from '../../src/library/footwear.js';
import { standingOnFootwear } from './footwear-pressure.js';
import { footwearImpairmentNames, footwearWalking } from './footwear-walking.js';
import type { Catalogue, EngineMessage, EngineRequest } from './protocol.js';
import { anchoredScene, reachFrames } from './reach-frames.js';
import { runSimulation } from './simulation-adapter.js';

const scope = self as unknown as DedicatedWorkerGlobalScope;

function catalogue(): Catalogue {
  const modifiers = modifierSummaries();
  return {
    modifiers,
    yogaPoses: yogaPoseList(),
    footwear: FOOTWEAR_NAMES.map((name) => ({ name, description: FOOTWEAR_CATALOGUE[name].description ?? '' })),
    dofs: describeModel(defaultModel()).dofs,
    footwearImpairments: footwearImpairmentNames(modifiers.filter((modifier) => modifier.kind === 'impairment').map((modifier) => modifier.name)),
  };
}

/** Progress of request `id`, at most every 100 ms (and always the last step). */
function progressPoster(id: number): (done: number, total: number) => void {
  let lastPost = 0;
  return (done, total) => {
    const now = performance.now();
    if (done < total && now - lastPost < 100) return;
    lastPost = now;
    const message: EngineMessage = { id, type: 'progress', done, total };
    scope.postMessage(message);
  };
}

function handle(id: number, request: EngineRequest): unknown {
  switch (request.kind) {
    case 'catalogue':
      return catalogue();
    case 'scene':
      return anchoredScene(request.subject, request.poseDeg ?? {}, request.tensions ?? true);
    case 'reach-frames':
      return reachFrames(request.subject, request.bend, request.frames);
    case 'footwear-standing':
      return standingOnFootwear({ footwear: request.footwear, subject: request.subject });
    case 'footwear-walking':
      return footwearWalking(request, progressPoster(id));
    case 'simulate':
      return runSimulation(request.request, { onProgress: progressPoster(id) });
  }
}

scope.onmessage = (event: MessageEvent<{ id: number; request: EngineRequest }>) => {
  const { id, request } = event.data;
  const start = performance.now();
  let message: EngineMessage;
  try {
    const result = handle(id, request);
    message = { id, type: 'result', result, elapsedMs: performance.now() - start };
  } catch (error) {
    const code = typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : 'INTERNAL';
    message = { id, type: 'error', code, message: error instanceof Error ? error.message : String(error) };
  }
  scope.postMessage(message);
};
