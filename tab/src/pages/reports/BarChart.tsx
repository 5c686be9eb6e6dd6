import { useId } from "react";
import { makeStyles, tokens } from "@fluentui/react-components";
import { niceTicks } from "./ticks.ts";

export interface BarSeries {
  label: string;
  /** Token colour of the series. */
  color: string;
}

export interface BarGroup {
  label: string;
  /** One value per series; stacked when the chart is stacked, side by side otherwise. */
  values: (number | null)[];
}

const useStyles = makeStyles({
  figure: { margin: 0 },
  legend: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalM, fontSize: tokens.fontSizeBase200, listStyle: "none", padding: 0, margin: `${tokens.spacingVerticalXS} 0` },
  item: { display: "flex", alignItems: "center" },
  swatch: { width: "14px", height: "14px", marginRight: tokens.spacingHorizontalXS, flexShrink: 0 },
  outline: { stroke: tokens.colorNeutralForeground1, strokeWidth: "1px" },
  mark: { fill: tokens.colorNeutralBackground1, stroke: tokens.colorNeutralBackground1 },
  axis: { fill: tokens.colorNeutralForeground3, fontSize: "10px" },
  grid: { stroke: tokens.colorNeutralStroke2 },
  svg: { width: "100%", height: "auto", maxWidth: "900px", display: "block" },
});

/**
 * Each series also has its own pattern: in high contrast every palette colour is the same white,
 * and patterns tell series apart where colours cannot (also for colour-blind readers).
 */
function SeriesPattern({ id, index, color, markClass }: { id: string; index: number; color: string; markClass: string }) {
  const marks = [
    null, // solid
    <path key="d" d="M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4" strokeWidth="1.6" />,
    <circle key="o" cx="4" cy="4" r="1.6" />,
    <path key="h" d="M0,4 h8" strokeWidth="1.6" />,
    <path key="x" d="M0,0 l8,8 M8,0 l-8,8" strokeWidth="1.2" />,
    <path key="v" d="M4,0 v8" strokeWidth="1.6" />,
  ][index % 6];
  return (
    <pattern id={id} width="8" height="8" patternUnits="userSpaceOnUse">
      <rect width="8" height="8" style={{ fill: color }} />
      {marks && <g className={markClass}>{marks}</g>}
    </pattern>
  );
}

/**
 * A small SVG bar chart, drawn with theme tokens so it follows light, dark and high contrast.
 * Screen readers get the summary in aria-label; the page shows the same numbers in a table.
 */
export function BarChart({ title, series, groups, max, stacked = false, unit = "" }: {
  title: string; series: BarSeries[]; groups: BarGroup[]; max?: number; stacked?: boolean; unit?: string;
}) {
  const styles = useStyles();
  const chartId = useId();
  const patternId = (index: number) => `${chartId}-series-${index}`;
  const width = 900;
  const height = 220;
  const left = 36;
  const bottom = 24;
  const plotH = height - bottom - 8;
  const highest = max ?? Math.max(1, ...groups.map((g) => (stacked ? g.values.reduce<number>((s, v) => s + (v ?? 0), 0) : Math.max(0, ...g.values.map((v) => v ?? 0)))));
  const ticks = niceTicks(highest);
  const top = ticks[ticks.length - 1]!;
  const slot = (width - left) / Math.max(1, groups.length);
  const barW = stacked ? slot * 0.6 : (slot * 0.8) / Math.max(1, series.length);
  const y = (value: number) => 8 + plotH - (value / top) * plotH;
  const summary = groups.map((g) => `${g.label}: ${g.values.map((v, i) => `${series[i]?.label} ${v ?? "n/a"}${unit}`).join(", ")}`).join("; ");

  return (
    <figure className={styles.figure}>
      <svg className={styles.svg} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`${title}. ${summary}`}>
        <defs>
          {series.map((s, i) => <SeriesPattern key={s.label} id={patternId(i)} index={i} color={s.color} markClass={styles.mark} />)}
        </defs>
        {ticks.map((t) => (
          <g key={t}>
            <line className={styles.grid} x1={left} x2={width} y1={y(t)} y2={y(t)} />
            <text className={styles.axis} x={left - 4} y={y(t) + 3} textAnchor="end">{t}{unit}</text>
          </g>
        ))}
        {groups.map((group, gi) => {
          let base = 0;
          return (
            <g key={group.label}>
              {group.values.map((value, si) => {
                if (value === null || value === 0) return null;
                const x = left + gi * slot + (stacked ? slot * 0.2 : slot * 0.1 + si * barW);
                const y0 = stacked ? y(base + value) : y(value);
                const h = stacked ? y(base) - y(base + value) : y(0) - y(value);
                if (stacked) base += value;
                return <rect key={si} x={x} y={y0} width={Math.max(1, barW - 2)} height={Math.max(0, h)} fill={`url(#${patternId(si)})`} className={styles.outline} />;
              })}
              <text className={styles.axis} x={left + gi * slot + slot / 2} y={height - 8} textAnchor="middle">{group.label}</text>
            </g>
          );
        })}
      </svg>
      <ul className={styles.legend} aria-hidden="true">
        {series.map((s, i) => (
          <li key={s.label} className={styles.item}>
            <svg className={styles.swatch} viewBox="0 0 14 14"><rect x="0.5" y="0.5" width="13" height="13" fill={`url(#${patternId(i)})`} className={styles.outline} /></svg>
            {s.label}
          </li>
        ))}
      </ul>
    </figure>
  );
}
