import { makeStyles, tokens } from "@fluentui/react-components";

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
  swatch: { display: "inline-block", width: "10px", height: "10px", marginRight: tokens.spacingHorizontalXS, borderRadius: "2px" },
  axis: { fill: tokens.colorNeutralForeground3, fontSize: "10px" },
  grid: { stroke: tokens.colorNeutralStroke2 },
  svg: { width: "100%", height: "auto", maxWidth: "900px", display: "block" },
});

/**
 * A small SVG bar chart, drawn with theme tokens so it follows light, dark and high contrast.
 * Screen readers get the summary in aria-label; the page shows the same numbers in a table.
 */
export function BarChart({ title, series, groups, max, stacked = false, unit = "" }: {
  title: string; series: BarSeries[]; groups: BarGroup[]; max?: number; stacked?: boolean; unit?: string;
}) {
  const styles = useStyles();
  const width = 900;
  const height = 220;
  const left = 36;
  const bottom = 24;
  const plotH = height - bottom - 8;
  const top = max ?? Math.max(1, ...groups.map((g) => (stacked ? g.values.reduce<number>((s, v) => s + (v ?? 0), 0) : Math.max(0, ...g.values.map((v) => v ?? 0)))));
  const slot = (width - left) / Math.max(1, groups.length);
  const barW = stacked ? slot * 0.6 : (slot * 0.8) / Math.max(1, series.length);
  const y = (value: number) => 8 + plotH - (value / top) * plotH;
  const ticks = [0, top / 2, top];
  const summary = groups.map((g) => `${g.label}: ${g.values.map((v, i) => `${series[i]?.label} ${v ?? "n/a"}${unit}`).join(", ")}`).join("; ");

  return (
    <figure className={styles.figure}>
      <svg className={styles.svg} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`${title}. ${summary}`}>
        {ticks.map((t) => (
          <g key={t}>
            <line className={styles.grid} x1={left} x2={width} y1={y(t)} y2={y(t)} />
            <text className={styles.axis} x={left - 4} y={y(t) + 3} textAnchor="end">{Math.round(t)}{unit}</text>
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
                return <rect key={si} x={x} y={y0} width={Math.max(1, barW - 2)} height={Math.max(0, h)} style={{ fill: series[si]?.color }} />;
              })}
              <text className={styles.axis} x={left + gi * slot + slot / 2} y={height - 8} textAnchor="middle">{group.label}</text>
            </g>
          );
        })}
      </svg>
      <ul className={styles.legend} aria-hidden="true">
        {series.map((s) => <li key={s.label}><span className={styles.swatch} style={{ backgroundColor: s.color }} />{s.label}</li>)}
      </ul>
    </figure>
  );
}
