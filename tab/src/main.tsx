import { createRoot } from "react-dom/client";
import { QueryClientProvider } from "@tanstack/react-query";
import { createQueryClient } from "./components/useLoad.ts";
import { Root } from "./shell/Root.tsx";
import { initializeHost } from "./teams.ts";
import { navigate, routeFromSubPageId } from "./shell/routes.ts";

async function start(): Promise<void> {
  const host = await initializeHost();
  // A deep link opened in Teams (subPageId) becomes the hash route.
  const target = host.subPageId ? routeFromSubPageId(host.subPageId) : null;
  if (target) {
    if (target.labId !== null) localStorage.setItem("labkeep.lab", String(target.labId));
    navigate(target.hash);
  }
  if (host.frameContext === "settings" || new URLSearchParams(window.location.search).get("config") === "1") navigate("#/config");
  createRoot(document.getElementById("root")!).render(
    <QueryClientProvider client={createQueryClient()}>
      <Root host={host} />
    </QueryClientProvider>,
  );
}

void start();
