/**
 * The control column: subject, impairments with severity sliders, one intervention,
 * the pose shown, the line family shown and the two soles to compare — built from the
 * engine's catalogue, read back as one ControlState.
 */
import type { ModifierSummary } from '../../src/app/modifiers.js';
import { escapeHtml, fixed } from './format.js';
import type { Catalogue, SubjectChoice } from './protocol.js';
import type { ModifierChoiceInput } from './simulation-request.js';

export interface ControlState {
  readonly subject: SubjectChoice;
  readonly impairments: readonly ModifierChoiceInput[];
  readonly intervention: ModifierChoiceInput | null;
  readonly yogaPose: string | null;
  readonly lineFamily: string | null;
  readonly footwear: readonly [string, string];
  /** The impairment the footwear comparison ranks the designs for (right foot, default severity), or null. */
  readonly footwearImpairment: string | null;
}

/**
 * What changed: 'drag' while a slider moves, 'commit' when a value is set; `startedAt` is
 * the time of the input (performance.now(), ms), so an update can time input to redraw.
 */
export type ControlChange = {
  readonly what: 'subject' | 'impairments' | 'intervention' | 'pose' | 'family' | 'footwear';
  readonly phase: 'drag' | 'commit';
  readonly startedAt: number;
};

function element<T extends HTMLElement>(id: string): T {
  const found = document.getElementById(id);
  if (found === null) throw new Error(`the page has no element #${id}`);
  return found as T;
}

/** The slider step of a severity scale: about 100 steps, rounded to a readable number. */
function stepOf(modifier: ModifierSummary): number {
  const span = modifier.severity.max - modifier.severity.min;
  const raw = span / 100;
  const power = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * power).find((step) => step >= raw) ?? raw;
}

function decimalsOf(step: number): number {
  return Math.max(0, -Math.floor(Math.log10(step) + 1e-9));
}

function severityText(value: number, modifier: ModifierSummary, step: number): string {
  return `${fixed(value, decimalsOf(step))} ${modifier.severity.unit}`;
}

function modifierBody(prefix: string, modifier: ModifierSummary): string {
  const step = stepOf(modifier);
  const { min, max, default: initial, neutral, unit } = modifier.severity;
  return `
    <div class="modifier-body">
      <input type="range" id="${prefix}-severity" min="${min}" max="${max}" step="${step}" value="${initial}"
        aria-label="${escapeHtml(modifier.title)} severity (${escapeHtml(unit)})" />
      <span class="severity-value" id="${prefix}-value">${severityText(initial, modifier, step)}</span>
      <span class="modifier-meaning">Scale ${fixed(min, decimalsOf(step))} to ${fixed(max, decimalsOf(step))} ${escapeHtml(unit)};
        ${fixed(neutral, decimalsOf(step))} ${escapeHtml(unit)} changes nothing. ${escapeHtml(modifier.description)}</span>
    </div>`;
}

const SIDE_OPTIONS = '<option value="r">right</option><option value="l">left</option><option value="both" selected>both</option>';

export class Controls {
  private readonly catalogue: Catalogue;
  private readonly impairments: readonly ModifierSummary[];
  private readonly interventions: readonly ModifierSummary[];
  onChange: ((change: ControlChange) => void) | null = null;

  constructor(catalogue: Catalogue) {
    this.catalogue = catalogue;
    this.impairments = catalogue.modifiers.filter((modifier) => modifier.kind === 'impairment');
    this.interventions = catalogue.modifiers.filter((modifier) => modifier.kind === 'intervention');
    this.buildImpairments();
    this.buildIntervention();
    this.buildSelects();
    for (const id of ['subject-height', 'subject-mass', 'subject-sex']) {
      element<HTMLInputElement>(id).addEventListener('change', () => this.emit('subject', 'commit'));
    }
  }

  private emit(what: ControlChange['what'], phase: ControlChange['phase']): void {
    this.onChange?.({ what, phase, startedAt: performance.now() });
  }

  private buildImpairments(): void {
    const list = element<HTMLDivElement>('impairment-list');
    list.innerHTML = this.impairments
      .map(
        (modifier) => `
      <div class="modifier" id="imp-${modifier.name}" data-name="${modifier.name}">
        <div class="modifier-head">
          <input type="checkbox" id="imp-${modifier.name}-on" aria-label="apply ${escapeHtml(modifier.title)}" />
          <label for="imp-${modifier.name}-on" title="${escapeHtml(modifier.source)}">${escapeHtml(modifier.title)}</label>
          <select id="imp-${modifier.name}-side" aria-label="side">${SIDE_OPTIONS}</select>
        </div>
        ${modifierBody(`imp-${modifier.name}`, modifier)}
      </div>`,
      )
      .join('');
    for (const modifier of this.impairments) {
      const prefix = `imp-${modifier.name}`;
      const checkbox = element<HTMLInputElement>(`${prefix}-on`);
      const slider = element<HTMLInputElement>(`${prefix}-severity`);
      const step = Number(slider.step);
      checkbox.addEventListener('change', () => {
        element<HTMLDivElement>(prefix).classList.toggle('active', checkbox.checked);
        this.emit('impairments', 'commit');
      });
      element<HTMLSelectElement>(`${prefix}-side`).addEventListener('change', () => checkbox.checked && this.emit('impairments', 'commit'));
      slider.addEventListener('input', () => {
        element<HTMLSpanElement>(`${prefix}-value`).textContent = severityText(Number(slider.value), modifier, step);
        // Moving a slider means the impairment is wanted.
        if (!checkbox.checked) {
          checkbox.checked = true;
          element<HTMLDivElement>(prefix).classList.add('active');
        }
        this.emit('impairments', 'drag');
      });
      slider.addEventListener('change', () => this.emit('impairments', 'commit'));
    }
  }

  private buildIntervention(): void {
    const select = element<HTMLSelectElement>('intervention-name');
    select.innerHTML =
      '<option value="">none</option>' +
      this.interventions.map((modifier) => `<option value="${modifier.name}">${escapeHtml(modifier.title)}</option>`).join('');
    const detail = element<HTMLDivElement>('intervention-detail');
    const render = () => {
      const modifier = this.interventions.find((entry) => entry.name === select.value);
      if (modifier === undefined) {
        detail.innerHTML = '';
        return;
      }
      detail.innerHTML = `
        <label class="field">Side <select id="int-side">${SIDE_OPTIONS}</select></label>
        ${modifierBody('int', modifier)}`;
      const slider = element<HTMLInputElement>('int-severity');
      const step = Number(slider.step);
      slider.addEventListener('input', () => {
        element<HTMLSpanElement>('int-value').textContent = severityText(Number(slider.value), modifier, step);
      });
      slider.addEventListener('change', () => this.emit('intervention', 'commit'));
      element<HTMLSelectElement>('int-side').addEventListener('change', () => this.emit('intervention', 'commit'));
    };
    select.addEventListener('change', () => {
      render();
      this.emit('intervention', 'commit');
    });
    render();
  }

  private buildSelects(): void {
    const yoga = element<HTMLSelectElement>('yoga-pose');
    for (const pose of this.catalogue.yogaPoses) {
      yoga.insertAdjacentHTML('beforeend', `<option value="${pose.key}">yoga: ${escapeHtml(pose.name)} (${escapeHtml(pose.sanskrit)})</option>`);
    }
    yoga.addEventListener('change', () => this.emit('pose', 'commit'));
    const family = element<HTMLSelectElement>('line-family');
    family.addEventListener('change', () => this.emit('family', 'commit'));
    const [a, b] = [element<HTMLSelectElement>('footwear-a'), element<HTMLSelectElement>('footwear-b')];
    for (const select of [a, b]) {
      select.innerHTML = this.catalogue.footwear
        .map((entry) => `<option value="${entry.name}" title="${escapeHtml(entry.description)}">${entry.name}</option>`)
        .join('');
      select.addEventListener('change', () => this.emit('footwear', 'commit'));
    }
    a.value = this.catalogue.footwear.some((entry) => entry.name === 'healing-sole') ? 'healing-sole' : this.catalogue.footwear[0].name;
    b.value = this.catalogue.footwear.some((entry) => entry.name === 'flat-sandal') ? 'flat-sandal' : this.catalogue.footwear[1].name;
    const impairment = element<HTMLSelectElement>('footwear-impairment');
    impairment.innerHTML =
      '<option value="">none (rank every load)</option>' +
      this.catalogue.footwearImpairments
        .map((name) => `<option value="${escapeHtml(name)}" title="${escapeHtml(this.catalogue.modifiers.find((m) => m.name === name)?.description ?? '')}">${escapeHtml(this.title(name))}</option>`)
        .join('');
    impairment.addEventListener('change', () => this.emit('footwear', 'commit'));
  }

  /** Fills the line-family list (names come with the first scene). */
  setFamilies(families: readonly string[]): void {
    const select = element<HTMLSelectElement>('line-family');
    if (select.options.length > 1) return;
    for (const family of families) select.insertAdjacentHTML('beforeend', `<option value="${escapeHtml(family)}">${escapeHtml(family)}</option>`);
  }

  state(): ControlState {
    const heightCm = Number(element<HTMLInputElement>('subject-height').value);
    const massKg = Number(element<HTMLInputElement>('subject-mass').value);
    const sex = element<HTMLSelectElement>('subject-sex').value === 'female' ? 'female' : 'male';
    const impairments: ModifierChoiceInput[] = [];
    for (const modifier of this.impairments) {
      const prefix = `imp-${modifier.name}`;
      if (!element<HTMLInputElement>(`${prefix}-on`).checked) continue;
      impairments.push({
        name: modifier.name,
        side: element<HTMLSelectElement>(`${prefix}-side`).value as 'r' | 'l' | 'both',
        severity: Number(element<HTMLInputElement>(`${prefix}-severity`).value),
      });
    }
    const interventionName = element<HTMLSelectElement>('intervention-name').value;
    const intervention =
      interventionName === ''
        ? null
        : {
            name: interventionName,
            side: element<HTMLSelectElement>('int-side').value as 'r' | 'l' | 'both',
            severity: Number(element<HTMLInputElement>('int-severity').value),
          };
    const yogaPose = element<HTMLSelectElement>('yoga-pose').value || null;
    const lineFamily = element<HTMLSelectElement>('line-family').value || null;
    return {
      subject: { heightM: heightCm / 100, massKg, sex },
      impairments,
      intervention,
      yogaPose,
      lineFamily,
      footwear: [element<HTMLSelectElement>('footwear-a').value, element<HTMLSelectElement>('footwear-b').value],
      footwearImpairment: element<HTMLSelectElement>('footwear-impairment').value || null,
    };
  }

  /** Title of a catalogue modifier. */
  title(name: string): string {
    return this.catalogue.modifiers.find((modifier) => modifier.name === name)?.title ?? name;
  }

  unit(name: string): string {
    return this.catalogue.modifiers.find((modifier) => modifier.name === name)?.severity.unit ?? '';
  }
}
