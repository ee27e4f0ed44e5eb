/**
 * The moment of the plantar ligaments (library/plantar-ligaments.ts) about the midtarsal
 * joint at a midtarsal angle: each ligament, a tension-only spring of length L lying r
 * below the joint axis, is stretched by r (angle - slack angle) when the arch flattens
 * (angle positive), so it resists with F r, F = passiveElasticForce(strain, k L, toe
 * strain) and strain = r (angle - slack angle) / L. This is the law the stance-phase arch
 * balance (analyses/stance-phase.ts) applies; the gait analysis shares the arch moment
 * with it (app/gait-arch-balance.ts).
 */
import { passiveElasticForce } from '../../core/tissues/passive-law.js';
import type { PlantarLigamentParameters } from '../plantar-ligaments.js';

/** Moment (N m, > 0 raises the arch) of the ligaments at midtarsal angle `angleRad` (+ flattens the arch). */
export function plantarLigamentMoment(ligaments: readonly PlantarLigamentParameters[], angleRad: number): number {
  let moment = 0;
  for (const ligament of ligaments) {
    const strain = (ligament.momentArmM * (angleRad - ligament.slackAngleRad)) / ligament.lengthM;
    moment += passiveElasticForce(strain, ligament.stiffnessNPerM * ligament.lengthM, ligament.toeStrain) * ligament.momentArmM;
  }
  return moment;
}
