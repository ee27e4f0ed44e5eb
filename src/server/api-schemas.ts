/**
 * zod schemas of the HTTP API's own responses (the request schema lives with the
 * use-cases, src/app/simulations.ts). The OpenAPI document is generated from these and
 * the tests check the responses against them.
 */
import { z } from 'zod';

export const errorResponseSchema = z
  .object({
    error: z.object({
      code: z
        .string()
        .describe(
          'stable code: a KinechainError code (MALFORMED_INPUT, UNKNOWN_NAME, OUT_OF_RANGE, NOT_FINITE, UNSUPPORTED, ' +
            'DID_NOT_CONVERGE, INTERNAL) or an HTTP one (NOT_FOUND, PAYLOAD_TOO_LARGE, UNSUPPORTED_MEDIA_TYPE, ' +
            'DEADLINE_EXCEEDED, QUEUE_FULL, SHUTTING_DOWN)',
        ),
      message: z.string().describe('what was wrong and how to fix it'),
      field: z.string().nullable().describe('the request field at fault as a path, e.g. "impairments[0].severity"; null for the whole request'),
      closeNames: z.array(z.string()).optional().describe('for an unknown name: the closest known names'),
      issues: z
        .array(z.object({ code: z.string(), field: z.string().nullable(), message: z.string() }))
        .optional()
        .describe('every problem found in the request, the first of which is reported above'),
    }),
  })
  .describe('every error answer');

export const healthResponseSchema = z
  .object({
    status: z.literal('ok'),
    version: z.string().describe('kinechain version'),
    uptimeS: z.number().describe('seconds since the server started'),
    compute: z
      .object({
        workers: z.int(),
        busy: z.int(),
        queued: z.int(),
        queueLimit: z.int(),
        deadlineS: z.number(),
      })
      .describe('the worker pool that runs the analyses'),
  })
  .describe('the server is up');

const modifierSummarySchema = z.object({
  name: z.string(),
  kind: z.enum(['impairment', 'intervention']),
  title: z.string(),
  description: z.string(),
  source: z.string(),
  severity: z.object({ default: z.number(), min: z.number(), max: z.number(), neutral: z.number(), unit: z.string() }),
});

export const catalogResponseSchema = z
  .object({
    analyses: z.array(z.object({ name: z.string(), description: z.string(), fields: z.array(z.string()) })),
    subject: z.object({
      defaults: z.object({ heightM: z.number(), massKg: z.number(), sex: z.enum(['male', 'female']) }),
      heightM: z.object({ min: z.number(), max: z.number() }),
      massKg: z.object({ min: z.number(), max: z.number() }),
      sex: z.array(z.enum(['male', 'female'])),
    }),
    sampling: z.object({ defaultSamples: z.int(), maxSamples: z.int(), defaultSeed: z.int() }),
    modifierSides: z.array(z.enum(['r', 'l', 'both'])),
    impairments: z.array(modifierSummarySchema).describe('with their severity scales'),
    interventions: z.array(modifierSummarySchema),
    lines: z
      .array(z.looseObject({ name: z.string(), family: z.string(), side: z.string() }))
      .describe('myofascial lines with tracks and junction evidence (kinechain model --json lines)'),
    tissues: z
      .array(z.looseObject({ name: z.string(), kind: z.string(), region: z.string(), side: z.string() }))
      .describe('tissues of the default body (kinechain model --json tissues)'),
    yogaPoses: z.array(
      z.object({ key: z.string(), name: z.string(), sanskrit: z.string(), description: z.string(), targets: z.array(z.string()), source: z.string() }),
    ),
    footwear: z.array(z.looseObject({ name: z.string(), description: z.string() })).describe('sole designs'),
  })
  .describe('what a front end can offer: analyses, ranges, modifiers, lines, tissues, yoga poses, footwear');

export const simulationResponseSchema = z
  .looseObject({})
  .describe('the analysis result: exactly the JSON that `kinechain <analysis> --json` prints for the same request');

export type ErrorResponse = z.infer<typeof errorResponseSchema>;
export type HealthResponse = z.infer<typeof healthResponseSchema>;
