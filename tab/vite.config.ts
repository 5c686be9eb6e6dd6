import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const root = fileURLToPath(new URL(".", import.meta.url));

// JSX through esbuild's automatic runtime: no React plugin needed (see FACTS.md).
export default defineConfig({
  root,
  base: "/",
  esbuild: { jsx: "automatic" },
  // The Entra app's client id, used only by the consent pop-up (auth-start.html).
  define: {
    __LABKEEP_CLIENT_ID__: JSON.stringify(process.env.AUTH_CLIENT_ID ?? process.env.AAD_APP_CLIENT_ID ?? ""),
  },
  build: {
    outDir: resolve(root, "dist"),
    emptyOutDir: true,
    // Hashed files at the root of dist: the server serves any existing file there, and index.html otherwise.
    assetsDir: "",
    target: "es2022",
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      // Fluent's packages start with "use client" (for React server components): harmless here.
      onwarn(warning, warn) {
        if (warning.code === "MODULE_LEVEL_DIRECTIVE") return;
        warn(warning);
      },
      input: {
        main: resolve(root, "index.html"),
        authStart: resolve(root, "auth-start.html"),
        authEnd: resolve(root, "auth-end.html"),
      },
    },
  },
  server: {
    port: 5173,
    proxy: { "/api": "http://127.0.0.1:3978" },
  },
});
