/**
 * The one place the worker gets its analyses from: the app's runSimulation
 * (src/app/simulations.ts, the same checks and JSON as the server and the command line).
 * The posture, toe-touch, stance (the footwear panel's walking part), interdependence and
 * yoga analyses all go through it.
 */
export { runSimulation } from '../../src/app/simulations.js';
