import { describe, expect, it } from 'vitest';
import { composeTransforms, multiplyRotations, rotateVector, rotationFromXYZ, xyzFromRotation } from './frame-math.js';

describe('frame math', () => {
  it('recovers body-fixed X-Y-Z angles from their rotation, gimbal lock included', () => {
    for (const angles of [[0.1, -0.2, 0.3], [-2.9, 1.2, 2.5], [0, 0, 0], [1.0, -1.5, -0.4]]) {
      const back = xyzFromRotation(rotationFromXYZ(angles));
      back.forEach((value, i) => expect(value).toBeCloseTo(angles[i], 12));
    }
    // At y = pi/2 only x + z is defined: the rotation must still be reproduced.
    const locked = rotationFromXYZ([0.4, Math.PI / 2, 0.3]);
    rotationFromXYZ(xyzFromRotation(locked)).forEach((value, i) => expect(value).toBeCloseTo(locked[i], 12));
  });

  it('composes offsets: a point of the child frame lands where applying both does', () => {
    const parent = { rotation: rotationFromXYZ([0.3, 0.1, -0.2]), origin: [0.1, 0.2, 0.3] as [number, number, number] };
    const child = { rotation: rotationFromXYZ([-0.5, 0.4, 0.9]), origin: [-0.05, 0.4, 0.02] as [number, number, number] };
    const both = composeTransforms(parent, child);
    const point = [0.7, -0.3, 0.2];
    const viaChild = rotateVector(child.rotation, point).map((v, i) => v + child.origin[i]);
    const expected = rotateVector(parent.rotation, viaChild).map((v, i) => v + parent.origin[i]);
    rotateVector(both.rotation, point)
      .map((v, i) => v + both.origin[i])
      .forEach((value, i) => expect(value).toBeCloseTo(expected[i], 15));
    multiplyRotations(both.rotation, [1, 0, 0, 0, 1, 0, 0, 0, 1]).forEach((value, i) => expect(value).toBe(both.rotation[i]));
  });
});
