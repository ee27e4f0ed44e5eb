/**
 * The OpenAPI 3.1 description of the HTTP API, generated from the same zod schemas that
 * check the requests (src/app/simulations.ts) and describe the responses (api-schemas.ts),
 * so the document cannot drift from what the server accepts.
 */
import { z } from 'zod';
import {
  footwearDocumentSchema,
  interdependenceRequestSchema,
  postureRequestSchema,
  simulationRequestSchema,
  stanceRequestSchema,
  toeTouchRequestSchema,
  yogaRequestSchema,
} from '../app/simulations.js';
import { FootwearSchema } from '../spec/footwear-schema.js';
import { catalogResponseSchema, errorResponseSchema, healthResponseSchema, simulationResponseSchema } from './api-schemas.js';

/** Component name -> schema; request schemas are described as clients write them (before defaults). */
const COMPONENTS = {
  SimulationRequest: simulationRequestSchema,
  ToeTouchRequest: toeTouchRequestSchema,
  PostureRequest: postureRequestSchema,
  StanceRequest: stanceRequestSchema,
  InterdependenceRequest: interdependenceRequestSchema,
  YogaRequest: yogaRequestSchema,
  Footwear: FootwearSchema,
  SimulationResult: simulationResponseSchema,
  Catalog: catalogResponseSchema,
  Health: healthResponseSchema,
  Error: errorResponseSchema,
} as const;

export type ComponentName = keyof typeof COMPONENTS;

function componentSchemas(): Record<string, unknown> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of Object.entries(COMPONENTS)) registry.add(schema, { id });
  const generated = z.toJSONSchema(registry, {
    target: 'draft-2020-12',
    io: 'input',
    uri: (id) => `#/components/schemas/${id}`,
    // The stance request takes any object as a sole design and lets the footwear schema check it: document that schema.
    override: (context) => {
      if (context.zodSchema !== footwearDocumentSchema) return;
      const description = context.jsonSchema.description;
      for (const key of Object.keys(context.jsonSchema)) delete (context.jsonSchema as Record<string, unknown>)[key];
      Object.assign(context.jsonSchema, { $ref: '#/components/schemas/Footwear', ...(description ? { description } : {}) });
    },
  }) as { schemas: Record<string, Record<string, unknown>> };
  const schemas: Record<string, unknown> = {};
  for (const [id, schema] of Object.entries(generated.schemas)) {
    // OpenAPI 3.1 schema objects use the document's dialect; a $schema or $id per component only confuses tools.
    const { $schema: _schema, $id: _id, ...rest } = schema;
    schemas[id] = rest;
  }
  // OpenAPI's discriminator lets generators pick the request type by "analysis".
  schemas.SimulationRequest = {
    ...(schemas.SimulationRequest as Record<string, unknown>),
    discriminator: {
      propertyName: 'analysis',
      mapping: {
        'toe-touch': '#/components/schemas/ToeTouchRequest',
        posture: '#/components/schemas/PostureRequest',
        stance: '#/components/schemas/StanceRequest',
        interdependence: '#/components/schemas/InterdependenceRequest',
        yoga: '#/components/schemas/YogaRequest',
      },
    },
  };
  return schemas;
}

function json(component: ComponentName, description: string): Record<string, unknown> {
  return { description, content: { 'application/json': { schema: { $ref: `#/components/schemas/${component}` } } } };
}

const errorResponse = (description: string) => json('Error', description);

export function openApiDocument(version: string): Record<string, unknown> {
  return {
    openapi: '3.1.0',
    info: {
      title: 'kinechain',
      version,
      description:
        'A simulator of the human kinetic chain. Every error answer is { error: { code, message, field } }; every result is ' +
        'a model prediction (see each result\'s notes).',
    },
    paths: {
      '/api/health': {
        get: { operationId: 'getHealth', summary: 'whether the server is up', responses: { '200': json('Health', 'the server is up') } },
      },
      '/api/catalog': {
        get: {
          operationId: 'getCatalog',
          summary: 'analyses, subject ranges, impairments and interventions with severity scales, lines, tissues, yoga poses, footwear',
          responses: { '200': json('Catalog', 'the catalogue'), '503': errorResponse('busy or shutting down') },
        },
      },
      '/api/simulations': {
        post: {
          operationId: 'runSimulation',
          summary: 'run an analysis; the answer is what `kinechain <analysis> --json` prints',
          requestBody: {
            required: true,
            content: { 'application/json': { schema: { $ref: '#/components/schemas/SimulationRequest' } } },
          },
          responses: {
            '200': json('SimulationResult', 'the result'),
            '400': errorResponse('the request is invalid: field names the field, message says why'),
            '404': errorResponse('no such route'),
            '413': errorResponse('the request body is too large'),
            '415': errorResponse('the body is not JSON'),
            '422': errorResponse('the solver did not converge for this request'),
            '500': errorResponse('internal error (details only in the server log)'),
            '501': errorResponse('the analysis is not available in this build'),
            '503': errorResponse('deadline exceeded, queue full or shutting down (see Retry-After)'),
          },
        },
      },
      '/api/openapi.json': {
        get: {
          operationId: 'getOpenApi',
          summary: 'this document',
          responses: { '200': { description: 'the OpenAPI 3.1 document', content: { 'application/json': { schema: { type: 'object' } } } } },
        },
      },
    },
    components: { schemas: componentSchemas() },
  };
}
