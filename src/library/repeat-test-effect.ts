/**
 * The repeat-test effect of flexibility tests: doing a sit-and-reach (toe-touch) test a
 * second time gives a higher score without any treatment, so a before/after comparison
 * must take it out before crediting an intervention.
 */
import { literature, type LiteratureValue } from './literature-value.js';

/**
 * Relative rise of a repeated sit-and-reach score: the second pre-test was 6.6% higher
 * than the first (Grabow et al. 2017, J Sports Sci Med 16:209; within-subject design,
 * n = 12, p = 0.009, d = 1.91). The abstract gives no confidence interval; the range is the
 * 95% interval implied by the reported p value for a two-sided paired t-test with 11
 * degrees of freedom: t = 3.165, standard error 6.6 / 3.165 = 2.09%, interval
 * 6.6 +- 2.201 x 2.09 = 2.0% to 11.2%.
 */
export const SIT_AND_REACH_REPEAT_GAIN: LiteratureValue = literature(
  0.066,
  'fraction of the first score',
  'Grabow et al. 2017, J Sports Sci Med 16:209 (second sit-and-reach pre-test 6.6% higher than the first, n = 12, p = 0.009, ' +
    'd = 1.91); range: 95% CI implied by p for a two-sided paired t-test (df 11), 2.0-11.2%',
  [0.02, 0.112],
);
