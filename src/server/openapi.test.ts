import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANALYSIS_NAMES, analysisFields } from '../app/simulations.js';
import { createServer } from './server.js';

interface Operation {
  operationId: string;
  requestBody?: { content: Record<string, { schema: { $ref: string } }> };
  responses: Record<string, { content?: Record<string, { schema: { $ref?: string } }> }>;
}
interface Document {
  openapi: string;
  info: { version: string };
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Record<string, unknown>> };
}

let app: FastifyInstance;
let document: Document;

beforeAll(async () => {
  app = createServer({ webRoot: null, version: '1.2.3', pool: { size: 1 } });
  const response = await app.inject({ method: 'GET', url: '/api/openapi.json' });
  expect(response.statusCode).toBe(200);
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  document = JSON.parse(response.body) as Document;
});

afterAll(async () => {
  await app.close();
});

/** Every $ref in a value. */
function refsIn(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) for (const entry of value) refsIn(entry, found);
  else if (value !== null && typeof value === 'object') {
    for (const [key, entry] of Object.entries(value)) {
      if (key === '$ref' && typeof entry === 'string') found.push(entry);
      else refsIn(entry, found);
    }
  }
  return found;
}

describe('GET /api/openapi.json', () => {
  it('is an OpenAPI 3.1 document of exactly the API routes, each of them served', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document.info.version).toBe('1.2.3');
    const operations = Object.entries(document.paths).flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`));
    expect(operations.sort()).toEqual(['GET /api/catalog', 'GET /api/health', 'GET /api/openapi.json', 'POST /api/simulations']);
    for (const operation of operations) {
      const [method, url] = operation.split(' ') as ['GET' | 'POST', string];
      expect(app.hasRoute({ method, url })).toBe(true);
    }
  });

  it('resolves every reference to a component', () => {
    const refs = refsIn(document);
    expect(refs.length).toBeGreaterThan(10);
    for (const ref of refs) {
      expect(ref).toMatch(/^#\/components\/schemas\//);
      expect(document.components.schemas[ref.slice('#/components/schemas/'.length)]).toBeDefined();
    }
  });

  it('describes the simulation request with the schema that checks it', () => {
    const post = document.paths['/api/simulations'].post;
    expect(post.requestBody?.content['application/json'].schema.$ref).toBe('#/components/schemas/SimulationRequest');
    expect(Object.keys(post.responses).sort()).toEqual(['200', '400', '404', '413', '415', '422', '500', '501', '503']);
    const union = document.components.schemas.SimulationRequest as { oneOf: { $ref: string }[]; discriminator: { mapping: Record<string, string> } };
    expect(union.oneOf).toHaveLength(ANALYSIS_NAMES.length);
    expect(Object.keys(union.discriminator.mapping).sort()).toEqual([...ANALYSIS_NAMES].sort());
    for (const analysis of ANALYSIS_NAMES) {
      const ref = union.discriminator.mapping[analysis];
      expect(union.oneOf.map((entry) => entry.$ref)).toContain(ref);
      const schema = document.components.schemas[ref.split('/').pop() as string] as {
        properties: Record<string, { const?: string }>;
        required: string[];
        additionalProperties: boolean;
      };
      expect(Object.keys(schema.properties)).toEqual(analysisFields(analysis));
      expect(schema.properties.analysis.const).toBe(analysis);
      expect(schema.required).toContain('analysis');
      expect(schema.additionalProperties).toBe(false);
    }
    const posture = document.components.schemas.PostureRequest as { properties: { samples: { minimum: number; maximum: number } } };
    // The posture takes 0 (nominal parameters only, no intervals); the toe-touch needs at least one sample.
    expect(posture.properties.samples).toMatchObject({ type: 'integer', minimum: 0, maximum: 5000 });
    const toeTouch = document.components.schemas.ToeTouchRequest as { properties: { samples: { minimum: number; maximum: number } } };
    expect(toeTouch.properties.samples).toMatchObject({ type: 'integer', minimum: 1, maximum: 5000 });
    expect(document.components.schemas.Footwear).toHaveProperty('properties.layers');
    for (const [status, response] of Object.entries(post.responses)) {
      if (status !== '200') expect(response.content?.['application/json'].schema.$ref).toBe('#/components/schemas/Error');
    }
  });
});
