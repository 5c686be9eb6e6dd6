import { useMemo, useState } from "react";
import { Button, Combobox, Field, Option, makeStyles, tokens } from "@fluentui/react-components";
import { deviceTimeZone, zoneNames } from "../../components/zones.ts";

const LAB_ZONE = "";

const useStyles = makeStyles({
  row: { display: "flex", flexWrap: "wrap", alignItems: "flex-end", gap: tokens.spacingHorizontalM },
  combobox: { minWidth: "320px" },
});

/** "Asia/Ho_Chi_Minh" is found by "ho chi" as well as by "ho_chi". */
const matches = (zone: string, query: string) => {
  const q = query.trim().toLowerCase();
  return q === "" || zone.toLowerCase().includes(q) || zone.toLowerCase().replace(/_/g, " ").includes(q);
};

/**
 * The zone quiet hours are read in: the person's own (an IANA zone) or, with `value` null, their
 * primary lab's. A searchable list of the browser's zones; one click takes this device's zone
 * when it differs from the one in effect.
 */
export function TimeZoneField({ value, primaryLabTimeZone, onChange }: { value: string | null; primaryLabTimeZone: string | null; onChange: (zone: string | null) => void }) {
  const styles = useStyles();
  const zones = useMemo(zoneNames, []);
  const device = useMemo(deviceTimeZone, []);
  // What the person is typing to search; null shows the chosen option.
  const [query, setQuery] = useState<string | null>(null);
  const labText = primaryLabTimeZone ? `My primary lab's zone (${primaryLabTimeZone})` : "UTC (I have no primary lab)";
  const effective = value ?? primaryLabTimeZone ?? "UTC";
  // The chosen zone and this device's stay choosable even where the browser does not list them (an alias, UTC).
  const options = [...new Set([...[value, device].filter((z): z is string => z !== null && !zones.includes(z)), ...zones])];
  const shown = query === null ? options : options.filter((zone) => matches(zone, query));
  const labShown = query === null || matches(labText, query);
  return (
    <div className={styles.row}>
      <Field label="Time zone for quiet hours">
        <Combobox
          className={styles.combobox}
          value={query ?? value ?? labText}
          selectedOptions={[value ?? LAB_ZONE]}
          onChange={(event) => setQuery(event.target.value)}
          onOptionSelect={(_, data) => {
            // Typing text that no longer matches the choice "clears" it (optionValue undefined): the choice stays until another is picked.
            if (data.optionValue === undefined) return;
            setQuery(null);
            onChange(data.optionValue === LAB_ZONE ? null : data.optionValue);
          }}
          onOpenChange={(_, data) => {
            if (!data.open) setQuery(null);
          }}
        >
          {labShown && <Option value={LAB_ZONE} text={labText}>{labText}</Option>}
          {shown.map((zone) => <Option key={zone} value={zone}>{zone}</Option>)}
          {shown.length === 0 && !labShown && <Option value="none" text="No zone matches" disabled>No zone matches</Option>}
        </Combobox>
      </Field>
      {device && device !== effective && (
        <Button
          type="button"
          onClick={() => {
            setQuery(null);
            onChange(device);
          }}
        >
          {`Use this device's zone (${device})`}
        </Button>
      )}
    </div>
  );
}
