/**
 * Every failure as an HTTP status and the one error body `{ error: { code, message, field } }`.
 * Messages of KinechainErrors are written for users and pass through; anything else (a bug,
 * a crash) becomes a fixed message, its detail stays in the server log, and no stack trace
 * ever reaches a client.
 */
import { isKinechainError, type KinechainErrorCode } from '../core/errors.js';
import type { ErrorResponse } from './api-schemas.js';
import { isComputePoolError, type ComputePoolErrorCode } from './compute-pool.js';

export interface ErrorReply {
  readonly status: number;
  readonly body: ErrorResponse;
  readonly headers: Readonly<Record<string, string>>;
  /** Whether the server log should record it (server faults). */
  readonly log: boolean;
}

const KINECHAIN_STATUS: Readonly<Record<KinechainErrorCode, number>> = {
  INVALID_SPEC: 400,
  UNKNOWN_NAME: 400,
  OUT_OF_RANGE: 400,
  NOT_FINITE: 400,
  MALFORMED_INPUT: 400,
  FILE_NOT_FOUND: 400,
  UNSUPPORTED: 501,
  DID_NOT_CONVERGE: 422,
  INTERNAL: 500,
};

const POOL_STATUS: Readonly<Record<ComputePoolErrorCode, number>> = {
  DEADLINE_EXCEEDED: 503,
  QUEUE_FULL: 503,
  SHUTTING_DOWN: 503,
  WORKER_FAILED: 500,
};

const INTERNAL_MESSAGE = 'internal error: the server could not answer this request; the server log has the details';

export function errorBody(code: string, message: string, field: string | null = null, extra: Partial<ErrorResponse['error']> = {}): ErrorResponse {
  return { error: { code, message, field, ...extra } };
}

function stringArray(value: unknown): string[] | undefined {
  return Array.isArray(value) && value.every((entry) => typeof entry === 'string') ? value : undefined;
}

function issuesOf(value: unknown): ErrorResponse['error']['issues'] {
  if (!Array.isArray(value) || value.length < 2) return undefined;
  return value.map((issue: { code?: unknown; field?: unknown; message?: unknown }) => ({
    code: String(issue.code),
    field: typeof issue.field === 'string' ? issue.field : null,
    message: String(issue.message),
  }));
}

interface FrameworkError {
  readonly code?: unknown;
  readonly statusCode?: unknown;
  readonly name?: unknown;
  readonly message?: unknown;
}

export function errorReply(error: unknown, limits: { readonly bodyLimitBytes: number }): ErrorReply {
  if (isKinechainError(error)) {
    const status = KINECHAIN_STATUS[error.code] ?? 500;
    if (status >= 500 && error.code !== 'UNSUPPORTED') {
      return { status, body: errorBody('INTERNAL', INTERNAL_MESSAGE), headers: {}, log: true };
    }
    const details = error.details ?? {};
    const field = typeof details.field === 'string' ? details.field : null;
    const closeNames = stringArray(details.closeNames);
    const issues = issuesOf(details.issues);
    return {
      status,
      body: errorBody(error.code, error.message, field, {
        ...(closeNames && closeNames.length > 0 ? { closeNames } : {}),
        ...(issues ? { issues } : {}),
      }),
      headers: {},
      log: false,
    };
  }
  if (isComputePoolError(error)) {
    const status = POOL_STATUS[error.code];
    if (status >= 500 && status !== 503) return { status, body: errorBody('INTERNAL', INTERNAL_MESSAGE), headers: {}, log: true };
    const retry = error.code === 'QUEUE_FULL' ? '5' : error.code === 'SHUTTING_DOWN' ? '10' : undefined;
    return { status, body: errorBody(error.code, error.message), headers: retry ? { 'retry-after': retry } : {}, log: false };
  }
  const framework = (typeof error === 'object' && error !== null ? error : {}) as FrameworkError;
  const code = typeof framework.code === 'string' ? framework.code : '';
  const statusCode = typeof framework.statusCode === 'number' ? framework.statusCode : 500;
  switch (code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return {
        status: 413,
        body: errorBody('PAYLOAD_TOO_LARGE', `the request body is larger than ${limits.bodyLimitBytes} bytes; a simulation request is a small JSON object`),
        headers: {},
        log: false,
      };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return {
        status: 415,
        body: errorBody('UNSUPPORTED_MEDIA_TYPE', 'send the request body as JSON with the header "content-type: application/json"'),
        headers: {},
        log: false,
      };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return {
        status: 400,
        body: errorBody('MALFORMED_INPUT', 'the request body is empty; send a JSON object such as {"analysis": "yoga", "pose": "downward_dog"}'),
        headers: {},
        log: false,
      };
    default:
      break;
  }
  if (statusCode === 400 && (framework.name === 'SyntaxError' || code === 'FST_ERR_CTP_INVALID_JSON_BODY')) {
    // The parser's message names the position of the problem; it holds nothing of the server.
    const detail = typeof framework.message === 'string' ? framework.message.slice(0, 200) : '';
    return {
      status: 400,
      body: errorBody('MALFORMED_INPUT', `the request body is not valid JSON (NaN and Infinity are not JSON numbers): ${detail}`),
      headers: {},
      log: false,
    };
  }
  if (statusCode >= 400 && statusCode < 500) {
    return { status: statusCode, body: errorBody('BAD_REQUEST', 'the request could not be read; send a JSON object to POST /api/simulations'), headers: {}, log: false };
  }
  return { status: 500, body: errorBody('INTERNAL', INTERNAL_MESSAGE), headers: {}, log: true };
}
