/** An Entra user found by a directory search (Microsoft Graph's fields), offered for adding. */
export interface DirectoryUser {
  id: string;
  displayName: string | null;
  userPrincipalName: string | null;
  mail: string | null;
}
