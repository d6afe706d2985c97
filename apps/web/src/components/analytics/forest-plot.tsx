import { pts } from './helpers';

const W = 180;
const H = 22;
const PAD = 6;

/** The shared x scale for every row's interval: always includes zero, a little padded. */
export function forestDomain(
  intervals: { ci95: readonly number[]; difference: number }[],
): [number, number] {
  let lo = 0;
  let hi = 0;
  for (const f of intervals) {
    lo = Math.min(lo, f.ci95[0] ?? f.difference, f.difference);
    hi = Math.max(hi, f.ci95[1] ?? f.difference, f.difference);
  }
  if (hi - lo < 0.02) {
    lo -= 0.01;
    hi += 0.01;
  }
  const pad = (hi - lo) * 0.05;
  return [lo - pad, hi + pad];
}

/**
 * One row's difference in retention (adopters − non-adopters) as a dot with its 95% confidence
 * interval as a bar, on a scale shared by all rows, with the zero line dashed.
 */
export function ForestPlot({
  difference,
  ci95,
  significant,
  domain,
}: {
  difference: number;
  ci95: readonly number[];
  significant: boolean;
  domain: [number, number];
}) {
  const [d0, d1] = domain;
  const x = (v: number) => PAD + ((v - d0) / (d1 - d0 || 1)) * (W - 2 * PAD);
  const lo = ci95[0] ?? difference;
  const hi = ci95[1] ?? difference;
  const tone = !significant ? 'ns' : difference < 0 ? 'neg' : '';
  const text = `Difference ${pts(difference)}, 95% CI ${pts(lo)} to ${pts(hi)}${significant ? '' : ' (not significant)'}`;
  return (
    <svg className="forest" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={text}>
      <title>{text}</title>
      <line className="zero" x1={x(0)} x2={x(0)} y1={1} y2={H - 1} />
      <line className={`ci ${tone}`} x1={x(lo)} x2={x(hi)} y1={H / 2} y2={H / 2} />
      <line className={`ci ${tone}`} x1={x(lo)} x2={x(lo)} y1={H / 2 - 4} y2={H / 2 + 4} />
      <line className={`ci ${tone}`} x1={x(hi)} x2={x(hi)} y1={H / 2 - 4} y2={H / 2 + 4} />
      <circle className={`point ${tone}`} cx={x(difference)} cy={H / 2} r={4} />
    </svg>
  );
}
