/**
 * The request the web app sends for an analysis: the shape of the app's simulation
 * request (analysis, impairments, intervention, footwear, pose, subject).
 */
export type SimulationAnalysis = 'toe-touch' | 'posture' | 'stance' | 'interdependence' | 'yoga';

export interface ModifierChoiceInput {
  readonly name: string;
  /** In the modifier's own unit; its default when absent. */
  readonly severity?: number;
  readonly side?: 'r' | 'l' | 'both';
}

export interface SimulationRequest {
  readonly analysis: SimulationAnalysis;
  readonly impairments?: readonly ModifierChoiceInput[];
  readonly intervention?: ModifierChoiceInput;
  /** Catalogue name of a sole (stance). */
  readonly footwear?: string;
  /** Catalogue name of a yoga pose (yoga). */
  readonly pose?: string;
  readonly subject?: { readonly heightM?: number; readonly massKg?: number; readonly sex?: 'male' | 'female' };
  /** Samples of the uncertain parameters behind the intervals; 0 (posture only) solves the nominal parameters alone, without intervals. */
  readonly samples?: number;
  readonly seed?: number;
  /** Interdependence: only quiet standing or only the toe-touch (default both). */
  readonly only?: 'posture' | 'toe-touch';
  /** Stance: instants from heel strike to toe-off. */
  readonly instants?: number;
}
