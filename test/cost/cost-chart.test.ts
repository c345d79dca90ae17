import { CostLineData } from '../../lib';
import { scaleGrid } from '../../lib/cost/break-even';
import { chartFileName, renderCostChart } from '../../lib/cost/private/chart';

// A line with a hand-made curve: three scales, two substrates, a break-even at ×2.
const line: CostLineData = {
  stack: 'Summaries',
  path: 'Summaries/Endpoint/Config',
  resourceType: 'AWS::SageMaker::EndpointConfig',
  description: 'ml.g5.xlarge real-time hosting, variant AllTraffic',
  component: 'AllTraffic',
  quantity: 730,
  unit: 'instance-hour',
  unitPriceUsd: 1,
  monthlyUsd: { floor: 730, expected: 730, ceiling: 730 },
  priced: true,
  assumptions: [],
  breakEven: {
    deployed: 'sagemaker-realtime', against: 'bedrock-on-demand', found: true, scale: 2, averageRequestsPerSecond: 4, peakRequestsPerSecond: 4,
    cheaperAbove: 'sagemaker-realtime', cheaperBelow: 'bedrock-on-demand', minScale: 0.25, maxScale: 4, summary: '…',
  },
  costCurve: {
    scales: [0.25, 1, 4],
    series: [
      { substrate: 'sagemaker-realtime', label: 'real-time ml.g5.xlarge', monthlyUsd: [1000, 1000, 1000] },
      { substrate: 'bedrock-on-demand', label: 'Bedrock on-demand <model>', monthlyUsd: [125, 500, 2000] },
    ],
  },
};

// The plot spans x 80..700 (log2 scale -2..2) and y 40..290 (the axis top is the nice ceiling $2,000).
const x = (scale: number): number => 80 + (Math.log2(scale) + 2) / 4 * 620;
const y = (usd: number): number => 40 + 250 - usd / 2000 * 250;
const r = (v: number): string => String(Math.round(v * 100) / 100);

describe('cost chart (SVG)', () => {
  const svg = renderCostChart(line);

  test('one polyline per substrate, through its points', () => {
    const polylines = svg.match(/<polyline [^>]*>/g)!;
    expect(polylines).toHaveLength(2);
    const bedrock = polylines.find(p => p.includes('data-substrate="bedrock-on-demand"'))!;
    expect(bedrock).toContain(`points="${r(x(0.25))},${r(y(125))} ${r(x(1))},${r(y(500))} ${r(x(4))},${r(y(2000))}"`);
    expect(bedrock).toContain('stroke-width="1.5"');
  });

  test('the deployed substrate is highlighted (thick, drawn last, named in the legend)', () => {
    const polylines = svg.match(/<polyline [^>]*>/g)!;
    expect(polylines[1]).toContain('class="series deployed" data-substrate="sagemaker-realtime"');
    expect(polylines[1]).toContain('stroke-width="3"');
    expect(polylines[1]).toContain(`points="${r(x(0.25))},${r(y(1000))} ${r(x(1))},${r(y(1000))} ${r(x(4))},${r(y(1000))}"`);
    expect(svg).toContain('>real-time ml.g5.xlarge (deployed)</text>');
    // Labels are escaped.
    expect(svg).toContain('>Bedrock on-demand &lt;model&gt;</text>');
  });

  test('the break-even is a dashed vertical line at its scale, labelled', () => {
    expect(svg).toContain(`<line class="break-even" x1="${r(x(2))}" y1="40" x2="${r(x(2))}" y2="290" stroke="#000" stroke-dasharray="6 4"/>`);
    expect(svg).toContain('>break-even ×2 (4 req/s avg)</text>');
  });

  test('axes: scale ticks every two doublings, dollar ticks to the nice ceiling, both titled', () => {
    const xTicks = [...svg.matchAll(/<text class="x-tick"[^>]*>([^<]*)<\/text>/g)].map(m => m[1]);
    expect(xTicks).toEqual(['×1/4', '×1', '×4']);
    const yTicks = [...svg.matchAll(/<text class="y-tick"[^>]*>([^<]*)<\/text>/g)].map(m => m[1]);
    expect(yTicks).toEqual(['$0', '$500', '$1,000', '$1,500', '$2,000']);
    expect(svg).toContain('traffic scale (× the stated profile, log)');
    expect(svg).toContain('USD per month');
  });

  test('break-evens against the other alternatives are marked in their colour and name them', () => {
    const other = { ...line.breakEven!, against: 'ec2-fleet', scale: 0.5, averageRequestsPerSecond: 1 };
    const withFleet = renderCostChart({
      ...line,
      breakEvens: [line.breakEven!, other],
      costCurve: { ...line.costCurve!, series: [...line.costCurve!.series, { substrate: 'ec2-fleet', label: 'EC2 fleet inf2.xlarge', monthlyUsd: [600, 600, 600] }] },
    });
    expect(withFleet.match(/<line class="break-even[^"]*"/g)).toEqual(['<line class="break-even"', '<line class="break-even other"']);
    // The third series' colour
    expect(withFleet).toContain(`<line class="break-even other" x1="${r(x(0.5))}" y1="40" x2="${r(x(0.5))}" y2="290" stroke="#2ca02c" stroke-dasharray="6 4"/>`);
    expect(withFleet).toContain('>break-even ×0.5 (1 req/s avg) vs ec2-fleet</text>');
  });

  test('no break-even line when none was found', () => {
    const none = renderCostChart({ ...line, breakEven: { ...line.breakEven!, found: false, scale: undefined } });
    expect(none).not.toContain('class="break-even"');
  });

  test('the file name is the line\'s path and component, safe for a file system and a Markdown link', () => {
    expect(chartFileName(line)).toBe('cost-chart-Summaries-Endpoint-Config-AllTraffic.svg');
    expect(chartFileName({ path: 'A/B c/Resource' })).toBe('cost-chart-A-B-c-Resource.svg');
  });

  test('shows ×1/8 of the lower of the stated traffic and the break-even to ×8 of the higher', () => {
    // GIVEN the report's grid, ×1/64 to ×64, and a break-even at ×2
    const scales = scaleGrid();
    const wide = renderCostChart({
      ...line,
      costCurve: { scales, series: line.costCurve!.series.map(s => ({ ...s, monthlyUsd: scales.map(k => k * 100) })) },
    });
    // THEN ×1/8 to ×16: log2 from -3 to 4 in quarter doublings, 29 points per line
    const points = wide.match(/points="([^"]*)"/)![1].split(' ');
    expect(points).toHaveLength(29);
    expect(points[0].split(',')[0]).toBe('80');
    expect(points[28].split(',')[0]).toBe('700');
  });

  test('fails when the line has no curve', () => {
    expect(() => renderCostChart({ ...line, costCurve: undefined })).toThrow(/has no cost curve/);
  });
});
