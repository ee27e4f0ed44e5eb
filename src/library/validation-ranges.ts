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

/**
 * Peak lumbar compression in level walking, in body weights (model estimates; no in vivo
 * force measurement exists for walking). Cappozzo 1984 (J Orthop Res 1:292, "Compressive
 * loads in the lumbar vertebral column during normal level walking"; five young men, a
 * trunk model driven by photogrammetry): the L3-L4 compression peaks at about 1.0 BW at
 * slow speeds and up to 2.5 BW at fast speeds (minimum 0.8-0.2 BW). Khoddam-Khorasani,
 * Arjmand & Shirazi-Adl 2018 (J Biomech 70:113, "Spinal loads and trunk muscles forces
 * during level walking - a combined in vivo and in silico study on six subjects"): mean
 * peak L4-L5 compression 1.30-1.79 BW across their sensitivity cases (standard deviation
 * up to 0.40 BW) at 4-5 km/h. The range below spans both; L5/S1 of the default body lumps
 * L1-S1 into one joint, so it is compared with these L3-L5 estimates.
 */
export const WALKING_LUMBAR_PEAK_COMPRESSION_BW: LiteratureValue = literature(
  1.6,
  'BW',
  'Cappozzo 1984, J Orthop Res 1:292 (L3-L4 peak 1.0-2.5 BW with walking speed); Khoddam-Khorasani et al. 2018, ' +
    'J Biomech 70:113 (L4-L5 mean peak 1.30-1.79 BW, SD up to 0.40 BW)',
  [1.0, 2.5],
);
