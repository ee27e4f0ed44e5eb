/**
 * Typed errors. Every failure a user can cause (bad file, unknown name, value out of
 * range, NaN) is a KinechainError with a stable code, so front ends can map it to an
 * exit status or an HTTP status without parsing messages.
 */
export type KinechainErrorCode =
  | 'INVALID_SPEC' // a model/spec document fails validation
  | 'UNKNOWN_NAME' // a coordinate, body, tissue, line ... that does not exist
  | 'OUT_OF_RANGE' // a value outside its allowed range (e.g. a joint limit)
  | 'NOT_FINITE' // NaN or Infinity where a number is required
  | 'MALFORMED_INPUT' // a file or request that cannot be parsed
  | 'FILE_NOT_FOUND'
  | 'UNSUPPORTED' // a feature or file element that kinechain does not implement
  | 'DID_NOT_CONVERGE' // a solver that ran out of iterations
  | 'INTERNAL'; // a bug: should never reach a user

export class KinechainError extends Error {
  readonly code: KinechainErrorCode;
  /** Optional structured detail (field path, allowed range, ...) for front ends. */
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: KinechainErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'KinechainError';
    this.code = code;
    this.details = details;
  }
}

export function isKinechainError(value: unknown): value is KinechainError {
  return value instanceof KinechainError;
}

/** Throws NOT_FINITE unless `value` is a finite number. `what` names the quantity for the message. */
export function requireFinite(value: number, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new KinechainError('NOT_FINITE', `${what} must be a finite number, got ${String(value)}`, { what, value: String(value) });
  }
  return value;
}
