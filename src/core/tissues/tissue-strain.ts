/**
 * Strain of each tissue (unitless), for reporting and analyses (e.g. plantar fascia or
 * Achilles strain):
 * - passive tissue acting on the skeleton: L / slack - 1 (negative when slack);
 * - series tendon: the strain its law needs to carry its tension (the sum of its muscles'
 *   tensions), through passiveStrainFromForce -- its own path length only routes it;
 * - muscle: fibre strain L_fibre / L0 - 1 with a rigid tendon (how far the fibres are
 *   stretched past optimal length).
 *
 * Needs pathLength and (for series tendons) tissueForces. Writes `out` [ntissue].
 */
import { LawType, type TissueData, type TissueModel } from '../model/model.js';
import { passiveStrainFromForce } from './passive-law.js';
import {
  makeMuscleParameters,
  minFiberLengthAlongTendon,
  pennationThickness,
  readMuscleParameters,
} from './hill-muscle.js';

const muscleParameters = makeMuscleParameters();

export function tissueStrain(model: TissueModel, data: TissueData, out: Float64Array): void {
  for (let tissue = 0; tissue < model.ntissue; tissue++) {
    if (model.tissueLaw[tissue] === LawType.muscle) {
      readMuscleParameters(model, tissue, muscleParameters);
      const along = Math.max(
        data.tissueLength[tissue] - muscleParameters.tendonSlackLength,
        minFiberLengthAlongTendon(muscleParameters),
      );
      const thickness = pennationThickness(muscleParameters);
      out[tissue] = Math.sqrt(along * along + thickness * thickness) / muscleParameters.optimalFiberLength - 1;
    } else if (model.tissueSeriesNum[tissue] > 0) {
      out[tissue] = passiveStrainFromForce(
        data.tissueForce[tissue],
        model.passiveStiffness[tissue],
        model.passiveToeStrain[tissue],
      );
    } else {
      out[tissue] = data.tissueLength[tissue] / model.passiveSlackLength[tissue] - 1;
    }
  }
}
