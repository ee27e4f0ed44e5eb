/**
 * Published measurements the model's predictions are checked against (not inputs: no
 * parameter of the body is fitted to them).
 *
 * L5/S1 compression in relaxed standing. Intradiscal pressure measured in vivo in the L4-L5
 * disc of a 70 kg man: 0.50 MPa in relaxed standing (Wilke, Neef, Caimi, Hoogland & Claes
 * 1999, Spine 24:755, "New in vivo measurements of pressures in the intervertebral disc in
 * daily life"; one subject). Pressure becomes force through the disc's area and the ratio
 * of nuclear pressure to mean axial stress, about 1.5 (Nachemson 1981, Spine 6:93, "Disc
 * pressure measurements"): with an adult lumbar disc area of about 1200-2000 mm^2
 * (assumption) F = p A / 1.5 is about 400-700 N, the range also reported for the standing
 * lumbar load of adults of about 70-75 kg. The model's joint `lumbosacral` lumps L1-S1
 * into one joint, so its compression is compared with this L4-S1 range.
 */
import { literature, type LiteratureValue } from './literature-value.js';

/** L5/S1 compression in relaxed standing, 75 kg adult (N). */
export const STANDING_LUMBOSACRAL_COMPRESSION_N: LiteratureValue = literature(
  550,
  'N',
  'Wilke et al. 1999, Spine 24:755 (0.50 MPa at L4-L5 in relaxed standing), converted with the pressure-to-stress ' +
    'ratio 1.5 of Nachemson 1981, Spine 6:93 and a disc area of 1200-2000 mm^2 (assumption)',
  [400, 700],
);

/** Body mass the standing compression range refers to (kg): scale by body weight for other subjects. */
export const STANDING_LUMBOSACRAL_COMPRESSION_BODY_MASS_KG = 75;
