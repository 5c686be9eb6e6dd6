/** The browser's IANA zones, for suggestions; the server decides what is valid. */
export function zoneNames(): string[] {
  const intl = Intl as typeof Intl & { supportedValuesOf?: (key: "timeZone") => string[] };
  return intl.supportedValuesOf?.("timeZone") ?? [];
}

/** This device's IANA zone (e.g. Europe/Paris), or null when the browser does not say. */
export function deviceTimeZone(): string | null {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || null;
}
