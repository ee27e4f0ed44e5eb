/**
 * Tissue tensions and the generalised forces they apply.
 *
 * - Passive tissues (tendon, ligament, fascia): passive-law.ts from path length and
 *   lengthening velocity.
 * - Muscles: hill-muscle.ts from musculotendon length, velocity and activation; a rigid
 *   tendon by default (what the static solvers use), or the static elastic-tendon
 *   equilibrium (fibre velocity 0) on request.
 * - Series tendons (seriesOf, e.g. the Achilles tendon of the triceps surae): tension =
 *   sum of their muscles' tensions. They do not act on the skeleton themselves (their
 *   muscles' paths already carry that force); their own law only gives their strain
 *   (tissue-strain.ts).
 *
 * Needs pathLength (and pathVelocity for velocity-dependent terms). Allocates nothing.
 */
import { LawType, type SkeletonModel, type TissueData, type TissueModel } from '../model/model.js';
import { passiveTissueForce } from './passive-law.js';
import {
  elasticTendonMuscleEquilibrium,
  makeMuscleParameters,
  makeMuscleState,
  readMuscleParameters,
  rigidTendonMuscle,
} from './hill-muscle.js';

/** How muscle tendons are treated by tissueForces. */
export type TendonCompliance = 'rigid' | 'elastic';

/** Module scratch for one muscle evaluation (reused; nothing is allocated per call). */
const muscleParameters = makeMuscleParameters();
const muscleState = makeMuscleState();

/**
 * Fills data.tissueForce [ntissue] (N, >= 0) from data.tissueLength, data.tissueVelocity
 * and data.tissueActivation. With `tendon` = 'elastic' muscles are evaluated at static
 * elastic-tendon equilibrium (velocity ignored).
 */
export function tissueForces(model: TissueModel, data: TissueData, tendon: TendonCompliance = 'rigid'): void {
  const force = data.tissueForce;
  for (let tissue = 0; tissue < model.ntissue; tissue++) {
    if (model.tissueSeriesNum[tissue] > 0) continue;
    const length = data.tissueLength[tissue];
    const velocity = data.tissueVelocity[tissue];
    if (model.tissueLaw[tissue] === LawType.muscle) {
      readMuscleParameters(model, tissue, muscleParameters);
      const activation = data.tissueActivation[tissue];
      force[tissue] =
        tendon === 'elastic'
          ? elasticTendonMuscleEquilibrium(muscleParameters, length, activation, muscleState)
          : rigidTendonMuscle(muscleParameters, length, velocity, activation, muscleState);
    } else {
      force[tissue] = passiveTissueForce(
        length,
        velocity,
        model.passiveSlackLength[tissue],
        model.passiveStiffness[tissue],
        model.passiveToeStrain[tissue],
        model.passiveDamping[tissue],
      );
    }
  }
  // Series tendons carry the sum of their muscles' tensions.
  for (let tissue = 0; tissue < model.ntissue; tissue++) {
    const count = model.tissueSeriesNum[tissue];
    if (count === 0) continue;
    const first = model.tissueSeriesAdr[tissue];
    let sum = 0;
    for (let k = first; k < first + count; k++) sum += force[model.seriesMuscle[k]];
    force[tissue] = sum;
  }
}

/**
 * Generalised forces of the tissues: tau_j = sum_k r_kj F_k over tissues that act on the
 * skeleton (N m or N). Overwrites `out` [nq]. Needs momentArms and tissueForces.
 * (Tension F pulls the path shorter, so a positive moment arm means the tissue drives
 * its coordinate in the positive direction.)
 */
export function tissueGeneralizedForces(model: TissueModel & SkeletonModel, data: TissueData, out: Float64Array): void {
  const nq = model.nq;
  out.fill(0, 0, nq);
  const momentArm = data.tissueMomentArm;
  for (let tissue = 0; tissue < model.ntissue; tissue++) {
    if (model.tissueActsOnSkeleton[tissue] === 0) continue;
    const tension = data.tissueForce[tissue];
    if (tension === 0) continue;
    const row = tissue * nq;
    for (let j = 0; j < nq; j++) out[j] += momentArm[row + j] * tension;
  }
}
