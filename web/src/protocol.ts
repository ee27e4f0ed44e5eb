/**
 * Messages between the page and the engine worker. Every request carries an id; the
 * worker answers it once with a result or an error, and may send progress before.
 */
import type { BodyScene } from '../../src/app/scene.js';
import type { ModifierSummary } from '../../src/app/modifiers.js';
import type { YogaPoseSummary } from '../../src/app/yoga.js';
import type { DofDescription } from '../../src/app/describe-model.js';
import type { SimulationRequest } from './simulation-request.js';

export interface SubjectChoice {
  readonly heightM?: number;
  readonly massKg?: number;
  readonly sex?: 'male' | 'female';
}

export interface FootwearSummary {
  readonly name: string;
  readonly description: string;
}

export interface Catalogue {
  readonly modifiers: readonly ModifierSummary[];
  readonly yogaPoses: readonly YogaPoseSummary[];
  readonly footwear: readonly FootwearSummary[];
  readonly dofs: readonly DofDescription[];
  /** Impairments the footwear comparison can rank the designs for. */
  readonly footwearImpairments: readonly string[];
}

/** A toe-touch end pose to animate: the bend of one state of the analysis (deg, cm), as the analysis reports it. */
export type ReachBend = Readonly<Record<string, number>>;

export type EngineRequest =
  | { readonly kind: 'catalogue' }
  | { readonly kind: 'scene'; readonly subject?: SubjectChoice; readonly poseDeg?: Readonly<Record<string, number>>; readonly tensions?: boolean }
  | { readonly kind: 'reach-frames'; readonly subject?: SubjectChoice; readonly bend: ReachBend; readonly frames: number }
  | { readonly kind: 'simulate'; readonly request: SimulationRequest }
  | { readonly kind: 'footwear-standing'; readonly subject?: SubjectChoice; readonly footwear: string }
  | {
      readonly kind: 'footwear-walking';
      readonly subject?: SubjectChoice;
      readonly footwear: readonly [string, string];
      readonly impairment: string | null;
      readonly instants?: number;
    };

export interface SceneFrames {
  readonly frames: readonly BodyScene[];
  /** Fraction of the way from standing to the end pose of each frame, 0..1. */
  readonly fractions: readonly number[];
}

export type EngineMessage =
  | { readonly id: number; readonly type: 'progress'; readonly done: number; readonly total: number }
  | { readonly id: number; readonly type: 'result'; readonly result: unknown; readonly elapsedMs: number }
  | { readonly id: number; readonly type: 'error'; readonly code: string; readonly message: string };
