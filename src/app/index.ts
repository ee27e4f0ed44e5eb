/**
 * The use-cases every front end (command line, server, browser) calls. Front ends
 * import from here only; nothing here prints or exits.
 */
export type { Model } from '../core/model/model.js';
export { KinechainError, isKinechainError, type KinechainErrorCode } from '../core/errors.js';
export { defaultModel, resolveSubject, DEFAULT_SUBJECT, type Subject, type SubjectInput } from './default-model.js';
export {
  describeModel,
  describeLine,
  type ModelDescription,
  type DofDescription,
  type BodyDescription,
  type JointDescription,
  type TissueDescription,
  type LineDescription,
  type JunctionDescription,
  type Side,
} from './describe-model.js';
export { loadPoseFile, parsePose, poseFromValues, standingPose, type Pose, type PoseOptions } from './pose.js';
export {
  analyseChain,
  type AnalyseChainOptions,
  type ChainAnalysis,
  type LineAnalysis,
  type TrackAnalysis,
  type JunctionAnalysis,
  type Convergence,
  type Interval,
} from './analyse-chain.js';
export { bodyReport, type BodyReport, type RegionTissues, type SegmentMass, type LineFamilySummary } from './body-report.js';
export {
  STANDING_FORWARD_BEND_DEG,
  ANKLE_DORSIFLEXION_KNEE_EXTENDED_DEG,
  ANKLE_DORSIFLEXION_KNEE_FLEXED_DEG,
} from './example-poses.js';
export { radiansToDegrees, degreesToRadians, formatQuantity } from './units.js';
