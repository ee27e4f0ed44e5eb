/**
 * The regional-interdependence map: how much each regional output (regional-outputs.ts),
 * in quiet standing and in the toe-touch, changes when one tissue parameter or one
 * impairment changes.
 *
 * Parameters (rows)
 * - Tissue groups (TISSUE_GROUPS): synergists and series partners merged (the heel cord is
 *   the gastrocnemii, soleus and Achilles tendon; the quadriceps include the patellar
 *   tendon), left and right merged ("both sides", the default) or kept apart
 *   (sides: 'per-side'). Each group has a stiffness row; groups with a passive tissue that
 *   acts on the skeleton have a slack-length row; groups with muscles a maximum-force (F0)
 *   row. Stiffness is that of spec-edits.ts scaleStiffness: E*A of passive tissues, the
 *   passive fibre stiffness of muscles. Tissues of the body no group names get a group of
 *   their own, so every tissue is covered.
 * - Impairments: every entry of the impairment catalogue, for the right and the left side.
 * Every row is a pure scenario edit (spec-edits.ts, or the impairment's apply), so its
 * effect is whatever the mechanics make of it; nothing is hard-coded.
 *
 * Direction: each row is signed so that + means tighter or stronger: stiffness x (1 + t),
 * slack length x (1 - t) (shorter), F0 x (1 + t), impairment severity moved away from its
 * neutral value: severity(t) = neutral + (1 + t)(reference - neutral), with the reference
 * severity the catalogue's default (or, when the default is the neutral value, the middle
 * of the scale's far half).
 *
 * Sensitivity (cells): central finite differences at t = +-step (default 10%; slack
 * lengths 1%, see InterdependenceOptions.slackLengthStep),
 *   S = (f(+step) - f(-step)) / (2 step) * 0.1 / f0 * 100   [% of the output per 10%]
 * with f0 the output of the unchanged body, i.e. the elasticity d ln f / d ln p times 10:
 * at a 10% step it is exactly the mean % change of the two 10% changes; at a smaller step
 * it is the local slope scaled to 10% (the statements say "linearised"). The reach of the
 * toe-touch is near zero for many people, so its change is absolute (cm per 10%). An
 * output that is zero at baseline has no relative change (NaN, with the absolute change
 * in the cell's note). Where the + or - side of an impairment falls off its severity scale,
 * a one-sided difference is used (recorded in the row).
 *
 * Uncertainty: the map is re-evaluated on a few sampled bodies, a two-level factorial
 * design over the uncertain inputs (sampleBodies): the myofascial junction anchorage
 * stiffnesses all at the low or all at the high end of their ranges, and the passive
 * tissues' stiffnesses (with the row's impairment parameters) all at the low or all at the
 * high end of theirs. samples: 0 (nominal only), 2 (low/low, high/high) or 4 (the full
 * 2 x 2 design). Each cell's interval is the percentile interval (uncertainty.ts interval)
 * of its sensitivities over the nominal body and the sampled bodies: with so few bodies it
 * is the spread between plausible bodies, not a statistical confidence interval.
 *
 * Cost and reuse: one toe-touch solver, standing-posture solver and extraction are built
 * on a view of the compiled base body whose tissue-law arrays are private
 * (stretch-tension.ts makeTissueParameterView). A scenario whose spec differs from the
 * base only in tissue-law numbers or junction anchorage (every tissue row, the sampled
 * bodies, the tightening impairments) is written into that view without compiling
 * (writeLawEdits; the result equals compile(spec), which the tests check). Other changes
 * (a shortened tibia) compile a fresh body. Each body of the design is anchored once, in
 * order (its unchanged version solved, each from the previous one's posture), and every
 * later solve starts from its anchor: the standing search from the anchor's posture and
 * equilibrium warm start, and every other iterative state of the shared solvers (the
 * continuity solve's junction displacements, the foot orientation solve, the hold's QP
 * warm start) restored to what it was right after the anchor (SolverStateSnapshot). So an
 * evaluation is a function of its scenario and its anchor alone, whatever was evaluated
 * before it; identical scenarios are evaluated once (so an unchanged parameter has exactly
 * zero sensitivity).
 *
 * Threads: because rows do not depend on their order, the rows are shared between this
 * thread and a worker thread (interdependence-parallel.ts, installed by Node front ends with
 * enableMapThreads; options.threads, default 2),
 * with the same map bit for bit as the serial evaluation (threads: 1); without a worker
 * the rows are evaluated serially. Where the time goes (default body, full map, 485
 * evaluations): the standing posture solves about two thirds (about 5 ms for a typical
 * warm perturbed solve, a few hundred ms for the asymmetric impairment rows on the sampled
 * bodies), the toe-touch end points and their holds about a fifth, compiling bodies for
 * the leg-length and Achilles rows most of the rest.
 */
import { KinechainError, isKinechainError, requireFinite } from '../core/errors.js';
import type { Model } from '../core/model/model.js';
import { scaleMaxIsometricForce, scaleSlackLength, scaleStiffness } from '../library/spec-edits.js';
import { impairmentCatalogue } from '../library/impairments.js';
import { literatureAt, literatureRange } from '../library/literature-value.js';
import type { ModifierDefinition, Scenario } from '../library/scenario.js';
import { ACHILLES_STIFFNESS_N_PER_M, PASSIVE_PARAMETERS } from '../library/tissues/index.js';
import type { LineSpec, ModelSpec, TissueSpec } from '../spec/schema.js';
import { heatmapSvg, type HeatmapOptions } from './heatmap-svg.js';
import {
  makeRegionalOutputExtractor,
  REACH_OUTPUT,
  REGIONAL_LOAD_OUTPUTS,
  standingRegionalOutputs,
  toeTouchHoldIsSound,
  toeTouchRegionalOutputs,
  type RegionalOutputDefinition,
  type RegionalOutputExtractor,
  type ToeTouchHold,
} from './regional-outputs.js';
import {
  comparePostures,
  makeStandingPostureSolver,
  restorePostureStart,
  savePostureStart,
  solveStandingPosture,
  type StandingPostureOptions,
  type StandingPostureStart,
  type StandingPostureResult,
  type StandingPostureSolver,
} from './standing-posture.js';
import { resetTissueParameters, type TissueParameterArrays } from './stretch-tension.js';
import { ToeTouchSolver, type ToeTouchOptions, type ToeTouchResult } from './toe-touch.js';
import { forwardBendCoordinates } from './forward-bend-kinematics.js';
import { interval } from './uncertainty.js';

const DEG = 180 / Math.PI;

// ---------------------------------------------------------------------------------
// Tissue groups and parameters
// ---------------------------------------------------------------------------------

export interface TissueGroup {
  /** Stable key, e.g. "heel-cord". */
  readonly key: string;
  /** Plain name used in statements, e.g. "heel cord (gastrocnemius-soleus and Achilles tendon)". */
  readonly label: string;
  /** Tissue names without the side suffix. */
  readonly members: readonly string[];
}

function group(key: string, label: string, members: readonly string[]): TissueGroup {
  return Object.freeze({ key, label, members: Object.freeze([...members]) });
}

/** The default body's tissues in groups, foot to head and arm. */
export const TISSUE_GROUPS: readonly TissueGroup[] = Object.freeze([
  group('plantar-fascia', 'plantar fascia', ['plantar_fascia']),
  group('short-toe-flexors', 'short toe flexors (flexor digitorum brevis)', ['flexor_digitorum_brevis']),
  group('long-great-toe-flexor', 'long great-toe flexor (flexor hallucis longus)', ['flexor_hallucis_longus']),
  group('tibialis-posterior', 'tibialis posterior', ['tibialis_posterior']),
  group('ankle-dorsiflexors', 'ankle dorsiflexors (tibialis anterior, long toe extensor)', ['tibialis_anterior', 'extensor_digitorum_longus']),
  group('peroneus-longus', 'peroneus longus', ['peroneus_longus']),
  group('heel-cord', 'heel cord (gastrocnemius-soleus and Achilles tendon)', [
    'gastrocnemius_medial',
    'gastrocnemius_lateral',
    'soleus',
    'achilles_tendon',
  ]),
  group('hamstrings', 'hamstrings', ['biceps_femoris_long', 'semitendinosus', 'semimembranosus']),
  group('quadriceps', 'quadriceps (with the patellar tendon)', [
    'rectus_femoris',
    'vastus_lateralis',
    'vastus_medialis',
    'vastus_intermedius',
    'patellar_tendon',
  ]),
  group('tensor-fasciae-latae', 'tensor fasciae latae', ['tensor_fasciae_latae']),
  group('iliotibial-tract', 'iliotibial tract', ['iliotibial_tract']),
  group('adductors', 'hip adductors (adductor longus, adductor magnus)', ['adductor_longus', 'adductor_magnus']),
  group('sartorius', 'sartorius', ['sartorius']),
  group('gluteus-maximus', 'gluteus maximus', ['gluteus_maximus']),
  group('gluteus-medius', 'gluteus medius', ['gluteus_medius']),
  group('iliopsoas', 'iliopsoas', ['iliopsoas']),
  group('sacrotuberous-ligament', 'sacrotuberous ligament', ['sacrotuberous_ligament']),
  group('erector-spinae', 'erector spinae', ['erector_spinae_lumbar', 'erector_spinae_thoracic']),
  group('multifidus', 'multifidus', ['multifidus']),
  group('quadratus-lumborum', 'quadratus lumborum', ['quadratus_lumborum']),
  group('abdominals', 'abdominal muscles (rectus abdominis, obliques)', ['rectus_abdominis', 'external_oblique', 'internal_oblique']),
  group('latissimus-dorsi', 'latissimus dorsi', ['latissimus_dorsi']),
  group('thoracolumbar-fascia-posterior', 'thoracolumbar fascia, posterior layer', ['thoracolumbar_fascia_posterior']),
  group('thoracolumbar-fascia-crossing', 'thoracolumbar fascia, crossing fibres', ['thoracolumbar_fascia_crossing']),
  group('neck-extensors', 'neck extensors (splenius and semispinalis capitis)', ['splenius_capitis', 'semispinalis_capitis']),
  group('sternocleidomastoid', 'sternocleidomastoid', ['sternocleidomastoid']),
  group('nuchal-ligament', 'nuchal ligament', ['nuchal_ligament']),
  group('epicranial-fascia', 'epicranial fascia', ['epicranial_fascia']),
  group('shoulder-muscles', 'shoulder girdle muscles (pectorals, upper trapezius, rhomboid, deltoid, infraspinatus)', [
    'pectoralis_major',
    'pectoralis_minor',
    'trapezius_upper',
    'rhomboid',
    'deltoid',
    'infraspinatus',
  ]),
  group('arm-muscles', 'arm and forearm muscles (biceps, triceps, wrist flexors and extensors)', [
    'biceps_brachii',
    'triceps_brachii',
    'wrist_flexors',
    'wrist_extensors',
  ]),
]);

export type ParameterKind = 'stiffness' | 'slack-length' | 'max-force' | 'severity';
export type ParameterSide = 'both' | 'r' | 'l' | 'midline';

/** One row of the map. */
export interface MapParameter {
  /** Stable key, e.g. "heel-cord.stiffness.both", "tight-heel-cord.severity.r". */
  readonly key: string;
  /** Row label, e.g. "heel cord (...) stiffness, both sides". */
  readonly label: string;
  /** Short row label for tables and the heatmap, e.g. "heel cord stiffness", "hamstrings F0 (r)". */
  readonly shortLabel: string;
  readonly kind: ParameterKind;
  readonly side: ParameterSide;
  /** Tissue group key, or the impairment's name. */
  readonly group: string;
  /** Tissues the row edits (tissue rows), in spec order. */
  readonly tissues: readonly string[];
  /** The impairment (severity rows). */
  readonly modifier?: ModifierDefinition;
  /** Key of the same parameter on the other side (null for both-sides and midline rows). */
  readonly mirrorKey: string | null;
}

function baseAndSide(name: string): { base: string; side: 'r' | 'l' | 'midline' } {
  if (name.endsWith('_r')) return { base: name.slice(0, -2), side: 'r' };
  if (name.endsWith('_l')) return { base: name.slice(0, -2), side: 'l' };
  return { base: name, side: 'midline' };
}

const SIDE_WORDS: Record<ParameterSide, string> = { both: 'both sides', r: 'right', l: 'left', midline: 'midline' };
const KIND_WORDS: Record<Exclude<ParameterKind, 'severity'>, string> = {
  stiffness: 'stiffness',
  'slack-length': 'slack length',
  'max-force': 'maximum force',
};

export interface ParameterOptions {
  /** Tissue rows for both sides together (default) or for each side. */
  readonly sides?: 'both' | 'per-side';
  /** Impairment rows (default true). */
  readonly impairments?: boolean;
  /** Impairment catalogue (default impairmentCatalogue('r') and ('l')). */
  readonly impairmentCatalogues?: { readonly r: readonly ModifierDefinition[]; readonly l: readonly ModifierDefinition[] };
}

/**
 * Every row of the map for a body: tissue-group parameters (foot to head), then the
 * impairments (right, then left).
 */
export function mapParameters(spec: ModelSpec, options: ParameterOptions = {}): MapParameter[] {
  const perSide = (options.sides ?? 'both') === 'per-side';
  const byBase = new Map<string, TissueSpec[]>();
  for (const tissue of spec.tissues) {
    const { base } = baseAndSide(tissue.name);
    const list = byBase.get(base) ?? [];
    list.push(tissue);
    byBase.set(base, list);
  }
  // Groups present in the body, then a group for every tissue no group names.
  const groups: TissueGroup[] = [];
  const covered = new Set<string>();
  for (const candidate of TISSUE_GROUPS) {
    const members = candidate.members.filter((member) => byBase.has(member));
    if (members.length === 0) continue;
    members.forEach((member) => covered.add(member));
    groups.push(members.length === candidate.members.length ? candidate : group(candidate.key, candidate.label, members));
  }
  for (const base of byBase.keys()) {
    if (!covered.has(base)) groups.push(group(base.replace(/_/g, '-'), base.replace(/_/g, ' '), [base]));
  }

  const rows: MapParameter[] = [];
  for (const tissueGroup of groups) {
    const tissues = tissueGroup.members.flatMap((member) => byBase.get(member) ?? []);
    const sides: ParameterSide[] = tissues.every((t) => t.side === 'midline') ? ['midline'] : perSide ? ['r', 'l'] : ['both'];
    for (const side of sides) {
      const selected = tissues.filter((t) => side === 'both' || side === 'midline' || t.side === side || t.side === 'midline');
      const ordered = spec.tissues.filter((t) => selected.includes(t));
      const kinds: Exclude<ParameterKind, 'severity'>[] = ['stiffness'];
      // Slack length matters for passive tissues acting on the skeleton; a series tendon's does not (its muscles carry its force).
      if (ordered.some((t) => t.law.type === 'passive' && t.seriesOf.length === 0)) kinds.push('slack-length');
      if (ordered.some((t) => t.law.type === 'muscle')) kinds.push('max-force');
      for (const kind of kinds) {
        const names =
          kind === 'slack-length'
            ? ordered.filter((t) => t.law.type === 'passive' && t.seriesOf.length === 0).map((t) => t.name)
            : kind === 'max-force'
              ? ordered.filter((t) => t.law.type === 'muscle').map((t) => t.name)
              : ordered.map((t) => t.name);
        const key = `${tissueGroup.key}.${kind}.${side}`;
        const shortKind = kind === 'max-force' ? 'F0' : KIND_WORDS[kind];
        rows.push({
          key,
          label: `${tissueGroup.label} ${KIND_WORDS[kind]}${side === 'midline' ? '' : `, ${SIDE_WORDS[side]}`}`,
          shortLabel: `${tissueGroup.label.replace(/ \(.*\)$/, '')} ${shortKind}${side === 'r' || side === 'l' ? ` (${side})` : ''}`,
          kind,
          side,
          group: tissueGroup.key,
          tissues: names,
          mirrorKey: side === 'r' || side === 'l' ? `${tissueGroup.key}.${kind}.${side === 'r' ? 'l' : 'r'}` : null,
        });
      }
    }
  }
  if (options.impairments ?? true) {
    const catalogues = options.impairmentCatalogues ?? { r: impairmentCatalogue('r'), l: impairmentCatalogue('l') };
    for (const side of ['r', 'l'] as const) {
      for (const modifier of catalogues[side]) {
        rows.push({
          key: `${modifier.name}.severity.${side}`,
          label: modifier.title,
          shortLabel: `${modifier.name.replace(/-/g, ' ')} (${side})`,
          kind: 'severity',
          side,
          group: modifier.name,
          tissues: [],
          modifier,
          mirrorKey: `${modifier.name}.severity.${side === 'r' ? 'l' : 'r'}`,
        });
      }
    }
  }
  return rows;
}

/** The severity a row is differentiated around (see the file comment). */
export function referenceSeverity(modifier: ModifierDefinition): number {
  const scale = modifier.severity;
  if (scale.default !== scale.neutral) return scale.default;
  const far = scale.max - scale.neutral >= scale.neutral - scale.min ? scale.max : scale.min;
  return scale.neutral + 0.5 * (far - scale.neutral);
}

/** The severity at relative change t of a severity row. */
export function severityAt(modifier: ModifierDefinition, t: number): number {
  const neutral = modifier.severity.neutral;
  return neutral + (1 + t) * (referenceSeverity(modifier) - neutral);
}

function severityOnScale(modifier: ModifierDefinition, severity: number): boolean {
  const slack = 1e-12 * Math.max(1, Math.abs(modifier.severity.min), Math.abs(modifier.severity.max));
  return severity >= modifier.severity.min - slack && severity <= modifier.severity.max + slack;
}

/** How a row's parameter is changed at relative change t (see the file comment), on `scenario`. */
export function applyParameter(
  parameter: MapParameter,
  scenario: Scenario,
  t: number,
  modifierParameters?: Readonly<Record<string, number>>,
  resolved?: Model,
): Scenario {
  requireFinite(t, `relative change of "${parameter.key}"`);
  if (!(t > -1 && t < 1)) {
    throw new KinechainError('OUT_OF_RANGE', `relative change of "${parameter.key}" must lie in (-1, 1), got ${t}`, { parameter: parameter.key, t });
  }
  if (parameter.kind === 'severity') {
    const modifier = parameter.modifier;
    if (modifier === undefined) throw new KinechainError('INTERNAL', `severity row "${parameter.key}" has no modifier`);
    const severity = severityAt(modifier, t);
    const values = modifierParameters ?? Object.fromEntries(Object.entries(modifier.parameters).map(([key, entry]) => [key, entry.value]));
    return modifier.apply(scenario, severity, values);
  }
  let spec: ModelSpec;
  if (parameter.kind === 'stiffness') spec = scaleStiffness(scenario.spec, parameter.tissues, 1 + t);
  else if (parameter.kind === 'max-force') spec = scaleMaxIsometricForce(scenario.spec, parameter.tissues, 1 + t);
  else spec = scaleSlackLength(scenario.spec, parameter.tissues, 1 - t, resolved);
  return spec === scenario.spec ? scenario : { ...scenario, spec };
}

// ---------------------------------------------------------------------------------
// Sampled bodies (uncertain inputs)
// ---------------------------------------------------------------------------------

/** One body of the uncertainty design. Positions are 0 (low end), 1 (high end) or null (nominal). */
export interface SampledBody {
  readonly label: string;
  readonly anchoragePosition: 0 | 1 | null;
  readonly stiffnessPosition: 0 | 1 | null;
}

/** The nominal body and the corners of the design (see the file comment). */
export function sampleBodies(samples: 0 | 2 | 4): SampledBody[] {
  const bodies: SampledBody[] = [{ label: 'nominal', anchoragePosition: null, stiffnessPosition: null }];
  if (samples >= 2) {
    bodies.push({ label: 'junction anchorage low, tissue stiffness low', anchoragePosition: 0, stiffnessPosition: 0 });
    bodies.push({ label: 'junction anchorage high, tissue stiffness high', anchoragePosition: 1, stiffnessPosition: 1 });
  }
  if (samples >= 4) {
    bodies.push({ label: 'junction anchorage low, tissue stiffness high', anchoragePosition: 0, stiffnessPosition: 1 });
    bodies.push({ label: 'junction anchorage high, tissue stiffness low', anchoragePosition: 1, stiffnessPosition: 0 });
  }
  return bodies;
}

/** Stiffness range of a passive tissue relative to its nominal value, from the library ([1, 1] when unknown). */
function passiveStiffnessRatio(name: string): [number, number] {
  const { base } = baseAndSide(name);
  const entry = base === 'achilles_tendon' ? ACHILLES_STIFFNESS_N_PER_M : PASSIVE_PARAMETERS[base]?.stiffnessN;
  if (entry === undefined) return [1, 1];
  const [low, high] = literatureRange(entry);
  return [low / entry.value, high / entry.value];
}

/**
 * The spec of a sampled body: every passive tissue's stiffness at the chosen end of its
 * library range (relative to the spec's own value), every junction anchorage at the chosen
 * end of its range. Pure; returns `spec` itself for the nominal body.
 */
export function sampledBodySpec(spec: ModelSpec, body: SampledBody): ModelSpec {
  let edited = spec;
  if (body.stiffnessPosition !== null) {
    const position = body.stiffnessPosition;
    const tissues = edited.tissues.map((tissue) => {
      if (tissue.law.type !== 'passive') return tissue;
      const ratio = passiveStiffnessRatio(tissue.name)[position];
      return ratio === 1 ? tissue : { ...tissue, law: { ...tissue.law, stiffnessN: tissue.law.stiffnessN * ratio } };
    });
    edited = { ...edited, tissues };
  }
  if (body.anchoragePosition !== null && edited.lines !== undefined) {
    const position = body.anchoragePosition;
    const lines = edited.lines.map(
      (line): LineSpec => ({
        ...line,
        junctions: line.junctions.map((junction) => {
          const range = junction.anchorageStiffnessNPerM;
          return { ...junction, anchorageStiffnessNPerM: { ...range, nominal: position === 0 ? range.low : range.high } };
        }),
      }),
    );
    edited = { ...edited, lines };
  }
  return edited;
}

/** The impairment's parameters on a sampled body: nominal, or all at the low/high end with the tissue stiffness. */
function modifierParametersFor(modifier: ModifierDefinition, body: SampledBody): Record<string, number> {
  const values: Record<string, number> = {};
  for (const [key, entry] of Object.entries(modifier.parameters)) {
    values[key] = body.stiffnessPosition === null ? entry.value : literatureAt(entry, body.stiffnessPosition);
  }
  return values;
}

// ---------------------------------------------------------------------------------
// Tissue-law edits without compiling
// ---------------------------------------------------------------------------------

const PASSIVE_LAW_EDITS = new Set(['stiffnessN', 'toeStrain', 'slackLengthM']);
const MUSCLE_LAW_EDITS = new Set(['maxIsometricForceN', 'passiveStrainAtF0', 'tendonSlackLengthM']);

function sameExcept(a: object, b: object, except: ReadonlySet<string>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) {
    if (except.has(key)) continue;
    if ((a as Record<string, unknown>)[key] !== (b as Record<string, unknown>)[key]) return false;
  }
  return true;
}

/**
 * Writes into `out` (a tissue-parameter view's arrays) the compiled values of `edited`, a
 * spec that differs from `base` (compiled as `compiled`) only in tissue-law numbers that
 * compile copies as they are (passive stiffness, toe strain and explicit slack length;
 * muscle F0, passive strain at F0 and explicit tendon slack length) and in junction
 * anchorage stiffness. Returns false, leaving `out` at the base values, when `edited`
 * differs in anything else (geometry, masses, derived slack lengths...): compile it then.
 * Unchanged parts are recognised by identity, as the pure spec edits share them.
 */
export function writeLawEdits(base: ModelSpec, edited: ModelSpec, compiled: Model, out: TissueParameterArrays): boolean {
  resetTissueParameters(compiled, out);
  if (edited === base) return true;
  const ok = ((): boolean => {
    if (!sameExcept(base, edited, new Set(['tissues', 'lines']))) return false;
    if (edited.tissues !== base.tissues) {
      if (edited.tissues.length !== base.tissues.length) return false;
      for (let i = 0; i < base.tissues.length; i++) {
        const before = base.tissues[i];
        const after = edited.tissues[i];
        if (before === after) continue;
        if (!sameExcept(before, after, new Set(['law']))) return false;
        const tissue = compiled.tissueIndex.get(after.name);
        if (tissue === undefined) return false;
        const a = before.law;
        const b = after.law;
        if (a.type === 'passive' && b.type === 'passive') {
          if (!sameExcept(a, b, PASSIVE_LAW_EDITS)) return false;
          if (b.slackLengthM === undefined && a.slackLengthM !== undefined) return false;
          out.passiveStiffness[tissue] = b.stiffnessN;
          out.passiveToeStrain[tissue] = b.toeStrain;
          if (b.slackLengthM !== undefined) out.passiveSlackLength[tissue] = b.slackLengthM;
        } else if (a.type === 'muscle' && b.type === 'muscle') {
          if (!sameExcept(a, b, MUSCLE_LAW_EDITS)) return false;
          if (b.tendonSlackLengthM === undefined && a.tendonSlackLengthM !== undefined) return false;
          out.muscleMaxIsometricForce[tissue] = b.maxIsometricForceN;
          out.musclePassiveStrainAtF0[tissue] = b.passiveStrainAtF0;
          if (b.tendonSlackLengthM !== undefined) out.muscleTendonSlackLength[tissue] = b.tendonSlackLengthM;
        } else {
          return false;
        }
      }
    }
    if (edited.lines !== base.lines) {
      const before = base.lines ?? [];
      const after = edited.lines ?? [];
      if (before.length !== after.length) return false;
      for (let i = 0; i < before.length; i++) {
        if (before[i] === after[i]) continue;
        if (!sameExcept(before[i], after[i], new Set(['junctions']))) return false;
        const line = compiled.lineIndex.get(after[i].name);
        if (line === undefined || before[i].junctions.length !== after[i].junctions.length) return false;
        for (let k = 0; k < after[i].junctions.length; k++) {
          const a = before[i].junctions[k];
          const b = after[i].junctions[k];
          if (a === b) continue;
          if (!sameExcept(a, b, new Set(['anchorageStiffnessNPerM']))) return false;
          out.junctionStiffness[compiled.lineJunctionAdr[line] + k] = b.anchorageStiffnessNPerM.nominal;
        }
      }
    }
    return true;
  })();
  if (!ok) resetTissueParameters(compiled, out);
  return ok;
}

// ---------------------------------------------------------------------------------
// Evaluating the regional outputs of a scenario
// ---------------------------------------------------------------------------------

export type MapAnalysis = 'standing' | 'toe-touch';

/** One column of the map: a regional output in one analysis. */
export interface MapColumn {
  /** E.g. "standing.l5s1", "toe-touch.reach". */
  readonly key: string;
  readonly analysis: MapAnalysis;
  readonly output: RegionalOutputDefinition;
  /** E.g. "L5/S1 compression in standing". */
  readonly label: string;
  /** E.g. "L5/S1". */
  readonly shortLabel: string;
}

const ANALYSIS_WORDS: Record<MapAnalysis, string> = { standing: 'in standing', 'toe-touch': 'at the end of the toe-touch' };

/** The columns of the map for the chosen analyses: standing loads, then the toe-touch reach and loads. */
export function mapColumns(analyses: readonly MapAnalysis[] = ['standing', 'toe-touch']): MapColumn[] {
  const columns: MapColumn[] = [];
  for (const analysis of ['standing', 'toe-touch'] as const) {
    if (!analyses.includes(analysis)) continue;
    const outputs = analysis === 'toe-touch' ? [REACH_OUTPUT, ...REGIONAL_LOAD_OUTPUTS] : REGIONAL_LOAD_OUTPUTS;
    for (const output of outputs) {
      columns.push({
        key: `${analysis}.${output.key}`,
        analysis,
        output,
        label: output === REACH_OUTPUT ? 'toe-touch reach' : `${output.label} ${ANALYSIS_WORDS[analysis]}`,
        shortLabel: output.shortLabel,
      });
    }
  }
  return columns;
}

export interface RegionalEvaluatorOptions {
  /** Analyses to run (default both). */
  readonly analyses?: readonly MapAnalysis[];
  readonly standing?: StandingPostureOptions;
  readonly toeTouch?: ToeTouchOptions;
}

/** The solvers of one compiled body. */
interface EvaluationTarget {
  readonly model: Model;
  readonly toeTouch: ToeTouchSolver;
  readonly standing: StandingPostureSolver;
  readonly extractor: RegionalOutputExtractor;
  /** True for the shared view of the base body (edited in place), false for a freshly compiled body. */
  readonly shared: boolean;
}

/** A full evaluation, for explaining a change. */
export interface DetailedEvaluation {
  readonly values: Float64Array;
  readonly standing: StandingPostureResult | null;
  readonly toeTouch: ToeTouchResult | null;
  readonly hold: ToeTouchHold | null;
}

function limitsKey(scenario: Scenario): string {
  return JSON.stringify([scenario.footLoading, scenario.tissueForceLimitN, scenario.stretchToleranceScale, scenario.restingActivation]);
}

function sameRecord(a: Readonly<Record<string, number>>, b: Readonly<Record<string, number>>): boolean {
  if (a === b) return true;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => a[key] === b[key]);
}

/**
 * Evaluates the map's columns on scenarios of one base body, reusing one set of solvers
 * (see the file comment). `evaluate` caches by scenario content.
 */
export class RegionalEvaluator {
  readonly base: Scenario;
  readonly analyses: readonly MapAnalysis[];
  readonly columns: readonly MapColumn[];
  /** Evaluations actually solved (cache misses) and standing or hold solves that did not converge cleanly. */
  solves = 0;
  unconverged = 0;
  private readonly options: RegionalEvaluatorOptions;
  private readonly shared: EvaluationTarget;
  private readonly cache = new Map<string, Float64Array>();
  private readonly columnIndex: ReadonlyMap<string, number>;
  private readonly specIds = new WeakMap<ModelSpec, number>();
  private specCount = 0;
  /**
   * Start of the standing search: the posture of the current unchanged body and the
   * equilibrium QP's warm start there (so a standing solve depends on its scenario alone).
   */
  private start: StandingPostureStart | null = null;
  /**
   * Every iterative state of the shared solvers right after each anchor (anchor order):
   * restored before each solve on the shared body (solverStateSnapshot), so an evaluation
   * depends on its scenario and its anchor alone, not on what was evaluated before it.
   */
  private readonly anchors: {
    readonly scenario: Scenario;
    readonly start: StandingPostureStart | null;
    readonly state: SolverStateSnapshot;
    readonly values: Float64Array;
    readonly key: string;
    readonly unconverged: number;
  }[] = [];
  /** The anchor the next evaluations start from (-1: none yet). */
  private current = -1;

  constructor(base: Scenario, options: RegionalEvaluatorOptions = {}) {
    this.base = base;
    this.options = options;
    this.analyses = options.analyses ?? ['standing', 'toe-touch'];
    if (this.analyses.length === 0 || this.analyses.some((a) => a !== 'standing' && a !== 'toe-touch')) {
      throw new KinechainError('OUT_OF_RANGE', `analyses must be a non-empty list of "standing" and "toe-touch", got ${JSON.stringify(this.analyses)}`);
    }
    this.columns = mapColumns(this.analyses);
    this.columnIndex = new Map(this.columns.map((column, i) => [column.key, i]));
    this.shared = this.makeTarget(base, true);
  }

  private makeTarget(scenario: Scenario, shared: boolean): EvaluationTarget {
    const toeTouch = new ToeTouchSolver(scenario, this.options.toeTouch);
    const model = toeTouch.model;
    return {
      model,
      toeTouch,
      standing: makeStandingPostureSolver(model, this.options.standing),
      extractor: makeRegionalOutputExtractor(model),
      shared,
    };
  }

  /** The model the shared solvers evaluate (the base body's view). */
  get model(): Model {
    return this.shared.model;
  }

  /** The compiled base body (its tissue-law arrays untouched). */
  get baseModel(): Model {
    return this.shared.toeTouch.compiledModel;
  }

  /**
   * Points the shared solvers at `scenario` when its body is a tissue-law edit of the base
   * body and its reach tolerances can be set in place; returns null otherwise.
   */
  private prepareShared(scenario: Scenario): EvaluationTarget | null {
    const target = this.shared;
    const toeTouch = target.toeTouch;
    if (!writeLawEdits(this.base.spec, scenario.spec, toeTouch.compiledModel, toeTouch.parameters)) return null;
    // Reach tolerances: the toe-touch solver's rule (stretch-test-solver.ts), T_ref x scale capped by the force limit,
    // as long as the monitored tissues stay the same and the resting activations are the base body's.
    if (!sameRecord(scenario.restingActivation, this.base.restingActivation)) return null;
    const model = target.model;
    const tolerance = toeTouch.toleratedTension;
    tolerance.set(toeTouch.referenceTolerance);
    for (const [name, scale] of Object.entries(scenario.stretchToleranceScale)) {
      const tissue = model.tissueIndex.get(name);
      // Unknown names and invalid values go to a fresh solver, which reports them.
      if (tissue === undefined || !(Number.isFinite(scale) && scale > 0)) return null;
      tolerance[tissue] *= scale;
    }
    for (const [name, limit] of Object.entries(scenario.tissueForceLimitN)) {
      const tissue = model.tissueIndex.get(name);
      if (tissue === undefined || !(Number.isFinite(limit) && limit > 0)) return null;
      tolerance[tissue] = Math.min(tolerance[tissue], limit);
    }
    let monitored = 0;
    for (let tissue = 0; tissue < model.ntissue; tissue++) {
      if (!Number.isFinite(tolerance[tissue])) continue;
      if (toeTouch.monitored[monitored] !== tissue) return null;
      monitored++;
    }
    if (monitored !== toeTouch.monitored.length) return null;
    return target;
  }

  private target(scenario: Scenario): EvaluationTarget {
    const shared = this.prepareShared(scenario);
    if (shared !== null) return shared;
    // Restore the shared solvers for the next scenario; this one gets a body of its own.
    this.shared.toeTouch.resetParameters();
    this.shared.toeTouch.resetTolerances();
    const fresh = this.makeTarget(scenario, false);
    this.restoreStart(fresh.standing);
    return fresh;
  }

  private cacheKey(scenario: Scenario, target: EvaluationTarget): string {
    if (!target.shared) {
      let id = this.specIds.get(scenario.spec);
      if (id === undefined) {
        id = ++this.specCount;
        this.specIds.set(scenario.spec, id);
      }
      return `spec:${id}|${limitsKey(scenario)}`;
    }
    // The view's tissue-law arrays are the body: key them by their differences from the compiled base body.
    const p = target.toeTouch.parameters;
    const reference = target.toeTouch.compiledModel;
    const pairs: [Float64Array, Float64Array][] = [
      [p.passiveStiffness, reference.passiveStiffness],
      [p.passiveSlackLength, reference.passiveSlackLength],
      [p.passiveToeStrain, reference.passiveToeStrain],
      [p.muscleMaxIsometricForce, reference.muscleMaxIsometricForce],
      [p.muscleTendonSlackLength, reference.muscleTendonSlackLength],
      [p.musclePassiveStrainAtF0, reference.musclePassiveStrainAtF0],
      [p.muscleOptimalFiberLength, reference.muscleOptimalFiberLength],
      [p.junctionStiffness, reference.junctionStiffness],
    ];
    let key = 'view:';
    pairs.forEach(([edited, original], k) => {
      for (let i = 0; i < edited.length; i++) if (edited[i] !== original[i]) key += `${k}.${i}=${edited[i]};`;
    });
    return `${key}|${limitsKey(scenario)}`;
  }

  private restoreStart(standing: StandingPostureSolver): void {
    if (this.start === null || standing.bestQ.length !== this.start.q.length) return;
    restorePostureStart(standing, this.start);
  }

  private run(scenario: Scenario, target: EvaluationTarget, detailed: boolean): DetailedEvaluation {
    this.solves++;
    if (target.shared && this.current >= 0) restoreSolverState(this.anchors[this.current].state);
    const values = new Float64Array(this.columns.length);
    const columnIndex = this.columnIndex;
    let standing: StandingPostureResult | null = null;
    let toeTouch: ToeTouchResult | null = null;
    let hold: ToeTouchHold | null = null;
    if (this.analyses.includes('standing')) {
      this.restoreStart(target.standing);
      standing = solveStandingPosture(target.standing, scenario);
      if (standing.status !== 'converged') this.unconverged++;
      const loads = standingRegionalOutputs(target.extractor, standing);
      for (const [key, value] of Object.entries(loads)) values[columnIndex.get(`standing.${key}`) as number] = value;
    }
    if (this.analyses.includes('toe-touch')) {
      const solver = target.toeTouch;
      solver.solveEndPoint();
      const reach = detailed
        ? (toeTouch = solver.report())
        : { pose: forwardBendCoordinates(solver.kinematics), fingertipToFloorCm: solver.fingertipToFloorM() * 100 };
      const outputs = toeTouchRegionalOutputs(target.extractor, reach, scenario);
      hold = outputs.hold;
      if (!toeTouchHoldIsSound(hold)) this.unconverged++;
      for (const [key, value] of Object.entries(outputs.values)) values[columnIndex.get(`toe-touch.${key}`) as number] = value;
    }
    return { values, standing, toeTouch, hold: detailed ? hold : null };
  }

  /** The column values of `scenario` (same order as `columns`). Identical scenarios are solved once. */
  evaluate(scenario: Scenario): Float64Array {
    return this.evaluateRecorded(scenario).values;
  }

  /**
   * evaluate, also returning the cache key of the evaluation in a form that names the same
   * scenario alike in every evaluator of the same base body and anchors (a body compiled of
   * its own gets a key no other evaluation shares, as the cache treats it), and how many of
   * its solves did not converge cleanly (0 when it came from the cache).
   */
  evaluateRecorded(scenario: Scenario): { readonly values: Float64Array; readonly key: string; readonly unconverged: number; readonly solved: boolean } {
    const target = this.target(scenario);
    const key = this.cacheKey(scenario, target);
    const cached = this.cache.get(key);
    if (cached !== undefined) return { values: cached, key: this.portableKey(key, scenario, target), unconverged: 0, solved: false };
    const before = this.unconverged;
    const values = this.run(scenario, target, false).values;
    this.cache.set(key, values);
    return { values, key: this.portableKey(key, scenario, target), unconverged: this.unconverged - before, solved: true };
  }

  private portableKey(key: string, scenario: Scenario, target: EvaluationTarget): string {
    if (target.shared) return key;
    const body = this.anchors.findIndex((anchor) => anchor.scenario.spec === scenario.spec);
    return body >= 0 ? `body:${body}|${limitsKey(scenario)}` : `own:${key}`;
  }

  /** A full evaluation (results of both analyses), not cached. */
  evaluateDetailed(scenario: Scenario): DetailedEvaluation {
    return this.run(scenario, this.target(scenario), true);
  }

  /**
   * Makes `scenario` the unchanged body of the evaluations that follow: its standing
   * posture is solved (from the start of the previous anchor, or cold for the first) and
   * becomes the start of every later standing search; the state of every iterative solver
   * after it is kept, and restored before every later solve (see useAnchor). Returns its
   * column values.
   */
  anchor(scenario: Scenario): Float64Array {
    const target = this.target(scenario);
    const key = this.cacheKey(scenario, target);
    this.restoreStart(target.standing);
    const unconvergedBefore = this.unconverged;
    const evaluation = this.run(scenario, target, false);
    if (this.analyses.includes('standing')) this.start = savePostureStart(target.standing);
    this.anchors.push({
      scenario,
      start: this.start,
      state: solverStateSnapshot(this.shared),
      values: evaluation.values,
      key: this.portableKey(key, scenario, target),
      unconverged: this.unconverged - unconvergedBefore,
    });
    this.current = this.anchors.length - 1;
    this.cache.set(key, evaluation.values);
    return evaluation.values;
  }

  /** Column values, portable cache key (see evaluateRecorded) and unclean solves of anchor `index`. */
  anchorValues(index: number): Float64Array {
    return this.anchorAt(index).values;
  }

  anchorKey(index: number): string {
    return this.anchorAt(index).key;
  }

  /** Solves of all anchors that did not converge cleanly. */
  get anchorUnconverged(): number {
    return this.anchors.reduce((sum, anchor) => sum + anchor.unconverged, 0);
  }

  private anchorAt(index: number): (typeof this.anchors)[number] {
    const anchor = this.anchors[index];
    if (anchor === undefined) throw new KinechainError('OUT_OF_RANGE', `no anchor ${index}: ${this.anchors.length} anchors were made`);
    return anchor;
  }

  /** Number of anchors made so far. */
  get anchorCount(): number {
    return this.anchors.length;
  }

  /** Makes anchor `index` (0 = the first anchor() call) the start of the evaluations that follow. */
  useAnchor(index: number): void {
    const anchor = this.anchorAt(index);
    this.start = anchor.start;
    this.current = index;
  }
}

// ---------------------------------------------------------------------------------
// Solver state snapshots
// ---------------------------------------------------------------------------------

/**
 * Copies of the mutable numeric state of the shared solvers: every typed array, number and
 * boolean reachable from the standing-posture solver, the regional extraction (hold
 * equilibrium included) and the toe-touch solver's Data, forward-bend kinematics and
 * tension monitor. Iterative solves start from some of it (the standing search's step QP
 * and equilibrium active sets, the continuity solve's junction displacements, the foot
 * orientation solve's last pose, the hold's warm start), so restoring all of it before a
 * solve makes the solve what it would have been right after the anchor. The bodies'
 * models and tissue-parameter views are left out: they are the scenario, written before
 * the restore.
 */
export interface SolverStateSnapshot {
  readonly entries: readonly { readonly owner: Record<string, unknown>; readonly field: string; readonly copy: unknown }[];
}

/**
 * Fields left out: those that hold a body (model, parameter view, spec, tolerances) rather
 * than solver state, and the large problem buffers that every solve builds afresh before
 * reading them (QP matrices and their column storage, Schur complements, the posture
 * search's constraint derivatives), which are most of the bytes and no state (the order
 * checks in interdependence.test.ts would see it if they were).
 */
const NOT_SOLVER_STATE = new Set([
  'model',
  'compiledModel',
  'parameters',
  'spec',
  'toleratedTension',
  'referenceTolerance',
  'scenarioTolerance',
  'equalityMatrix',
  'columnValue',
  'columnEqValue',
  'columnRow',
  'columnEqPosition',
  'schur',
  'matrixDerivative',
  'plusColumns',
  'minusColumns',
  'patternRow',
  'patternColumn',
]);

function snapshotFields(owner: object, entries: SolverStateSnapshot['entries'][number][], visited: Set<object>): void {
  // Frozen objects (options, constants) cannot change between solves.
  if (visited.has(owner) || Object.isFrozen(owner)) return;
  visited.add(owner);
  const record = owner as Record<string, unknown>;
  const fields = Array.isArray(owner) ? owner.map((_, i) => String(i)) : Object.keys(record);
  for (const field of fields) {
    if (NOT_SOLVER_STATE.has(field)) continue;
    const value = record[field];
    if (ArrayBuffer.isView(value)) {
      if (value instanceof DataView || visited.has(value)) continue;
      visited.add(value);
      entries.push({ owner: record, field, copy: (value as Float64Array).slice() });
    } else if (typeof value === 'number' || typeof value === 'boolean') {
      entries.push({ owner: record, field, copy: value });
    } else if (value !== null && typeof value === 'object' && !(value instanceof Map) && !(value instanceof Set) && !(value instanceof WeakMap)) {
      snapshotFields(value, entries, visited);
    }
  }
}

function solverStateSnapshot(target: EvaluationTarget): SolverStateSnapshot {
  const entries: SolverStateSnapshot['entries'][number][] = [];
  const visited = new Set<object>([target.model, target.toeTouch.compiledModel]);
  const toeTouch = target.toeTouch;
  snapshotFields(target.standing, entries, visited);
  snapshotFields(target.extractor, entries, visited);
  snapshotFields(toeTouch.data, entries, visited);
  snapshotFields(toeTouch.kinematics, entries, visited);
  snapshotFields(toeTouch.monitor, entries, visited);
  return { entries };
}

function restoreSolverState(snapshot: SolverStateSnapshot): void {
  for (const { owner, field, copy } of snapshot.entries) {
    if (ArrayBuffer.isView(copy)) {
      const current = owner[field] as Float64Array;
      // A buffer grown since (e.g. the extraction's external forces) is replaced by the anchor's.
      if (current.length === (copy as Float64Array).length) current.set(copy as Float64Array);
      else owner[field] = (copy as Float64Array).slice();
    } else {
      owner[field] = copy;
    }
  }
}

// ---------------------------------------------------------------------------------
// The map
// ---------------------------------------------------------------------------------

/** What every row of a map shares: the bodies of the design and the steps. */
export interface MapRowSetting {
  readonly bodies: readonly SampledBody[];
  readonly step: number;
  readonly slackLengthStep: number;
  readonly ncolumn: number;
}

/** The evaluations of one row: values at -step and +step per body, and the reference severity. */
export interface RowWork {
  readonly minus: Float64Array[];
  readonly plus: Float64Array[];
  span: number;
  difference: 'central' | 'forward' | 'backward';
  severities: { readonly minus: number; readonly plus: number; readonly reference: number; readonly unit: string } | null;
  failure: string | null;
  reference: Float64Array | null;
  /** Portable cache key and unclean solves of every evaluation (RegionalEvaluator.evaluateRecorded), for the solve counts. */
  readonly evaluations: { readonly key: string; readonly unconverged: number }[];
}

/** Anchors every body of the design on `evaluator` in order (see RegionalEvaluator.anchor); returns the bodies' scenarios. */
export function anchorBodies(evaluator: RegionalEvaluator, base: Scenario, bodies: readonly SampledBody[]): Scenario[] {
  return bodies.map((body) => {
    const spec = sampledBodySpec(base.spec, body);
    const bodyScenario = spec === base.spec ? base : { ...base, spec };
    evaluator.anchor(bodyScenario);
    return bodyScenario;
  });
}

/**
 * The evaluations of one row on every body (anchors made with anchorBodies on `evaluator`):
 * -step and +step per body, then for severity rows the reference severity on the nominal
 * body. A row that fails on one body gets NaN there and on every later body. Calls
 * `progress(count)` as evaluations finish.
 */
export function evaluateMapRow(
  evaluator: RegionalEvaluator,
  setting: MapRowSetting,
  bodyScenarios: readonly Scenario[],
  parameter: MapParameter,
  progress: (count: number) => void = () => undefined,
): RowWork {
  const { bodies, step, slackLengthStep, ncolumn } = setting;
  const row: RowWork = { minus: [], plus: [], span: 0, difference: 'central', severities: null, failure: null, reference: null, evaluations: [] };
  // Slack lengths the spec leaves to compile are those of the base body on every sampled body (only stiffness and anchorage change).
  const resolved = evaluator.baseModel;
  const failed = (): Float64Array => new Float64Array(ncolumn).fill(NaN);
  const record = (scenario: Scenario): Float64Array => {
    const evaluation = evaluator.evaluateRecorded(scenario);
    row.evaluations.push({ key: evaluation.key, unconverged: evaluation.unconverged });
    return evaluation.values;
  };
  bodies.forEach((body, b) => {
    evaluator.useAnchor(b);
    const bodyScenario = bodyScenarios[b];
    const h = parameter.kind === 'slack-length' ? slackLengthStep : step;
    let tMinus = -h;
    let tPlus = h;
    if (parameter.kind === 'severity') {
      const modifier = parameter.modifier as ModifierDefinition;
      if (!severityOnScale(modifier, severityAt(modifier, tPlus))) tPlus = 0;
      if (!severityOnScale(modifier, severityAt(modifier, tMinus))) tMinus = 0;
      row.difference = tPlus === 0 && tMinus === 0 ? 'central' : tPlus === 0 ? 'backward' : tMinus === 0 ? 'forward' : 'central';
      row.severities = {
        minus: severityAt(modifier, tMinus),
        plus: severityAt(modifier, tPlus),
        reference: referenceSeverity(modifier),
        unit: modifier.severity.unit,
      };
    }
    row.span = tPlus - tMinus;
    if (row.failure !== null) {
      row.minus.push(failed());
      row.plus.push(failed());
      progress(2);
      return;
    }
    const modifierParameters = parameter.modifier === undefined ? undefined : modifierParametersFor(parameter.modifier, body);
    let ticks = 0;
    try {
      const minus = record(applyParameter(parameter, bodyScenario, tMinus, modifierParameters, resolved));
      progress(1);
      ticks++;
      const plus = record(applyParameter(parameter, bodyScenario, tPlus, modifierParameters, resolved));
      progress(1);
      ticks++;
      row.minus.push(minus);
      row.plus.push(plus);
    } catch (error) {
      if (!isKinechainError(error)) throw error;
      row.failure = `${error.code}: ${error.message}`;
      row.minus.push(failed());
      row.plus.push(failed());
      progress(2 - ticks);
    }
  });
  // Severity rows: the impairment at its reference severity against none, nominal body.
  if (parameter.kind === 'severity') {
    evaluator.useAnchor(0);
    if (row.failure === null) {
      try {
        row.reference = record(applyParameter(parameter, bodyScenarios[0], 0));
      } catch (error) {
        if (!isKinechainError(error)) throw error;
        row.failure = `${error.code}: ${error.message}`;
      }
    }
    progress(1);
  }
  return row;
}

/**
 * Splits a map's rows between threads, returning null to fall back to the serial evaluation.
 * Node front ends install interdependence-parallel.ts's (enableMapThreads); a browser has
 * none, so this module stays free of Node's modules and evaluates serially there.
 */
export type MapRowSplitter = (
  evaluator: RegionalEvaluator,
  setting: MapRowSetting,
  bodyScenarios: readonly Scenario[],
  parameters: readonly MapParameter[],
  options: InterdependenceOptions,
  progress: (count: number) => void,
) => RowWork[] | null;

let mapRowSplitter: MapRowSplitter | null = null;

/** Installs (or, with null, removes) the splitter used when options.threads is not 1. */
export function setMapRowSplitter(splitter: MapRowSplitter | null): void {
  mapRowSplitter = splitter;
}

/** Every row in order (evaluateMapRow), serially or split between threads (setMapRowSplitter). */
function evaluateMapRows(
  evaluator: RegionalEvaluator,
  setting: MapRowSetting,
  bodyScenarios: readonly Scenario[],
  parameters: readonly MapParameter[],
  options: InterdependenceOptions,
  progress: (count: number) => void,
): RowWork[] {
  const split = options.threads === 1 || mapRowSplitter === null ? null : mapRowSplitter(evaluator, setting, bodyScenarios, parameters, options, progress);
  if (split !== null) return split;
  return parameters.map((parameter) => evaluateMapRow(evaluator, setting, bodyScenarios, parameter, progress));
}


export interface InterdependenceOptions extends RegionalEvaluatorOptions, ParameterOptions {
  /** Relative step of the central differences (default 0.1; 0 evaluates every row unchanged). */
  readonly step?: number;
  /**
   * Relative step of the slack-length rows (default 0.01). Slack lengths set strain
   * directly and collagenous tissues work within a few % of strain, so a 10% change takes
   * a tissue from slack to several times its working force: the 1% step measures the local
   * slope, which the cells still give per 10% (linearised, and the statements say so).
   */
  readonly slackLengthStep?: number;
  /** Sampled bodies for the intervals: 0, 2 or 4 (default 2). */
  readonly samples?: 0 | 2 | 4;
  /** Interval level of uncertainty.ts interval (default 0.95). */
  readonly level?: number;
  /** Only the rows whose key is listed (default all). */
  readonly parameterKeys?: readonly string[];
  /** Ranked statements to keep (default 20) and how many of the top ones to explain (default 5). */
  readonly statements?: number;
  readonly explain?: number;
  /** Called after every evaluation with (done, total). */
  readonly onProgress?: (done: number, total: number) => void;
  /**
   * Threads for the rows (default 2, one of them this one): with more than 1 the rows are
   * shared with a worker thread when one can be started (interdependence-parallel.ts),
   * with the same result as 1 (serial) bit for bit.
   */
  readonly threads?: number;
}

export interface MapCell {
  /** Sensitivity on the nominal body: % per 10% (loads) or cm per 10% (reach); NaN when the output is zero at baseline. */
  readonly value: number;
  /** Interval over the nominal and sampled bodies (equal to value with no samples). */
  readonly low: number;
  readonly high: number;
  /** Sensitivity on each body of the design (nominal first). */
  readonly bodies: readonly number[];
  /** Change of the output (its own unit, N or cm) per 10% on the nominal body: the linearised absolute change. */
  readonly absoluteChange: number;
  readonly note: string;
}

export interface MapRow {
  readonly parameter: MapParameter;
  /** Step used (relative) and the difference formula. */
  readonly step: number;
  readonly difference: 'central' | 'forward' | 'backward';
  /** Severity rows: the severities evaluated (minus, plus) and the reference severity, in the scale's unit. */
  readonly severities: { readonly minus: number; readonly plus: number; readonly reference: number; readonly unit: string } | null;
  readonly cells: readonly MapCell[];
  /** Severity rows: % (reach: cm) change of each output at the reference severity against none, nominal body. */
  readonly effectAtReference: readonly number[] | null;
  /** Why the row has no values, if its evaluation failed (e.g. a solver that did not converge). */
  readonly failure: string | null;
}

export interface MapStatement {
  readonly row: number;
  readonly column: number;
  readonly value: number;
  readonly low: number;
  readonly high: number;
  /** E.g. "10% stiffer heel cord (...), both sides: L5/S1 compression in standing +2.1% [1.5, 2.6]". */
  readonly text: string;
}

export interface PathExplanation {
  readonly statement: MapStatement;
  /** Joint angles that changed most between the - and + evaluations (deg). */
  readonly joints: readonly { readonly coordinate: string; readonly changeDeg: number }[];
  /** Tissue forces that changed most (N). */
  readonly tissues: readonly { readonly tissue: string; readonly changeN: number }[];
  /** Toe-touch columns: the limiting tissue before and after. */
  readonly limitingTissue: { readonly minus: string | null; readonly plus: string | null } | null;
  readonly text: string;
}

export interface InterdependenceMap {
  readonly columns: readonly MapColumn[];
  /** [columns] outputs of the unchanged nominal body (N; reach in cm). */
  readonly baseline: readonly number[];
  readonly rows: readonly MapRow[];
  readonly bodies: readonly SampledBody[];
  /** Load cells ranked by |%|, and reach cells ranked by |cm|. */
  readonly statements: readonly MapStatement[];
  readonly reachStatements: readonly MapStatement[];
  readonly explanations: readonly PathExplanation[];
  /**
   * Evaluations requested, solved (the rest were identical to one already solved) and not
   * cleanly converged: a standing solve that did not converge, or a toe-touch hold that is
   * not sound (regional-outputs.ts toeTouchHoldIsSound: a reserve on the trunk or above
   * TOE_TOUCH_HOLD_RESERVE_THRESHOLD_NM elsewhere).
   */
  readonly evaluations: number;
  readonly solves: number;
  readonly unconverged: number;
  readonly settings: { readonly step: number; readonly slackLengthStep: number; readonly samples: number; readonly level: number };
}

/** Outputs below this magnitude (N) count as zero at baseline: no relative change is given for them. */
const ZERO_OUTPUT_N = 1e-6;
/**
 * Loads below this fraction of body weight at baseline are left out of the ranked
 * statements (their cells stay in the map, noted): a few newtons of a nearly slack fascia
 * changing by several hundred percent would otherwise crowd out the loads that matter.
 * A presentation choice, not a literature value.
 */
export const RANKING_FLOOR_BODY_WEIGHT = 0.01;

function checkStep(value: number, what: string): number {
  requireFinite(value, what);
  if (!(value >= 0 && value < 0.5)) {
    throw new KinechainError('OUT_OF_RANGE', `${what} must lie in [0, 0.5), got ${value}; 0.1 is a 10% change`, { what, value });
  }
  return value;
}

function formatNumber(value: number, digits: number): string {
  const rounded = value.toFixed(digits);
  if (Number(rounded) === 0) return (0).toFixed(digits);
  return value > 0 ? `+${rounded}` : rounded;
}

/** How a 10% change of a row reads, e.g. "10% stiffer heel cord (...), both sides". */
export function changePhrase(parameter: MapParameter): string {
  const side = parameter.side === 'both' ? ', both sides' : parameter.side === 'midline' ? '' : `, ${SIDE_WORDS[parameter.side]}`;
  const groupLabel = TISSUE_GROUPS.find((g) => g.key === parameter.group)?.label ?? parameter.group.replace(/-/g, ' ');
  switch (parameter.kind) {
    case 'stiffness':
      return `10% stiffer ${groupLabel}${side}`;
    case 'slack-length':
      return `10% shorter ${groupLabel} (slack length)${side}`;
    case 'max-force':
      return `10% stronger ${groupLabel} (maximum force)${side}`;
    case 'severity': {
      const modifier = parameter.modifier as ModifierDefinition;
      const reference = referenceSeverity(modifier);
      return `${modifier.title} 10% more severe (around ${Number(reference.toFixed(3))} ${modifier.severity.unit})`;
    }
  }
}

function statementText(row: MapRow, column: MapColumn, cell: MapCell): string {
  const absolute = column.output.change === 'absolute';
  const unit = absolute ? ' cm' : '%';
  const digits = absolute ? 2 : 1;
  const range = cell.low === cell.high ? '' : ` [${formatNumber(cell.low, digits)}, ${formatNumber(cell.high, digits)}]`;
  const linearised = row.step === 0.1 || row.step === 0 ? '' : ` (linearised from +-${Number((row.step * 100).toPrecision(3))}%)`;
  return `${changePhrase(row.parameter)}${linearised}: ${column.label} ${formatNumber(cell.value, digits)}${unit}${range}`;
}

/** Sensitivity of one output from its values at -step and +step (see the file comment). */
function sensitivity(
  minus: number,
  plus: number,
  span: number,
  baseline: number,
  absolute: boolean,
): { value: number; absoluteChange: number } {
  const difference = plus - minus;
  // An output that did not change has no sensitivity, whatever the step (also a step of 0).
  const absoluteChange = difference === 0 ? 0 : (difference / span) * 0.1;
  if (absolute) return { value: absoluteChange, absoluteChange };
  if (!(Math.abs(baseline) >= ZERO_OUTPUT_N)) return { value: absoluteChange === 0 ? 0 : NaN, absoluteChange };
  return { value: (absoluteChange / Math.abs(baseline)) * 100, absoluteChange };
}

/**
 * The interdependence map of `base` (see the file comment). Pure computation; progress is
 * reported through options.onProgress.
 */
export function interdependenceMap(base: Scenario, options: InterdependenceOptions = {}): InterdependenceMap {
  const step = checkStep(options.step ?? 0.1, 'step');
  const slackLengthStep = checkStep(options.slackLengthStep ?? 0.01, 'slackLengthStep');
  const samples = options.samples ?? 2;
  if (samples !== 0 && samples !== 2 && samples !== 4) {
    throw new KinechainError('OUT_OF_RANGE', `samples must be 0, 2 or 4, got ${String(samples)}`);
  }
  const level = options.level ?? 0.95;
  const statementCount = options.statements ?? 20;
  const explainCount = options.explain ?? 5;

  let parameters = mapParameters(base.spec, options);
  if (options.parameterKeys !== undefined) {
    const known = new Map(parameters.map((p) => [p.key, p]));
    parameters = options.parameterKeys.map((key) => {
      const found = known.get(key);
      if (found === undefined) {
        throw new KinechainError('UNKNOWN_NAME', `the map has no parameter "${key}"; keys look like "heel-cord.stiffness.both" or "tight-heel-cord.severity.r"`, {
          parameter: key,
        });
      }
      return found;
    });
  }
  const bodies = sampleBodies(samples);
  const evaluator = new RegionalEvaluator(base, options);
  const columns = evaluator.columns;
  const ncolumn = columns.length;

  // Plan: per body one anchor and two evaluations per row; per severity row the reference severity on the
  // nominal body; two detailed evaluations per explained statement.
  const severityRows = parameters.filter((p) => p.kind === 'severity').length;
  const total = bodies.length * (1 + 2 * parameters.length) + severityRows + 2 * explainCount;
  let done = 0;
  const progress = (count = 1): void => {
    for (let k = 0; k < count; k++) {
      done++;
      options.onProgress?.(done, total);
    }
  };

  // The unchanged bodies, in order: each anchor starts from the previous one's posture.
  const setting: MapRowSetting = { bodies, step, slackLengthStep, ncolumn };
  const bodyScenarios = anchorBodies(evaluator, base, bodies);
  const baselines = bodyScenarios.map((_, b) => {
    progress();
    return evaluator.anchorValues(b);
  });
  // Every row is a function of its parameter and the anchors alone (the solvers' state is
  // restored to the anchor's before each solve), so rows may be evaluated in any order or
  // split between threads (interdependence-parallel.ts) with the same result.
  const work = evaluateMapRows(evaluator, setting, bodyScenarios, parameters, options, (count) => progress(count));
  const keys = new Set<string>(bodyScenarios.map((_, b) => evaluator.anchorKey(b)));
  let solves = bodyScenarios.length;
  let unconverged = evaluator.anchorUnconverged;
  for (const row of work) {
    row.evaluations.forEach((entry) => {
      // A body compiled of its own is never shared between evaluations (its key names one evaluator's spec object).
      if (!entry.key.startsWith('own:')) {
        if (keys.has(entry.key)) return;
        keys.add(entry.key);
      }
      solves++;
      unconverged += entry.unconverged;
    });
  }
  evaluator.useAnchor(0);

  const gravity = evaluator.baseModel.gravity;
  const floorN = RANKING_FLOOR_BODY_WEIGHT * evaluator.baseModel.totalMass * Math.hypot(gravity[0], gravity[1], gravity[2]);
  const rows: MapRow[] = parameters.map((parameter, r) => {
    const row = work[r];
    const cells: MapCell[] = columns.map((column, c) => {
      const absolute = column.output.change === 'absolute';
      const perBody = bodies.map((_, b) => sensitivity(row.minus[b][c], row.plus[b][c], row.span, baselines[b][c], absolute));
      const values = perBody.map((entry) => entry.value);
      const nominal = perBody[0];
      const finite = values.filter((value) => Number.isFinite(value));
      let low = nominal.value;
      let high = nominal.value;
      if (finite.length === values.length && finite.length > 1) {
        const summary = interval(finite, level);
        low = Math.min(summary.low, nominal.value);
        high = Math.max(summary.high, nominal.value);
      }
      const unit = column.output.unit;
      let note = absolute ? `from ${baselines[0][c].toFixed(2)} ${unit}` : '';
      if (row.failure !== null) note = row.failure;
      else if (!absolute && Number.isNaN(nominal.value)) {
        note = `zero at baseline; ${formatNumber(nominal.absoluteChange, 2)} ${unit} per 10%`;
      } else if (!absolute) {
        note = `${formatNumber(nominal.absoluteChange, 2)} ${unit} per 10% from ${baselines[0][c].toFixed(1)} ${unit}`;
        if (Math.abs(baselines[0][c]) < floorN) note += ' (small baseline: not ranked)';
      }
      return { value: nominal.value, low, high, bodies: values, absoluteChange: nominal.absoluteChange, note };
    });
    const effectAtReference =
      row.reference === null
        ? null
        : columns.map((column, c) => {
            const change = row.reference![c] - baselines[0][c];
            if (column.output.change === 'absolute') return change;
            return Math.abs(baselines[0][c]) >= ZERO_OUTPUT_N ? (change / Math.abs(baselines[0][c])) * 100 : NaN;
          });
    return {
      parameter,
      step: parameter.kind === 'slack-length' ? slackLengthStep : step,
      difference: row.difference,
      severities: row.severities,
      cells,
      effectAtReference,
      failure: row.failure,
    };
  });

  // Ranked statements.
  const ranked = (wanted: (column: MapColumn) => boolean): MapStatement[] => {
    const list: MapStatement[] = [];
    rows.forEach((row, r) =>
      row.cells.forEach((cell, c) => {
        const column = columns[c];
        if (!wanted(column) || !Number.isFinite(cell.value) || cell.value === 0) return;
        if (column.output.change === 'percent' && Math.abs(baselines[0][c]) < floorN) return;
        list.push({ row: r, column: c, value: cell.value, low: cell.low, high: cell.high, text: statementText(row, column, cell) });
      }),
    );
    list.sort((a, b) => Math.abs(b.value) - Math.abs(a.value) || a.row - b.row || a.column - b.column);
    return list.slice(0, statementCount);
  };
  const statements = ranked((column) => column.output.change === 'percent');
  const reachStatements = ranked((column) => column.output.change === 'absolute');

  // Paths of the top statements, on the nominal body (the start is still the nominal body's).
  const explanations: PathExplanation[] = [];
  const solvesBeforeExplaining = evaluator.solves;
  const unconvergedBeforeExplaining = evaluator.unconverged;
  for (const statement of statements.slice(0, explainCount)) {
    const row = rows[statement.row];
    const column = columns[statement.column];
    const h = row.step;
    const parameter = row.parameter;
    const tMinus = row.difference === 'forward' ? 0 : -h;
    const tPlus = row.difference === 'backward' ? 0 : h;
    const minus = evaluator.evaluateDetailed(applyParameter(parameter, bodyScenarios[0], tMinus, undefined, evaluator.baseModel));
    progress();
    const plus = evaluator.evaluateDetailed(applyParameter(parameter, bodyScenarios[0], tPlus, undefined, evaluator.baseModel));
    progress();
    explanations.push(explainPath(statement, column, minus, plus));
  }
  while (done < total) progress();

  return {
    columns,
    baseline: Array.from(baselines[0]),
    rows,
    bodies,
    statements,
    reachStatements,
    explanations,
    evaluations: total,
    solves: solves + evaluator.solves - solvesBeforeExplaining,
    unconverged: unconverged + evaluator.unconverged - unconvergedBeforeExplaining,
    settings: { step, slackLengthStep, samples, level },
  };
}

/** Joint angles and tissue forces of two postures, largest changes first. */
function postureDifferences(
  before: { readonly coordinates: Readonly<Record<string, number>>; readonly tissueForceN: Readonly<Record<string, number>> },
  after: { readonly coordinates: Readonly<Record<string, number>>; readonly tissueForceN: Readonly<Record<string, number>> },
  jointCount: number,
  tissueCount: number,
): { joints: { coordinate: string; changeDeg: number }[]; tissues: { tissue: string; changeN: number }[] } {
  const joints: { coordinate: string; changeDeg: number }[] = [];
  for (const [coordinate, value] of Object.entries(after.coordinates)) {
    if (coordinate.startsWith('pelvis_t')) continue;
    const change = (value - (before.coordinates[coordinate] ?? value)) * DEG;
    if (change !== 0) joints.push({ coordinate, changeDeg: change });
  }
  joints.sort((a, b) => Math.abs(b.changeDeg) - Math.abs(a.changeDeg));
  const tissues: { tissue: string; changeN: number }[] = [];
  for (const [tissue, value] of Object.entries(after.tissueForceN)) {
    const change = value - (before.tissueForceN[tissue] ?? value);
    if (change !== 0) tissues.push({ tissue, changeN: change });
  }
  tissues.sort((a, b) => Math.abs(b.changeN) - Math.abs(a.changeN));
  return { joints: joints.slice(0, jointCount), tissues: tissues.slice(0, tissueCount) };
}

function explainPath(statement: MapStatement, column: MapColumn, minus: DetailedEvaluation, plus: DetailedEvaluation): PathExplanation {
  let joints: { coordinate: string; changeDeg: number }[] = [];
  let tissues: { tissue: string; changeN: number }[] = [];
  let limitingTissue: PathExplanation['limitingTissue'] = null;
  if (column.analysis === 'standing' && minus.standing !== null && plus.standing !== null) {
    const change = comparePostures(minus.standing, plus.standing, { joints: 3, tissues: 4 });
    joints = change.joints.map((entry) => ({ coordinate: entry.coordinate, changeDeg: entry.change * DEG }));
    tissues = change.tissues.map((entry) => ({ tissue: entry.tissue, changeN: entry.changeN }));
  } else if (column.analysis === 'toe-touch' && minus.hold !== null && plus.hold !== null) {
    ({ joints, tissues } = postureDifferences(minus.hold, plus.hold, 3, 4));
    limitingTissue = { minus: minus.toeTouch?.limitingTissue?.name ?? null, plus: plus.toeTouch?.limitingTissue?.name ?? null };
  }
  const jointText = joints.length === 0 ? 'no joint angle changed' : joints.map((j) => `${j.coordinate} ${formatNumber(j.changeDeg, 2)} deg`).join(', ');
  const tissueText = tissues.length === 0 ? 'no tissue force changed' : tissues.map((t) => `${t.tissue} ${formatNumber(t.changeN, 1)} N`).join(', ');
  let text = `${statement.text}. Carried by joint angles: ${jointText}; tissue forces: ${tissueText}`;
  if (limitingTissue !== null && limitingTissue.minus !== limitingTissue.plus) {
    text += `; the limiting tissue changes from ${limitingTissue.minus ?? 'none'} to ${limitingTissue.plus ?? 'none'}`;
  }
  text += ' (from the less to the more tightened body, 2 x the step apart).';
  return { statement, joints, tissues, limitingTissue, text };
}

// ---------------------------------------------------------------------------------
// Heatmap
// ---------------------------------------------------------------------------------

/** Percentile of |values| (NaN skipped) used as the colour limit, so one outlier does not wash out the rest. */
function robustLimit(values: readonly number[], percentile: number): number {
  const magnitudes = values.filter((value) => Number.isFinite(value)).map(Math.abs).sort((a, b) => a - b);
  if (magnitudes.length === 0) return 1;
  const at = magnitudes[Math.min(magnitudes.length - 1, Math.floor(percentile * (magnitudes.length - 1)))];
  return at > 0 ? at : Math.max(magnitudes[magnitudes.length - 1], 1e-12);
}

/**
 * The map as a standalone SVG heatmap: parameters as rows, outputs as columns grouped by
 * analysis; loads in % per 10%, the reach in cm per 10%, each with its own colour scale
 * (saturating at the 95th percentile of |values| unless `options.limits` says otherwise).
 */
export function interdependenceHeatmap(map: InterdependenceMap, options: HeatmapOptions = {}): string {
  const columnUnits = map.columns.map((column) => (column.output.change === 'absolute' ? 'cm per 10%' : '% per 10%'));
  const values: number[] = [];
  const low: number[] = [];
  const high: number[] = [];
  const notes: string[] = [];
  for (const row of map.rows) {
    for (const cell of row.cells) {
      values.push(cell.value);
      low.push(cell.low);
      high.push(cell.high);
      notes.push(cell.note);
    }
  }
  const limits: Record<string, number> = {};
  for (const unit of new Set(columnUnits)) {
    limits[unit] = robustLimit(
      values.filter((_, i) => columnUnits[i % map.columns.length] === unit),
      0.95,
    );
  }
  const groups = (['standing', 'toe-touch'] as const)
    .map((analysis) => {
      const start = map.columns.findIndex((column) => column.analysis === analysis);
      const count = map.columns.filter((column) => column.analysis === analysis).length;
      return { label: analysis === 'standing' ? 'Standing' : 'Toe-touch', start, count };
    })
    .filter((entry) => entry.count > 0);
  return heatmapSvg(
    {
      title: 'Regional interdependence: sensitivity of each regional output',
      subtitle:
        `Change of each output per 10% tightening (stiffness +10%, slack length -10%, F0 +10%) or 10% more severe impairment; ` +
        `central differences at +-${(map.settings.step * 100).toFixed(1)}% (slack lengths +-${(map.settings.slackLengthStep * 100).toFixed(1)}%), ` +
        (map.bodies.length > 1 ? `intervals over ${map.bodies.length} bodies (hover a cell). ` : 'nominal body only. ') +
        'Model predictions.',
      rowLabels: map.rows.map((row) => row.parameter.shortLabel),
      columnLabels: map.columns.map((column) => column.shortLabel),
      columnGroups: groups,
      columnUnits,
      values,
      low,
      high,
      notes,
      unit: '% per 10%',
    },
    { limits, ...options },
  );
}
