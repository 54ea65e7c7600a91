/**
 * Where the tab's token comes from: a deployment passes a real one in the address (#token=…), which
 * is then removed from the address bar; otherwise the development issuer signs one for the name.
 */
export const tokenFromAddress = (): string | null => {
  const match = /(?:^|[#&])token=([^&]+)/.exec(window.location.hash);
  if (!match) return null;
  history.replaceState(null, "", window.location.pathname + window.location.search);
  return decodeURIComponent(match[1]!);
};

export const developmentToken = async (serverUrl: string, user: string): Promise<string> => {
  const response = await fetch(`${serverUrl}/dev/token?user=${encodeURIComponent(user)}`, { method: "POST" });
  const body = await response.text();
  if (!response.ok) throw new Error(response.status === 404 ? "This server does not issue development tokens; open the app with #token=…" : body);
  return body;
};

/** The token's subject: who the server will say this tab is. */
export const subjectOf = (token: string): string => {
  const payload = token.split(".")[1] ?? "";
  const json = atob(payload.replace(/-/g, "+").replace(/_/g, "/"));
  return (JSON.parse(json) as { sub?: string }).sub ?? "";
};
