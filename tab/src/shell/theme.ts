import { useEffect, useState } from "react";
import { teamsDarkTheme, teamsHighContrastTheme, teamsLightTheme, type Theme } from "@fluentui/react-components";
import { onTeamsThemeChange, type HostInfo, type TeamsTheme } from "../teams.ts";

export type ThemeChoice = "system" | "default" | "dark" | "contrast";
const STORAGE_KEY = "labkeep.theme";

export const THEMES: Record<TeamsTheme, Theme> = { default: teamsLightTheme, dark: teamsDarkTheme, contrast: teamsHighContrastTheme };

function systemTheme(): TeamsTheme {
  if (window.matchMedia("(forced-colors: active)").matches) return "contrast";
  return window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "default";
}

/**
 * In Teams the theme follows the client (and its live changes). In a browser the user picks one,
 * or "system" follows prefers-color-scheme as it changes.
 */
export function useTheme(host: HostInfo): { theme: TeamsTheme; choice: ThemeChoice; setChoice: ((choice: ThemeChoice) => void) | null } {
  const [teamsTheme, setTeamsTheme] = useState<TeamsTheme>(host.theme ?? "default");
  const [choice, setChoiceState] = useState<ThemeChoice>(() => (localStorage.getItem(STORAGE_KEY) as ThemeChoice | null) ?? "system");
  const [system, setSystem] = useState<TeamsTheme>(systemTheme);

  useEffect(() => {
    if (host.mode === "teams") {
      onTeamsThemeChange(setTeamsTheme);
      return;
    }
    const queries = [window.matchMedia("(prefers-color-scheme: dark)"), window.matchMedia("(forced-colors: active)")];
    const update = () => setSystem(systemTheme());
    for (const query of queries) query.addEventListener("change", update);
    return () => { for (const query of queries) query.removeEventListener("change", update); };
  }, [host.mode]);

  if (host.mode === "teams") return { theme: teamsTheme, choice: teamsTheme, setChoice: null };
  const setChoice = (next: ThemeChoice) => {
    localStorage.setItem(STORAGE_KEY, next);
    setChoiceState(next);
  };
  return { theme: choice === "system" ? system : choice, choice, setChoice };
}
