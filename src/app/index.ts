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
export {
  parseModifierChoice,
  parseModifierChoices,
  modifierSummaries,
  modifierNames,
  checkSampling,
  DEFAULT_SAMPLES,
  MAX_SAMPLES,
  DEFAULT_SEED,
  MODIFIER_SIDES,
  type ModifierChoice,
  type ModifierSide,
  type ModifierSummary,
  type AppliedModifierSummary,
} from './modifiers.js';
export {
  postureAnalysis,
  type PostureAnalysis,
  type PostureRequest,
  type PostureLoads,
  type PostureIntervals,
  type PostureChange,
  type PosturePath,
  type PostureInterval,
} from './posture.js';
export {
  toeTouchAnalysis,
  type ToeTouchAnalysis,
  type ToeTouchRequest,
  type ReachState,
  type BeforeState,
  type ReachChange,
  type ReachSummary,
  type ReachTest,
} from './toe-touch.js';
export {
  interdependenceAnalysis,
  interdependenceReport,
  INTERDEPENDENCE_CHOICES,
  type InterdependenceChoice,
  type InterdependenceReport,
  type InterdependenceResult,
  type InterdependenceRequest,
  type InterdependenceColumn,
  type InterdependenceRow,
  type InterdependenceCell,
  type InterdependenceStatement,
  type InterdependenceExplanation,
} from './interdependence.js';
export { yogaPoseAnalysis, yogaPoseList, resolveYogaPose, type YogaPoseAnalysis, type YogaPoseSummary, type YogaRequest } from './yoga.js';
export {
  stanceAnalysis,
  STANCE_PRESSURE_REGIONS,
  DEFAULT_STANCE_INSTANTS,
  type StanceAnalysis,
  type StanceRequest,
  type StanceSummary,
  type StanceTimeSeries,
  type StancePressureRegion,
  type FootwearChoice,
  type FootwearInfo,
  type ImpairmentRequest,
} from './stance.js';
export {
  footwearCatalog,
  compareFootwear,
  footwearComparisonSvg,
  PRESSURE_REGION_LABELS,
  IMPAIRMENT_FOCUS,
  HELP_THRESHOLD_PERCENT,
  FOOTWEAR_MEASURE_KEYS,
  type FootwearCatalogEntry,
  type FootwearCompareRequest,
  type FootwearComparison,
  type ComparedDesign,
  type ComparedCurves,
  type ComparisonMeasure,
  type MeasureGroup,
  type MeasureChange,
  type DesignHelp,
  type DesignStrength,
  type MeasureBest,
} from './footwear.js';
export {
  gaitAnalysis,
  stanceIntervals,
  type GaitAnalysis,
  type GaitRequest,
  type GaitSeries,
  type GaitPeak,
  type GaitLine,
  type GaitTrack,
  type StanceInterval,
} from './gait.js';
export {
  runSimulation,
  checkSimulationRequest,
  simulationCatalog,
  simulationRequestSchema,
  analysisFields,
  isSimulationAborted,
  SimulationAbortedError,
  ANALYSIS_NAMES,
  type AnalysisName,
  type SimulationRequest,
  type SimulationRequestInput,
  type SimulationResult,
  type SimulationResults,
  type SimulationOptions,
  type SimulationSignal,
  type SimulationCatalog,
} from './simulations.js';
