// Line chart of the sampler's log joint per sweep: the fit's convergence at a glance (it should rise, then
// wander around a plateau once the chain has burnt in).
import { axisBottom, axisLeft, create, extent, line, scaleLinear } from 'd3';

export interface LogJointPoint {
  /** 1-based sweep. */
  sweep: number;
  /** log p(state, data), natural log. */
  logJoint: number;
}

/** Defaults of logJointChart; lengths are CSS pixels. */
export const LOG_JOINT_CHART_DEFAULTS = {
  /** Outer size of the SVG (px). */
  width: 480,
  height: 180,
  /** Room for the axes and their labels (px). */
  marginTop: 22,
  marginRight: 14,
  marginBottom: 32,
  marginLeft: 64,
  /** Line colour (any CSS colour) and width (px). */
  stroke: '#0b5cad',
  strokeWidth: 1.5,
  /** Tick counts asked of d3 (it may pick fewer). */
  xTicks: 6,
  yTicks: 4,
  xLabel: 'sweep',
  yLabel: 'log joint',
};

export type LogJointChartOptions = typeof LOG_JOINT_CHART_DEFAULTS;

/** An SVG element; with no points it draws the empty axes. */
export function logJointChart(data: readonly LogJointPoint[], options: Partial<LogJointChartOptions> = {}): SVGSVGElement {
  const o = { ...LOG_JOINT_CHART_DEFAULTS, ...options };
  const [x0, x1] = extent(data, (d) => d.sweep);
  const [y0, y1] = extent(data, (d) => d.logJoint);
  const x = scaleLinear()
    .domain([x0 ?? 0, x1 === x0 ? (x0 ?? 0) + 1 : x1!])
    .range([o.marginLeft, o.width - o.marginRight]);
  const y = scaleLinear()
    .domain(y0 === undefined ? [0, 1] : y0 === y1 ? [y0 - 1, y0 + 1] : [y0, y1!])
    .nice()
    .range([o.height - o.marginBottom, o.marginTop]);

  const svg = create('svg').attr('class', 'chart').attr('width', o.width).attr('height', o.height).attr('viewBox', `0 0 ${o.width} ${o.height}`);
  svg.append('g').attr('transform', `translate(0,${o.height - o.marginBottom})`).call(axisBottom(x).ticks(o.xTicks));
  svg.append('g').attr('transform', `translate(${o.marginLeft},0)`).call(axisLeft(y).ticks(o.yTicks));
  svg.append('text').attr('x', o.width - o.marginRight).attr('y', o.height - 4).attr('text-anchor', 'end').attr('fill', 'currentColor').text(o.xLabel);
  svg.append('text').attr('x', 4).attr('y', 12).attr('fill', 'currentColor').text(o.yLabel);
  if (data.length)
    svg
      .append('path')
      .attr('data-testid', 'log-joint-line')
      .attr('fill', 'none')
      .attr('stroke', o.stroke)
      .attr('stroke-width', o.strokeWidth)
      .attr('d', line<LogJointPoint>((d) => x(d.sweep), (d) => y(d.logJoint))(data as LogJointPoint[]));
  return svg.node()!;
}
