import { describe, expect, it } from 'vitest';
import { isKinechainError, type KinechainError } from '../../core/errors.js';
import { parseIkTaskSetFile, parseInverseKinematicsSetup } from './inverse-kinematics-setup.js';

function thrown(action: () => unknown): KinechainError {
  try {
    action();
  } catch (error) {
    if (isKinechainError(error)) return error;
    throw error;
  }
  throw new Error('expected a KinechainError');
}

const FULL = `<?xml version="1.0" encoding="UTF-8" ?>
<OpenSimDocument Version="30000">
	<InverseKinematicsTool name="trial">
		<results_directory>./out</results_directory>
		<input_directory />
		<model_file> ../subject01.osim </model_file>
		<constraint_weight>20</constraint_weight>
		<accuracy>1e-004</accuracy>
		<IKTaskSet>
			<objects>
				<IKMarkerTask name="R.ASIS">
					<apply>true</apply>
					<weight>3</weight>
				</IKMarkerTask>
				<IKMarkerTask name="R.Knee.Lat">
					<apply>false</apply>
					<weight>1</weight>
				</IKMarkerTask>
				<IKCoordinateTask name="knee_angle_r">
					<apply>true</apply>
					<weight>0.5</weight>
					<value_type>manual_value</value_type>
					<value>-0.25</value>
				</IKCoordinateTask>
				<IKCoordinateTask name="hip_flexion_r">
					<weight>2</weight>
					<value_type>from_file</value_type>
				</IKCoordinateTask>
			</objects>
			<groups />
		</IKTaskSet>
		<marker_file>../ExperimentalData/walk.trc</marker_file>
		<coordinate_file>walk_coordinates.mot</coordinate_file>
		<time_range> 0.5 1.25</time_range>
		<report_errors>false</report_errors>
		<output_motion_file>walk_IK.mot</output_motion_file>
		<report_marker_locations>true</report_marker_locations>
	</InverseKinematicsTool>
</OpenSimDocument>
`;

const MINIMAL = `<OpenSimDocument Version="40000">
	<InverseKinematicsTool>
		<model_file>model.osim</model_file>
		<marker_file>markers.trc</marker_file>
		<coordinate_file>Unassigned</coordinate_file>
		<IKTaskSet>
			<objects>
				<IKMarkerTask name="A" />
				<IKCoordinateTask name="q" />
			</objects>
		</IKTaskSet>
	</InverseKinematicsTool>
</OpenSimDocument>`;

describe('parseInverseKinematicsSetup', () => {
  it('reads every property of a full setup', () => {
    const setup = parseInverseKinematicsSetup(FULL, 'walk_Setup_IK.xml');
    expect(setup.toolName).toBe('trial');
    expect(setup.resultsDirectory).toBe('./out');
    expect(setup.modelFile).toBe('../subject01.osim');
    expect(setup.markerFile).toBe('../ExperimentalData/walk.trc');
    expect(setup.coordinateFile).toBe('walk_coordinates.mot');
    expect(setup.constraintWeight).toBe(20);
    expect(setup.accuracy).toBe(1e-4);
    expect(setup.timeRange).toEqual([0.5, 1.25]);
    expect(setup.reportErrors).toBe(false);
    expect(setup.reportMarkerLocations).toBe(true);
    expect(setup.outputMotionFile).toBe('walk_IK.mot');
    expect(setup.tasks.markerTasks).toEqual([
      { name: 'R.ASIS', apply: true, weight: 3, line: 11 },
      { name: 'R.Knee.Lat', apply: false, weight: 1, line: 15 },
    ]);
    expect(setup.tasks.coordinateTasks).toEqual([
      { name: 'knee_angle_r', apply: true, weight: 0.5, valueType: 'manual_value', value: -0.25, line: 19 },
      { name: 'hip_flexion_r', apply: true, weight: 2, valueType: 'from_file', value: 0, line: 25 },
    ]);
    expect(setup.lines.marker_file).toBe(32);
  });

  it("fills OpenSim's defaults for what is absent", () => {
    const setup = parseInverseKinematicsSetup(MINIMAL);
    expect(setup.toolName).toBe('');
    expect(setup.constraintWeight).toBe(Infinity);
    expect(setup.accuracy).toBe(1e-5);
    expect(setup.timeRange).toEqual([-Infinity, Infinity]);
    expect(setup.reportErrors).toBe(true);
    expect(setup.reportMarkerLocations).toBe(false);
    expect(setup.outputMotionFile).toBe('');
    expect(setup.coordinateFile).toBe('');
    expect(setup.resultsDirectory).toBe('./');
    expect(setup.tasks.markerTasks[0]).toMatchObject({ apply: true, weight: 0 });
    expect(setup.tasks.coordinateTasks[0]).toMatchObject({ apply: true, weight: 0, valueType: 'default_value', value: 0 });
  });

  it('reads "Inf" constraint weights and task sets kept in their own file', () => {
    const setup = parseInverseKinematicsSetup(MINIMAL.replace('<IKTaskSet>', '<constraint_weight>Inf</constraint_weight><IKTaskSet file="tasks.xml">'));
    expect(setup.constraintWeight).toBe(Infinity);
    expect(setup.taskSetFile).toBe('tasks.xml');
    const tasks = parseIkTaskSetFile('<OpenSimDocument><IKTaskSet><objects><IKMarkerTask name="B"><weight>2</weight></IKMarkerTask></objects></IKTaskSet></OpenSimDocument>');
    expect(tasks.markerTasks).toEqual([{ name: 'B', apply: true, weight: 2, line: 1 }]);
  });

  it('names the element and line of what it cannot honour', () => {
    const unknown = thrown(() => parseInverseKinematicsSetup(MINIMAL.replace('<marker_file>', '<speed_up>true</speed_up>\n\t\t<marker_file>'), 'setup.xml'));
    expect(unknown.code).toBe('UNSUPPORTED');
    expect(unknown.message).toContain('speed_up');
    expect(unknown.details).toMatchObject({ line: 4, element: 'speed_up' });
    const task = thrown(() => parseInverseKinematicsSetup(MINIMAL.replace('<IKMarkerTask name="A" />', '<IKOrientationTask name="A" />')));
    expect(task.code).toBe('UNSUPPORTED');
    expect(task.message).toContain('IKOrientationTask');
    const property = thrown(() => parseInverseKinematicsSetup(MINIMAL.replace('<IKMarkerTask name="A" />', '<IKMarkerTask name="A"><offset>1</offset></IKMarkerTask>')));
    expect(property.code).toBe('UNSUPPORTED');
    expect(thrown(() => parseInverseKinematicsSetup(MINIMAL.replace('<IKCoordinateTask name="q" />', '<IKCoordinateTask name="q"><value_type>guess</value_type></IKCoordinateTask>'))).code).toBe('MALFORMED_INPUT');
    expect(thrown(() => parseInverseKinematicsSetup(MINIMAL.replace('<model_file>model.osim</model_file>', ''))).code).toBe('MALFORMED_INPUT');
    expect(thrown(() => parseInverseKinematicsSetup('<OpenSimDocument><IKTool/></OpenSimDocument>')).code).toBe('UNSUPPORTED');
    expect(thrown(() => parseInverseKinematicsSetup('<OpenSimDocument><ScaleTool/></OpenSimDocument>')).code).toBe('MALFORMED_INPUT');
  });
});
