/**
 * Teams deep links into the tab: https://teams.microsoft.com/l/entity/<appId>/<entityId>?context=
 * with a `subEntityId` the tab reads (microsoftTeams.app.getContext().page.subPageId) to open a
 * record (`record:<id>`) or a filtered list (`records:<labId>:<status>`).
 */
export function deepLink(appId: string, entityId: string, subEntityId: string): string {
  const context = encodeURIComponent(JSON.stringify({ subEntityId }));
  return `https://teams.microsoft.com/l/entity/${encodeURIComponent(appId)}/${encodeURIComponent(entityId)}?context=${context}`;
}
