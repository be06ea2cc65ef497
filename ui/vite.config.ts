/// <reference types="vitest/config" />
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// Tauri serves ui/dist from the binary; in dev it points at this server. Fixed port so
// tauri.conf.json's devUrl can name it, and strictPort so a busy port fails loudly.
export default defineConfig({
  plugins: [react()],
  clearScreen: false,
  server: { port: 5173, strictPort: true },
  envPrefix: ["VITE_", "TAURI_ENV_"],
  build: {
    // WebKitGTK (Linux) and WKWebView (macOS) both run Safari 16+; WebView2 is Chromium.
    target: ["es2022", "safari16", "chrome110"],
    outDir: "dist",
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 900,
  },
  test: {
    include: ["src/**/*.test.ts"],
    environment: "node",
  },
});
