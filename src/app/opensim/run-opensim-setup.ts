/**
 * runOpenSimSetup(setupPath, options): runs an OpenSim setup file with the tool its
 * root element names, as OpenSim's command line (opensim-cmd run-tool) would, and
 * writes the result files OpenSim writes (same names, same columns).
 *
 * Tools: InverseDynamicsTool (inverse-dynamics-tool.ts), AnalyzeTool with a
 * StaticOptimization analysis (static-optimization-tool.ts), and InverseKinematicsTool
 * from inverse-kinematics-tool.ts when that module is present: it is loaded on first
 * use and must export
 *   runInverseKinematicsTool(setupPath: string, options: { resultsDir?: string }):
 *     Promise<{ tool, setupPath, resultsDirectory, files, warnings, approximations }>
 * (or a runner can be registered with registerOpenSimToolRunner). Other tools are
 * UNSUPPORTED. File names in the setup are relative to the setup file's folder.
 */
import { KinechainError } from '../../core/errors.js';
import { runInverseDynamicsTool } from './inverse-dynamics-tool.js';
import type { OpenSimToolResult, RunOpenSimSetupOptions } from './opensim-tool-result.js';
import { readSetupDocument, type SetupDocument } from './setup-document.js';
import { runStaticOptimizationTool } from './static-optimization-tool.js';

export type { OpenSimResultFile, OpenSimToolResult, RunOpenSimSetupOptions } from './opensim-tool-result.js';
export type { ModelApproximations } from './opensim-model.js';

export type OpenSimToolRunner = (document: SetupDocument, options: RunOpenSimSetupOptions) => Promise<OpenSimToolResult>;

const runners = new Map<string, OpenSimToolRunner>([
  ['InverseDynamicsTool', runInverseDynamicsTool],
  ['AnalyzeTool', runStaticOptimizationTool],
]);

/** Tools in modules of their own, loaded when first needed: tool element -> module and export. */
const lazyRunners: Record<string, { module: string; exportName: string }> = {
  InverseKinematicsTool: { module: './inverse-kinematics-tool.js', exportName: 'runInverseKinematicsTool' },
};

/** Registers (or replaces) the runner of a tool element, e.g. "InverseKinematicsTool". */
export function registerOpenSimToolRunner(toolName: string, runner: OpenSimToolRunner): void {
  runners.set(toolName, runner);
}

/** The tool elements runOpenSimSetup knows (whether or not their module is present). */
export function openSimToolNames(): string[] {
  return [...new Set([...runners.keys(), ...Object.keys(lazyRunners)])];
}

async function loadLazyRunner(toolName: string): Promise<OpenSimToolRunner | undefined> {
  const entry = lazyRunners[toolName];
  if (entry === undefined) return undefined;
  const specifier: string = entry.module;
  let loaded: Record<string, unknown>;
  try {
    loaded = (await import(specifier)) as Record<string, unknown>;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message = error instanceof Error ? error.message : String(error);
    if (code === 'ERR_MODULE_NOT_FOUND' || /Cannot find module|Failed to load url|does not exist/i.test(message)) return undefined;
    throw error;
  }
  const exported = loaded[entry.exportName];
  if (typeof exported !== 'function') return undefined;
  // Modules of their own take the setup file's path and the results folder.
  const run = exported as (setupPath: string, options: { resultsDir?: string }) => Promise<OpenSimToolResult>;
  const runner: OpenSimToolRunner = async (document, options) => {
    const result = await run(document.path, options.resultsDir === undefined ? {} : { resultsDir: options.resultsDir });
    return {
      tool: result.tool,
      setupPath: result.setupPath,
      resultsDirectory: result.resultsDirectory,
      files: result.files,
      warnings: result.warnings,
      approximations: result.approximations,
    };
  };
  runners.set(toolName, runner);
  return runner;
}

/** Reads the setup file, picks the tool from its root element and runs it. */
export async function runOpenSimSetup(setupPath: string, options: RunOpenSimSetupOptions = {}): Promise<OpenSimToolResult> {
  const document = await readSetupDocument(setupPath);
  const runner = runners.get(document.toolName) ?? (await loadLazyRunner(document.toolName));
  if (runner === undefined) {
    const known = openSimToolNames().join(', ');
    const why = lazyRunners[document.toolName] !== undefined ? ' is not available in this build of kinechain' : ' is not a tool kinechain runs';
    throw new KinechainError(
      'UNSUPPORTED',
      `${document.path}: line ${document.tool.line}: <${document.toolName}>${why}; kinechain runs OpenSim setups for ${known}`,
      { file: document.path, line: document.tool.line, element: document.toolName },
    );
  }
  return runner(document, options);
}
