import { tokens } from "@fluentui/react-components";
import type { Frequency } from "../../api/types.ts";

/**
 * Series colours from theme tokens (they follow the dark theme; in high contrast they are all one
 * colour, and BarChart's patterns tell the series apart).
 */
export const FREQUENCY_COLORS: Record<Frequency, string> = {
  DAILY: tokens.colorPaletteBlueForeground2,
  WEEKLY: tokens.colorPaletteGreenForeground1,
  MONTHLY: tokens.colorPaletteDarkOrangeForeground1,
  QUARTERLY: tokens.colorPaletteBerryForeground1,
  ANNUAL: tokens.colorPaletteTealForeground2,
};

/** Age bands, youngest first: amber, orange, magenta, purple (orange and red looked alike). */
export const AGE_COLORS = [
  tokens.colorPaletteMarigoldForeground1,
  tokens.colorPaletteDarkOrangeForeground1,
  tokens.colorPaletteBerryForeground1,
  tokens.colorPalettePurpleForeground2,
];
