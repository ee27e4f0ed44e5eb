/**
 * makeTissueData(model) -> the tissue part of Data: path lengths and velocities, forces,
 * activations, moment arms, and the ground positions of path and wrap points. Allocated
 * once; the path, moment-arm and force algorithms only write into these buffers.
 */
import type { SkeletonModel, TissueData, TissueModel } from './model.js';

export function makeTissueData(model: TissueModel & SkeletonModel): TissueData {
  return {
    tissueLength: new Float64Array(model.ntissue),
    tissueVelocity: new Float64Array(model.ntissue),
    tissueForce: new Float64Array(model.ntissue),
    tissueActivation: new Float64Array(model.ntissue),
    tissueMomentArm: new Float64Array(model.ntissue * model.nq),
    pointWorld: new Float64Array(model.npoint * 3),
    pointActive: new Uint8Array(model.npoint).fill(1),
    pointLocationRate: new Float64Array(model.npoint * 3),
    wrapActive: new Uint8Array(model.nwrap),
    wrapPointWorld: new Float64Array(model.nwrap * 6),
    wrapSegmentStart: new Int32Array(model.nwrap).fill(-1),
    wrapSegmentEnd: new Int32Array(model.nwrap).fill(-1),
  };
}
