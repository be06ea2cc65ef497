import { type ReactNode, createContext, useCallback, useContext, useEffect, useMemo, useState } from "react";

export type ThemePreference = "system" | "light" | "dark";
export type Theme = "light" | "dark";

const STORAGE_KEY = "sentia.theme";
const media = () => window.matchMedia("(prefers-color-scheme: dark)");

export function readPreference(): ThemePreference {
  const stored = window.localStorage.getItem(STORAGE_KEY);
  return stored === "light" || stored === "dark" ? stored : "system";
}

export function resolveTheme(pref: ThemePreference, systemDark: boolean): Theme {
  if (pref === "system") return systemDark ? "dark" : "light";
  return pref;
}

/** Applies the theme to <html data-theme> so CSS variables switch; follows the OS by default. */
export function applyTheme(pref: ThemePreference): Theme {
  const theme = resolveTheme(pref, media().matches);
  document.documentElement.dataset.theme = theme;
  document.documentElement.style.colorScheme = theme;
  return theme;
}

interface ThemeValue {
  preference: ThemePreference;
  theme: Theme;
  choose: (pref: ThemePreference) => void;
}

const ThemeContext = createContext<ThemeValue | null>(null);

export function ThemeProvider({ children }: { children: ReactNode }) {
  const [preference, setPreference] = useState<ThemePreference>(readPreference);
  const [theme, setTheme] = useState<Theme>(() => applyTheme(readPreference()));

  useEffect(() => {
    // Syncs React state with the DOM attribute and, for "system", with OS changes.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    setTheme(applyTheme(preference));
    if (preference !== "system") return;
    const mq = media();
    const onChange = () => setTheme(applyTheme("system"));
    mq.addEventListener("change", onChange);
    return () => mq.removeEventListener("change", onChange);
  }, [preference]);

  const choose = useCallback((pref: ThemePreference) => {
    if (pref === "system") window.localStorage.removeItem(STORAGE_KEY);
    else window.localStorage.setItem(STORAGE_KEY, pref);
    setPreference(pref);
  }, []);

  const value = useMemo(() => ({ preference, theme, choose }), [preference, theme, choose]);
  return <ThemeContext.Provider value={value}>{children}</ThemeContext.Provider>;
}

export function useTheme(): ThemeValue {
  const value = useContext(ThemeContext);
  if (!value) throw new Error("useTheme outside ThemeProvider");
  return value;
}
