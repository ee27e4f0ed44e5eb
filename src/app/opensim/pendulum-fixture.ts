/**
 * A pendulum written as OpenSim files, for tests of the OpenSim tools with answers
 * known in closed form: a rod (mass M, centre of mass L below the pin, inertia Izz about
 * its centre of mass) on a PinJoint about Z at (0, 1, 0) in ground, swinging as
 * q(t) = A sin(2 pi f t). Its inverse dynamics is
 *
 *   tau(t) = (Izz + M L^2) q''(t) + M g L sin q(t),
 *
 * and a force of M g straight up at the centre of mass (or a torque M g L sin q, or the
 * same force expressed in the rod's frame) cancels the gravity term exactly.
 *
 * writePendulumFiles(folder) writes the model, the motion (degrees), three external
 * loads variants with their data, an InverseDynamicsTool setup and an AnalyzeTool
 * (StaticOptimization) setup with a force set file of one CoordinateActuator.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const PENDULUM = {
  mass: 2,
  comBelowPin: 0.5,
  inertiaZ: 0.1,
  gravity: 9.80665,
  amplitude: 0.5,
  frequencyHz: 0.5,
  /** Motion samples per second and duration (s). */
  motionRate: 100,
  duration: 2,
  /** Rate of the external force samples. */
  loadRate: 400,
  /** The reserve actuator's optimal force (N m). */
  actuatorOptimalForce: 10,
} as const;

const OMEGA = 2 * Math.PI * PENDULUM.frequencyHz;

export function pendulumAngle(t: number): number {
  return PENDULUM.amplitude * Math.sin(OMEGA * t);
}

export function pendulumAcceleration(t: number): number {
  return -PENDULUM.amplitude * OMEGA * OMEGA * Math.sin(OMEGA * t);
}

/** The closed-form generalised force; `gravityCancelled` drops the M g L sin q term. */
export function pendulumTorque(t: number, gravityCancelled = false): number {
  const { mass, comBelowPin, inertiaZ, gravity } = PENDULUM;
  const inertia = inertiaZ + mass * comBelowPin * comBelowPin;
  return inertia * pendulumAcceleration(t) + (gravityCancelled ? 0 : mass * gravity * comBelowPin * Math.sin(pendulumAngle(t)));
}

export const PENDULUM_MODEL = `<?xml version="1.0" encoding="UTF-8" ?>
<OpenSimDocument Version="40000">
	<Model name="pendulum">
		<Ground name="ground" />
		<gravity>0 -${PENDULUM.gravity} 0</gravity>
		<BodySet name="bodyset">
			<objects>
				<Body name="rod">
					<mass>${PENDULUM.mass}</mass>
					<mass_center>0 -${PENDULUM.comBelowPin} 0</mass_center>
					<inertia>0.2 0.01 ${PENDULUM.inertiaZ} 0 0 0</inertia>
				</Body>
			</objects>
			<groups />
		</BodySet>
		<JointSet name="jointset">
			<objects>
				<PinJoint name="swing">
					<socket_parent_frame>ground_offset</socket_parent_frame>
					<socket_child_frame>rod_offset</socket_child_frame>
					<coordinates>
						<Coordinate name="swing_angle">
							<default_value>0.2</default_value>
							<range>-3 3</range>
						</Coordinate>
					</coordinates>
					<frames>
						<PhysicalOffsetFrame name="ground_offset">
							<socket_parent>/ground</socket_parent>
							<translation>0 1 0</translation>
							<orientation>0 0 0</orientation>
						</PhysicalOffsetFrame>
						<PhysicalOffsetFrame name="rod_offset">
							<socket_parent>/bodyset/rod</socket_parent>
							<translation>0 0 0</translation>
							<orientation>0 0 0</orientation>
						</PhysicalOffsetFrame>
					</frames>
				</PinJoint>
			</objects>
			<groups />
		</JointSet>
		<ForceSet name="forceset">
			<objects />
			<groups />
		</ForceSet>
	</Model>
</OpenSimDocument>
`;

function storageText(name: string, labels: string[], rows: number[][], inDegrees: boolean): string {
  const lines = [name, 'version=1', `nRows=${rows.length}`, `nColumns=${labels.length}`, `inDegrees=${inDegrees ? 'yes' : 'no'}`, 'endheader', labels.join('\t')];
  for (const row of rows) lines.push(row.map((value) => value.toPrecision(17)).join('\t'));
  return `${lines.join('\n')}\n`;
}

function samples(rate: number): number[] {
  const count = Math.round(PENDULUM.duration * rate) + 1;
  return Array.from({ length: count }, (_, i) => i / rate);
}

/** The motion file: time and swing_angle in degrees. */
export function pendulumMotionText(): string {
  return storageText(
    'Coordinates',
    ['time', 'swing_angle'],
    samples(PENDULUM.motionRate).map((t) => [t, (pendulumAngle(t) * 180) / Math.PI]),
    true,
  );
}

export type PendulumLoad = 'groundForce' | 'bodyForce' | 'groundTorque';

/** External force data cancelling gravity, in one of three equivalent forms. */
export function pendulumLoadText(load: PendulumLoad): string {
  const { mass, gravity, comBelowPin } = PENDULUM;
  const weight = mass * gravity;
  const rows = samples(PENDULUM.loadRate).map((t) => {
    const q = pendulumAngle(t);
    switch (load) {
      case 'groundForce':
        // Up at the centre of mass, point in ground.
        return [t, 0, weight, 0, comBelowPin * Math.sin(q), 1 - comBelowPin * Math.cos(q), 0, 0, 0, 0];
      case 'bodyForce':
        // The same force expressed in the rod's frame, at the centre of mass in the rod's frame.
        return [t, weight * Math.sin(q), weight * Math.cos(q), 0, 0, -comBelowPin, 0, 0, 0, 0];
      case 'groundTorque':
        // No force, a torque M g L sin q about +Z.
        return [t, 0, 0, 0, 0, 0, 0, 0, 0, weight * comBelowPin * Math.sin(q)];
    }
  });
  const labels = ['time', 'f_vx', 'f_vy', 'f_vz', 'f_px', 'f_py', 'f_pz', 'f_tx', 'f_ty', 'f_tz'];
  return storageText('loads', labels, rows, false);
}

export function pendulumLoadsXml(load: PendulumLoad, dataFile: string): string {
  const frame = load === 'bodyForce' ? 'rod' : 'ground';
  return `<?xml version="1.0" encoding="UTF-8" ?>
<OpenSimDocument Version="40000">
	<ExternalLoads name="loads">
		<objects>
			<ExternalForce name="support">
				<applied_to_body>rod</applied_to_body>
				<force_expressed_in_body>${frame}</force_expressed_in_body>
				<point_expressed_in_body>${frame}</point_expressed_in_body>
				<force_identifier>f_v</force_identifier>
				<point_identifier>f_p</point_identifier>
				<torque_identifier>f_t</torque_identifier>
			</ExternalForce>
		</objects>
		<groups />
		<datafile>${dataFile}</datafile>
	</ExternalLoads>
</OpenSimDocument>
`;
}

export interface InverseDynamicsSetupOptions {
  externalLoads?: string;
  timeRange?: [number, number];
  cutoff?: number;
  output?: string;
  /** Extra elements placed inside the tool element. */
  extra?: string;
}

export function pendulumInverseDynamicsSetup(options: InverseDynamicsSetupOptions = {}): string {
  const range = options.timeRange ?? [0.3, 1.7];
  return `<?xml version="1.0" encoding="UTF-8" ?>
<OpenSimDocument Version="40000">
	<InverseDynamicsTool name="pendulum">
		<model_file>pendulum.osim</model_file>
		<results_directory>Results</results_directory>
		<time_range> ${range[0]} ${range[1]}</time_range>
		<forces_to_exclude> Muscles</forces_to_exclude>
		<external_loads_file>${options.externalLoads ?? ''}</external_loads_file>
		<coordinates_file>pendulum_motion.mot</coordinates_file>
		<lowpass_cutoff_frequency_for_coordinates>${options.cutoff ?? -1}</lowpass_cutoff_frequency_for_coordinates>
		<output_gen_force_file>${options.output ?? 'pendulum_ID.sto'}</output_gen_force_file>
		<joints_to_report_body_forces />${options.extra ?? ''}
	</InverseDynamicsTool>
</OpenSimDocument>
`;
}

export const PENDULUM_RESERVES = `<?xml version="1.0" encoding="UTF-8" ?>
<OpenSimDocument Version="40000">
	<ForceSet name="reserves">
		<objects>
			<CoordinateActuator name="swing_reserve">
				<min_control>-Inf</min_control>
				<max_control>Inf</max_control>
				<coordinate>swing_angle</coordinate>
				<optimal_force>${PENDULUM.actuatorOptimalForce}</optimal_force>
			</CoordinateActuator>
		</objects>
		<groups />
	</ForceSet>
</OpenSimDocument>
`;

export interface StaticOptimizationSetupOptions {
  initialTime?: number;
  finalTime?: number;
  useModelForceSet?: boolean;
  forceSetFiles?: string;
  externalLoads?: string;
  /** Extra analyses placed in the AnalysisSet. */
  extraAnalyses?: string;
}

export function pendulumStaticOptimizationSetup(options: StaticOptimizationSetupOptions = {}): string {
  return `<?xml version="1.0" encoding="UTF-8" ?>
<OpenSimDocument Version="40000">
	<AnalyzeTool name="pendulum">
		<model_file>pendulum.osim</model_file>
		<replace_force_set>false</replace_force_set>
		<force_set_files>${options.forceSetFiles ?? 'pendulum_reserves.xml'}</force_set_files>
		<results_directory>Results</results_directory>
		<output_precision>12</output_precision>
		<initial_time>${options.initialTime ?? 0.3}</initial_time>
		<final_time>${options.finalTime ?? 1.7}</final_time>
		<AnalysisSet name="Analyses">
			<objects>
				<StaticOptimization name="StaticOptimization">
					<on>true</on>
					<step_interval>1</step_interval>
					<use_model_force_set>${options.useModelForceSet ?? true}</use_model_force_set>
					<activation_exponent>2</activation_exponent>
					<use_muscle_physiology>true</use_muscle_physiology>
				</StaticOptimization>${options.extraAnalyses ?? ''}
			</objects>
			<groups />
		</AnalysisSet>
		<external_loads_file>${options.externalLoads ?? ''}</external_loads_file>
		<coordinates_file>pendulum_motion.mot</coordinates_file>
		<lowpass_cutoff_frequency_for_coordinates>-1</lowpass_cutoff_frequency_for_coordinates>
	</AnalyzeTool>
</OpenSimDocument>
`;
}

/** Writes the model, motion, loads (all three variants) and reserve files into `folder`. */
export async function writePendulumFiles(folder: string): Promise<void> {
  await mkdir(folder, { recursive: true });
  await writeFile(join(folder, 'pendulum.osim'), PENDULUM_MODEL);
  await writeFile(join(folder, 'pendulum_motion.mot'), pendulumMotionText());
  await writeFile(join(folder, 'pendulum_reserves.xml'), PENDULUM_RESERVES);
  for (const load of ['groundForce', 'bodyForce', 'groundTorque'] as const) {
    await writeFile(join(folder, `${load}.mot`), pendulumLoadText(load));
    await writeFile(join(folder, `${load}.xml`), pendulumLoadsXml(load, `${load}.mot`));
  }
}
