/**
 * A short load run on loopback: the server must answer every request, with no errors and
 * no non-2xx answers, on /api/health and on a cached simulation. Latencies are printed,
 * not asserted (timing depends on the machine).
 */
import autocannon from 'autocannon';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer } from './server.js';

let app: FastifyInstance;
let address: string;

beforeAll(async () => {
  app = createServer({ webRoot: null, pool: { size: 1 } });
  address = await app.listen({ host: '127.0.0.1', port: 0 });
});

afterAll(async () => {
  await app.close();
});

function run(options: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon(options, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

function report(what: string, result: autocannon.Result): void {
  const latency = result.latency;
  console.log(
    `load ${what}: ${result.requests.total} requests in ${result.duration} s (${result.requests.average} req/s), ` +
      `latency p50 ${latency.p50} ms, p99 ${latency.p99} ms, max ${latency.max} ms; ` +
      `errors ${result.errors}, timeouts ${result.timeouts}, non-2xx ${result.non2xx}`,
  );
}

describe('load on loopback', () => {
  it('answers /api/health and a cached simulation without a single error', async () => {
    const health = await run({ url: `${address}/api/health`, connections: 10, duration: 1.5 });
    report('GET /api/health', health);
    const body = JSON.stringify({ analysis: 'yoga', pose: 'downward_dog' });
    // The first run fills the cache; the load then measures the server, not the solver.
    const first = await fetch(`${address}/api/simulations`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(first.status).toBe(200);
    const simulation = await run({
      url: `${address}/api/simulations`,
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      connections: 10,
      duration: 1.5,
    });
    report('POST /api/simulations (cached yoga)', simulation);
    for (const result of [health, simulation]) {
      expect(result.requests.total).toBeGreaterThan(0);
      expect(result.errors).toBe(0);
      expect(result.timeouts).toBe(0);
      expect(result.non2xx).toBe(0);
    }
  });
});
