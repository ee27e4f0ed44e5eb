import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { simulationCatalog } from '../app/simulations.js';
import { toeTouchCommand } from '../cli/commands/toe-touch-command.js';
import { yogaCommand } from '../cli/commands/yoga-command.js';
import { catalogResponseSchema, errorResponseSchema, healthResponseSchema } from './api-schemas.js';
import { ComputePool } from './compute-pool.js';
import { createServer } from './server.js';

let pool: ComputePool;
let app: FastifyInstance;

beforeAll(() => {
  pool = new ComputePool({ size: 1, queueLimit: 8, deadlineMs: 120_000 });
  app = createServer({ pool, webRoot: null, version: '9.8.7' });
});

afterAll(async () => {
  await app.close();
  await pool.close();
});

function post(body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) {
  return app.inject({ method: 'POST', url: '/api/simulations', headers, payload: typeof body === 'string' ? body : JSON.stringify(body) });
}

/** The error body, checked against the error schema; never a stack trace. */
function errorOf(response: { body: string }) {
  expect(response.body).not.toMatch(/\n\s+at |node_modules|\.ts:\d+/);
  return errorResponseSchema.parse(JSON.parse(response.body)).error;
}

describe('GET /api/health', () => {
  it('answers ok with the version, uptime and the pool', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/health' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    const health = healthResponseSchema.parse(response.json());
    expect(health.version).toBe('9.8.7');
    expect(health.uptimeS).toBeGreaterThanOrEqual(0);
    expect(health.compute.workers).toBe(1);
    expect(health.compute.deadlineS).toBe(120);
  });
});

describe('GET /api/catalog', () => {
  it('is the catalogue of the use-case, in the documented shape', async () => {
    const response = await app.inject({ method: 'GET', url: '/api/catalog' });
    expect(response.statusCode).toBe(200);
    const catalog = catalogResponseSchema.parse(response.json());
    expect(response.json()).toEqual(JSON.parse(JSON.stringify(simulationCatalog())));
    expect(catalog.impairments.find((entry) => entry.name === 'tight-heel-cord')?.severity).toMatchObject({ min: -20, max: 30 });
  });
});

describe('POST /api/simulations', () => {
  it('answers what the command line prints with --json (yoga), then from its cache', async () => {
    const response = await post({ analysis: 'yoga', pose: 'downward_dog', subject: { massKg: 80 } });
    expect(response.statusCode).toBe(200);
    const cli = yogaCommand({ pose: 'downward_dog', list: false, json: true, subject: { massKg: 80 } });
    expect(response.json()).toEqual(JSON.parse(cli.text));
    expect(response.headers['x-kinechain-cache']).toBe('miss');
    // Same request, keys in another order: one cache entry.
    const again = await post({ subject: { massKg: 80 }, pose: 'downward_dog', analysis: 'yoga' });
    expect(again.headers['x-kinechain-cache']).toBe('hit');
    expect(again.body).toBe(response.body);
  });

  it('answers what the command line prints with --json (toe-touch with modifiers)', async () => {
    const response = await post({
      analysis: 'toe-touch',
      seated: true,
      impairments: [{ name: 'tight-hamstrings', severity: 60 }],
      intervention: { name: 'hamstring-stretch', side: 'both' },
      samples: 3,
      seed: 2,
    });
    expect(response.statusCode).toBe(200);
    const cli = toeTouchCommand({
      impairments: ['tight-hamstrings=60'],
      interventions: ['hamstring-stretch:both'],
      seated: true,
      samples: 3,
      seed: 2,
      json: true,
    });
    expect(response.json()).toEqual(JSON.parse(cli.text));
  });

  it('runs the stance phase on a catalogue sole', async () => {
    const response = await post({ analysis: 'stance', footwear: 'rocker-shoe', instants: 20 });
    expect(response.statusCode).toBe(200);
    const result = response.json() as { footwear: { name: string }; instants: number; summary: Record<string, unknown> };
    expect(result.footwear.name).toBe('rocker-shoe');
    expect(result.instants).toBe(20);
    expect(result.summary).toHaveProperty('plantarFasciaPeakForceBW');
  });

  it.each([
    ['a wrong type', { analysis: 'posture', samples: '10' }, 'MALFORMED_INPUT', 'samples'],
    ['an unknown analysis', { analysis: 'gait' }, 'UNKNOWN_NAME', 'analysis'],
    ['an unknown impairment', { analysis: 'posture', impairments: [{ name: 'tight-calves' }] }, 'UNKNOWN_NAME', 'impairments[0].name'],
    ['a severity off its scale', { analysis: 'toe-touch', impairments: [{ name: 'tight-heel-cord', severity: -90 }] }, 'OUT_OF_RANGE', 'impairments[0].severity'],
    ['too many samples', { analysis: 'posture', samples: 100_000 }, 'OUT_OF_RANGE', 'samples'],
    ['Infinity (1e999 in JSON)', '{"analysis":"posture","samples":1e999}', 'NOT_FINITE', 'samples'],
    ['an extra field', { analysis: 'yoga', pose: 'low_lunge', verbose: true }, 'MALFORMED_INPUT', 'verbose'],
    ['an extra nested field', { analysis: 'posture', impairments: [{ name: 'painful-heel', level: 1 }] }, 'MALFORMED_INPUT', 'impairments[0].level'],
    ['an unknown pose', { analysis: 'yoga', pose: 'crow' }, 'UNKNOWN_NAME', 'pose'],
    ['a body that is not an object', [], 'MALFORMED_INPUT', null],
  ])('answers 400 naming the field for %s', async (_what, body, code, field) => {
    const response = await post(body);
    expect(response.statusCode).toBe(400);
    const error = errorOf(response);
    expect(error.code).toBe(code);
    expect(error.field).toBe(field);
    expect(error.message.length).toBeGreaterThan(20);
  });

  it('offers close names for an unknown name', async () => {
    const error = errorOf(await post({ analysis: 'posture', impairments: [{ name: 'tight-hamstring' }] }));
    expect(error.closeNames).toContain('tight-hamstrings');
    expect(error.message).toContain('did you mean "tight-hamstrings"');
  });

  it('answers 400 for NaN, which JSON cannot hold, and for malformed JSON', async () => {
    for (const body of ['{"analysis":"posture","samples":NaN}', '{"analysis":', '{"__proto__":{"x":1},"analysis":"yoga"}']) {
      const response = await post(body);
      expect(response.statusCode).toBe(400);
      expect(errorOf(response).code).toBe('MALFORMED_INPUT');
    }
    const empty = await app.inject({ method: 'POST', url: '/api/simulations', headers: { 'content-type': 'application/json' } });
    expect(empty.statusCode).toBe(400);
    expect(errorOf(empty).message).toContain('empty');
  });

  it('answers 413 for a body over the limit and 415 for a body that is not JSON', async () => {
    const huge = JSON.stringify({ analysis: 'yoga', pose: 'x'.repeat(100_000) });
    const tooLarge = await post(huge);
    expect(tooLarge.statusCode).toBe(413);
    expect(errorOf(tooLarge).code).toBe('PAYLOAD_TOO_LARGE');
    const text = await post('analysis=yoga', { 'content-type': 'text/plain' });
    expect(text.statusCode).toBe(415);
    expect(errorOf(text).code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });
});

describe('other routes', () => {
  it('answers unknown routes with a JSON 404 that lists the API', async () => {
    for (const [method, url] of [
      ['GET', '/api/nothing'],
      ['GET', '/api/simulations'],
      ['DELETE', '/api/health'],
      ['GET', '/favicon.ico'],
    ] as const) {
      const response = await app.inject({ method, url });
      expect(response.statusCode).toBe(404);
      const error = errorOf(response);
      expect(error.code).toBe('NOT_FOUND');
      expect(error.message).toContain('POST /api/simulations');
    }
  });

  it('says how to build the web app when it is missing', async () => {
    const response = await app.inject({ method: 'GET', url: '/' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.body).toContain('npm run build:web');
  });
});

describe('the built web app', () => {
  let webRoot: string;
  let webApp: FastifyInstance;

  beforeAll(() => {
    webRoot = mkdtempSync(join(tmpdir(), 'kinechain-web-'));
    mkdirSync(join(webRoot, 'assets'));
    writeFileSync(join(webRoot, 'index.html'), '<!doctype html><title>kinechain app</title>');
    writeFileSync(join(webRoot, 'assets', 'app.js'), 'console.log("app");');
    webApp = createServer({ pool, webRoot });
  });

  afterAll(async () => {
    await webApp.close();
    rmSync(webRoot, { recursive: true, force: true });
  });

  it('serves its files, index.html for its page paths, and JSON 404s elsewhere', async () => {
    const index = await webApp.inject({ method: 'GET', url: '/' });
    expect(index.statusCode).toBe(200);
    expect(index.body).toContain('kinechain app');
    const script = await webApp.inject({ method: 'GET', url: '/assets/app.js' });
    expect(script.statusCode).toBe(200);
    expect(script.headers['content-type']).toMatch(/javascript/);
    const page = await webApp.inject({ method: 'GET', url: '/toe-touch/results?x=1' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('kinechain app');
    const missingFile = await webApp.inject({ method: 'GET', url: '/assets/missing.js' });
    expect(missingFile.statusCode).toBe(404);
    const missingApi = await webApp.inject({ method: 'GET', url: '/api/missing' });
    expect(missingApi.statusCode).toBe(404);
    expect(errorOf(missingApi).code).toBe('NOT_FOUND');
    const health = await webApp.inject({ method: 'GET', url: '/api/health' });
    expect(health.statusCode).toBe(200);
  });
});
