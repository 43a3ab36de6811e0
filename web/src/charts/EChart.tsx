/**
 * The shared ECharts wrapper: one chart from one option. Registers only the ECharts modules the
 * views use (tree-shaken `echarts/core`), follows its container's size, light or dark theme.
 * Options come from the pure builders in options.ts.
 */
import { useEffect, useRef, type CSSProperties } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, PieChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import type { ChartOption, ChartTheme } from './options';

echarts.use([BarChart, PieChart, GridComponent, LegendComponent, TooltipComponent, AriaComponent, CanvasRenderer]);

export interface EChartProps {
  option: ChartOption;
  /** Default `light`. */
  theme?: ChartTheme;
  /** Accessible name; the chart's values are also in its option's aria description. */
  ariaLabel: string;
  className?: string;
  style?: CSSProperties;
  /** Clicked data item's name and index (e.g. a county bar). */
  onItemClick?: (name: string, dataIndex: number) => void;
  /** Test hook: marks the container. */
  testId?: string;
}

export function EChart({ option, theme = 'light', ariaLabel, className, style, onItemClick, testId }: EChartProps) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const click = useRef(onItemClick);
  click.current = onItemClick;

  // One chart instance per theme; a theme change rebuilds it (ECharts cannot switch themes in place).
  useEffect(() => {
    const c = echarts.init(el.current!, theme === 'dark' ? 'dark' : undefined, { renderer: 'canvas' });
    chart.current = c;
    c.on('click', (p) => click.current?.(String((p as { name?: unknown }).name ?? ''), Number((p as { dataIndex?: unknown }).dataIndex ?? -1)));
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el.current!);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, [theme]);

  // Merge updates so bars move rather than blink; builders keep series ids stable.
  useEffect(() => {
    chart.current?.setOption(option as echarts.EChartsCoreOption, { notMerge: false, lazyUpdate: true });
  }, [option, theme]);

  return <div ref={el} className={className} style={{ width: '100%', height: '100%', ...style }} role="img" aria-label={ariaLabel} data-chart={testId} />;
}
