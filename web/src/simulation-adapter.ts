/**
 * The one place the worker gets its analyses from: the app's runSimulation
 * (src/app/simulations.ts, the same checks and JSON as the server and the command line).
 * The stance analysis of that module is not available yet, so the footwear panel's
 * numbers come from footwear-pressure.ts instead (see its file comment).
 */
export { runSimulation } from '../../src/app/simulations.js';
