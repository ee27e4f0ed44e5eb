/**
 * `kinechain report`: a readable terminal report on the default body — the subject,
 * its degrees of freedom, where its mass is, the tissues of each region, the
 * myofascial lines with the evidence behind them, and the line tensions standing and in
 * a standing forward bend.
 */
import { bodyReport, defaultModel, type BodyReport, type Model, type SubjectInput } from '../../app/index.js';
import { fixed, heading, paragraph, renderTable, signed } from '../format/table.js';
import { convergenceWarnings } from './chain-command.js';

export interface ReportCommandOptions {
  readonly subject?: SubjectInput;
  /** A compiled model to report on instead of the default body (tests, embedding). */
  readonly model?: Model;
}

export function reportCommand(options: ReportCommandOptions = {}): { text: string; warnings: string[] } {
  const model = options.model ?? defaultModel(options.subject);
  const report = bodyReport(model);
  return {
    text: renderBodyReport(report),
    warnings: [...convergenceWarnings(report.standing), ...convergenceWarnings(report.forwardBend)],
  };
}

export function renderBodyReport(report: BodyReport): string {
  const description = report.description;
  let text = `kinechain report: ${description.name}\n`;

  text += heading('Subject');
  if (description.subject) {
    const subject = description.subject;
    text += `${subject.sex}, height ${fixed(subject.heightM, 2)} m, mass ${fixed(subject.massKg, 1)} kg\n`;
  } else {
    text += 'not scaled to a subject\n';
  }
  text +=
    `${description.counts.bodies} segments, ${description.counts.dofs} degrees of freedom, ` +
    `${description.counts.tissues} tissues, ${description.counts.lines} myofascial lines with ` +
    `${description.counts.junctions} junctions; model mass ${fixed(description.totalMassKg, 2)} kg\n`;

  text += heading('Degrees of freedom');
  text += renderTable(
    { head: ['joint', 'type', 'coordinates (range)'] },
    description.joints
      .filter((joint) => joint.coordinates.length > 0)
      .map((joint) => [
        joint.name,
        joint.type,
        joint.coordinates
          .map((name) => {
            const dof = description.dofs.find((entry) => entry.name === name);
            if (!dof) return name;
            return dof.rangeDeg
              ? `${name} (${fixed(dof.rangeDeg[0], 0)}..${fixed(dof.rangeDeg[1], 0)} deg)`
              : `${name} (${fixed(dof.range[0], 2)}..${fixed(dof.range[1], 2)} m)`;
          })
          .join('\n'),
      ]),
  );

  text += heading('Mass distribution');
  text += renderTable(
    { head: ['segment', 'mass (kg)', 'of body (%)'], align: ['left', 'right', 'right'] },
    report.massDistribution.map((segment) => [segment.segment, fixed(segment.massKg, 2), fixed(100 * segment.massFraction, 1)]),
  );

  text += heading('Tissues per region');
  text += renderTable(
    { head: ['region', 'muscles', 'tendons', 'ligaments', 'fascia', 'total'], align: ['left', 'right', 'right', 'right', 'right', 'right'] },
    report.tissuesPerRegion.map((region) => [region.region, region.muscle, region.tendon, region.ligament, region.fascia, region.total]),
  );

  text += heading('Myofascial lines and the evidence for their junctions');
  if (report.lineFamilies.length === 0) text += 'The model has no myofascial lines.\n';
  text += paragraph(
    'Evidence: anatomical continuity (Wilke et al. 2016) with the number of dissection studies; force transmission ' +
      '(Krause et al. 2016). "not-studied": no review graded the junction.',
  );
  for (const family of report.lineFamilies) {
    text += `\n${family.family} (${family.lines.join(', ')}): ${family.tracks} tracks\n`;
    if (family.junctions.length === 0) continue;
    text += renderTable(
      { head: ['junction', 'station', 'evidence (studies)', 'force transmission'], maxWidths: [50, 40] },
      family.junctions.map((junction) => [
        `${junction.from} > ${junction.to}`,
        junction.stationLabel,
        `${junction.evidence} (${junction.studies})`,
        junction.forceTransmission,
      ]),
    );
  }

  text += heading('Chain tensions: standing and standing forward bend (knees extended)');
  if (report.forwardBend.lines.length === 0) return `${text}The model has no myofascial lines.\n`;
  const bendPose = Object.entries(report.forwardBendPoseDeg)
    .map(([name, value]) => `${name} ${fixed(value, 0)} deg`)
    .join(', ');
  text += paragraph(
    `Forward bend: ${bendPose}. Muscles passive. Tension of each line's most loaded track in the bend; ` +
      'the interval spans the junction anchorage stiffness range (an assumption: no published value).',
  );
  const bend = report.forwardBend;
  text += renderTable(
    {
      head: ['line', 'most loaded track (tissue)', 'standing (N)', 'forward bend (N)', 'interval (N)', 'change (N)'],
      align: ['left', 'left', 'right', 'right', 'right', 'right'],
    },
    bend.lines.map((line) => {
      let most = line.tracks[0];
      for (const track of line.tracks) if (track.tensionN > most.tensionN) most = track;
      return [
        line.name,
        most.tissue,
        fixed(most.reference?.tensionN ?? 0, 1),
        fixed(most.tensionN, 1),
        `${fixed(most.tensionIntervalN[0], 1)} .. ${fixed(most.tensionIntervalN[1], 1)}`,
        signed(most.change?.tensionN ?? 0, 1),
      ];
    }),
  );

  const detail = bend.lines.find((line) => line.family === 'superficial back line') ?? bend.lines[0];
  if (detail) {
    text += `\n${detail.name}, track by track:\n`;
    text += renderTable(
      {
        head: ['track', 'standing (N)', 'forward bend (N)', 'change (N)', 'strain standing (%)', 'strain bend (%)'],
        align: ['left', 'right', 'right', 'right', 'right', 'right'],
        maxWidths: [40],
      },
      detail.tracks.map((track) => [
        track.label,
        fixed(track.reference?.tensionN ?? 0, 1),
        fixed(track.tensionN, 1),
        signed(track.change?.tensionN ?? 0, 1),
        fixed(100 * (track.reference?.strain ?? 0), 1),
        fixed(100 * track.strain, 1),
      ]),
    );
    const junctions = bend.junctions.filter((junction) => junction.line === detail.name);
    if (junctions.length > 0) {
      text += renderTable(
        {
          head: ['junction station', 'evidence', 'slide standing (mm)', 'slide bend (mm)', 'interval (mm)'],
          align: ['left', 'left', 'right', 'right', 'right'],
          maxWidths: [40],
        },
        junctions.map((junction) => [
          junction.stationLabel,
          junction.evidence,
          fixed(junction.reference?.displacementMm ?? 0, 2),
          fixed(junction.displacementMm, 2),
          `${fixed(junction.displacementIntervalMm[0], 2)} .. ${fixed(junction.displacementIntervalMm[1], 2)}`,
        ]),
      );
    }
  }

  text += `\n${paragraph(
    'These tensions are model predictions: the tissue laws come from published material tests, the anchorage of ' +
      'the junctions is an assumption. Use `kinechain chain --pose FILE` for any other pose.',
  )}`;
  return text;
}
