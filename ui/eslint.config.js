import js from "@eslint/js";
import globals from "globals";
import reactHooks from "eslint-plugin-react-hooks";
import tseslint from "typescript-eslint";

// Only src/lib/ipc/ talks to Rust: everything else goes through its exports, so there are no
// raw invoke("…") strings and the generated bindings stay the single contract.
const tauriBan = {
  paths: [
    {
      name: "@tauri-apps/api/core",
      message: "Call Rust through the typed commands in src/lib/ipc instead.",
    },
  ],
  patterns: [
    {
      group: ["@tauri-apps/*"],
      message: "Only src/lib/ipc/ may import Tauri packages; use its exports.",
    },
    {
      group: ["**/bindings", "**/bindings.ts"],
      message: "Import from src/lib/ipc (index.ts), not the generated bindings directly.",
    },
  ],
};

// A feature folder imports no other feature: what two features need lives in src/shared/,
// so a screen can be added, moved or removed without touching the others.
const featureBoundary = {
  group: ["../*/**", "!../../**", "../../features/**", "**/src/features/**"],
  message: "A feature imports no other feature: move what both need to src/shared/.",
};

export default tseslint.config(
  { ignores: ["dist", "node_modules", "src/bindings.ts"] },
  {
    files: ["**/*.{ts,tsx}"],
    extends: [js.configs.recommended, ...tseslint.configs.strict],
    languageOptions: {
      ecmaVersion: 2022,
      globals: globals.browser,
    },
    plugins: { "react-hooks": reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      "no-restricted-imports": ["error", tauriBan],
      "@typescript-eslint/switch-exhaustiveness-check": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
    },
  },
  {
    files: ["src/features/**"],
    rules: {
      "no-restricted-imports": ["error", { ...tauriBan, patterns: [...tauriBan.patterns, featureBoundary] }],
    },
  },
  {
    // The one door to Rust is allowed what everything else is not.
    files: ["src/lib/ipc/**"],
    rules: { "no-restricted-imports": "off" },
  },
  {
    files: ["vite.config.ts", "eslint.config.js"],
    languageOptions: { globals: globals.node },
  },
);
