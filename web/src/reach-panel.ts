/** The toe-touch before/after: two animated views and the numbers, with their intervals. */
import type { ToeTouchAnalysis } from '../../src/app/toe-touch.js';
import type { BodyView } from './body-view.js';
import { escapeHtml, fixed, signed } from './format.js';
import type { SceneFrames } from './protocol.js';

const FRAME_MS = 70;
const HOLD_FRAMES = 14;

/** Plays frames standing -> end of reach, holds, and starts over, until stopped. */
export class ReachAnimation {
  private timer: number | null = null;
  private frame = 0;
  private views: readonly { view: BodyView; frames: SceneFrames }[] = [];

  /** Shows each view's end of the reach and stops (for a picture); `start` again to go on. */
  showEnd(): void {
    this.stop();
    for (const { view, frames } of this.views) {
      view.show(frames.frames[frames.frames.length - 1]);
      view.renderNow();
    }
  }

  resume(): void {
    if (this.views.length > 0) this.start(this.views);
  }

  start(views: readonly { view: BodyView; frames: SceneFrames }[]): void {
    this.stop();
    this.views = views;
    const count = Math.max(...views.map((entry) => entry.frames.frames.length));
    this.frame = 0;
    const step = () => {
      const index = Math.min(this.frame, count - 1);
      for (const { view, frames } of views) view.show(frames.frames[Math.min(index, frames.frames.length - 1)]);
      this.frame = (this.frame + 1) % (count + HOLD_FRAMES);
    };
    step();
    this.timer = window.setInterval(step, FRAME_MS);
  }

  /** Shows the last frame and stops. */
  stop(): void {
    if (this.timer !== null) window.clearInterval(this.timer);
    this.timer = null;
  }
}

function limiting(state: ToeTouchAnalysis['before']): string {
  if (state.limitingTissue === null) return state.endedBy === 'range' ? 'the end of the joint ranges' : '–';
  const tissue = state.limitingTissue;
  return `${escapeHtml(tissue.label)} at ${fixed(tissue.tensionN, 0)} N of ${fixed(tissue.toleratedTensionN, 0)} N tolerated`;
}

export function renderReach(analysis: ToeTouchAnalysis): void {
  const before = analysis.before;
  const after = analysis.after;
  const change = analysis.change;
  (document.getElementById('reach-before-caption') as HTMLElement).textContent =
    `Before: reach ${signed(before.reachCm, 1)} cm` + (before.reachIntervalCm ? ` (${signed(before.reachIntervalCm[0], 1)} to ${signed(before.reachIntervalCm[1], 1)})` : '');
  (document.getElementById('reach-after-caption') as HTMLElement).textContent = after
    ? `After ${analysis.interventions.map((entry) => entry.title).join(', ')}: reach ${signed(after.reachCm, 1)} cm`
    : 'After: choose an intervention';
  const rows: [string, string][] = [
    ['Reach before', `${signed(before.reachCm, 1)} cm`],
    ['Fingertip to floor before', `${fixed(before.fingertipToFloorCm, 1)} cm`],
    ['Stopped by (before)', limiting(before)],
  ];
  if (before.impairmentEffectCm) {
    rows.push(['Effect of the impairments', `${signed(before.impairmentEffectCm.nominal, 1)} cm (${signed(before.impairmentEffectCm.low, 1)} to ${signed(before.impairmentEffectCm.high, 1)} cm)`]);
  }
  if (after && change) {
    rows.push(
      ['Reach after', `${signed(after.reachCm, 1)} cm`],
      ['Stopped by (after)', limiting(after)],
      ['Intervention effect', `${signed(change.interventionEffectCm.nominal, 1)} cm (${signed(change.interventionEffectCm.low, 1)} to ${signed(change.interventionEffectCm.high, 1)} cm)`],
      ['Repeat-test gain', `${signed(change.repeatTestCm.mean, 1)} cm (${signed(change.repeatTestCm.low, 1)} to ${signed(change.repeatTestCm.high, 1)} cm)`],
    );
  }
  const headline =
    after && change
      ? `<p>Change a re-test would show</p><p class="big" id="reach-change">${signed(change.meanCm, 1)} cm</p>
         <p id="reach-interval">95% interval ${signed(change.lowCm, 1)} to ${signed(change.highCm, 1)} cm</p>`
      : `<p>Reach</p><p class="big" id="reach-change">${signed(before.reachCm, 1)} cm</p><p class="hint">Choose an intervention for a before/after comparison.</p>`;
  (document.getElementById('reach-results') as HTMLElement).innerHTML = `${headline}
    <dl>${rows.map(([term, value]) => `<dt>${term}</dt><dd>${value}</dd>`).join('')}</dl>
    <p class="hint">${escapeHtml(analysis.notes[0] ?? '')}</p>`;
}
