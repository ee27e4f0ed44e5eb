/**
 * The walking part of the footwear panel, computed in the worker: the stance phase of each
 * sole through runSimulation({ analysis: 'stance' }) — the same checks and numbers as
 * POST /api/simulations and `kinechain stance --json` — and where each design helps
 * (app/footwear.ts compareFootwear: strengths and helps over the measures the impairment
 * loads, or every load measure without one).
 *
 * compareFootwear runs the same stance phases; app/stance.ts keeps each stance phase per
 * compiled body, design and instants, so for the unimpaired body and for impairments that
 * leave the body as it is (a painful heel) the comparison reuses the runs just made. An
 * impairment that changes the body (a tight plantar fascia) builds its body again, and the
 * comparison then solves its stance phases a second time.
 */
import { compareFootwear, IMPAIRMENT_FOCUS, type FootwearComparison } from '../../src/app/footwear.js';
import type { StanceAnalysis } from '../../src/app/stance.js';
import type { SubjectChoice } from './protocol.js';
import { runSimulation } from './simulation-adapter.js';

/** Instants of each stance phase the panel asks for (enough for the curves; the API's default is 100). */
export const PANEL_STANCE_INSTANTS = 40;

export interface FootwearWalkingRequest {
  readonly subject?: SubjectChoice;
  readonly footwear: readonly [string, string];
  /** An impairment of the right foot (the stance foot) at its default severity, or null. */
  readonly impairment: string | null;
  readonly instants?: number;
}

/** What the panel shows of the comparison (its designs' numbers are the stance results'). */
export type WalkingComparison = Pick<FootwearComparison, 'reference' | 'focus' | 'strengths' | 'helps' | 'measures' | 'mechanicalImpairments' | 'notes'>;

export interface FootwearWalkingResult {
  /** One stance analysis per sole, in the request's order: runSimulation's result as the API returns it. */
  readonly stance: readonly [StanceAnalysis, StanceAnalysis];
  readonly comparison: WalkingComparison;
}

/** Impairments the comparison can rank the designs for: those whose loaded measures are known (IMPAIRMENT_FOCUS). */
export function footwearImpairmentNames(catalogueImpairments: readonly string[]): string[] {
  return catalogueImpairments.filter((name) => Object.prototype.hasOwnProperty.call(IMPAIRMENT_FOCUS, name));
}

export function footwearWalking(request: FootwearWalkingRequest, onProgress?: (done: number, total: number) => void): FootwearWalkingResult {
  const instants = request.instants ?? PANEL_STANCE_INSTANTS;
  const impairments = request.impairment === null ? [] : [{ name: request.impairment, side: 'r' as const }];
  const total = request.footwear.length + 1;
  const stance = request.footwear.map((footwear, index) => {
    const result = runSimulation({ analysis: 'stance', footwear, impairments, subject: request.subject, instants });
    onProgress?.(index + 1, total);
    return result;
  }) as unknown as [StanceAnalysis, StanceAnalysis];
  const comparison = compareFootwear({ footwear: request.footwear, impairments, subject: request.subject, instants });
  onProgress?.(total, total);
  return {
    stance,
    comparison: {
      reference: comparison.reference,
      focus: comparison.focus,
      strengths: comparison.strengths,
      helps: comparison.helps,
      measures: comparison.measures,
      mechanicalImpairments: comparison.mechanicalImpairments,
      notes: comparison.notes,
    },
  };
}
