/// <reference types="vitest/config" />
import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";
import type { Plugin } from "vite";

// Tauri's freezePrototype makes Object.prototype's properties read-only, so a plain
// assignment to `obj.constructor` on an object whose nearest `constructor` is
// Object.prototype's throws ("override mistake"). ECharts does that in two places while its
// modules load; define the properties instead, which freezing allows. Each rewrite must match
// exactly once, so an ECharts upgrade that changes the code fails the build rather than the app.
const FROZEN_PROTOTYPE_PATCHES: { file: RegExp; from: string; to: string }[] = [
  {
    file: /echarts\/lib\/core\/Scheduler\.js$/,
    from: "target[name_1] = noop;",
    to: "Object.defineProperty(target, name_1, { value: noop, writable: true, enumerable: true, configurable: true });",
  },
  {
    file: /zrender\/lib\/core\/util\.js$/,
    from: "clazz.prototype.constructor = clazz;",
    to: "Object.defineProperty(clazz.prototype, 'constructor', { value: clazz, writable: true, enumerable: true, configurable: true });",
  },
];

function frozenPrototypeCompat(): Plugin {
  return {
    name: "sentia-frozen-prototype-compat",
    enforce: "pre",
    transform(code, id) {
      const patch = FROZEN_PROTOTYPE_PATCHES.find((p) => p.file.test(id.split("?")[0] ?? id));
      if (!patch) return null;
      if (code.split(patch.from).length !== 2) {
        throw new Error(`frozen-prototype patch no longer matches ${id}; review it against this ECharts version`);
      }
      return { code: code.replace(patch.from, patch.to), map: null };
    },
  };
}

// Tauri serves ui/dist from the binary; in dev it points at this server. Fixed port so
// tauri.conf.json's devUrl can name it, and strictPort so a busy port fails loudly.
export default defineConfig({
  plugins: [frozenPrototypeCompat(), react()],
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
    include: ["src/**/*.test.{ts,tsx}"],
    environment: "node",
  },
});
