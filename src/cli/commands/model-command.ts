/**
 * `kinechain model [--json] [--height M --mass KG --sex male|female]`: the default
 * body's degrees of freedom, bodies, joints, tissues and myofascial lines.
 */
import { defaultModel, describeModel, type ModelDescription, type SubjectInput } from '../../app/index.js';
import type { Model } from '../../app/index.js';
import { fixed, heading, renderTable } from '../format/table.js';

export interface ModelCommandOptions {
  readonly json: boolean;
  readonly subject?: SubjectInput;
  /** A compiled model to describe instead of the default body (tests, embedding). */
  readonly model?: Model;
}

export function modelCommand(options: ModelCommandOptions): string {
  const model = options.model ?? defaultModel(options.subject);
  const description = describeModel(model);
  if (options.json) return `${JSON.stringify(description, null, 2)}\n`;
  return renderModelDescription(description);
}

function rangeText(dof: ModelDescription['dofs'][number]): string {
  if (dof.rangeDeg) return `${fixed(dof.rangeDeg[0], 1)} .. ${fixed(dof.rangeDeg[1], 1)} deg`;
  return `${fixed(dof.range[0], 3)} .. ${fixed(dof.range[1], 3)} m`;
}

function defaultText(dof: ModelDescription['dofs'][number]): string {
  return dof.defaultDeg !== null ? `${fixed(dof.defaultDeg, 1)} deg` : `${fixed(dof.defaultValue, 3)} m`;
}

export function renderModelDescription(description: ModelDescription): string {
  let text = `Model ${description.name}`;
  if (description.subject) {
    const subject = description.subject;
    text += ` — ${subject.sex}, ${fixed(subject.heightM, 2)} m, ${fixed(subject.massKg, 1)} kg`;
  }
  text += `\n${description.counts.bodies} bodies, ${description.counts.dofs} degrees of freedom, ` +
    `${description.counts.tissues} tissues, ${description.counts.lines} myofascial lines ` +
    `(${description.counts.junctions} junctions), total mass ${fixed(description.totalMassKg, 2)} kg\n`;

  text += heading('Degrees of freedom');
  text += renderTable(
    { head: ['coordinate', 'joint', 'range', 'standing', 'positive means'], maxWidths: [null, null, null, null, 60] },
    description.dofs.map((dof) => [
      dof.locked ? `${dof.name} (locked)` : dof.name,
      dof.joint,
      rangeText(dof),
      defaultText(dof),
      dof.description ?? '',
    ]),
  );

  text += heading('Bodies');
  text += renderTable(
    { head: ['body', 'parent', 'joint', 'type', 'mass (kg)', 'mass (%)'], align: ['left', 'left', 'left', 'left', 'right', 'right'] },
    description.bodies.map((body, index) => [
      body.name,
      body.parent,
      body.joint,
      description.joints[index].type,
      fixed(body.massKg, 2),
      fixed(100 * body.massFraction, 1),
    ]),
  );

  text += heading('Tissues');
  text += renderTable(
    {
      head: ['tissue', 'kind', 'region', 'side', 'standing length (m)', 'source'],
      align: ['left', 'left', 'left', 'left', 'right', 'left'],
      maxWidths: [null, null, null, null, null, 60],
    },
    description.tissues.map((tissue) => [
      tissue.seriesOf.length > 0 ? `${tissue.name} (series of ${tissue.seriesOf.length})` : tissue.name,
      tissue.kind,
      tissue.region,
      tissue.side,
      fixed(tissue.referenceLengthM, 3),
      tissue.source,
    ]),
  );

  text += heading('Myofascial lines');
  for (const line of description.lines) {
    text += `\n${line.name} (${line.family}, ${line.side}): ${line.tracks.map((track) => track.label).join(' > ')}\n`;
    if (line.junctions.length === 0) continue;
    text += renderTable(
      {
        head: ['junction', 'station', 'evidence (studies)', 'force transmission', 'anchorage N/m (low..high)'],
        align: ['left', 'left', 'left', 'left', 'right'],
        maxWidths: [50, 40],
      },
      line.junctions.map((junction) => [
        `${junction.from} > ${junction.to}`,
        junction.stationLabel,
        `${junction.evidence} (${junction.studies})`,
        junction.forceTransmission,
        `${formatStiffness(junction.anchorageStiffnessNPerM.nominal)} (${formatStiffness(junction.anchorageStiffnessNPerM.low)}..${formatStiffness(junction.anchorageStiffnessNPerM.high)})`,
      ]),
    );
  }
  return text;
}

function formatStiffness(value: number): string {
  if (value === 0) return '0';
  if (value >= 1e4 || value < 1e-2) return value.toExponential(1).replace('e+', 'e');
  return fixed(value, 0);
}
