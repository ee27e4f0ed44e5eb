/**
 * The kinechain HTTP server (Fastify): the JSON API and the built web app.
 *
 *   GET  /api/health       { status: 'ok', version, uptimeS, compute }
 *   GET  /api/catalog      analyses, ranges, modifiers, lines, tissues, yoga poses, footwear
 *   POST /api/simulations  a simulation request (src/app/simulations.ts) -> the analysis's --json result
 *   GET  /api/openapi.json the OpenAPI 3.1 description, generated from the request schemas
 *
 * Requests are checked on the main thread (cheap, no solving) so bad input is answered
 * at once with 400 and the field at fault; analyses run in the worker pool
 * (compute-pool.ts), bounded in number, queue and time, so /api/health answers whatever
 * the load. Identical requests share one run and, once done, a cached result.
 *
 * createServer builds the app without listening: tests use app.inject, main.ts listens.
 */
import { readFileSync } from 'node:fs';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { checkSimulationRequest } from '../app/simulations.js';
import type { HealthResponse } from './api-schemas.js';
import { ComputePool, type ComputePoolOptions } from './compute-pool.js';
import { errorBody, errorReply } from './http-errors.js';
import { openApiDocument } from './openapi.js';
import { ResultCache, canonicalJson, type ResultCacheOptions } from './result-cache.js';
import { defaultWebRoot, isAppPage, registerWebApp } from './web-app.js';

export const DEFAULT_BODY_LIMIT_BYTES = 64 * 1024;

export interface ServerOptions {
  /** Reported by /api/health and the OpenAPI document; default: package.json's. */
  readonly version?: string;
  /** Directory of the built web app; null serves none; default dist/web of this package. */
  readonly webRoot?: string | null;
  /** Largest request body (bytes); larger gets 413. Default 64 kB. */
  readonly bodyLimitBytes?: number;
  /** Deadline of each simulation (ms), waiting included; default the pool's (20 s). */
  readonly deadlineMs?: number;
  /** A pool to use (the server will not close it), or options for one of its own (closed with the server). */
  readonly pool?: ComputePool | ComputePoolOptions;
  readonly resultCache?: ResultCacheOptions;
  /** Fastify's logger option; default off. */
  readonly logger?: FastifyServerOptions['logger'];
}

/** The version in package.json (src/server and dist/server are both two levels below it). */
export function packageVersion(): string {
  try {
    const text = readFileSync(new URL('../../package.json', import.meta.url), 'utf8');
    return (JSON.parse(text) as { version?: string }).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

const ROUTES = 'GET /api/health, GET /api/catalog, POST /api/simulations, GET /api/openapi.json';
const JSON_TYPE = 'application/json; charset=utf-8';

export function createServer(options: ServerOptions = {}): FastifyInstance {
  const version = options.version ?? packageVersion();
  const bodyLimitBytes = options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT_BYTES;
  const startedAt = performance.now();
  const ownsPool = !(options.pool instanceof ComputePool);
  const pool = options.pool instanceof ComputePool ? options.pool : new ComputePool(options.pool);
  const results = new ResultCache(options.resultCache);
  const running = new Map<string, Promise<string>>();
  let catalog: Promise<string> | null = null;
  let openApiText: string | null = null;
  let closing = false;

  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: bodyLimitBytes,
    // Our own 503 (below) says why, in the API's error shape.
    return503OnClosing: false,
    // A client must send its whole request within this time (slow senders hold sockets).
    requestTimeout: 30_000,
  });

  // Only JSON bodies: anything else (text/plain included, which Fastify reads by default) is 415.
  app.removeContentTypeParser('text/plain');

  app.addHook('onRequest', async (request, reply) => {
    if (closing) {
      return reply.code(503).header('retry-after', '10').send(errorBody('SHUTTING_DOWN', 'the server is shutting down; try again later'));
    }
    return undefined;
  });
  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    if (request.url.startsWith('/api/') && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
    return payload;
  });
  app.addHook('preClose', async () => {
    closing = true;
    // Answer what is waiting or running now (503) rather than hold the shutdown until their deadlines.
    if (ownsPool) await pool.close();
  });

  app.setErrorHandler((error, request, reply) => {
    const answer = errorReply(error, { bodyLimitBytes });
    if (answer.log) request.log.error({ err: error }, 'request failed');
    return reply.code(answer.status).headers(answer.headers).type(JSON_TYPE).send(answer.body);
  });

  const appPage = registerWebApp(app, options.webRoot === undefined ? defaultWebRoot() : options.webRoot);

  app.setNotFoundHandler((request, reply) => {
    if (appPage !== null && isAppPage(request)) return appPage(reply);
    const path = request.url.length > 200 ? `${request.url.slice(0, 200)}...` : request.url;
    return reply.code(404).type(JSON_TYPE).send(errorBody('NOT_FOUND', `no route ${request.method} ${path}; the API has ${ROUTES}`));
  });

  app.get('/api/health', async (): Promise<HealthResponse> => {
    const stats = pool.stats();
    return {
      status: 'ok',
      version,
      uptimeS: Math.round(performance.now() - startedAt) / 1000,
      compute: {
        workers: stats.size,
        busy: stats.busy,
        queued: stats.queued,
        queueLimit: stats.queueLimit,
        deadlineS: (options.deadlineMs ?? stats.deadlineMs) / 1000,
      },
    };
  });

  app.get('/api/catalog', async (_request, reply) => {
    // Built once, off the main thread (it compiles the default body); a failure is retried next time.
    catalog ??= pool.run({ kind: 'catalog' }).catch((error: unknown) => {
      catalog = null;
      throw error;
    });
    const json = await catalog;
    return reply.type(JSON_TYPE).header('cache-control', 'public, max-age=60').send(json);
  });

  app.get('/api/openapi.json', async (_request, reply) => {
    openApiText ??= JSON.stringify(openApiDocument(version));
    return reply.type(JSON_TYPE).send(openApiText);
  });

  app.post('/api/simulations', async (request, reply) => {
    const simulation = checkSimulationRequest(request.body);
    const key = canonicalJson(simulation);
    const cached = results.get(key);
    if (cached !== undefined) return reply.type(JSON_TYPE).header('x-kinechain-cache', 'hit').send(cached);
    let run = running.get(key);
    if (run === undefined) {
      run = pool.run({ kind: 'simulation', request: simulation }, { deadlineMs: options.deadlineMs });
      running.set(key, run);
      const settled = run.then(
        (json) => results.set(key, json),
        () => undefined,
      );
      void settled.finally(() => running.delete(key));
    }
    const json = await run;
    return reply.type(JSON_TYPE).header('x-kinechain-cache', 'miss').send(json);
  });

  return app;
}
