/**
 * Tension-only force law of passive tissues: tendon, ligament, fascia.
 *
 * With strain e = L / slackLength - 1, stiffness k = E*A (N per unit strain) and toe
 * strain e_toe:
 *
 *   e <= 0           F = 0                               (slack: a cord cannot push)
 *   0 < e < e_toe    F = k e^2 / (2 e_toe)               (toe region: collagen crimp straightens)
 *   e >= e_toe       F = k (e - e_toe / 2)               (linear region, slope k)
 *
 * The toe is quadratic so that both force and stiffness dF/de are continuous at slack
 * (F = 0, dF/de = 0) and at e_toe (F = k e_toe / 2, dF/de = k). With e_toe = 0 the law
 * is linear from slack. Damping c (N s/m) adds c * lengtheningVelocity only while the
 * tissue is stretched, and the total is clamped at zero: a tissue that shortens quickly
 * goes slack rather than pushing.
 */

/** Elastic force (N) at `strain` (unitless). Tension-only, continuous with continuous slope. */
export function passiveElasticForce(strain: number, stiffnessN: number, toeStrain: number): number {
  if (strain <= 0) return 0;
  if (strain < toeStrain) return (stiffnessN * strain * strain) / (2 * toeStrain);
  return stiffnessN * (strain - 0.5 * toeStrain);
}

/** dF/d(strain) (N per unit strain) of the elastic force; divide by slack length for N/m. */
export function passiveElasticStiffness(strain: number, stiffnessN: number, toeStrain: number): number {
  if (strain <= 0) return 0;
  if (strain < toeStrain) return (stiffnessN * strain) / toeStrain;
  return stiffnessN;
}

/**
 * Inverse of passiveElasticForce: the strain at which the elastic force equals `forceN`.
 * Returns 0 for forceN <= 0 (any strain at or below slack carries no force; slack is the
 * one a tissue settles to).
 */
export function passiveStrainFromForce(forceN: number, stiffnessN: number, toeStrain: number): number {
  if (forceN <= 0) return 0;
  const toeEndForce = 0.5 * stiffnessN * toeStrain;
  if (forceN < toeEndForce) return Math.sqrt((2 * toeStrain * forceN) / stiffnessN);
  return forceN / stiffnessN + 0.5 * toeStrain;
}

/**
 * Tension (N) of a passive tissue of length `lengthM` lengthening at `velocityMPerS`.
 * Elastic part from the strain, plus damping only while stretched, clamped at zero.
 */
export function passiveTissueForce(
  lengthM: number,
  velocityMPerS: number,
  slackLengthM: number,
  stiffnessN: number,
  toeStrain: number,
  dampingNsPerM: number,
): number {
  const strain = lengthM / slackLengthM - 1;
  if (strain <= 0) return 0;
  const force = passiveElasticForce(strain, stiffnessN, toeStrain) + dampingNsPerM * velocityMPerS;
  return force > 0 ? force : 0;
}
