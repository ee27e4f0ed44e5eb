/**
 * The intervention catalogue: short-term treatments as documented changes of model
 * parameters, each an uncertain parameter with a range. Severity is the dose, as the
 * fraction of one session of the studied protocol (0 = not done, the neutral value; 1 = a
 * full session); effects scale linearly with it and are never extrapolated past the
 * studied dose. Every entry is built for one side (right by default).
 *
 * Two kinds of change, kept apart because the literature keeps them apart:
 * - tissue mechanics (stiffness, tone): changes of the body spec;
 * - stretch tolerance: how much tension the person accepts at the end of a stretch
 *   (scenario.stretchToleranceScale). Range gains after stretching come mostly from
 *   tolerance, not from lower stiffness (Magnusson et al. 1996; Ylinen et al. 2009).
 * The ranges of motion an analysis predicts come out of the mechanics from these inputs.
 */
import { KinechainError } from '../core/errors.js';
import type { ModelSpec } from '../spec/schema.js';
import { hamstringMuscles, tricepsSuraeMuscles } from './clinical-range-tests.js';
import { defineModifier, scaleEntry } from './define-modifier.js';
import { literature, type LiteratureValue } from './literature-value.js';
import type { ModifierDefinition, Scenario, Side } from './scenario.js';
import { scaleStiffness } from './spec-edits.js';

const SIDE_WORD: Record<Side, string> = { r: 'right', l: 'left' };

const SESSION_SCALE = (what: string) =>
  ({ default: 1, min: 0, max: 1, unit: 'fraction', meaning: `dose as a fraction of one ${what} session`, neutral: 0 }) as const;

/** The tissues of the superficial back line instance of a side, from the body's line catalogue. */
export function superficialBackLineTissues(spec: ModelSpec, side: Side): string[] {
  const line = spec.lines.find((candidate) => candidate.name === `superficial_back_line_${side}`);
  if (line === undefined) {
    throw new KinechainError(
      'UNKNOWN_NAME',
      `the body has no line "superficial_back_line_${side}"; plantar release acts along the superficial back line`,
      { line: `superficial_back_line_${side}` },
    );
  }
  return line.tracks.map((track) => track.tissue);
}

/** Multiplies stretchToleranceScale of each tissue by `factor` (absent = 1). */
function scaleTolerance(scenario: Scenario, tissues: readonly string[], factor: number): Scenario {
  if (factor === 1) return scenario;
  let scale = scenario.stretchToleranceScale;
  for (const tissue of tissues) scale = scaleEntry(scale, tissue, factor);
  return { ...scenario, stretchToleranceScale: scale };
}

function withSpec(scenario: Scenario, spec: ModelSpec): Scenario {
  return spec === scenario.spec ? scenario : { ...scenario, spec };
}

// ---------------------------------------------------------------------------------
// Plantar self-release with a ball
// ---------------------------------------------------------------------------------

/**
 * Upper end of the tolerance gain along the superficial back line after one plantar
 * release session. Reasoning (the model must not promise more than the trials support):
 * the pooled remote effect of superficial back line techniques vs sham is SMD 0.23 (95% CI
 * -0.09 to 0.55; Burk et al. 2020, J Sport Rehabil 29:650), about 1-3 cm of sit-and-reach
 * with a between-person SD of about 8-10 cm; the upper confidence limit is about 4-5 cm.
 * The two plantar-release trials (Grieve et al. 2015, J Bodyw Mov Ther, n = 24; Do et al.
 * 2018, Phys Ther Rehabil Sci 7:35, n = 31) were small and sit inside that pooled estimate,
 * and Grabow et al. 2017 (J Sports Sci Med 16:209) found no effect once the repeat-test gain
 * was removed. A tolerance gain of a few percent at the end of a forward bend moves the end
 * point by about one degree of hip flexion per 5-10% of tolerated tension on the default
 * body (when both feet are released: with one foot only, the other side still stops the
 * bend, as Grabow et al. found), i.e. well under 2 cm of reach per 5%. A range of -1% to 8%
 * with 2.5% nominal keeps the predicted reach gain inside Burk's interval (a toe-touch test
 * checks: about 0-2 cm with both feet released), and its lower end, slightly below zero as
 * Burk's interval is, keeps "no effect" inside the prediction.
 */
const BACK_LINE_TOLERANCE_GAIN: LiteratureValue = literature(
  0.025,
  'fraction',
  'assumption bounded by the trials: Burk et al. 2020, J Sport Rehabil 29:650 (SMD 0.23, 95% CI -0.09 to 0.55, about 1-3 cm ' +
    'of sit-and-reach); Grieve et al. 2015 and Do et al. 2018 small positive trials; Grabow et al. 2017 no effect beyond ' +
    'repeat testing. -1% to 8% tolerated tension keeps the predicted reach gain within the pooled interval and, like it, ' +
    'includes no effect',
  [-0.01, 0.08],
);

export function plantarReleaseBall(side: Side = 'r'): ModifierDefinition {
  const fascia = `plantar_fascia_${side}`;
  const intrinsic = `flexor_digitorum_brevis_${side}`;
  return defineModifier({
    name: 'plantar-release-ball',
    kind: 'intervention',
    title: `Plantar self-release with a ball (${SIDE_WORD[side]} foot)`,
    description:
      'Rolling the sole over a ball for a few minutes. Short-term effects modelled: lower tone of the short toe flexor ' +
      `(${intrinsic}, scenario.restingActivation), slightly lower plantar fascia stiffness, and a small rise of the stretch ` +
      `tolerance of the ${SIDE_WORD[side]} superficial back line tissues (plantar fascia to scalp). Any remote effect on a ` +
      'forward bend is computed through the mechanics from these inputs and stays within what the trials support.',
    source:
      'Grieve et al. 2015, J Bodyw Mov Ther (pilot RCT, n = 24: sit-and-reach improved vs no therapy, p = 0.03); Do, Kim & Yim ' +
      '2018, Phys Ther Rehabil Sci 7:35 (n = 31: toe-touch and SLR improved vs sham); Burk et al. 2020, J Sport Rehabil 29:650 ' +
      '(pooled remote effect SMD 0.23, 95% CI -0.09 to 0.55, not significant); Grabow et al. 2017, J Sports Sci Med 16:209 ' +
      '(unilateral foot rolling: no effect beyond the repeat-test gain). Tone and stiffness changes: assumptions with wide ranges.',
    severity: SESSION_SCALE('2-5 minute plantar rolling'),
    parameters: {
      intrinsicToneReduction: literature(
        0.2,
        'fraction of resting activation',
        'assumption: massage-like pressure lowers resting tone of the plantar intrinsics for a short time; no measurement exists',
        [0, 0.5],
      ),
      plantarFasciaStiffnessReduction: literature(
        0.03,
        'fraction',
        'assumption: a transient viscoelastic (not structural) change of the fascia after a few minutes of loading; small',
        [0, 0.1],
      ),
      backLineToleranceGain: BACK_LINE_TOLERANCE_GAIN,
    },
    change(scenario, dose, parameters) {
      const spec = scaleStiffness(scenario.spec, fascia, 1 - dose * parameters.plantarFasciaStiffnessReduction);
      let next = withSpec(scenario, spec);
      const tone = next.restingActivation[intrinsic];
      const toneFactor = 1 - dose * parameters.intrinsicToneReduction;
      if (tone !== undefined && toneFactor !== 1) next = { ...next, restingActivation: { ...next.restingActivation, [intrinsic]: tone * toneFactor } };
      next = scaleTolerance(next, superficialBackLineTissues(scenario.spec, side), 1 + dose * parameters.backLineToleranceGain);
      return { scenario: next };
    },
  });
}

// ---------------------------------------------------------------------------------
// Static stretching
// ---------------------------------------------------------------------------------

/**
 * Acute loss of muscle-tendon stiffness after static stretching: -10 to -21% (Kay et al.
 * 2015, Med Sci Sports Exerc 47:2181, plantarflexors). It is viscoelastic stress relaxation
 * (hamstring resistance relaxes over the first 45 s of a 90 s stretch, Magnusson et al.
 * 1995), a transient viscoelastic effect: a short-term change only.
 */
const ACUTE_STIFFNESS_REDUCTION: LiteratureValue = literature(
  0.155,
  'fraction',
  'Kay et al. 2015, Med Sci Sports Exerc 47:2181: acute muscle-tendon stiffness -10 to -21% after static stretching; transient ' +
    'stress relaxation (Magnusson et al. 1995)',
  [0.1, 0.21],
);

function staticStretch(
  name: 'calf-stretch' | 'hamstring-stretch',
  side: Side,
  title: string,
  musclesOf: (spec: ModelSpec) => string[],
  extraTolerance: (side: Side) => string[],
  source: string,
  stiffnessReduction: LiteratureValue,
  toleranceGain: LiteratureValue,
): ModifierDefinition {
  return defineModifier({
    name,
    kind: 'intervention',
    title: `${title} (${SIDE_WORD[side]})`,
    description:
      'One session of static stretching. Short-term effects: lower passive stiffness of the stretched muscles (their passive ' +
      'fibre curves become more compliant at equal force) and a higher stretch tolerance (scenario.stretchToleranceScale). ' +
      'The range-of-motion gain follows from the mechanics of both.',
    source,
    severity: SESSION_SCALE('static stretching (about 4 x 30 s)'),
    parameters: { stiffnessReduction, toleranceGain },
    change(scenario, dose, parameters) {
      const muscles = musclesOf(scenario.spec);
      const spec = scaleStiffness(scenario.spec, muscles, 1 - dose * parameters.stiffnessReduction);
      const next = scaleTolerance(withSpec(scenario, spec), [...muscles, ...extraTolerance(side)], 1 + dose * parameters.toleranceGain);
      return { scenario: next };
    },
  });
}

export function calfStretch(side: Side = 'r'): ModifierDefinition {
  return staticStretch(
    'calf-stretch',
    side,
    'Calf stretch',
    (spec) => tricepsSuraeMuscles(spec, side),
    (s) => [`achilles_tendon_${s}`],
    'Kay et al. 2015, Med Sci Sports Exerc 47:2181 (acute static stretching of the plantarflexors: dorsiflexion range +2.5 to ' +
      '5.3 deg, muscle-tendon stiffness -10 to -21%); Magnusson et al. 1995 (stress relaxation within a stretch). Tolerance gain: ' +
      'calibrated, 10-50% with 30% nominal, so that together with Kay\'s stiffness loss the knee-extended dorsiflexion gain ' +
      'predicted on the default body (end-range torque of the reference body at the normative 4 deg) spans about 1.8-6.2 deg ' +
      'with 4 deg nominal, matching Kay\'s 2.5-5.3 deg (checked by a test)',
    ACUTE_STIFFNESS_REDUCTION,
    literature(
      0.3,
      'fraction',
      'calibrated against Kay et al. 2015 (dorsiflexion +2.5 to 5.3 deg acutely): the part of the range gain the stiffness loss ' +
        'alone does not explain is attributed to tolerance, as stretching studies find (Magnusson et al. 1996; Ylinen et al. 2009)',
      [0.1, 0.5],
    ),
  );
}

export function hamstringStretch(side: Side = 'r'): ModifierDefinition {
  return staticStretch(
    'hamstring-stretch',
    side,
    'Hamstring stretch',
    () => hamstringMuscles(side),
    () => [],
    'Magnusson et al. 1995 (hamstring resistance relaxes over the first 45 s of a 90 s stretch, a transient viscoelastic effect); ' +
      'Ylinen et al. 2009, J Rehabil Med 41:80 (4 weeks of stretching: SLR +17 deg and +19 N tolerated force with no change in ' +
      'compliance, i.e. hamstring range gains come from tolerance). Stiffness loss and tolerance gain: assumptions, 0-5% and ' +
      '0-12%; Kay et al. 2015\'s plantarflexor stiffness loss (10-21%) is not transferred whole because a uniform compliance ' +
      'change acts over the whole straight-leg-raise arc (on the default body, calibrated to Riener & Edrich 1999 passive ' +
      'moments, 4% alone adds about 5.6 deg and 8% tolerance alone about 5 deg); nominal values give about +6 deg of SLR on ' +
      'the default body (a model prediction: no acute hamstring value was found to calibrate against)',
    literature(
      0.02,
      'fraction',
      'assumption: acute passive stiffness loss of the hamstrings, smaller than Kay et al. 2015 measured in the plantarflexors, since ' +
        'hamstring range gains are dominated by tolerance (Magnusson et al. 1996; Ylinen et al. 2009)',
      [0, 0.05],
    ),
    literature(0.05, 'fraction', 'assumption: acute rise of tolerated tension after one session (Ylinen et al. 2009: gains are tolerance)', [0, 0.12]),
  );
}

// ---------------------------------------------------------------------------------
// Catalogue
// ---------------------------------------------------------------------------------

export const INTERVENTION_FACTORIES: Readonly<Record<string, (side?: Side) => ModifierDefinition>> = Object.freeze({
  'plantar-release-ball': plantarReleaseBall,
  'calf-stretch': calfStretch,
  'hamstring-stretch': hamstringStretch,
});

const catalogues: Partial<Record<Side, readonly ModifierDefinition[]>> = {};

/** Every intervention, built for one side (right by default). */
export function interventionCatalogue(side: Side = 'r'): readonly ModifierDefinition[] {
  let catalogue = catalogues[side];
  if (catalogue === undefined) {
    catalogue = Object.freeze(Object.values(INTERVENTION_FACTORIES).map((factory) => factory(side)));
    catalogues[side] = catalogue;
  }
  return catalogue;
}
