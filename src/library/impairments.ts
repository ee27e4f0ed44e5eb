/**
 * The impairment catalogue: each entry is a documented change of the body or of the
 * scenario's limits, with a severity scale whose `neutral` value changes nothing, and its
 * sources or stated assumptions. Every entry is built for one side (right by default);
 * `impairmentCatalogue('l')` gives the left-side versions under the same names.
 *
 * Entries that change the body are calibrated with the body's own mechanics where the
 * clinical severity is a measured range: tight-heel-cord and tight-hamstrings shorten the
 * muscle group until the clinical test gives the requested range on the compiled body
 * (clinical-range-tests.ts). They only tighten: a severity at or above the body's own range
 * changes nothing.
 */
import { KinechainError } from '../core/errors.js';
import type { ModelSpec } from '../spec/schema.js';
import {
  dorsiflexionTest,
  hamstringMuscles,
  KNEE_EXTENDED_DORSIFLEXION_NORM,
  referenceEndRangeTorqueNm,
  STRAIGHT_LEG_RAISE_NORM,
  straightLegRaiseTest,
  tightenMusclesToEndRange,
  tricepsSuraeMuscles,
} from './clinical-range-tests.js';
import { defineModifier, scaleEntry, type ModifierChange } from './define-modifier.js';
import { literature, type LiteratureValue } from './literature-value.js';
import type { ModifierDefinition, Scenario, Side } from './scenario.js';
import { scaleSlackLength, scaleStiffness, shortenSegment } from './spec-edits.js';

const DEG = Math.PI / 180;

const SIDE_WORD: Record<Side, string> = { r: 'right', l: 'left' };

/** Body weight (N) of a spec: the subject's mass if given, else the sum of the body masses, times |gravity|. */
export function bodyWeightN(spec: ModelSpec): number {
  const massKg = spec.subject?.massKg ?? spec.bodies.reduce((sum, body) => sum + body.massKg, 0);
  const [gx, gy, gz] = spec.gravity;
  return massKg * Math.hypot(gx, gy, gz);
}

/** Upper end of a coordinate's range in a spec (rad), or undefined if the spec has no such coordinate. */
function coordinateMax(spec: ModelSpec, coordinateName: string): number | undefined {
  for (const body of spec.bodies) {
    if (!('coordinates' in body.joint)) continue;
    const coordinate = body.joint.coordinates.find((c) => c.name === coordinateName);
    if (coordinate !== undefined) return coordinate.range[1];
  }
  return undefined;
}

function withFootLoading(
  scenario: Scenario,
  field: 'maxFootLoadFraction' | 'maxHeelLoadFraction',
  side: Side,
  factor: number,
): Scenario {
  if (factor === 1) return scenario;
  const current = scenario.footLoading[field];
  const updated = side === 'r' ? { r: current.r * factor, l: current.l } : { r: current.r, l: current.l * factor };
  return { ...scenario, footLoading: { ...scenario.footLoading, [field]: updated } };
}

// ---------------------------------------------------------------------------------
// Tight plantar fascia
// ---------------------------------------------------------------------------------

const PLANTAR_FASCIA_MAX_SHORTENING_PERCENT = 3;

export function tightPlantarFascia(side: Side = 'r'): ModifierDefinition {
  const tissue = `plantar_fascia_${side}`;
  return defineModifier({
    name: 'tight-plantar-fascia',
    kind: 'impairment',
    title: `Tight plantar fascia (${SIDE_WORD[side]})`,
    description:
      'A shorter and stiffer plantar aponeurosis: its slack length is shortened by the severity (percent) and its axial ' +
      'stiffness rises in proportion, reaching the pathological/healthy modulus ratio at the top of the scale. The windlass ' +
      'then tensions it earlier in toe dorsiflexion and it carries more of the arch load.',
    source:
      'Stiffness: plantar fascia modulus healthy 10-14 MPa, pathological (diabetic, Ledderhose) up to 25-30 MPa (Appl Sci 2021, ' +
      '11:1517), i.e. 1.8-3 times stiffer. Shortening: assumption (no measurement of plantar fascia slack length in disease ' +
      'exists); up to 3%, the order of the fascia\'s strain in standing, so the most severe level about doubles its standing strain.',
    severity: {
      default: 1,
      min: 0,
      max: PLANTAR_FASCIA_MAX_SHORTENING_PERCENT,
      unit: '%',
      meaning: `shortening of the ${SIDE_WORD[side]} plantar fascia slack length (percent; stiffness rises with it)`,
      neutral: 0,
    },
    parameters: {
      modulusRatioAtMaxSeverity: literature(
        2.3,
        'ratio',
        'Appl Sci 2021, 11:1517: pathological 25-30 MPa vs healthy 10-14 MPa; 25/14 = 1.8 to 30/10 = 3.0, nominal 27.5/12 = 2.3',
        [1.8, 3.0],
      ),
    },
    change(scenario, severity, parameters) {
      const relative = severity / PLANTAR_FASCIA_MAX_SHORTENING_PERCENT;
      const stiffnessFactor = 1 + relative * (parameters.modulusRatioAtMaxSeverity - 1);
      const shortened = scaleSlackLength(scenario.spec, tissue, 1 - severity / 100);
      const spec = scaleStiffness(shortened, tissue, stiffnessFactor);
      return { scenario: spec === scenario.spec ? scenario : { ...scenario, spec }, derived: { stiffnessFactor } };
    },
  });
}

// ---------------------------------------------------------------------------------
// Tight heel cord (gastrocnemius-soleus) and tight hamstrings
// ---------------------------------------------------------------------------------

/**
 * Shared calibration of tight-heel-cord and tight-hamstrings: the end-range torque is the
 * reference body's resisting torque at the normative range (clinical-range-tests.ts); the
 * muscle group is then shortened until the scenario's body reaches that torque at the
 * requested angle.
 */
function tightenToClinicalRange(
  scenario: Scenario,
  coordinate: string,
  makeTest: (endRangeTorqueNm: number) => ReturnType<typeof dorsiflexionTest>,
  targetDeg: number,
  normalRangeDeg: number,
  muscles: readonly string[],
): ModifierChange {
  const target = targetDeg * DEG;
  const limit = coordinateMax(scenario.spec, coordinate);
  if (limit === undefined) {
    throw new KinechainError('UNKNOWN_NAME', `the body has no coordinate "${coordinate}" for this clinical test`, { coordinate });
  }
  // A range at or beyond the joint's limit is no tightness: the joint stops the test there.
  if (target >= limit) return { scenario, derived: { fibreShorteningFraction: 0 } };
  const endRangeTorqueNm = referenceEndRangeTorqueNm(scenario.spec, makeTest(1), normalRangeDeg * DEG);
  const result = tightenMusclesToEndRange(scenario.spec, makeTest(endRangeTorqueNm), target, muscles);
  return {
    scenario: result.spec === scenario.spec ? scenario : { ...scenario, spec: result.spec },
    derived: {
      endRangeTorqueNm,
      fibreShorteningFraction: result.fibreShorteningFraction,
      resistanceBeforeNm: result.resistanceBeforeNm,
    },
  };
}

export function tightHeelCord(side: Side = 'r'): ModifierDefinition {
  return defineModifier({
    name: 'tight-heel-cord',
    kind: 'impairment',
    title: `Tight heel cord (${SIDE_WORD[side]} gastrocnemius-soleus)`,
    description:
      'A shortened triceps surae. The severity is the passive ankle dorsiflexion range with the knee extended (deg), as the ' +
      'knee-extended dorsiflexion test measures it. The gastrocnemii and soleus are shortened by the same fraction of their ' +
      'optimal fibre length until, on the compiled body, the relaxed tissues resist the test with the end-range torque exactly ' +
      'at that angle. The end-range torque is the one the unimpaired reference body resists with at the normative range, so ' +
      'the reference body itself tests at the norm. With the knee flexed the gastrocnemii slacken and the range is larger. ' +
      'Tightening only: a severity at or above the body\'s own range (or at the joint limit, the neutral value) changes nothing.',
    source:
      'Knee-extended dorsiflexion test: Bolivar et al. 2013, Foot Ankle Int 34:42 (plantar fasciitis vs controls, sensitivity ' +
      '100%, specificity 96%). Equinus: no dorsiflexion past neutral with the knee extended (DiGiovanni et al. 2002, J Bone ' +
      'Joint Surg Am 84:962). Normative range: KNEE_EXTENDED_DORSIFLEXION_NORM (Baumbach et al. 2014; Boone & Azen 1979). ' +
      'End-range torque calibrated on the reference body at that norm (clinical-range-tests.ts). Equal shortening in optimal ' +
      'fibre lengths for the three muscles: assumption (a contracture of the muscle bellies).',
    severity: {
      default: 0,
      min: -20,
      max: 30,
      unit: 'deg',
      meaning: `knee-extended passive dorsiflexion range of the ${SIDE_WORD[side]} ankle (deg; 30 = the joint limit, no tightness)`,
      neutral: 30,
    },
    parameters: { normalRangeDeg: KNEE_EXTENDED_DORSIFLEXION_NORM },
    change(scenario, severity, parameters): ModifierChange {
      return tightenToClinicalRange(
        scenario,
        `ankle_angle_${side}`,
        (torque) => dorsiflexionTest(side, torque),
        severity,
        parameters.normalRangeDeg,
        tricepsSuraeMuscles(scenario.spec, side),
      );
    },
  });
}

export function tightHamstrings(side: Side = 'r'): ModifierDefinition {
  return defineModifier({
    name: 'tight-hamstrings',
    kind: 'impairment',
    title: `Tight hamstrings (${SIDE_WORD[side]})`,
    description:
      'Shortened hamstrings (biceps femoris long head, semitendinosus, semimembranosus). The severity is the passive ' +
      'straight-leg-raise angle (hip flexion with the knee extended, deg). The three muscles are shortened by the same ' +
      'fraction of their optimal fibre length until, on the compiled body, the relaxed tissues resist the raise with the ' +
      'end-range torque exactly at that angle; the end-range torque is the one the unimpaired reference body resists with at ' +
      'the normative SLR. Tightening only: a severity at or above the body\'s own SLR (or at the hip flexion limit, the neutral ' +
      'value) changes nothing.',
    source:
      'Straight-leg raise: Bolivar et al. 2013, Foot Ankle Int 34:42 (SLR sensitivity 94%, specificity 82% for plantar fasciitis); ' +
      'hamstring tightness made plantar fasciitis about 8.7 times as likely (Labovitz et al. 2011, Foot Ankle Spec 4:141). ' +
      'Normative SLR: STRAIGHT_LEG_RAISE_NORM (Gajdosik et al. 1990: 74 deg normal, 61 deg in short hamstrings). End-range ' +
      'torque calibrated on the reference body at that norm. Equal shortening in optimal fibre lengths: assumption.',
    severity: {
      default: 61,
      min: 20,
      max: 120,
      unit: 'deg',
      meaning: `passive straight-leg-raise angle of the ${SIDE_WORD[side]} leg (deg; 120 = the hip flexion limit, no tightness)`,
      neutral: 120,
    },
    parameters: { normalRangeDeg: STRAIGHT_LEG_RAISE_NORM },
    change(scenario, severity, parameters): ModifierChange {
      return tightenToClinicalRange(
        scenario,
        `hip_flexion_${side}`,
        (torque) => straightLegRaiseTest(side, torque),
        severity,
        parameters.normalRangeDeg,
        hamstringMuscles(side),
      );
    },
  });
}

// ---------------------------------------------------------------------------------
// Painful heel (plantar fasciitis)
// ---------------------------------------------------------------------------------

export function painfulHeel(side: Side = 'r'): ModifierDefinition {
  return defineModifier({
    name: 'painful-heel',
    kind: 'impairment',
    title: `Painful heel (${SIDE_WORD[side]} plantar fasciitis)`,
    description:
      'Heel pain limits how much of the foot\'s load the heel accepts (scenario.footLoading.maxHeelLoadFraction) and lowers the ' +
      'tension the plantar fascia tolerates in a stretch (scenario.stretchToleranceScale). Both fall linearly with the severity ' +
      'from no limit (0) to the most painful level (1).',
    source:
      'assumption: no study gives load limits by pain level. In quiet standing the heel carries about 60% of the foot\'s load ' +
      '(Cavanagh et al. 1987, Foot Ankle 7:262); at the most painful level the heel is assumed to accept 15-45% of it. Tolerance ' +
      'of the plantar fascia assumed lowered by 20-60% at the most painful level.',
    severity: { default: 0.5, min: 0, max: 1, unit: 'fraction', meaning: `heel pain, 0 = none, 1 = most severe (${SIDE_WORD[side]})`, neutral: 0 },
    parameters: {
      heelLoadFractionAtMaxSeverity: literature(
        0.3,
        'fraction of the foot load',
        'assumption: below the ~60% the heel carries in quiet standing (Cavanagh et al. 1987, Foot Ankle 7:262)',
        [0.15, 0.45],
      ),
      fasciaToleranceLossAtMaxSeverity: literature(0.4, 'fraction', 'assumption: pain lowers the tolerated stretch of the fascia', [0.2, 0.6]),
    },
    change(scenario, severity, parameters) {
      const heelFactor = 1 - severity * (1 - parameters.heelLoadFractionAtMaxSeverity);
      const toleranceFactor = 1 - severity * parameters.fasciaToleranceLossAtMaxSeverity;
      const unloaded = withFootLoading(scenario, 'maxHeelLoadFraction', side, heelFactor);
      const stretchToleranceScale = scaleEntry(unloaded.stretchToleranceScale, `plantar_fascia_${side}`, toleranceFactor);
      return {
        scenario: stretchToleranceScale === unloaded.stretchToleranceScale ? unloaded : { ...unloaded, stretchToleranceScale },
      };
    },
  });
}

// ---------------------------------------------------------------------------------
// Weight shifted off one foot: forefoot fracture, walking boot
// ---------------------------------------------------------------------------------

function footUnloading(
  name: 'forefoot-fracture' | 'walking-boot',
  side: Side,
  title: string,
  description: string,
  source: string,
  loadAtMax: LiteratureValue,
): ModifierDefinition {
  return defineModifier({
    name,
    kind: 'impairment',
    title: `${title} (${SIDE_WORD[side]})`,
    description,
    source,
    severity: {
      default: 1,
      min: 0,
      max: 1,
      unit: 'fraction',
      meaning: `how much the ${SIDE_WORD[side]} foot is spared, 0 = not at all, 1 = as much as the condition demands`,
      neutral: 0,
    },
    parameters: { footLoadFractionAtMaxSeverity: loadAtMax },
    change(scenario, severity, parameters) {
      const factor = 1 - severity * (1 - parameters.footLoadFractionAtMaxSeverity);
      return { scenario: withFootLoading(scenario, 'maxFootLoadFraction', side, factor) };
    },
  });
}

export function forefootFracture(side: Side = 'r'): ModifierDefinition {
  return footUnloading(
    'forefoot-fracture',
    side,
    'Forefoot fracture',
    'A metatarsal (forefoot) fracture: the foot accepts only part of the body weight in standing ' +
      '(scenario.footLoading.maxFootLoadFraction), falling linearly with the severity to the protected-weight-bearing level.',
    'assumption: protected weight bearing after metatarsal fractures ranges from touch-down (about 10-20% of body weight) to ' +
      'partial (about 50%); in quiet standing each foot normally carries about half the body weight',
    literature(0.25, 'fraction of body weight', 'assumption: protected weight bearing, touch-down to partial', [0.1, 0.5]),
  );
}

export function walkingBoot(side: Side = 'r'): ModifierDefinition {
  return footUnloading(
    'walking-boot',
    side,
    'Walking boot',
    'A walking boot (controlled ankle motion boot): the person spares the booted foot in standing ' +
      '(scenario.footLoading.maxFootLoadFraction). The boot\'s sole height (a functional leg-length difference) is not part of ' +
      'this entry: add leg-length-difference on the other side to model it.',
    'assumption: people stand asymmetrically in a boot and put less than half their weight on it; the booted foot is assumed ' +
      'to accept at most 30-50% of body weight at full severity',
    literature(0.4, 'fraction of body weight', 'assumption: standing in a walking boot', [0.3, 0.5]),
  );
}

// ---------------------------------------------------------------------------------
// Achilles tendinitis
// ---------------------------------------------------------------------------------

/** Peak Achilles tendon force in running, about 9 kN or 12.5 body weights (Komi 1990, J Biomech 23 Suppl 1:23). */
const ACHILLES_RUNNING_PEAK_BW = 12.5;

export function achillesTendinitis(side: Side = 'r'): ModifierDefinition {
  const tendon = `achilles_tendon_${side}`;
  return defineModifier({
    name: 'achilles-tendinitis',
    kind: 'impairment',
    title: `Achilles tendinitis (${SIDE_WORD[side]})`,
    description:
      `Pain limits the force the ${SIDE_WORD[side]} Achilles tendon may carry (scenario.tissueForceLimitN["${tendon}"], N). The ` +
      'limit falls log-linearly with the severity from the peak force of running (12.5 body weights, which nothing in standing ' +
      'approaches) to the most painful level; severity 0 sets no limit.',
    source:
      'Running peak: about 9 kN, 12.5 body weights (Komi 1990, J Biomech 23 Suppl 1:23). Most painful level: assumption, about 1 ' +
      'body weight (0.5-2): pain already in walking, so loads beyond those of standing and slow walking are avoided.',
    severity: { default: 0.5, min: 0, max: 1, unit: 'fraction', meaning: 'tendon pain, 0 = none, 1 = most severe', neutral: 0 },
    parameters: {
      forceLimitAtMaxSeverityBW: literature(
        1,
        'body weights',
        'assumption: at the most painful level the tendon tolerates about standing and slow-walking loads',
        [0.5, 2],
      ),
    },
    change(scenario, severity, parameters) {
      if (severity === 0) return { scenario };
      const limitBW = Math.exp((1 - severity) * Math.log(ACHILLES_RUNNING_PEAK_BW) + severity * Math.log(parameters.forceLimitAtMaxSeverityBW));
      const limitN = limitBW * bodyWeightN(scenario.spec);
      const existing = scenario.tissueForceLimitN[tendon];
      const combined = existing === undefined ? limitN : Math.min(existing, limitN);
      return { scenario: { ...scenario, tissueForceLimitN: { ...scenario.tissueForceLimitN, [tendon]: combined } }, derived: { limitN: combined } };
    },
  });
}

// ---------------------------------------------------------------------------------
// Leg-length difference
// ---------------------------------------------------------------------------------

export function legLengthDifference(side: Side = 'r'): ModifierDefinition {
  return defineModifier({
    name: 'leg-length-difference',
    kind: 'impairment',
    title: `Leg-length difference (${SIDE_WORD[side]} leg shorter)`,
    description:
      `A structural leg-length difference: the ${SIDE_WORD[side]} tibia is shortened by the severity (cm) along its long axis, ` +
      'with its ankle joint, centre of mass and the tissue attachments fixed in it moved proportionally ' +
      '(spec-edits.ts shortenSegment). Tissues whose slack length the body derives from the reference pose adapt to the shorter ' +
      'bone (a lifelong difference); the short leg\'s foot hangs above the floor in the reference pose until an analysis lets ' +
      'the pelvis drop to that side.',
    source:
      'assumption: the whole difference is placed in the shank. Anatomical differences of a few millimetres are common and ' +
      'above about 2 cm are considered clinically relevant (Knutson 2005, Chiropr Osteopat 13:11).',
    severity: { default: 1, min: 0, max: 5, unit: 'cm', meaning: `how much shorter the ${SIDE_WORD[side]} leg is (cm)`, neutral: 0 },
    parameters: {},
    change(scenario, severity) {
      const spec = shortenSegment(scenario.spec, `tibia_${side}`, severity / 100);
      return { scenario: spec === scenario.spec ? scenario : { ...scenario, spec } };
    },
  });
}

// ---------------------------------------------------------------------------------
// Catalogue
// ---------------------------------------------------------------------------------

export const IMPAIRMENT_FACTORIES: Readonly<Record<string, (side?: Side) => ModifierDefinition>> = Object.freeze({
  'tight-plantar-fascia': tightPlantarFascia,
  'tight-heel-cord': tightHeelCord,
  'tight-hamstrings': tightHamstrings,
  'painful-heel': painfulHeel,
  'forefoot-fracture': forefootFracture,
  'walking-boot': walkingBoot,
  'achilles-tendinitis': achillesTendinitis,
  'leg-length-difference': legLengthDifference,
});

const catalogues: Partial<Record<Side, readonly ModifierDefinition[]>> = {};

/** Every impairment, built for one side (right by default). */
export function impairmentCatalogue(side: Side = 'r'): readonly ModifierDefinition[] {
  let catalogue = catalogues[side];
  if (catalogue === undefined) {
    catalogue = Object.freeze(Object.values(IMPAIRMENT_FACTORIES).map((factory) => factory(side)));
    catalogues[side] = catalogue;
  }
  return catalogue;
}

