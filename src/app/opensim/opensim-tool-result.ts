/**
 * What running an OpenSim setup returns, whatever the tool: the files written (with
 * their tables, so that callers need not read them back), warnings (settings ignored,
 * missing columns ...) and the approximations that shaped the numbers.
 */
import type { TimeSeriesTable } from '../../io/table/time-series-table.js';
import type { ModelApproximations } from './opensim-model.js';
import type { OpenSimMuscleCapacityModel } from './opensim-muscle-capacity.js';

export interface OpenSimResultFile {
  /** Absolute path written. */
  readonly path: string;
  readonly table: TimeSeriesTable;
}

export interface OpenSimToolResult {
  /** The setup's tool element, e.g. "InverseDynamicsTool". */
  readonly tool: string;
  readonly setupPath: string;
  /** Absolute folder the results went to. */
  readonly resultsDirectory: string;
  readonly files: readonly OpenSimResultFile[];
  readonly warnings: readonly string[];
  /** Where kinechain's numbers knowingly differ from OpenSim's, and why. */
  readonly approximations: readonly string[];
}

export interface RunOpenSimSetupOptions {
  /** Write results here (relative to the working folder) instead of the setup's results_directory. */
  readonly resultsDir?: string;
  /** Model import approximations the caller accepts (each is reported when it matters). */
  readonly approximations?: ModelApproximations;
  /**
   * Static optimisation: how a Thelen2003Muscle's force at full activation is computed
   * (opensim-muscle-capacity.ts). Default: as the OpenSim version that wrote the setup
   * document: 'isokinetic-elastic-tendon' for Version < 30000 (OpenSim 2), else 'rigid-tendon'.
   */
  readonly muscleCapacity?: OpenSimMuscleCapacityModel;
}
