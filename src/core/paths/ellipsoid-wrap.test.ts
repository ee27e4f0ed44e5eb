import { describe, expect, it } from 'vitest';
import { NO_WRAP, cylinderWrap } from './cylinder-wrap.js';
import { closestSurfacePoint, ellipsoidWrap } from './ellipsoid-wrap.js';

/** Row-major rotation about a unit axis by angle (Rodrigues). */
function rotation(axis: [number, number, number], angle: number): number[] {
  const n = Math.hypot(...axis);
  const [x, y, z] = axis.map((value) => value / n);
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  const t = 1 - c;
  return [t * x * x + c, t * x * y - s * z, t * x * z + s * y, t * x * y + s * z, t * y * y + c, t * y * z - s * x, t * x * z - s * y, t * y * z + s * x, t * z * z + c];
}

function pose(center: [number, number, number], rotationRowMajor: number[]): Float64Array {
  return Float64Array.from([...center, ...rotationRowMajor]);
}

/** Ground point of local x under pose. */
function toGround(ellipsoid: Float64Array, local: [number, number, number]): [number, number, number] {
  const out: [number, number, number] = [0, 0, 0];
  for (let i = 0; i < 3; i++) out[i] = ellipsoid[i] + ellipsoid[3 + i * 3] * local[0] + ellipsoid[4 + i * 3] * local[1] + ellipsoid[5 + i * 3] * local[2];
  return out;
}

function wrapLength(
  ellipsoid: Float64Array,
  radii: [number, number, number],
  start: [number, number, number],
  end: [number, number, number],
  sideAxis = -1,
  sideSign = 0,
  tangents = new Float64Array(6),
): number {
  return ellipsoidWrap(Float64Array.from(start), 0, Float64Array.from(end), 0, ellipsoid, Float64Array.from(radii), 0, sideAxis, sideSign, tangents, 0);
}

const distance = (a: ArrayLike<number>, b: ArrayLike<number>) => Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2]);
const tilted = pose([0.1, -0.2, 0.05], rotation([0.3, -0.5, 0.8], 0.7));

describe('ellipsoid wrap', () => {
  it('on a sphere is the great-circle wrap, of analytic length', () => {
    const radius = 0.03;
    const cases: [[number, number, number], [number, number, number]][] = [
      [
        [-0.08, 0.01, 0.005],
        [0.07, 0.015, -0.01],
      ],
      [
        [-0.05, -0.04, 0.02],
        [0.06, 0.02, -0.03],
      ],
      [
        [0.0, 0.09, 0.02],
        [0.01, -0.05, -0.03],
      ],
    ];
    for (const [localStart, localEnd] of cases) {
      const start = toGround(tilted, localStart);
      const end = toGround(tilted, localEnd);
      const tangents = new Float64Array(6);
      const length = wrapLength(tilted, [radius, radius, radius], start, end, -1, 0, tangents);
      expect(length).not.toBe(NO_WRAP);
      const startDistance = Math.hypot(...localStart);
      const endDistance = Math.hypot(...localEnd);
      const cosine = (localStart[0] * localEnd[0] + localStart[1] * localEnd[1] + localStart[2] * localEnd[2]) / (startDistance * endDistance);
      const arcAngle = Math.acos(cosine) - Math.acos(radius / startDistance) - Math.acos(radius / endDistance);
      const analytic =
        Math.sqrt(startDistance ** 2 - radius ** 2) + Math.sqrt(endDistance ** 2 - radius ** 2) + radius * arcAngle;
      expect(Math.abs(length - analytic) / analytic).toBeLessThan(1e-12);
      // Tangent points on the sphere, and the lines from P and S tangent there.
      for (const [point, tangentAdr] of [
        [start, 0],
        [end, 3],
      ] as const) {
        const t = tangents.subarray(tangentAdr, tangentAdr + 3);
        expect(Math.abs(distance(t, tilted) - radius)).toBeLessThan(1e-14);
        const radial = [t[0] - tilted[0], t[1] - tilted[1], t[2] - tilted[2]];
        const line = [point[0] - t[0], point[1] - t[1], point[2] - t[2]];
        expect(Math.abs(radial[0] * line[0] + radial[1] * line[1] + radial[2] * line[2]) / (radius * distance(point, t))).toBeLessThan(1e-12);
      }
    }
  });

  it('reduces to the cylinder wrap for a path in the mid plane of an ellipsoid with circular cross-section', () => {
    const radius = 0.025;
    // Long third axis: its mid plane cuts a circle of the cylinder's radius.
    const localStart: [number, number, number] = [-0.07, 0.012, 0];
    const localEnd: [number, number, number] = [0.06, 0.02, 0];
    const start = toGround(tilted, localStart);
    const end = toGround(tilted, localEnd);
    const tangents = new Float64Array(6);
    const length = wrapLength(tilted, [radius, radius, 0.2], start, end, -1, 0, tangents);
    const axis = toGround(pose([0, 0, 0], Array.from(tilted.subarray(3))), [0, 0, 1]);
    // The straight segment passes above the axis (+y), so the wrap turns clockwise about +z.
    const cylinderTangents = new Float64Array(6);
    const cylinderLength = cylinderWrap(
      Float64Array.from(start), 0, Float64Array.from(end), 0, tilted, 0, Float64Array.from(axis), 0, radius, -1, cylinderTangents, 0,
    );
    expect(cylinderLength).not.toBe(NO_WRAP);
    expect(Math.abs(length - cylinderLength) / cylinderLength).toBeLessThan(1e-12);
    for (let k = 0; k < 6; k++) expect(Math.abs(tangents[k] - cylinderTangents[k])).toBeLessThan(1e-12);
  });

  it('does not wrap when the segment misses, stops short of, or starts inside the ellipsoid', () => {
    const radii: [number, number, number] = [0.03, 0.02, 0.04];
    const frame = pose([0, 0, 0], rotation([0, 0, 1], 0));
    expect(wrapLength(frame, radii, [-0.1, 0.021, 0], [0.1, 0.021, 0])).toBe(NO_WRAP);
    expect(wrapLength(frame, radii, [-0.1, 0.0, 0], [-0.05, 0.0, 0])).toBe(NO_WRAP);
    expect(wrapLength(frame, radii, [-0.01, 0.0, 0], [0.1, 0.0, 0.01])).toBe(NO_WRAP);
    expect(wrapLength(frame, radii, [-0.1, 0.019, 0], [0.1, 0.019, 0])).toBeGreaterThan(0.2);
  });

  it('is continuous in length at the wrap onset', () => {
    const radii: [number, number, number] = [0.03, 0.02, 0.04];
    const start: [number, number, number] = [-0.1, 0.0, 0.01];
    const end: [number, number, number] = [0.08, 0.0, -0.02];
    // Height at which the segment (moved along +y) just touches: bisect between miss and wrap.
    const at = (height: number) => wrapLength(tilted, radii, toGround(tilted, [start[0], height, start[2]]), toGround(tilted, [end[0], height, end[2]]));
    let inside = 0;
    let outside = 0.05;
    for (let k = 0; k < 80; k++) {
      const middle = 0.5 * (inside + outside);
      if (at(middle) === NO_WRAP) outside = middle;
      else inside = middle;
    }
    const straight = Math.hypot(end[0] - start[0], end[2] - start[2]);
    let previousExcess = Infinity;
    for (const depth of [1e-4, 1e-6, 1e-8]) {
      const excess = at(outside - depth) - straight;
      expect(excess).toBeGreaterThanOrEqual(-1e-15);
      expect(excess).toBeLessThan(previousExcess);
      previousExcess = excess;
    }
    expect(previousExcess).toBeLessThan(1e-10);
  });

  it('gives a wrapped length that is symmetric in its ends, at least the straight length, and frame independent', () => {
    const radii: [number, number, number] = [0.035, 0.022, 0.05];
    const localStart: [number, number, number] = [-0.09, 0.01, 0.03];
    const localEnd: [number, number, number] = [0.07, 0.018, -0.04];
    const length = wrapLength(tilted, radii, toGround(tilted, localStart), toGround(tilted, localEnd));
    const reversed = wrapLength(tilted, radii, toGround(tilted, localEnd), toGround(tilted, localStart));
    const aligned = pose([0, 0, 0], [1, 0, 0, 0, 1, 0, 0, 0, 1]);
    const inLocalFrame = wrapLength(aligned, radii, localStart, localEnd);
    expect(length).toBeGreaterThan(distance(localStart, localEnd));
    expect(Math.abs(length - reversed) / length).toBeLessThan(1e-12);
    expect(Math.abs(length - inLocalFrame) / length).toBeLessThan(1e-12);
  });

  it('goes round the constrained half, the far side when the path cuts the other half', () => {
    const radii: [number, number, number] = [0.03, 0.02, 0.04];
    const aligned = pose([0, 0, 0], [1, 0, 0, 0, 1, 0, 0, 0, 1]);
    const start: [number, number, number] = [-0.1, 0.012, 0];
    const end: [number, number, number] = [0.1, 0.012, 0];
    const free = wrapLength(aligned, radii, start, end);
    const sameSide = wrapLength(aligned, radii, start, end, 1, 1);
    const tangents = new Float64Array(6);
    const farSide = wrapLength(aligned, radii, start, end, 1, -1, tangents);
    expect(sameSide).toBe(free);
    expect(farSide).toBeGreaterThan(free + 0.005);
    expect(tangents[1]).toBeLessThan(0);
    expect(tangents[4]).toBeLessThan(0);
  });

  it('finds the closest surface point to an interior point (normal through it)', () => {
    const out = new Float64Array(3);
    const [a, b, c] = [0.03, 0.02, 0.045];
    const inside = Float64Array.from([0.01, 0.004, -0.012]);
    closestSurfacePoint(a, b, c, inside, out);
    expect(Math.abs((out[0] / a) ** 2 + (out[1] / b) ** 2 + (out[2] / c) ** 2 - 1)).toBeLessThan(1e-14);
    // x - x0 is along the surface normal (x/a^2, y/b^2, z/c^2).
    const normal = [out[0] / a ** 2, out[1] / b ** 2, out[2] / c ** 2];
    const offset = [out[0] - inside[0], out[1] - inside[1], out[2] - inside[2]];
    const cross = [
      normal[1] * offset[2] - normal[2] * offset[1],
      normal[2] * offset[0] - normal[0] * offset[2],
      normal[0] * offset[1] - normal[1] * offset[0],
    ];
    expect(Math.hypot(...cross) / (Math.hypot(...normal) * Math.hypot(...offset))).toBeLessThan(1e-12);
    // Outside: on the surface, and no surface point sampled nearby is closer.
    const outside = Float64Array.from([0.05, -0.03, 0.02]);
    closestSurfacePoint(a, b, c, outside, out);
    expect(Math.abs((out[0] / a) ** 2 + (out[1] / b) ** 2 + (out[2] / c) ** 2 - 1)).toBeLessThan(1e-14);
    const best = distance(out, outside);
    for (let u = 0; u < 40; u++) {
      for (let v = 0; v < 20; v++) {
        const longitude = (u / 40) * 2 * Math.PI;
        const latitude = ((v + 0.5) / 20 - 0.5) * Math.PI;
        const sample = [a * Math.cos(latitude) * Math.cos(longitude), b * Math.cos(latitude) * Math.sin(longitude), c * Math.sin(latitude)];
        expect(distance(sample, outside)).toBeGreaterThanOrEqual(best - 1e-15);
      }
    }
  });
});
