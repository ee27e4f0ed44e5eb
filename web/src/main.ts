/**
 * The page: builds the controls from the engine's catalogue, keeps the 3D body in step
 * with the standing posture (or the yoga pose chosen), and runs the heavier analyses
 * (toe-touch, footwear, interdependence) behind their buttons with progress. All physics
 * runs in the engine worker; this module only asks and draws.
 */
import type { InterdependenceReport } from '../../src/app/interdependence.js';
import type { PostureAnalysis } from '../../src/app/posture.js';
import type { BodyScene } from '../../src/app/scene.js';
import type { ToeTouchAnalysis } from '../../src/app/toe-touch.js';
import type { YogaPoseAnalysis } from '../../src/app/yoga.js';
import { BodyView, type HoverInfo } from './body-view.js';
import { Controls, type ControlChange, type ControlState } from './controls.js';
import { EngineClient, EngineError } from './engine-client.js';
import { escapeHtml, fixed, signed, words } from './format.js';
import { footwearImages, renderFootwear, renderWalking, walkingReportRows } from './footwear-panel.js';
import type { StandingFootwearResult } from './footwear-pressure.js';
import type { FootwearWalkingResult } from './footwear-walking.js';
import { cellPath, renderHeatmap, type CellChoice } from './heatmap.js';
import { impairedLoads, renderPosture } from './posture-panel.js';
import type { Catalogue, SceneFrames } from './protocol.js';
import { ReachAnimation, renderReach } from './reach-panel.js';
import { buildReport } from './report.js';
import type { SimulationRequest } from './simulation-request.js';
import { TENSION_SCALE_TICKS_N, tensionFraction, tensionGradientCss } from './tension-scale.js';

/** Samples behind the intervals once a value is set (while a slider moves: none, the nominal solve alone; intervals follow on release). */
const INTERVAL_SAMPLES = 40;

const engine = new EngineClient(new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' }));

function element<T extends HTMLElement>(id: string): T {
  return document.getElementById(id) as T;
}

function status(text: string, isError = false): void {
  const box = element<HTMLElement>('engine-status');
  box.textContent = text;
  box.style.color = isError ? '#ffb4a8' : '';
}

function showError(error: unknown, where: string): void {
  const message = error instanceof EngineError ? `${where}: ${error.message} (${error.code})` : `${where}: ${String(error)}`;
  status(message, true);
}

function progress(id: string, done: number, total: number, label: string): void {
  const box = element<HTMLElement>(id);
  box.hidden = false;
  (box.querySelector('.progress-bar') as HTMLElement).style.width = `${total > 0 ? (100 * done) / total : 0}%`;
  (box.querySelector('span') as HTMLElement).textContent = total > 0 ? `${label}: ${done} of ${total}` : label;
}

function hideProgress(id: string): void {
  element<HTMLElement>(id).hidden = true;
}

interface PageState {
  controls: Controls;
  catalogue: Catalogue;
  body: BodyView;
  reachViews: [BodyView, BodyView];
  scene: BodyScene | null;
  posture: PostureAnalysis | null;
  /** True while the posture shown was solved during a drag (nominal parameters only: no intervals yet). */
  postureIntervalsPending: boolean;
  yoga: YogaPoseAnalysis | null;
  reach: ToeTouchAnalysis | null;
  footwearTable: string | null;
  heatmap: InterdependenceReport | null;
  heatmapPath: string | null;
  animation: ReachAnimation;
}

let page: PageState;

function subjectOf(state: ControlState): SimulationRequest['subject'] {
  return state.subject;
}

function legend(): void {
  element<HTMLElement>('tension-bar').style.background = tensionGradientCss();
  const last = TENSION_SCALE_TICKS_N[TENSION_SCALE_TICKS_N.length - 1];
  element<HTMLElement>('tension-ticks').innerHTML = TENSION_SCALE_TICKS_N.map((tick) => {
    const left = tick === 0 ? 0 : 2 + 98 * tensionFraction(tick);
    const shift = tick === 0 ? '0' : tick === last ? '-100%' : '-50%';
    return `<span style="left:${left}%;transform:translateX(${shift})">${tick}${tick === last ? '+' : ''} N</span>`;
  }).join('');
}

function tooltip(info: HoverInfo | null, x: number, y: number): void {
  const box = element<HTMLElement>('tooltip');
  if (info === null) {
    box.hidden = true;
    return;
  }
  box.innerHTML = `<strong>${escapeHtml(info.title)}</strong>${escapeHtml(info.detail)}`;
  box.style.left = `${x + 14}px`;
  box.style.top = `${y + 14}px`;
  box.hidden = false;
}

/** The pose the body shows: the yoga pose chosen, else the solved standing posture (with the impairments when there are any). */
function shownPoseDeg(): Record<string, number> {
  if (page.yoga !== null) return { ...page.yoga.pose.coordinatesDeg };
  const loads = page.posture === null ? undefined : (impairedLoads(page.posture) ?? page.posture.baseline);
  return loads ? { ...loads.jointAnglesDeg } : {};
}

/** Times of one body update (ms): the worker's scene, its round trip, and building the 3D objects on the page. */
interface SceneTiming {
  readonly workerMs: number;
  readonly roundTripMs: number;
  readonly buildMs: number;
}

/** Redraws the body (at the next frame); returns its times, or null when a newer request replaced it. */
async function updateScene(): Promise<SceneTiming | null> {
  const state = page.controls.state();
  const answer = await engine.latest<BodyScene>('scene', { kind: 'scene', subject: subjectOf(state), poseDeg: shownPoseDeg() });
  if (answer === null) return null;
  const buildStart = performance.now();
  page.scene = answer.result;
  page.controls.setFamilies([...new Set(answer.result.lines.map((line) => line.family))]);
  page.body.show(answer.result);
  page.body.setFamily(state.lineFamily);
  return { workerMs: answer.elapsedMs, roundTripMs: answer.roundTripMs, buildMs: performance.now() - buildStart };
}

/**
 * Re-solves the standing posture for the current impairments, then redraws the tables and
 * the body at once; records the times, from the input to the redrawn body. While a slider
 * moves the impaired body is solved at its nominal parameters only (samples 0: one solve;
 * the unimpaired baseline is kept in the worker), and the intervals follow on release.
 */
async function updatePosture(change: Pick<ControlChange, 'phase' | 'startedAt'>): Promise<void> {
  const { phase, startedAt } = change;
  const state = page.controls.state();
  const hasImpairments = state.impairments.length > 0;
  const request: SimulationRequest = {
    analysis: 'posture',
    subject: subjectOf(state),
    impairments: state.impairments,
    ...(hasImpairments ? { samples: phase === 'drag' ? 0 : INTERVAL_SAMPLES } : {}),
  };
  status(phase === 'drag' ? 'Solving the standing posture…' : hasImpairments ? `Solving the posture and ${INTERVAL_SAMPLES} samples for the intervals…` : 'Solving the standing posture…');
  const answer = await engine.latest<PostureAnalysis>(phase === 'drag' ? 'posture-drag' : 'posture', { kind: 'simulate', request });
  if (answer === null) return;
  page.posture = answer.result;
  page.postureIntervalsPending = phase === 'drag' && hasImpairments;
  const tablesStart = performance.now();
  renderPosture(answer.result, page.postureIntervalsPending);
  const tablesMs = performance.now() - tablesStart;
  const scene = await updateScene();
  // Draw now rather than at the next animation frame, so the time below ends with the picture.
  const renderStart = performance.now();
  page.body.renderNow();
  const renderMs = performance.now() - renderStart;
  const totalMs = performance.now() - startedAt;
  const timing = element<HTMLElement>('scene-timing');
  const times: Record<string, number> = {
    postureMs: answer.elapsedMs,
    postureRoundTripMs: answer.roundTripMs,
    tablesMs,
    ...(scene === null ? {} : { sceneMs: scene.workerMs, sceneRoundTripMs: scene.roundTripMs, buildMs: scene.buildMs }),
    renderMs,
    totalMs,
  };
  for (const [key, value] of Object.entries(times)) timing.dataset[key] = value.toFixed(1);
  timing.textContent =
    `update: posture solve ${fixed(answer.elapsedMs, 0)} ms, body and line tensions ${scene === null ? '–' : fixed(scene.workerMs, 0)} ms, ` +
    `drawing ${fixed((scene?.buildMs ?? 0) + renderMs, 0)} ms; ${fixed(totalMs, 0)} ms from input to picture`;
  const shownStatus = impairedLoads(answer.result)?.status;
  status(shownStatus === 'converged' || !hasImpairments ? 'Ready.' : `Posture solve ended "${shownStatus ?? ''}".`);
  document.body.dataset.postureVersion = String(Number(document.body.dataset.postureVersion ?? '0') + 1);
}

async function updateYoga(): Promise<void> {
  const state = page.controls.state();
  const summary = element<HTMLElement>('yoga-summary');
  if (state.yogaPose === null) {
    page.yoga = null;
    summary.hidden = true;
    await updateScene();
    return;
  }
  const answer = await engine.request<YogaPoseAnalysis>({ kind: 'simulate', request: { analysis: 'yoga', pose: state.yogaPose, subject: subjectOf(state) } });
  page.yoga = answer.result;
  const lines = answer.result.lengthenedLines.slice(0, 6);
  summary.hidden = false;
  summary.innerHTML = `<h3>Yoga pose: ${escapeHtml(answer.result.pose.name)} (${escapeHtml(answer.result.sanskrit)})</h3>
    <p class="hint">${escapeHtml(answer.result.description)}</p>
    <table class="data"><thead><tr><th>Line lengthened</th><th>Length change</th><th>Largest tension change</th></tr></thead><tbody>
    ${lines.map((line) => `<tr><td>${escapeHtml(words(line.name))}</td><td>${signed(line.lengthChangeMm / 10, 1)} cm (${signed(line.lengthChangePercent, 1)}%)</td><td>${signed(line.maxTensionChangeN, 0)} N</td></tr>`).join('')}
    </tbody></table><p class="hint">${escapeHtml(answer.result.notes[0] ?? '')}</p>`;
  await updateScene();
}

async function runToeTouch(): Promise<void> {
  const button = element<HTMLButtonElement>('run-toe-touch');
  button.disabled = true;
  try {
    const state = page.controls.state();
    const request: SimulationRequest = {
      analysis: 'toe-touch',
      subject: subjectOf(state),
      impairments: state.impairments,
      ...(state.intervention ? { intervention: state.intervention } : {}),
      samples: INTERVAL_SAMPLES,
    };
    progress('toe-touch-progress', 0, 0, 'Solving the reach');
    const answer = await engine.request<ToeTouchAnalysis>({ kind: 'simulate', request }, (done, total) => progress('toe-touch-progress', done, total, 'Reach solves'));
    page.reach = answer.result;
    renderReach(answer.result);
    progress('toe-touch-progress', 0, 0, 'Preparing the animation');
    const frames = 18;
    const before = await engine.request<SceneFrames>({ kind: 'reach-frames', subject: subjectOf(state), bend: answer.result.before.bend, frames });
    const after = answer.result.after
      ? await engine.request<SceneFrames>({ kind: 'reach-frames', subject: subjectOf(state), bend: answer.result.after.bend, frames })
      : null;
    const views = [{ view: page.reachViews[0], frames: before.result }];
    if (after) views.push({ view: page.reachViews[1], frames: after.result });
    page.animation.start(views);
    document.body.dataset.reachDone = 'true';
    status(`Toe-touch solved in ${fixed(answer.elapsedMs / 1000, 1)} s.`);
  } catch (error) {
    showError(error, 'toe-touch');
  } finally {
    hideProgress('toe-touch-progress');
    button.disabled = false;
  }
}

async function runFootwear(): Promise<void> {
  const button = element<HTMLButtonElement>('run-footwear');
  button.disabled = true;
  try {
    const state = page.controls.state();
    const subject = subjectOf(state);
    progress('footwear-progress', 0, 2, 'Standing pressure maps');
    const results: StandingFootwearResult[] = [];
    for (const [i, footwear] of state.footwear.entries()) {
      results.push((await engine.request<StandingFootwearResult>({ kind: 'footwear-standing', subject, footwear })).result);
      progress('footwear-progress', i + 1, 2, 'Standing pressure maps');
    }
    renderFootwear([results[0], results[1]]);
    page.footwearTable = element<HTMLElement>('footwear-table').innerHTML;
    document.body.dataset.footwearDone = 'true';
    const impairment = state.footwearImpairment;
    const label = 'Walking: stance phase of each sole, then where each helps (slow: about 10-30 s per sole)';
    progress('footwear-progress', 0, 3, label);
    const walking = await engine.request<FootwearWalkingResult>(
      { kind: 'footwear-walking', subject, footwear: state.footwear, impairment },
      (done, total) => progress('footwear-progress', done, total, label),
    );
    renderWalking(walking.result, impairment === null ? null : page.controls.title(impairment));
    page.footwearTable = element<HTMLElement>('footwear-table').innerHTML + walkingReportRows();
    document.body.dataset.stanceDone = 'true';
    status(`Footwear compared (walking part in ${fixed(walking.elapsedMs / 1000, 1)} s).`);
  } catch (error) {
    showError(error, 'footwear');
  } finally {
    hideProgress('footwear-progress');
    button.disabled = false;
  }
}

function selectCell(choice: CellChoice): void {
  if (page.heatmap === null || page.scene === null) return;
  const { highlight, text } = cellPath(page.heatmap, page.scene, choice);
  page.body.setHighlight(highlight);
  page.heatmapPath = text;
  element<HTMLElement>('heatmap-path').textContent = text;
  element<HTMLElement>('panel-body').scrollIntoView({ behavior: 'smooth', block: 'start' });
}

async function runHeatmap(): Promise<void> {
  const button = element<HTMLButtonElement>('run-heatmap');
  button.disabled = true;
  try {
    const state = page.controls.state();
    const only = element<HTMLSelectElement>('heatmap-scope').value === 'posture' ? ('posture' as const) : undefined;
    progress('heatmap-progress', 0, 0, 'Starting');
    const answer = await engine.request<InterdependenceReport>(
      { kind: 'simulate', request: { analysis: 'interdependence', subject: subjectOf(state), ...(only ? { only } : {}) } },
      (done, total) => progress('heatmap-progress', done, total, 'Posture and reach solves'),
    );
    page.heatmap = answer.result;
    renderHeatmap(answer.result, selectCell);
    document.body.dataset.heatmapDone = 'true';
    status(`Interdependence map computed in ${fixed(answer.elapsedMs / 1000, 0)} s.`);
  } catch (error) {
    showError(error, 'interdependence map');
  } finally {
    hideProgress('heatmap-progress');
    button.disabled = false;
  }
}

function report(): void {
  const state = page.controls.state();
  page.animation.showEnd();
  const reachImages = page.reach ? page.reachViews.map((view) => view.canvas.toDataURL('image/png')) : [];
  page.animation.resume();
  page.body.renderNow();
  buildReport({
    state,
    titleOf: (name) => page.controls.title(name),
    unitOf: (name) => page.controls.unit(name),
    posture: page.posture,
    postureIntervalsPending: page.postureIntervalsPending,
    reach: page.reach,
    footwearTable: page.footwearTable,
    heatmapPath: page.heatmapPath,
    bodyImage: page.body.canvas.toDataURL('image/png'),
    reachImages: page.reach?.after ? reachImages : reachImages.slice(0, 1),
    footwearImages: page.footwearTable ? footwearImages() : [],
  });
}

async function onControlChange(change: ControlChange): Promise<void> {
  try {
    switch (change.what) {
      case 'subject':
      case 'impairments':
        await updatePosture(change);
        break;
      case 'pose':
        await updateYoga();
        break;
      case 'family':
        page.body.setFamily(page.controls.state().lineFamily);
        break;
      case 'intervention':
      case 'footwear':
        break;
    }
  } catch (error) {
    showError(error, change.what);
  }
}

async function start(): Promise<void> {
  status('Loading the model…');
  const catalogue = (await engine.request<Catalogue>({ kind: 'catalogue' })).result;
  const controls = new Controls(catalogue);
  const body = new BodyView(element('body-view'));
  body.onHover = tooltip;
  const reachViews: [BodyView, BodyView] = [
    new BodyView(element('reach-before'), { interactive: false, view: 'side' }),
    new BodyView(element('reach-after'), { interactive: false, view: 'side' }),
  ];
  page = {
    controls,
    catalogue,
    body,
    reachViews,
    scene: null,
    posture: null,
    postureIntervalsPending: false,
    yoga: null,
    reach: null,
    footwearTable: null,
    heatmap: null,
    heatmapPath: null,
    animation: new ReachAnimation(),
  };
  legend();
  await updatePosture({ phase: 'commit', startedAt: performance.now() });
  controls.onChange = (change) => void onControlChange(change);
  element('run-toe-touch').addEventListener('click', () => void runToeTouch());
  element('run-footwear').addEventListener('click', () => void runFootwear());
  element('run-heatmap').addEventListener('click', () => void runHeatmap());
  element('print-report').addEventListener('click', () => {
    report();
    window.print();
  });
  window.addEventListener('beforeprint', report);
  // Where a line track is drawn on screen: lets a browser test point at a line.
  (window as unknown as { kinechain: unknown }).kinechain = { trackScreenPoint: (tissue: string) => body.trackScreenPoint(tissue) };
  document.body.dataset.ready = 'true';
}

start().catch((error) => showError(error, 'start'));
