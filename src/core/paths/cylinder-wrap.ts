/**
 * Wrapping one straight path segment over an infinite cylinder.
 *
 * The shortest path from P to S that may not enter the cylinder is: a straight line from P
 * tangent to the cylinder at T1, a helix on the surface from T1 to T2, and a straight line
 * tangent at T2 to S. Unrolling the cylinder (with the two tangent planes that hold the
 * straight parts) turns the whole path into one straight line, so with
 *   planar length  = |p - t1| + R * theta + |t2 - s|      (in the plane normal to the axis)
 *   axial rise     = z_S - z_P
 * the wrapped length is sqrt(planar^2 + rise^2), and the axial coordinate grows in
 * proportion to planar arc length (this places T1 and T2 along the axis).
 *
 * The segment wraps only when its straight line would cut the cylinder on the chosen side:
 * `sign` = +1 means the path turns about +axis (right-hand rule) going from P to S, i.e.
 * the axis is on the left of the directed segment P -> S seen from the +axis side; -1 the
 * mirror. A straight segment that misses the cylinder, or cuts it with the axis on the
 * other side, does not wrap (the latter would need a wrap the long way round, which an
 * anatomical path never takes). Endpoints inside the cylinder never wrap. At the onset of
 * wrapping (the segment just touching the cylinder) theta = 0 and the wrapped length
 * equals the straight length, so length is continuous as the geometry moves into wrapping.
 *
 * Because the wrapped path is a shortest path, its length changes, to first order, only
 * through the motion of P and S relative to the cylinder (envelope theorem): the moment-arm
 * code treats T1 and T2 as points fixed on the cylinder's body.
 */

/** Returned by cylinderWrap when the segment does not wrap. */
export const NO_WRAP = -1;

/**
 * Wraps segment start -> end (ground points, start[startAdr..+3], end[endAdr..+3]) over the
 * cylinder through `center` with unit axis `axis` (ground, [centerAdr..+3], [axisAdr..+3]),
 * radius `radius` (m), direction `sign` (+1 / -1).
 *
 * If it wraps: writes T1 then T2 (ground, m) to tangentPoints[tangentAdr..+6] and returns
 * the wrapped length (m). Otherwise returns NO_WRAP and leaves tangentPoints untouched.
 * Allocates nothing.
 */
export function cylinderWrap(
  start: Float64Array,
  startAdr: number,
  end: Float64Array,
  endAdr: number,
  center: Float64Array,
  centerAdr: number,
  axis: Float64Array,
  axisAdr: number,
  radius: number,
  sign: number,
  tangentPoints: Float64Array,
  tangentAdr: number,
): number {
  const ax = axis[axisAdr];
  const ay = axis[axisAdr + 1];
  const az = axis[axisAdr + 2];
  const cx = center[centerAdr];
  const cy = center[centerAdr + 1];
  const cz = center[centerAdr + 2];
  // Endpoints relative to the axis point, split into axial and planar parts.
  const px = start[startAdr] - cx;
  const py = start[startAdr + 1] - cy;
  const pz = start[startAdr + 2] - cz;
  const sx = end[endAdr] - cx;
  const sy = end[endAdr + 1] - cy;
  const sz = end[endAdr + 2] - cz;
  const startAxial = px * ax + py * ay + pz * az;
  const endAxial = sx * ax + sy * ay + sz * az;
  const ppx = px - startAxial * ax;
  const ppy = py - startAxial * ay;
  const ppz = pz - startAxial * az;
  const spx = sx - endAxial * ax;
  const spy = sy - endAxial * ay;
  const spz = sz - endAxial * az;
  const startRadial = Math.sqrt(ppx * ppx + ppy * ppy + ppz * ppz);
  const endRadial = Math.sqrt(spx * spx + spy * spy + spz * spz);
  if (!(startRadial > radius) || !(endRadial > radius)) return NO_WRAP;

  // Planar basis: e1 towards the start point, e2 = axis x e1 (so e1, e2, axis is right-handed).
  const e1x = ppx / startRadial;
  const e1y = ppy / startRadial;
  const e1z = ppz / startRadial;
  const e2x = ay * e1z - az * e1y;
  const e2y = az * e1x - ax * e1z;
  const e2z = ax * e1y - ay * e1x;
  // End point's polar angle about the axis, measured from the start point, in (-pi, pi].
  const endAngle = Math.atan2(spx * e2x + spy * e2y + spz * e2z, spx * e1x + spy * e1y + spz * e1z);
  // Half-angles of the tangent cones from each endpoint.
  const startTangentAngle = Math.acos(radius / startRadial);
  const endTangentAngle = Math.acos(radius / endRadial);
  // T1 sits at angle sign*startTangentAngle, T2 at endAngle - sign*endTangentAngle; the
  // helix sweeps theta = sign*(T2 angle - T1 angle). theta <= 0: the straight segment
  // does not reach the cylinder on the chosen side.
  const wrapAngle = sign * endAngle - startTangentAngle - endTangentAngle;
  if (!(wrapAngle > 0)) return NO_WRAP;

  const startTangentLength = Math.sqrt(startRadial * startRadial - radius * radius);
  const endTangentLength = Math.sqrt(endRadial * endRadial - radius * radius);
  const arcLength = radius * wrapAngle;
  const planarLength = startTangentLength + arcLength + endTangentLength;
  const rise = endAxial - startAxial;
  const length = Math.sqrt(planarLength * planarLength + rise * rise);

  const firstAngle = sign * startTangentAngle;
  const secondAngle = endAngle - sign * endTangentAngle;
  const firstAxial = startAxial + (rise * startTangentLength) / planarLength;
  const secondAxial = startAxial + (rise * (startTangentLength + arcLength)) / planarLength;
  writeSurfacePoint(
    tangentPoints, tangentAdr, cx, cy, cz, ax, ay, az, e1x, e1y, e1z, e2x, e2y, e2z, radius, firstAngle, firstAxial,
  );
  writeSurfacePoint(
    tangentPoints, tangentAdr + 3, cx, cy, cz, ax, ay, az, e1x, e1y, e1z, e2x, e2y, e2z, radius, secondAngle, secondAxial,
  );
  return length;
}

function writeSurfacePoint(
  out: Float64Array,
  adr: number,
  cx: number,
  cy: number,
  cz: number,
  ax: number,
  ay: number,
  az: number,
  e1x: number,
  e1y: number,
  e1z: number,
  e2x: number,
  e2y: number,
  e2z: number,
  radius: number,
  angle: number,
  axial: number,
): void {
  const c = radius * Math.cos(angle);
  const s = radius * Math.sin(angle);
  out[adr] = cx + c * e1x + s * e2x + axial * ax;
  out[adr + 1] = cy + c * e1y + s * e2y + axial * ay;
  out[adr + 2] = cz + c * e1z + s * e2z + axial * az;
}
