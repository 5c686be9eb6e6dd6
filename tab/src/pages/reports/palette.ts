import { tokens } from "@fluentui/react-components";
import type { Frequency } from "../../api/types.ts";

/** Series colours from theme tokens (they follow dark and high contrast themes). */
export const FREQUENCY_COLORS: Record<Frequency, string> = {
  DAILY: tokens.colorPaletteBlueForeground2,
  WEEKLY: tokens.colorPaletteGreenForeground1,
  MONTHLY: tokens.colorPaletteDarkOrangeForeground1,
  QUARTERLY: tokens.colorPaletteBerryForeground1,
  ANNUAL: tokens.colorPaletteTealForeground2,
};

export const AGE_COLORS = [
  tokens.colorPaletteYellowForeground2,
  tokens.colorPaletteDarkOrangeForeground1,
  tokens.colorPaletteRedForeground1,
  tokens.colorPaletteBerryForeground1,
];
