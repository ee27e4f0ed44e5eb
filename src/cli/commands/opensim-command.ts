/**
 * `kinechain opensim SETUP.xml [--results-dir DIR] [--ignore-unsupported-wrapping]
 * [--freeze-path-points]`: runs an OpenSim setup file (InverseDynamicsTool, AnalyzeTool
 * with StaticOptimization, ...) and writes the files OpenSim would write.
 *
 * stdout: the files written (rows and columns) and the approximations behind the
 * numbers; stderr: warnings (settings ignored, columns missing ...).
 */
import { runOpenSimSetup, type OpenSimToolResult } from '../../app/opensim/run-opensim-setup.js';

export interface OpenSimCommandOptions {
  readonly setupPath: string;
  readonly resultsDir?: string;
  readonly ignoreUnsupportedWrapping: boolean;
  readonly freezePathPoints: boolean;
}

export interface OpenSimCommandOutput {
  readonly text: string;
  readonly warnings: readonly string[];
  readonly result: OpenSimToolResult;
}

export async function openSimCommand(options: OpenSimCommandOptions): Promise<OpenSimCommandOutput> {
  const result = await runOpenSimSetup(options.setupPath, {
    resultsDir: options.resultsDir,
    approximations: {
      ignoreUnsupportedWrapping: options.ignoreUnsupportedWrapping,
      freezePathPointsAtDefaultPose: options.freezePathPoints,
    },
  });
  return { text: renderOpenSimResult(result), warnings: result.warnings.map((warning) => `warning: ${warning}`), result };
}

export function renderOpenSimResult(result: OpenSimToolResult): string {
  let text = `${result.tool}: ${result.setupPath}\n`;
  for (const file of result.files) {
    const rows = file.table.time.length;
    const span = rows > 0 ? `, ${file.table.time[0].toFixed(4)} .. ${file.table.time[rows - 1].toFixed(4)} s` : '';
    text += `wrote ${file.path} (${rows} rows, ${file.table.labels.length} columns${span})\n`;
  }
  if (result.approximations.length > 0) {
    text += 'approximations:\n';
    for (const note of result.approximations) text += `  - ${note}\n`;
  }
  return text;
}
