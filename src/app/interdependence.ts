/**
 * interdependenceAnalysis({ analysis }): the regional-interdependence map of the default
 * body (analyses/interdependence.ts) — how much each regional load from the plantar fascia
 * to the neck (and the toe-touch reach) changes per 10% tightening of each tissue group or
 * 10% more severe impairment — as plain JSON-ready data: the matrix, the ranked
 * statements, the explained paths of the top statements, and optionally the heatmap SVG.
 *
 * `analysis`: 'posture' (quiet standing), 'toe-touch' (the end of the toe-touch), or both
 * (the default). The map is a model prediction throughout: a sensitivity of the model, not
 * a measured association.
 */
import {
  interdependenceHeatmap,
  interdependenceMap,
  type InterdependenceMap,
  type MapAnalysis,
  type MapRow,
} from '../analyses/interdependence.js';
import { KinechainError } from '../core/errors.js';
import type { SubjectInput } from './default-model.js';
import { subjectScenario } from './modifiers.js';

export type InterdependenceChoice = 'posture' | 'toe-touch';

export const INTERDEPENDENCE_CHOICES: readonly InterdependenceChoice[] = Object.freeze(['posture', 'toe-touch']);

export interface InterdependenceColumn {
  /** E.g. "standing.l5s1", "toe-touch.reach". */
  readonly key: string;
  readonly analysis: MapAnalysis;
  readonly label: string;
  readonly shortLabel: string;
  /** Unit of the output (N or cm) and of its cells: % per 10% for loads, cm per 10% for the reach. */
  readonly unit: 'N' | 'cm';
  readonly cellUnit: '% per 10%' | 'cm per 10%';
  /** The model quantity, in words. */
  readonly definition: string;
  /** Value of the unchanged body (N, or cm for the reach). */
  readonly baseline: number;
}

export interface InterdependenceCell {
  /** Sensitivity on the nominal body; null when the output is zero at baseline or the row failed. */
  readonly value: number | null;
  /** Interval over the nominal and sampled bodies. */
  readonly low: number | null;
  readonly high: number | null;
  /** Change of the output in its own unit per 10% (linearised). */
  readonly absoluteChange: number | null;
  readonly note: string;
}

export interface InterdependenceRow {
  /** E.g. "heel-cord.stiffness.both", "tight-heel-cord.severity.r". */
  readonly key: string;
  readonly label: string;
  readonly shortLabel: string;
  readonly kind: MapRow['parameter']['kind'];
  readonly side: MapRow['parameter']['side'];
  readonly tissues: readonly string[];
  readonly step: number;
  readonly difference: MapRow['difference'];
  readonly severities: MapRow['severities'];
  /** One cell per column, in column order. */
  readonly cells: readonly InterdependenceCell[];
  /** Why the row has no values, if it failed. */
  readonly failure: string | null;
}

export interface InterdependenceStatement {
  readonly text: string;
  readonly row: string;
  readonly column: string;
  readonly value: number;
  readonly low: number;
  readonly high: number;
}

export interface InterdependenceExplanation {
  readonly statement: string;
  readonly joints: readonly { readonly coordinate: string; readonly changeDeg: number }[];
  readonly tissues: readonly { readonly tissue: string; readonly changeN: number }[];
  readonly limitingTissue: { readonly minus: string | null; readonly plus: string | null } | null;
  readonly text: string;
}

export interface InterdependenceReport {
  readonly analyses: readonly MapAnalysis[];
  readonly columns: readonly InterdependenceColumn[];
  readonly rows: readonly InterdependenceRow[];
  /** Load cells ranked by |%|. */
  readonly statements: readonly InterdependenceStatement[];
  /** Reach cells ranked by |cm| (toe-touch only). */
  readonly reachStatements: readonly InterdependenceStatement[];
  /** The paths of the top load statements: which joints and tissues carried each. */
  readonly explanations: readonly InterdependenceExplanation[];
  readonly bodies: readonly string[];
  readonly settings: InterdependenceMap['settings'];
  readonly evaluations: number;
  readonly solves: number;
  readonly unconverged: number;
  readonly notes: readonly string[];
}

export interface InterdependenceResult {
  readonly report: InterdependenceReport;
  /** The heatmap (a standalone SVG document), when asked for. */
  readonly svg: string | null;
}

export interface InterdependenceRequest {
  readonly subject?: SubjectInput;
  /** One analysis, or both when absent. */
  readonly analysis?: InterdependenceChoice;
  /** Also draw the heatmap SVG. */
  readonly svg?: boolean;
  readonly onProgress?: (done: number, total: number) => void;
}

const NOTES: readonly string[] = [
  'Every cell is a model prediction: the change of a model output when one model parameter changes, computed by the standing ' +
    'posture solver and the toe-touch end point, not a measured association between regions.',
  'Cells give % change of a load per 10% tightening (stiffness +10%, slack length -10%, maximum force +10%) or 10% more severe ' +
    'impairment, from central differences; the reach in cm per 10%. Intervals span the nominal body and bodies with every ' +
    'junction anchorage and passive stiffness at the low or high end of its range: the spread between plausible bodies, not a ' +
    'statistical confidence interval.',
  'Loads below 1% of body weight at baseline are left out of the ranked statements (a few newtons changing by hundreds of ' +
    'per cent would crowd out the loads that matter); their cells stay in the matrix.',
];

function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}

function analysesOf(choice: InterdependenceChoice | undefined): MapAnalysis[] {
  if (choice === undefined) return ['standing', 'toe-touch'];
  if (choice === 'posture') return ['standing'];
  if (choice === 'toe-touch') return ['toe-touch'];
  throw new KinechainError('MALFORMED_INPUT', `analysis must be "posture" or "toe-touch" (or absent for both), got "${String(choice)}"`, {
    analysis: String(choice),
  });
}

/** The map as plain data (no functions, no NaN: missing values are null). */
export function interdependenceReport(map: InterdependenceMap): InterdependenceReport {
  const columns: InterdependenceColumn[] = map.columns.map((column, c) => ({
    key: column.key,
    analysis: column.analysis,
    label: column.label,
    shortLabel: column.shortLabel,
    unit: column.output.unit,
    cellUnit: column.output.change === 'absolute' ? 'cm per 10%' : '% per 10%',
    definition: column.output.definition,
    baseline: map.baseline[c],
  }));
  const rows: InterdependenceRow[] = map.rows.map((row) => ({
    key: row.parameter.key,
    label: row.parameter.label,
    shortLabel: row.parameter.shortLabel,
    kind: row.parameter.kind,
    side: row.parameter.side,
    tissues: row.parameter.tissues,
    step: row.step,
    difference: row.difference,
    severities: row.severities,
    cells: row.cells.map((cell) => ({
      value: finiteOrNull(cell.value),
      low: finiteOrNull(cell.low),
      high: finiteOrNull(cell.high),
      absoluteChange: finiteOrNull(cell.absoluteChange),
      note: cell.note,
    })),
    failure: row.failure,
  }));
  const statement = (entry: InterdependenceMap['statements'][number]): InterdependenceStatement => ({
    text: entry.text,
    row: map.rows[entry.row].parameter.key,
    column: map.columns[entry.column].key,
    value: entry.value,
    low: entry.low,
    high: entry.high,
  });
  return {
    analyses: [...new Set(map.columns.map((column) => column.analysis))],
    columns,
    rows,
    statements: map.statements.map(statement),
    reachStatements: map.reachStatements.map(statement),
    explanations: map.explanations.map((explanation) => ({
      statement: explanation.statement.text,
      joints: explanation.joints,
      tissues: explanation.tissues,
      limitingTissue: explanation.limitingTissue,
      text: explanation.text,
    })),
    bodies: map.bodies.map((body) => body.label),
    settings: map.settings,
    evaluations: map.evaluations,
    solves: map.solves,
    unconverged: map.unconverged,
    notes: NOTES,
  };
}

/** The regional-interdependence use-case (see the file comment). */
export function interdependenceAnalysis(request: InterdependenceRequest = {}): InterdependenceResult {
  const analyses = analysesOf(request.analysis);
  const map = interdependenceMap(subjectScenario(request.subject), { analyses, onProgress: request.onProgress });
  return { report: interdependenceReport(map), svg: request.svg === true ? interdependenceHeatmap(map) : null };
}
