/**
 * The arch of a default-body foot in the gait analysis, balanced as the stance-phase
 * analysis balances it (analyses/stance-phase.ts step 4): a truss tied by the plantar
 * fascia and the plantar ligaments. The moment M (N m, > 0 flattens the arch) that the
 * ties must carry about the midtarsal joint is what the loads require there less what
 * the optimised muscles supply. The fascia resists with F(L) r, F its tension-only law
 * at its path length L(angle) (the model's own passive law and slack length) and r =
 * dL/d(angle); the long and short plantar and spring ligaments (library/plantar-
 * ligaments.ts, library/tissues/plantar-ligament-moment.ts) with their springs below the
 * joint. The midtarsal angle is the root of
 *
 *   h(angle) = M - F(angle) r(angle) - M_ligaments(angle),
 *
 * which falls as the arch flattens (bisection to ARCH_ANGLE_TOLERANCE_RAD on the joint's
 * range); if h stays positive to the end of the range, the joint's stop carries the rest.
 * Unlike the stance phase, M is held at its value at the reference arch angle (the
 * contact is not re-solved at each trial angle: the gait's ground reaction is a point
 * force at the centre of pressure, whose moment changes little over a few degrees of
 * arch motion). The intrinsic and extrinsic toe and arch muscles not represented in the
 * optimisation are not in the balance, so the shares are upper estimates.
 *
 * Evaluations move the forefoot and toes in data (placeBodies) and restore them.
 */
import { KinechainError } from '../core/errors.js';
import { forwardKinematics } from '../core/kinematics/forward-kinematics.js';
import { placeBodies } from '../core/kinematics/joint-transform.js';
import type { Model, Data } from '../core/model/model.js';
import { tissuePathLength } from '../core/paths/path-length.js';
import { passiveElasticForce } from '../core/tissues/passive-law.js';
import { defaultPlantarLigaments, type PlantarLigamentParameters } from '../library/plantar-ligaments.js';
import { plantarLigamentMoment } from '../library/tissues/plantar-ligament-moment.js';

/** Bisection ends when the bracket is narrower than this (rad). */
export const ARCH_ANGLE_TOLERANCE_RAD = 1e-9;

export interface ArchBalanceFoot {
  readonly midtarsal: number;
  readonly forefoot: number;
  readonly toes: number;
  readonly fascia: number;
}

export interface ArchBalance {
  readonly foot: ArchBalanceFoot;
  readonly ligaments: readonly PlantarLigamentParameters[];
  /** [low, high] of the midtarsal coordinate (rad). */
  readonly range: readonly [number, number];
  /** Whether placing forefoot..toes alone is enough (the two are consecutive bodies). */
  readonly footTailOnly: boolean;
}

/** The balance's outcome (N, N m, rad). */
export interface ArchBalanceResult {
  angleRad: number;
  fasciaTensionN: number;
  fasciaMomentNm: number;
  ligamentMomentNm: number;
  /** What the joint's stop carries (N m; 0 unless the range end is reached). */
  stopMomentNm: number;
}

export function makeArchBalance(model: Model, foot: ArchBalanceFoot, ligaments: readonly PlantarLigamentParameters[] = defaultPlantarLigaments()): ArchBalance {
  if (!(model.passiveSlackLength[foot.fascia] > 0)) {
    throw new KinechainError('INVALID_SPEC', `tissue "${model.tissueName[foot.fascia]}" has no passive slack length; the arch balance needs the plantar fascia's passive law`);
  }
  const range: [number, number] = [model.coordinateRange[2 * foot.midtarsal], model.coordinateRange[2 * foot.midtarsal + 1]];
  return { foot, ligaments, range, footTailOnly: foot.toes === foot.forefoot + 1 };
}

export function makeArchBalanceResult(): ArchBalanceResult {
  return { angleRad: 0, fasciaTensionN: 0, fasciaMomentNm: 0, ligamentMomentNm: 0, stopMomentNm: 0 };
}

/**
 * Solves the arch at q (data must hold the forward kinematics of q) for the moment
 * `requiredMomentNm` (> 0 flattens the arch). Writes into `out`; leaves q, data.q and the
 * kinematics and fascia path of data as they were. Allocates nothing.
 */
export function solveArchBalance(model: Model, data: Data, q: Float64Array, balance: ArchBalance, requiredMomentNm: number, out: ArchBalanceResult): ArchBalanceResult {
  const { midtarsal, fascia } = balance.foot;
  const saved = q[midtarsal];
  const slack = model.passiveSlackLength[fascia];
  const stiffness = model.passiveStiffness[fascia];
  const toe = model.passiveToeStrain[fascia];
  const lengthAt = (angle: number): number => {
    q[midtarsal] = angle;
    data.q[midtarsal] = angle;
    if (balance.footTailOnly) placeBodies(model, data, q, balance.foot.forefoot, balance.foot.toes + 1);
    else forwardKinematics(model, data, q);
    return tissuePathLength(model, data, fascia);
  };
  let tension = 0;
  let fasciaMoment = 0;
  let ligamentMoment = 0;
  // h(angle) and the ties' moments there.
  const imbalance = (angle: number): number => {
    const h = 1e-6;
    const arm = (lengthAt(angle + h) - lengthAt(angle - h)) / (2 * h);
    tension = passiveElasticForce(lengthAt(angle) / slack - 1, stiffness, toe);
    fasciaMoment = tension * arm;
    ligamentMoment = plantarLigamentMoment(balance.ligaments, angle);
    return requiredMomentNm - fasciaMoment - ligamentMoment;
  };
  let [low, high] = balance.range;
  let angle: number;
  let stop = 0;
  if (!(requiredMomentNm > 0)) {
    // Nothing flattens the arch: the ties are slack, the arch rests at the reference angle.
    angle = saved;
    imbalance(angle);
    tension = 0;
    fasciaMoment = 0;
    ligamentMoment = 0;
  } else {
    const atHigh = imbalance(high);
    if (atHigh >= 0) {
      angle = high;
      stop = atHigh;
    } else {
      while (high - low > ARCH_ANGLE_TOLERANCE_RAD) {
        const middle = 0.5 * (low + high);
        if (imbalance(middle) >= 0) low = middle;
        else high = middle;
      }
      angle = 0.5 * (low + high);
      imbalance(angle);
    }
  }
  out.angleRad = angle;
  out.fasciaTensionN = tension;
  out.fasciaMomentNm = fasciaMoment;
  out.ligamentMomentNm = ligamentMoment;
  out.stopMomentNm = stop;
  lengthAt(saved);
  return out;
}
