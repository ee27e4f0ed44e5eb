/**
 * makeData(model) -> Data: every buffer the algorithms write, allocated once.
 * One Data per worker/thread; a Model can be shared.
 */
import type { Data, Model } from './model.js';
import { makeSkeletonData } from './make-skeleton-data.js';
import { makeTissueData } from './make-tissue-data.js';
import { makeLineData } from './make-line-data.js';

export function makeData(model: Model): Data {
  return { ...makeSkeletonData(model), ...makeTissueData(model), ...makeLineData(model) };
}
