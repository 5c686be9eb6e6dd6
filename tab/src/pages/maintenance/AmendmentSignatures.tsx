import { Badge, Text, makeStyles, tokens } from "@fluentui/react-components";
import type { RecordDetail } from "../../api/types.ts";
import { formatLabTime, recordClock } from "../../components/format.ts";

const useStyles = makeStyles({
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL, display: "grid", gap: tokens.spacingVerticalS },
  signatures: { margin: 0, paddingLeft: tokens.spacingHorizontalL },
  invalid: { color: tokens.colorPaletteRedForeground1 },
  none: { color: tokens.colorNeutralForeground3 },
});

/**
 * R-SIGN §11.50 for corrections: each amendment (who, when, why) with its signatures as the
 * server words them (meaning, printed name, date and time in the lab's zone) and whether each
 * still matches the amendment.
 */
export function AmendmentSignatures({ record }: { record: RecordDetail }) {
  const styles = useStyles();
  if (record.amendments.length === 0) return null;
  const clock = recordClock(record);
  return (
    <ol className={styles.list} aria-label="Amendment signatures">
      {record.amendments.map((a, index) => {
        const name = `Amendment ${index + 1}`;
        return (
          <li key={a.id}>
            <Text weight="semibold">{name}</Text>
            <Text>{` by ${a.actor.displayName}, ${formatLabTime(a.at, clock)}: ${a.reason}`}</Text>
            {a.signatures.length === 0 ? (
              <Text block className={styles.none}>Not signed.</Text>
            ) : (
              <ul className={styles.signatures} aria-label={`Signatures of ${name.toLowerCase()}`}>
                {a.signatures.map((s) => (
                  <li key={s.id} className={s.valid ? undefined : styles.invalid}>
                    {s.text}{" "}
                    {s.valid ? <Badge color="success" appearance="outline">valid</Badge> : <Badge color="danger" appearance="outline">invalid</Badge>}
                  </li>
                ))}
              </ul>
            )}
          </li>
        );
      })}
    </ol>
  );
}
